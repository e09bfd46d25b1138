"""``make screenshots``: every page of the registry at both sizes, plus log-in and wizard, in
Indonesian (docs/images) and in English (docs/images/en)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from counter_app import i18n, users
from ui import screenshots
from ui.app import install_translators
from ui.pages import PAGES


@pytest.fixture(params=["id", "en"])
def language(request, qtbot):
    yield request.param
    install_translators(QApplication.instance(), "id")  # main() installs the language it draws
    assert i18n.language() == "id"


def test_every_page_is_captured_at_both_sizes(tmp_path, monkeypatch, qtbot, language):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    written = {p.name for p in screenshots.main(str(tmp_path), language)}
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
    # a page is drawn once its loads have answered: the Applications table shows its rows
    # (it was grabbed empty while the search still ran in its worker)
    image = QImage(str(tmp_path / "screen-applications-1366.png"))
    text = sum(1 for x in range(225, 930, 3) for y in range(130, 330, 3) if image.pixelColor(x, y).lightness() < 128)
    assert text > 1000, text
