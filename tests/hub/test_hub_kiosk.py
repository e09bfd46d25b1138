"""The self-service kiosk issues the hall's tickets through the hub (its short numbers), and
on its own series when the hub does not answer."""

from __future__ import annotations

import pytest
from hubkit import HubServer, enrol, make_device

from counter_app import bookings, queue
from counter_app.actors import Actor
from counter_app.session import Session
from sync.hub import client as hub_client


@pytest.fixture
def kiosk(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
    hub_db = make_device(tmp_path / "hub.sqlite3", "HUB", 0, demo=True)
    server = HubServer(hub_db).start()
    db = make_device(tmp_path / "kiosk.sqlite3", "KIOS", 4)
    s = Session.open(db, Actor("kiosk", "frontliner"))
    hub_client.join(s, server.url, enrol(hub_db, "KIOS"))
    yield s, server, hub_db
    s.close()
    server.kill()


def test_the_kiosk_issues_through_the_hub_and_alone_when_it_is_down(kiosk):
    from ui.ticket_kiosk import issue_for

    s, server, hub_db = kiosk
    first = issue_for(s, "DUK-KTP", "lansia")
    assert (first["ticket"], first["priority"]) == ("A-001", "lansia")
    h = Session.open(hub_db)
    try:
        assert queue.get_ticket(h, first["id"]).number == "A-001"  # decided by the hub
    finally:
        h.close()
    server.kill()
    alone = issue_for(s, "DUK-KTP", None)
    assert alone["ticket"] == "A-4001"  # the kiosk's own series in mode mandiri


def test_a_booking_checked_in_at_the_kiosk_gets_a_hub_ticket(kiosk):
    from counter_app.errors import StateError
    from ui.ticket_kiosk import issue_for

    s, _, _ = kiosk
    with s.transaction():  # an online booking, as the portal (through the hub) brings it
        s.append("booking_created", "BK7Q-4M2X", {
            "code": "BK7Q-4M2X", "service": "DUK-KK", "date": "2026-03-16", "name": "Siti Aminah",
            "nik": "3273015505900003", "sex": "P", "birth_date": "1990-05-15", "birth_place": None,
            "address": None, "phone": None, "at": "2026-03-15T20:00:00+07:00"})
    ticket = issue_for(s, "DUK-KK", None, "BK7Q-4M2X")
    assert ticket["ticket"] == "B-001" and ticket["booking_code"] == "BK7Q-4M2X"
    assert bookings.get_booking(s, "BK7Q-4M2X")["registration_id"]
    before = len(queue.list_queue(s))
    with pytest.raises(StateError, match="sudah didaftarkan"):
        issue_for(s, "DUK-KK", None, "BK7Q-4M2X")
    assert len(queue.list_queue(s)) == before  # a refused check-in makes no ticket
