"""Backups: on demand, automatic daily copies with retention, and a restore that checks first.

Copies use SQLite's online backup API, so they are consistent while the app writes. A
restore never touches the live file until the candidate has passed every check (SQLite
header, ``integrity_check``, foreign keys, schema version, an initialised site of this site,
intact hash chains); it then writes the checked copy in under SQLite's write lock, with the
safety copy of the current data taken inside the same hold, and reopens the session.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from . import clock
from .audit import verify_connection
from .errors import LoketError, StateError
from .events import Event, projector
from .i18n import _
from .permissions import require
from .private_files import create_private
from .session import Session
from .site import get_setting
from .store import Store, migrations

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


def daily_maintenance(session: Session) -> Path | None:
    """What the app does for the device once a day, in the background: erase the personal
    data whose retention has ended (counter_app/erasure.py), then make today's copy, so the
    copy no longer holds it. Returns the new copy, as :func:`auto_backup`."""
    if not session.initialized:
        return None
    from . import erasure

    erasure.erase_expired(session)
    return auto_backup(session)


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
        create_private(scratch)  # copyfile keeps an existing file's mode: owner only
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
            "schema_version": version, "site": site["code"], "site_name": site["name"],
            "device_id": device["device_id"],
            "device_code": device["device_code"], "events": chains["events"],
            "own_head_seq": heads.get(device["device_id"], 0),
        }
    except sqlite3.DatabaseError as exc:
        raise BackupRejected(_("{file} rusak atau bukan database Loket: {error}; database tidak diubah").format(
            file=name, error=exc)) from None
    finally:
        conn.close()


class OtherSiteBackup(BackupRejected):
    """The backup belongs to another site; restoring it needs ``other_site=True``."""


def _what_would_be_replaced(session: Session, info: dict[str, Any], source: Path) -> str:
    here = session.store.one("SELECT code, name FROM site")
    counts = {t: session.store.scalar(f"SELECT count(*) FROM {t}") for t in ("events", "registrations", "users")}
    return _(
        "{file} adalah cadangan lokasi {theirs} ({their_name}), bukan lokasi ini {ours} ({our_name}):"
        " memulihkannya mengganti seluruh data perangkat ini ({events} event, {registrations} permohonan,"
        " {users} akun petugas lokasi {ours}) dengan data dan data pribadi pemohon lokasi {theirs};"
        " database tidak diubah. Bila memang itu maksudnya, ulangi dengan --other-site"
    ).format(file=source.name, theirs=info["site"], their_name=info["site_name"], ours=here["code"],
             our_name=here["name"], **counts)


def restore_backup(session: Session, source: Path | str, *, other_site: bool = False) -> dict[str, Any]:
    """``loket backup restore FILE``: check FILE, keep a safety copy, write it in, reopen.

    A backup of another site is refused unless ``other_site`` (the message says what would
    be replaced). The checked copy is migrated forward first, then written into the live
    file through SQLite's backup API, which holds the write lock from its first page to its
    commit: the safety copy of the current data is taken inside that hold, so every writer
    is excluded from the copy to the swap and no acknowledged record can fall between them
    (each is in the safety copy or was written after the restore). Other connections, e.g.
    the desktop app or another process, wait for the lock and then see the restored data;
    nothing is renamed under them. The restore itself is recorded as an event.
    """
    require(session, "backup.restore")
    source = Path(source)
    if not source.is_file():
        raise BackupRejected(_("berkas cadangan {file} tidak ditemukan").format(file=source.name))
    db = session.store.path
    if source.resolve() == db.resolve():
        raise BackupRejected(_("berkas cadangan adalah database yang sedang dipakai"))
    work = Path(tempfile.mkdtemp(dir=db.parent, prefix=f".{db.stem}.restore-tmp-"))
    try:
        candidate = work / "candidate.sqlite3"
        shutil.copyfile(source, candidate)
        info = _check(candidate, source)
        here = session.store.one("SELECT code FROM site")
        if here is not None and info["site"] != here["code"] and not other_site:
            raise OtherSiteBackup(_what_would_be_replaced(session, info, source))
        Store(candidate).close()  # migrated forward here, so the live file never holds an old schema
        # the second alone is not unique: two restores within one would share a safety copy
        stamp = f"{clock.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
        safety = backups_dir(db) / f"{db.stem}-pre-restore-{stamp}.sqlite3"
        before = _write_in(db, candidate, safety)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    session.store.close()
    session.store = Store(db)
    session._log = None
    lost = before["own_head"] - info["own_head_seq"] if before["device_id"] == info["device_id"] else 0
    result = {**info, "safety_copy": str(safety), "schema_version_now": session.store.schema_version(),
              "own_events_not_in_backup": max(lost, 0), "other_site": info["site"] != before["site"]}
    with session.transaction():
        session.append("backup_restored", info["sha256"][:16], {
            "file": source.name, "sha256": info["sha256"], "schema_version": info["schema_version"],
            "events": info["events"], "safety_copy": safety.name,
            "own_events_not_in_backup": result["own_events_not_in_backup"],
            **({"replaced_site": before["site"]} if result["other_site"] else {}),
        })
    return result


def _write_in(db: Path, candidate: Path, safety: Path) -> dict[str, Any]:
    """Copy ``candidate`` into the live ``db`` with the backup API; the safety copy of ``db``
    is made between the first step (which takes the write lock) and the rest, so no writer
    commits between the two. Returns what the live file held then (its site and own head)."""
    from .store import connect

    safety.parent.mkdir(parents=True, exist_ok=True)
    before: dict[str, Any] = {}
    live = connect(db)
    source = sqlite3.connect(str(candidate))
    try:
        if source.execute("PRAGMA page_count").fetchone()[0] < 2:
            raise BackupRejected(_("{file} terlalu kecil untuk cadangan Loket").format(file=candidate.name))

        def step(status: int, remaining: int, total: int) -> None:
            if before or status != sqlite3.SQLITE_OK:
                return  # busy: the lock is not ours yet (the backup retries); later steps
            if remaining == 0:  # pragma: no cover - the first step copies one page of several
                raise StateError(_("pemulihan selesai sebelum salinan pengaman dibuat"))
            # The write lock is held from here until the backup commits: what a reader sees
            # now is the last thing any writer committed, and nothing can commit after it.
            reader = connect(db)
            try:
                before.update(_live_state(reader))
                target = sqlite3.connect(str(safety))
                try:
                    reader.backup(target)
                finally:
                    target.close()
                _fsync(safety)
            finally:
                reader.close()

        source.backup(live, pages=1, progress=step)
    finally:
        source.close()
        live.close()
    if not before:  # pragma: no cover - see above
        raise StateError(_("salinan pengaman tidak dibuat"))
    return before


def _live_state(conn: sqlite3.Connection) -> dict[str, Any]:
    site = conn.execute("SELECT code FROM site").fetchone()
    device = conn.execute("SELECT device_id FROM device").fetchone()
    head = conn.execute("SELECT h.device_seq FROM chain_heads h JOIN device d ON d.device_id = h.device_id").fetchone()
    return {"site": site[0] if site else None, "device_id": device[0] if device else None,
            "own_head": head[0] if head else 0}


@projector("backup_restored", refold=False)
def _restored(conn, event: Event) -> None:
    """Audit only: the restore is visible in the log; no table changes."""
