"""Lockout race: 16 parallel log-ins with wrong passwords, each a process with its own connection.

The attack (issue 15): the lock was read before the slow argon2 check and the failure
counted after it, so 16 parallel guesses were all checked (15 of them wrong) and a right
password got in while the account was locked. Now the attempt is counted under the write
lock before the hash is checked: at most ``login_max_failures`` guesses are checked at all,
the account ends locked by one event, and the right password is refused while it is.
"""

from __future__ import annotations

import multiprocessing

import pytest
from argon2 import PasswordHasher

from counter_app import users
from counter_app.session import Session

PASSWORD = "kopi-tubruk-88"
ATTEMPTS = 16


class CountingHasher:
    """The real hasher, counting the hash checks this process makes."""

    def __init__(self, inner):
        self.inner, self.checked = inner, 0

    def verify(self, hashed, password):
        self.checked += 1
        return self.inner.verify(hashed, password)

    def hash(self, password):
        return self.inner.hash(password)


def _attempt(db: str, password: str, start, results) -> None:
    counting = CountingHasher(users._hasher)
    users._hasher = counting
    users._dummy_hash.cache_clear()
    s = Session.open(db)
    try:
        start.wait()
        try:
            users.authenticate(s, "budi", password)
            outcome = "ok"
        except users.AccountLocked:
            outcome = "locked"
        except users.AuthenticationFailed:
            outcome = "wrong"
    finally:
        s.close()
    results.put((outcome, counting.checked))


@pytest.fixture
def budi(session, monkeypatch):
    # a check slow enough (tens of ms) that parallel attempts overlap, small enough for CI
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=2, memory_cost=16384, parallelism=1))
    users.create_first_admin(session, "admin", PASSWORD)
    users.create_user(session, "budi", PASSWORD, "frontliner")
    return session


def _race(db, passwords):
    ctx = multiprocessing.get_context("spawn")  # a forked child would share the parent's SQLite locks
    start, results = ctx.Barrier(len(passwords)), ctx.Queue()
    procs = [ctx.Process(target=_attempt, args=(str(db), p, start, results)) for p in passwords]
    for p in procs:
        p.start()
    got = [results.get(timeout=120) for _p in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return got


def test_lockout_race(budi, db_path):
    limit = int(users.get_setting(budi, "login_max_failures"))
    got = _race(db_path, [f"salah-{i:02d}-tebakan" for i in range(ATTEMPTS)])
    checked = sum(n for _outcome, n in got)
    assert checked <= limit, f"{checked} wrong passwords were checked, the limit is {limit}"
    assert [o for o, _n in got].count("ok") == 0
    assert [o for o, _n in got].count("locked") >= ATTEMPTS - limit
    budi.store.close()
    fresh = Session.open(db_path)
    try:
        assert fresh.store.scalar("SELECT count(*) FROM events WHERE type = 'user_locked'") == 1
        assert users.get_user(fresh, "budi")["locked"]
        with pytest.raises(users.AccountLocked):  # the right password, while locked
            users.authenticate(fresh, "budi", PASSWORD)
    finally:
        fresh.close()
