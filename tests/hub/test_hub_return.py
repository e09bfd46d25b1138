"""Two things the hub bench found: a counter back from mode mandiri must hand the hub what it
did alone before the hub decides for it again, and an event stream busy when a commit came
must not sleep through it."""

from __future__ import annotations

import asyncio

import pytest
from hubkit import HubServer, enrol, loket, loket_json, make_device

from counter_app.conflicts import list_conflicts
from counter_app.session import Session
from sync.hub.server import Changes

NOW = "2026-03-16T08:00:00+07:00"


@pytest.mark.slow
def test_a_counter_back_from_mode_mandiri_is_not_handed_the_ticket_it_served_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_NOW", NOW)
    hub_db = make_device(tmp_path / "hub.sqlite3", "HUB", 0, demo=True)
    server = HubServer(hub_db).start()
    try:
        kiosk = make_device(tmp_path / "kiosk.sqlite3", "KIOS", 1)
        k1 = make_device(tmp_path / "k1.sqlite3", "K1", 2)
        for db, code in ((kiosk, "KIOS"), (k1, "K1")):
            loket(db, "hub", "join", server.url, "--token", enrol(hub_db, code))
        for _ in range(3):
            loket(kiosk, "ticket", "issue", "--service", "DUK-KTP")
        loket(k1, "queue", "call", "--counter", "1", "--service", "DUK-KTP")  # K1 gets the KTP lease
        loket(k1, "queue", "finish", "A-001")
        loket(k1, "hub", "sync")

        server.kill()
        alone, run = loket_json(k1, "queue", "call", "--counter", "1")
        assert alone["ticket"] == "A-002" and "mode mandiri" in run.stderr
        loket(k1, "queue", "finish", "A-002")

        server.start()  # back; K1 has not synced: its next call goes through the hub at once
        called, run = loket_json(k1, "queue", "call", "--counter", "1")
        assert run.stderr == ""
        assert called["ticket"] == "A-003"  # not A-002 again, which the hub did not know was served
    finally:
        server.kill()
    s = Session.open(hub_db)
    try:
        twice = s.store.query("SELECT entity_id FROM events WHERE type = 'ticket_called'"
                              " GROUP BY entity_id HAVING count(*) > 1")
        assert twice == [] and list_conflicts(s) == []
    finally:
        s.close()


def test_a_stream_busy_when_a_commit_came_is_woken_at_once():
    async def scenario() -> None:
        changes = Changes()
        changes.bind(asyncio.get_running_loop())
        busy = changes.version  # stream A notes the version and goes to read its page
        waiting = asyncio.create_task(changes.wait(30, changes.version))  # stream B waits
        await asyncio.sleep(0)
        changes.notify()  # a decision commits while A is reading
        await asyncio.wait_for(waiting, 5)  # B is woken
        # A comes to wait after B was woken: the commit came after A's read, so no sleep
        await asyncio.wait_for(changes.wait(30, busy), 5)
        # with nothing new since, a stream does wait (here: until its short timeout)
        await changes.wait(0.05, changes.version)

    asyncio.run(scenario())
