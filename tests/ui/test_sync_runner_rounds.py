"""'Sinkronkan sekarang' while a background round is under way: the officer gets the outcome of
a round begun after the click, not of the one already running (which read the portal and the
database before it). Deterministic: the round itself is held by the test."""

from __future__ import annotations

import threading

import pytest

import sync.client
from counter_app import syncstate
from counter_app.errors import LoketError
from ui.context import AppContext
from ui.sync_runner import SyncRunner


@pytest.fixture
def rounds(monkeypatch):
    """run_sync replaced: each round waits until the test lets it go, then fails or succeeds
    as the test said."""
    began: list[threading.Event] = [threading.Event() for _ in range(10)]
    release: list[threading.Event] = [threading.Event() for _ in range(10)]
    outcome: dict[int, object] = {}
    count = [0]

    def run_sync(session, policy=None):
        n = count[0]
        count[0] += 1
        began[n].set()
        assert release[n].wait(20), f"round {n + 1} was never let go"
        result = outcome.get(n, {"pushed": 0, "pulled": 0, "pending": 0})
        if isinstance(result, Exception):
            raise result
        return result

    monkeypatch.setattr(sync.client, "run_sync", run_sync)
    return began, release, outcome


def test_a_round_asked_for_during_another_reports_its_own_outcome(qtbot, session, rounds):
    began, release, outcome = rounds
    syncstate.configure(session, portal_url="http://127.0.0.1:9/", token="t")
    ctx = AppContext(session.store.path)
    runner = SyncRunner(ctx, interval_s=30)
    try:
        assert runner.start()
        assert began[0].wait(10)  # round 1 is under way: it will fail
        outcome[0] = LoketError("portal tidak terjangkau")
        heard: list[object] = []
        assert runner.request_round(heard.append, heard.append)  # asked during round 1
        release[0].set()
        qtbot.waitUntil(lambda: runner.rounds == 1, timeout=10000)
        assert heard == []  # round 1's failure is not the answer to a click made during it
        assert began[1].wait(10)  # the click's round runs at once, not after the 30 s interval
        release[1].set()
        qtbot.waitUntil(lambda: bool(heard), timeout=10000)
        assert heard == [{"pushed": 0, "pulled": 0, "pending": 0}]
        assert runner.rounds == 2
    finally:
        for event in release:
            event.set()
        runner.stop(wait_s=5)
        ctx.close()
