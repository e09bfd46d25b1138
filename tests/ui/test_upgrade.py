"""Start-up on a database at an older schema: the migrations and the copy before them run in
a worker behind a window that says what is happening, and the window repaints meanwhile."""

from __future__ import annotations

import threading

import pytest
from demo_rows import demo_rows_without_hours
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from counter_app import catalog, queue, store
from counter_app.errors import LoketError
from counter_app.session import Session
from counter_app.site import init_site
from ui import worker
from ui.upgrade import UpgradeWindow, needs_upgrade, upgrade_database


@pytest.fixture
def older(tmp_path, fixed_now, monkeypatch):
    """A counter's file from before the newest migration, with tickets in it."""
    everything = store.migrations()
    newest = everything[-1][0]
    path = tmp_path / "lama.sqlite3"
    monkeypatch.setattr(store, "migrations", lambda: everything[:-1])
    with Session.open(path) as s:
        init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
        catalog.import_services(s, demo_rows_without_hours())
        for _ in range(5):
            queue.issue_ticket(s, "DUK-KTP")
        assert s.store.schema_version() < newest
    monkeypatch.setattr(store, "migrations", lambda: everything)
    return path, newest


def shown_windows() -> list[UpgradeWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, UpgradeWindow) and w.isVisible()]


def test_the_upgrade_window_shows_and_repaints_while_the_migration_runs(qtbot, older, monkeypatch):
    path, newest = older
    assert needs_upgrade(path)
    started, go = threading.Event(), threading.Event()
    real_backup = store.Store.backup_to

    def held_backup(self, target, progress=None):  # the copy of a big file: it takes a while
        started.set()
        go.wait(20)
        return real_backup(self, target, progress)

    monkeypatch.setattr(store.Store, "backup_to", held_backup)
    seen: dict[str, object] = {}
    ticks = []

    def look() -> None:  # on the GUI thread, inside the upgrade's event loop
        ticks.append(1)
        if not started.is_set() or len(ticks) < 10:
            QTimer.singleShot(10, look)
            return
        windows = shown_windows()
        seen["windows"] = len(windows)
        seen["message"] = windows[0].message.text() if windows else ""
        seen["migrated meanwhile"] = not needs_upgrade_now(path)
        go.set()

    QTimer.singleShot(0, look)
    applied = upgrade_database(path)
    assert seen["windows"] == 1
    assert "sedang memperbarui database lama.sqlite3" in seen["message"]
    assert "jangan matikan komputer" in seen["message"]
    assert seen["migrated meanwhile"] is False  # the window was up while the work was still ahead
    assert len(ticks) >= 10  # the GUI thread ran timers while the worker copied
    assert applied and applied[-1].startswith(f"{newest:04d}_")
    assert shown_windows() == []
    with store.Store(path, migrate=False) as s:
        assert s.schema_version() == newest and not s.pending_migrations()
        assert s.scalar("SELECT count(*) FROM tickets") == 5
    assert list((path.parent / "backups").glob("lama-pre-migration-*.sqlite3"))
    assert worker.pending() == 0


def needs_upgrade_now(path) -> bool:
    with store.Store(path, migrate=False) as s:
        return bool(s.pending_migrations())


def test_the_window_names_each_step(qtbot):
    window = UpgradeWindow("loket.sqlite3")
    qtbot.addWidget(window)
    window.show_step("backup", 4096, 8192)
    assert window.step.text() == "Membuat salinan cadangan sebelum pembaruan…"
    assert window.bar.value() == 500
    window.show_step("0019_write_path_btrees.sql:events", 1_250_000, 7_900_000)
    assert window.step.text() == ("Pembaruan 0019_write_path_btrees.sql: memproses tabel events, "
                                  "1.250.000 dari 7.900.000 baris")


def test_the_window_shows_its_texts_whole(qtbot):
    """The explanation and a long step wrap inside the window, none cut at its edges (the
    window is as tall as its wrapped labels ask)."""
    window = UpgradeWindow("loket.sqlite3")
    qtbot.addWidget(window)
    window.show_step("0025_clock_in_chain_heads.sql:events", 3_150_000, 7_886_261)
    window.show()
    qtbot.waitExposed(window)
    for label in (window.message, window.step):
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert label.geometry().right() <= window.width() and label.geometry().bottom() <= window.height()


def test_a_failed_migration_is_reported_and_the_window_goes(qtbot, older, monkeypatch):
    path, newest = older
    everything = store.migrations()
    broken = [*everything[:-1], (newest, everything[-1][1], "CREATE TABLE tickets (x);")]
    monkeypatch.setattr(store, "migrations", lambda: broken)
    with pytest.raises(LoketError, match=f"migrasi {everything[-1][1]} gagal"):
        upgrade_database(path)
    assert shown_windows() == []
    with store.Store(path, migrate=False) as s:
        assert s.schema_version() == newest - 1  # left as it was before that migration


def test_a_current_or_new_database_needs_no_window(tmp_path, session):
    assert not needs_upgrade(tmp_path / "belum-ada.sqlite3")
    assert not needs_upgrade(session.store.path)
    assert upgrade_database(session.store.path) == []
