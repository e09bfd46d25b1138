"""Start-up upgrade of the database: the pending migrations and the copy made before them
run in a worker behind a small window that says what is happening and how far it got.

After an app update on a big file (a year of a busy hall is about 9 GB) the copy and a
table rebuild take minutes. :func:`upgrade_database` is called by ``run_app`` before the
context opens the database (opening it would migrate it on the GUI thread, with nothing on
screen); while the worker runs, a nested event loop keeps the window repainting.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLayout, QProgressBar, QVBoxLayout, QWidget

from counter_app.formatting import angka
from counter_app.store import Store

from .worker import run_task


def needs_upgrade(db_path: Path | str) -> bool:
    """Whether opening ``db_path`` would migrate it or finish a migration's maintenance (a
    file not there yet is made in a moment: no)."""
    path = Path(db_path)
    if not path.exists() or path.stat().st_size == 0:
        return False
    store = Store(path, migrate=False)
    try:
        if store.pending_migrations():
            return True
        tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return "pending_maintenance" in tables and bool(store.scalar("SELECT count(*) FROM pending_maintenance"))
    except sqlite3.DatabaseError:
        return False  # not a database we can read: opening it says so, in the usual way
    finally:
        store.close()


def _upgrade(db_path: Path, report) -> list[str]:
    """In the worker: the same migration as ``loket db migrate``, reporting as it goes."""
    store = Store(db_path, migrate=False)
    try:
        return store.migrate(progress=report)
    finally:
        store.close()


class _Relay(QObject):
    """Carries the worker's progress to the window shown now. Made once on the GUI thread
    and kept: the worker only calls its pre-bound ``emit`` and never holds a window."""

    progressed = Signal(str, int, int)

    def __init__(self):
        super().__init__()
        self.window: UpgradeWindow | None = None
        self.progressed.connect(self._deliver)

    def _deliver(self, step: str, done: int, total: int) -> None:
        if self.window is not None:
            self.window.show_step(step, done, total)


_relay: _Relay | None = None
_relay_emit = None


class UpgradeWindow(QWidget):
    """*Memperbarui database*: what runs, why to wait, and a progress bar."""

    def __init__(self, db_path: Path | str):
        super().__init__()
        self.setObjectName("upgradeWindow")
        self.setWindowTitle(self.tr("Loket: memperbarui database"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        title = QLabel(self.tr("Memperbarui database"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.message = QLabel(self.tr(
            "Loket sedang memperbarui database {name} untuk versi aplikasi yang baru. Salinan "
            "cadangan dibuat lebih dulu. Pada database yang besar ini bisa memakan beberapa "
            "menit: jangan matikan komputer dan jangan tutup aplikasi. Loket terbuka sendiri "
            "setelah selesai.").format(name=Path(db_path).name))
        self.message.setObjectName("upgradeMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(540)
        self.step = QLabel(self.tr("Memulai…"))
        self.step.setObjectName("upgradeStep")
        self.step.setWordWrap(True)  # a long migration's name and its row counts
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report
        layout = QVBoxLayout(self)
        # the window grows to its wrapped texts (a top-level window does not ask its labels'
        # height for its width by itself: the message was cut at the top and the bottom)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addWidget(self.step)
        layout.addWidget(self.bar)

    def show_step(self, step: str, done: int, total: int) -> None:
        if step == "backup":
            text = self.tr("Membuat salinan cadangan sebelum pembaruan…")
        elif ":" in step:
            name, table = step.split(":", 1)
            text = self.tr("Pembaruan {name}: memproses tabel {table}, {done} dari {total} baris").format(
                name=name, table=table, done=angka(done, 0), total=angka(total, 0))
        else:
            text = self.tr("Menerapkan pembaruan {name}…").format(name=step)
        self.step.setText(text)
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(done, total) / total))
        else:
            self.bar.setRange(0, 0)


class _Outcome:
    """Where the worker's answer lands (a plain object), and the loop it ends."""

    def __init__(self, loop: QEventLoop):
        self.loop = loop
        self.error: Exception | None = None
        self.applied: list[str] = []

    def done(self, applied: list[str]) -> None:
        self.applied = applied
        self.loop.quit()

    def failed(self, exc: Exception) -> None:
        self.error = exc
        self.loop.quit()


def upgrade_database(db_path: Path | str) -> list[str]:
    """Migrate ``db_path`` if it needs it, behind :class:`UpgradeWindow` (call on the GUI
    thread with a QApplication, before anything opens the file); the migrations applied.
    A failed migration raises as ``loket db migrate`` reports it (the file is left as it
    was before that migration, and the pre-migration copy is kept)."""
    global _relay, _relay_emit
    if not needs_upgrade(db_path):
        return []
    if _relay is None:
        _relay = _Relay()
        _relay_emit = _relay.progressed.emit  # bound here, on the GUI thread, once
    window = UpgradeWindow(db_path)
    _relay.window = window
    window.show()
    loop = QEventLoop()
    outcome = _Outcome(loop)
    run_task(_upgrade, Path(db_path), _relay_emit, on_done=outcome.done, on_error=outcome.failed)
    loop.exec()
    _relay.window = None
    window.close()
    window.deleteLater()
    if outcome.error is not None:
        raise outcome.error
    return outcome.applied


def upgrade_failed_text(exc: Exception) -> str:
    """What the officer reads when the start-up upgrade failed (the log has the details)."""
    return QCoreApplication.translate(
        "UpgradeWindow",
        "Pembaruan database gagal: {error}\n\nDatabase dibiarkan seperti sebelum pembaruan itu, dan "
        "salinan cadangannya ada di folder 'backups' di samping database. Loket tidak dibuka. "
        "Kirim berkas log ke petugas TI, atau coba 'loket db migrate' untuk melihat rinciannya.").format(
        error=exc)
