"""``make screenshots``: every page of the registry at both sizes, plus log-in and wizard."""

from __future__ import annotations

from argon2 import PasswordHasher
from PySide6.QtGui import QImage

from counter_app import users
from ui import screenshots
from ui.pages import PAGES


def test_every_page_is_captured_at_both_sizes(tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    written = {p.name for p in screenshots.main(str(tmp_path))}
    for key, *_ in PAGES:
        for width, height in screenshots.SIZES:
            name = f"screen-{key}-{width}.png"
            assert name in written
            image = QImage(str(tmp_path / name))
            assert (image.width(), image.height()) == (width, height)
            # not a blank grab: the sidebar's dark blue, and a page area drawn in many colours
            assert image.pixelColor(20, height // 2).name() == "#12355b"
            page_colours = {image.pixelColor(x, y).name() for x in range(230, width, 23)
                            for y in range(50, height - 30, 17)}
            assert len(page_colours) >= 8, key
    assert {"screen-login.png", "screen-wizard.png"} <= written
