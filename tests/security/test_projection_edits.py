"""Projection edits: a hand edit of a projection table is reported by ``loket audit verify``.

The attack (issue 15): with the sqlite3 shell, ``UPDATE users SET role='admin'`` made a
frontliner an admin and ``DELETE FROM users`` made the CLI act as ``system`` with every
permission, and ``audit verify`` said ok for both. Now verify replays the log into a scratch
database and compares every projection with it (exit 1 naming the table), and the device
acts as ``system`` only while the site has never had an account, which the hash-chained log
records, so emptying the table gives no one any permission.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from argon2 import PasswordHasher

from counter_app import audit, users
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.session import Session

PASSWORD = "kopi-tubruk-88"


@pytest.fixture
def staffed(session, monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    users.create_first_admin(session, "admin", PASSWORD)
    users.create_user(session, "sari", PASSWORD, "supervisor")
    users.create_user(session, "budi", PASSWORD, "frontliner")
    session.close()
    return session.store.path


def shell(db, sql: str) -> None:
    """What someone with the file and the sqlite3 shell does."""
    conn = sqlite3.connect(db)
    try:
        conn.executescript(sql)
    finally:
        conn.close()


def loket(monkeypatch, capsys, db, user, *argv):
    if user:
        monkeypatch.setenv("LOKET_USER", user)
        monkeypatch.setenv("LOKET_PASSWORD", PASSWORD)
    else:
        monkeypatch.delenv("LOKET_USER", raising=False)
        monkeypatch.delenv("LOKET_PASSWORD", raising=False)
    capsys.readouterr()
    try:
        code = run(cli, ["--db", str(db), *argv])
    except SystemExit as exc:  # 'audit verify' exits 1 itself when something is broken
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_is_ok_before_any_edit(staffed, monkeypatch, capsys):
    code, out, err = loket(monkeypatch, capsys, staffed, "sari", "audit", "verify", "--json")
    assert code == 0, err
    assert json.loads(out)["projections"]["tables_differing"] == []


def test_projection_edits_role_raised_to_admin(staffed, monkeypatch, capsys):
    shell(staffed, "UPDATE users SET role = 'admin' WHERE username = 'budi'")
    code, out, _err = loket(monkeypatch, capsys, staffed, "sari", "audit", "verify", "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert report["first_broken"]["kind"] == "projection"
    assert report["projections"]["tables_differing"] == ["users"]
    code, out, _err = loket(monkeypatch, capsys, staffed, "sari", "audit", "verify")
    assert code == 1 and "users" in out


def test_projection_edits_accounts_deleted(staffed, monkeypatch, capsys):
    shell(staffed, "DELETE FROM users")
    # no account left to log in with, and no 'system' either: the log says accounts existed
    code, _out, err = loket(monkeypatch, capsys, staffed, None, "user", "add", "mallory", "--role", "admin")
    assert code == 1 and "--user" in err
    code, _out, err = loket(monkeypatch, capsys, staffed, None, "init", "--site-name", "MPP Palsu")
    assert code == 1
    code, _out, err = loket(monkeypatch, capsys, staffed, "admin", "audit", "verify")
    assert code == 1 and "salah" in err  # the admin is gone from the table: refused, not 'system'
    s = Session.open(staffed)
    try:
        assert users.has_users(s)
        with pytest.raises(users.StateError):
            users.create_first_admin(s, "mallory", PASSWORD)
        # the operator's check (the library as the device, e.g. on a copy of the file)
        report = audit.verify_chains(s)
        assert not report["ok"] and report["projections"]["tables_differing"] == ["users"]
        assert s.store.scalar("SELECT count(*) FROM events WHERE type = 'user_created'") == 3
    finally:
        s.close()


def test_projection_edits_deleting_the_account_events_too_breaks_the_chain(staffed):
    shell(staffed, "DELETE FROM users; DELETE FROM events WHERE type = 'user_created'")
    s = Session.open(staffed)
    try:
        report = audit.verify_chains(s)
        assert not report["ok"] and report["first_broken"]["kind"] in ("gap", "link", "tail")
    finally:
        s.close()
