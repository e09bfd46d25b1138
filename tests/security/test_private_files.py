"""A curious colleague on the same PC, another account: the files with citizens' personal
data are the owner's only (0600), whatever the umask: the database and its -wal/-shm, the
backups (daily and made by hand), a USB bundle and the log; an older, wider database file is
narrowed when the app opens it."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from counter_app import backup, registration
from counter_app.logs import setup_logging
from counter_app.session import Session
from sync.bundle import write_bundle


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o022)  # a typical desktop: files would be 0644
    yield
    os.umask(old)


def test_the_database_and_its_wal_are_the_owners_only(open_umask, session, db_path):
    registration.register(session, registration.RegistrationInput(
        service="DUK-KTP", name="Siti Aminah", nik="3273015505900003", sex="P", birth_date="1990-05-15"))
    for suffix in ("", "-wal", "-shm"):
        assert mode(f"{db_path}{suffix}") == 0o600, suffix


def test_a_wider_database_from_an_older_version_is_narrowed(open_umask, session, db_path):
    session.close()
    os.chmod(db_path, 0o644)
    with Session.open(db_path):
        assert mode(db_path) == 0o600


def test_backups_bundles_and_the_log_are_the_owners_only(open_umask, session, db_path, tmp_path):
    backup.create_backup(session, tmp_path / "copy.sqlite3")
    assert mode(tmp_path / "copy.sqlite3") == 0o600
    daily = backup.auto_backup(session)
    assert daily is not None and mode(daily) == 0o600
    bundle = write_bundle(tmp_path / "usb" / "bundle.json", {"events": []}, ["ab" * 16])
    assert mode(bundle) == 0o600
    log = setup_logging(tmp_path / "logdir" / "loket.sqlite3")
    logging.getLogger("loket").info("a line")
    assert log is not None and mode(log) == 0o600
