"""The device token in the OS keyring (issue 15 item 5): the attack was that the portal token
sat in plain text in the database, so whoever copied the file (a backup, a stolen laptop's
disk) could sync as the counter until the token was revoked."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend

from counter_app import backup, secrets_store, syncstate

TOKEN = "tok-3f9a2c81d4e6b7a0"


class MemoryKeyring(KeyringBackend):
    """An OS keyring for the test: what Windows, macOS or a Linux desktop would give."""

    priority = 10

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.locked = False

    def get_password(self, service, username):
        if self.locked:
            raise keyring.errors.KeyringLocked("locked")
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def os_keyring(monkeypatch):
    monkeypatch.delenv("LOKET_NO_KEYRING", raising=False)
    saved = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(saved)


def test_the_token_goes_to_the_os_keyring_and_not_into_the_file_or_its_backups(session, db_path, tmp_path,
                                                                               os_keyring):
    syncstate.configure(session, "https://portal.example", TOKEN)
    assert list(os_keyring.items.values()) == [TOKEN]
    assert session.store.scalar("SELECT token FROM sync_state") == secrets_store.IN_KEYRING
    state = syncstate.state(session)
    assert state["token"] == TOKEN and state["token_store"] == "keyring"
    session.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    copy = tmp_path / "cadangan.sqlite3"
    backup.create_backup(session, copy)
    for path in (db_path, copy):
        assert TOKEN.encode() not in path.read_bytes()
    assert syncstate.status(session)["token_store"] == "keyring"


def test_a_locked_keyring_gives_no_token_and_says_why(session, os_keyring):
    syncstate.configure(session, "https://portal.example", TOKEN)
    os_keyring.locked = True
    state = syncstate.state(session)
    assert state["token"] is None and "keyring" in state["token_error"]
    assert syncstate.status(session)["token_set"]  # it is set, only not readable now


def test_without_an_os_keyring_the_token_stays_in_the_owner_only_file(session, db_path, monkeypatch):
    monkeypatch.setenv("LOKET_NO_KEYRING", "1")
    syncstate.configure(session, "https://portal.example", TOKEN)
    assert session.store.scalar("SELECT token FROM sync_state") == TOKEN
    assert syncstate.state(session)["token_store"] == "database"
    assert (db_path.stat().st_mode & 0o077) == 0


def test_the_same_token_again_needs_no_permission_and_changes_nothing(session, os_keyring):
    syncstate.configure(session, "https://portal.example", TOKEN)
    before = dict(os_keyring.items)
    syncstate.configure(session.as_actor(session.actor), None, TOKEN)
    assert os_keyring.items == before
