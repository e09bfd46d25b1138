"""Backups: on demand, automatic daily copies with retention, and a restore that checks first.

Copies use SQLite's online backup API, so they are consistent while the app writes. A
restore never touches the live file until the candidate has passed every check (SQLite
header, ``integrity_check``, foreign keys, schema version, an initialised site, intact hash
chains); it then keeps a safety copy of the current data, swaps the checked copy in with an
atomic rename and reopens the session's connection.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from . import clock
from .audit import verify_connection
from .errors import LoketError, StateError
from .events import Event, projector
from .i18n import _
from .session import Session
from .site import get_setting
from .store import Store, migrations
from .users import require

SQLITE_HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = ("schema_migrations", "device", "site", "events", "chain_heads")


class BackupRejected(LoketError):
    """The file offered for restore is not a usable Loket backup; nothing was changed."""

    exit_code = 2


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def daily_dir(db_path: Path) -> Path:
    return backups_dir(db_path) / "daily"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_online(session: Session, target: Path) -> None:
    """Online backup into ``target`` through a temp file in the same directory, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        session.store.backup_to(tmp)
        _fsync(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def create_backup(session: Session, out: Path | str, *, overwrite: bool = False) -> dict[str, Any]:
    """``loket backup create --out FILE``: a checked, consistent copy of the database."""
    require(session, "backup.create")
    target = Path(out).resolve()
    if target == session.store.path.resolve():
        raise StateError(_("berkas cadangan tidak boleh sama dengan database yang sedang dipakai"))
    if target.exists() and not overwrite:
        raise StateError(_("berkas {file} sudah ada (pakai --force untuk menimpa)").format(file=target.name))
    _copy_online(session, target)
    return {**inspect_backup(target), "file": str(out)}


def auto_backup(session: Session, *, day: date | None = None) -> Path | None:
    """Today's daily copy in ``backups/daily`` next to the database, once a day; prunes old ones.

    Keeps the newest ``backup_keep_days`` copies. Returns the new file, or None if today's
    copy already exists or the database is not set up yet. Needs no permission: the device
    does it for everyone.
    """
    if not session.initialized:
        return None
    day = day or session.today()
    folder = daily_dir(session.store.path)
    target = folder / f"{session.store.path.stem}-{day.isoformat()}.sqlite3"
    if target.exists():
        return None
    _copy_online(session, target)
    prune_daily(session)
    return target


def prune_daily(session: Session) -> list[Path]:
    keep = max(1, int(get_setting(session, "backup_keep_days")))
    pattern = re.compile(re.escape(session.store.path.stem) + r"-(\d{4}-\d{2}-\d{2})\.sqlite3$")
    folder = daily_dir(session.store.path)
    found = sorted((p for p in folder.glob("*.sqlite3") if pattern.match(p.name)), reverse=True)
    removed = found[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def list_backups(session: Session) -> list[dict[str, Any]]:
    """Backup files next to the database (daily, pre-migration, pre-restore), newest first."""
    folder = backups_dir(session.store.path)
    files = sorted(folder.rglob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.exists() else []
    return [{"file": str(p), "bytes": p.stat().st_size, "kind": p.parent.name if p.parent != folder else
             ("pre-restore" if "pre-restore" in p.name else "pre-migration" if "pre-migration" in p.name else "manual")}
            for p in files]


def inspect_backup(path: Path | str) -> dict[str, Any]:
    """Check a backup file in place (read-only work on a private copy); raise BackupRejected."""
    path = Path(path)
    if not path.is_file():
        raise BackupRejected(_("berkas cadangan {file} tidak ditemukan").format(file=path.name))
    scratch = path.with_name(f".{path.name}.inspect")
    try:
        shutil.copyfile(path, scratch)
        return _check(scratch, path)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(scratch) + suffix).unlink(missing_ok=True)


def _check(candidate: Path, original: Path) -> dict[str, Any]:
    """Every check a restore needs, on ``candidate`` (a private copy of ``original``)."""
    name = original.name
    with open(candidate, "rb") as f:
        if f.read(16) != SQLITE_HEADER:
            raise BackupRejected(_("{file} bukan berkas database SQLite; database tidak diubah").format(file=name))
    known = {migration[0] for migration in migrations()}
    try:
        conn = sqlite3.connect(str(candidate))
    except sqlite3.Error as exc:
        raise BackupRejected(_("{file} tidak bisa dibuka: {error}; database tidak diubah").format(
            file=name, error=exc)) from None
    try:
        conn.row_factory = sqlite3.Row
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            raise BackupRejected(_("{file} rusak (integrity_check: {problems}); database tidak diubah").format(
                file=name, problems="; ".join(integrity[:3])))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise BackupRejected(_("{file} bukan cadangan Loket (tabel {tables} tidak ada)").format(
                file=name, tables=", ".join(missing)))
        applied = {r[0] for r in conn.execute("SELECT number FROM schema_migrations")}
        version = max(applied, default=0)
        if applied - known or version > max(known):
            raise BackupRejected(_(
                "{file} memakai skema v{version} dari versi Loket yang lebih baru (aplikasi ini: v{ours});"
                " perbarui aplikasi dulu").format(file=name, version=version, ours=max(known))
            )
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise BackupRejected(_("{file} memiliki rujukan (foreign key) yang rusak; database tidak diubah").format(
                file=name))
        site = conn.execute("SELECT code, name FROM site").fetchone()
        device = conn.execute("SELECT device_id, device_code FROM device").fetchone()
        if site is None or device is None:
            raise BackupRejected(_("{file} belum berisi lokasi/perangkat yang diinisialisasi").format(file=name))
        chains = verify_connection(conn)
        if not chains["ok"]:
            b = chains["first_broken"]
            raise BackupRejected(_(
                "{file}: rantai hash log rusak ({reason}, device_seq {seq}); database tidak diubah").format(
                file=name, reason=b["reason"], seq=b.get("device_seq"))
            )
        heads = {r[0]: r[1] for r in conn.execute("SELECT device_id, device_seq FROM chain_heads")}
        return {
            "file": str(original), "bytes": original.stat().st_size, "sha256": _sha256(candidate),
            "schema_version": version, "site": site["code"], "device_id": device["device_id"],
            "device_code": device["device_code"], "events": chains["events"],
            "own_head_seq": heads.get(device["device_id"], 0),
        }
    except sqlite3.DatabaseError as exc:
        raise BackupRejected(_("{file} rusak atau bukan database Loket: {error}; database tidak diubah").format(
            file=name, error=exc)) from None
    finally:
        conn.close()


def restore_backup(session: Session, source: Path | str) -> dict[str, Any]:
    """``loket backup restore FILE``: check FILE, keep a safety copy, swap it in, reopen.

    The session's store is replaced by a fresh connection to the restored file (migrated
    forward if the backup is older). The restore itself is recorded as an event.
    """
    require(session, "backup.restore")
    source = Path(source)
    if not source.is_file():
        raise BackupRejected(_("berkas cadangan {file} tidak ditemukan").format(file=source.name))
    db = session.store.path
    if source.resolve() == db.resolve():
        raise BackupRejected(_("berkas cadangan adalah database yang sedang dipakai"))
    candidate = db.with_name(db.name + ".restore-tmp")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(candidate) + suffix).unlink(missing_ok=True)
    try:
        shutil.copyfile(source, candidate)
        info = _check(candidate, source)
        _fsync(candidate)
        current_head = session.store.scalar(
            "SELECT h.device_seq FROM chain_heads h JOIN device d ON d.device_id = h.device_id"
        ) or 0
        current_device = session.store.scalar("SELECT device_id FROM device")
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        safety = session.store.backup_to(backups_dir(db) / f"{db.stem}-pre-restore-{stamp}.sqlite3")
        _swap(session, candidate)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(candidate) + suffix).unlink(missing_ok=True)
    lost = current_head - info["own_head_seq"] if current_device == info["device_id"] else 0
    result = {**info, "safety_copy": str(safety), "schema_version_now": session.store.schema_version(),
              "own_events_not_in_backup": max(lost, 0)}
    with session.transaction():
        session.append("backup_restored", info["sha256"][:16], {
            "file": source.name, "sha256": info["sha256"], "schema_version": info["schema_version"],
            "events": info["events"], "safety_copy": Path(safety).name,
            "own_events_not_in_backup": result["own_events_not_in_backup"],
        })
    return result


def _swap(session: Session, candidate: Path) -> None:
    """Close the live connection, atomically rename the checked copy over the file, reopen."""
    store = session.store
    db = store.path
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    try:
        if Path(str(db) + "-wal").exists():  # the last connection removes it on close
            raise StateError(_("database masih dibuka program lain (mis. aplikasi Loket); tutup dulu lalu ulangi"))
        Path(str(db) + "-shm").unlink(missing_ok=True)
        os.replace(candidate, db)
        try:  # make the rename durable; some platforms cannot open or fsync a directory
            _fsync(db.parent)
        except OSError:
            pass
    finally:  # whatever happened, the session has a live connection again
        session.store = Store(db)
        session._log = None


@projector("backup_restored", refold=False)
def _restored(conn, event: Event) -> None:
    """Audit only: the restore is visible in the log; no table changes."""
