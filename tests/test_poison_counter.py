"""A counter that meets an event it cannot apply quarantines it and keeps syncing.

The poison cases the portal now refuses at push (a payload nested 900 deep, a missing
required field, a change to a registration that is not there, a 2 MB payload, a lone
surrogate in an id, a forked chain) are fed to a counter through a signed site bundle, as
an older portal or a USB stick could: the page is applied, the cursor moves past it, every
good event in it lands, the bad ones are listed with a reason, and the next bundle applies.
"""

from __future__ import annotations

import json
import uuid

import pytest

from counter_app import queue, syncstate
from counter_app.cli import cli
from counter_app.clock import HybridClock
from counter_app.events import GENESIS, Event, event_hash
from counter_app.session import Session
from sync.bundle import KIND_SITE, bundle_key, write_bundle

TOKEN = "token-perangkat-uji"


class Forger:
    """Another device of the site, making well-chained events with any payload."""

    def __init__(self):
        self.device_id = str(uuid.uuid4())
        self.seq, self.prev = 0, GENESIS
        self.clock = HybridClock()

    def make(self, type_: str, entity_id: str, payload, *, event_id: str | None = None,
             seq: int | None = None) -> Event:
        self.seq += 1
        fields = dict(id=event_id or str(uuid.uuid4()), device_id=self.device_id,
                      device_seq=seq or self.seq, hlc=self.clock.tick(),
                      recorded_at="2026-03-16T09:00:00+07:00", type=type_, entity_id=entity_id,
                      payload=payload, actor="budi", prev_hash=self.prev)
        try:
            digest = event_hash(**fields)
        except UnicodeEncodeError:  # a lone surrogate cannot even be hashed
            digest = "0" * 64
        self.prev = digest
        return Event(**fields, hash=digest)


def _deep(levels: int) -> dict:
    value: dict = {"akhir": 1}
    for _ in range(levels):
        value = {"x": value}
    return value


def _bundle(tmp_path, name: str, events: list[Event], first_seq: int) -> str:
    rows = [{**e.as_dict(), "seq": first_seq + i} for i, e in enumerate(events)]
    path = tmp_path / name
    body = {"kind": KIND_SITE, "site": "MPP-TEST", "events": rows, "last_seq": first_seq + len(rows) - 1}
    # the file is written the way the portal writes it; text that is not valid UTF-8 travels
    # as a JSON escape
    path.write_text("", encoding="utf-8")
    write_bundle(path, json.loads(json.dumps(body)), [bundle_key(TOKEN)])
    return str(path)


@pytest.fixture
def counter(session):
    syncstate.configure(session, token=TOKEN)
    return session


def test_poison_events_in_a_bundle_are_quarantined_and_the_counter_keeps_syncing(counter, tmp_path):
    from sync.bundle import import_site_bundle

    other = Forger()
    good = other.make("ticket_issued", str(uuid.uuid4()), {
        "day": "2026-03-16", "number": "A-5001", "prefix": "A", "series": 5, "seq_no": 1,
        "service": "DUK-KTP", "priority": None, "at": "2026-03-16T09:00:00+07:00"})
    deep = other.make("ticket_called", good.entity_id, {"counter": "3", "at": "2026-03-16T09:01:00+07:00",
                                                          "reason": "x", "reason_code": "fifo", **_deep(900)})
    missing = other.make("ticket_called", good.entity_id, {"at": "2026-03-16T09:01:00+07:00"})
    unknown = other.make("application_status_changed", "MPP-TEST-260316-K9-0001", {
        "from": "diterima", "to": "diproses", "at": "2026-03-16T09:02:00+07:00"})
    huge = other.make("skm_recorded", str(uuid.uuid4()), {
        "scores": {"U1": 4}, "at": "2026-03-16T09:03:00+07:00", "suggestion": "x" * (2 * 1024 * 1024)})
    surrogate = other.make("ticket_cancelled", good.entity_id, {"at": "2026-03-16T09:04:00+07:00"},
                           event_id="\ud800" + str(uuid.uuid4())[1:])
    newer_app = other.make("ticket_teleported", good.entity_id, {"at": "2026-03-16T09:05:00+07:00"})
    fork = other.make("ticket_finished", good.entity_id, {"counter": "3", "at": "2026-03-16T09:06:00+07:00"},
                      seq=1)  # a second event claiming device_seq 1
    poison = [deep, missing, unknown, huge, surrogate, newer_app, fork]

    r = import_site_bundle(counter, _bundle(tmp_path, "satu.json", [good, *poison], 10), TOKEN)
    assert r["cursor"] == 10 + len(poison)
    assert queue.get_ticket(counter, good.entity_id).status == "waiting"  # the good one landed
    held = {q["event_id"]: q for q in syncstate.quarantined(counter)}
    assert len(held) == len(poison)
    def reason(e: Event) -> str:
        return held[next(k for k in held if k.endswith(e.id[1:]))]["error"]

    assert "payload" in reason(deep) and ("dalam" in reason(deep) or "bersarang" in reason(deep))
    assert "counter" in reason(missing)
    assert "belum ada" in reason(unknown)
    assert "KiB" in reason(huge) or "besar" in reason(huge)
    assert "UTF-8" in reason(surrogate)
    assert "tidak dikenal" in reason(newer_app)
    assert "device_seq" in reason(fork) or "UNIQUE" in reason(fork)
    assert [held[k]["in_log"] for k in held if k.endswith(surrogate.id[1:])] == [0]
    assert held[fork.id]["in_log"] == 0 and held[unknown.id]["in_log"] == 1
    status = syncstate.status(counter)
    assert status["quarantined"] == len(poison)

    # the next page still applies: the counter is not stuck behind the bad events
    later = other.make("ticket_called", good.entity_id, {
        "counter": "3", "at": "2026-03-16T09:10:00+07:00", "reason": "urutan antrean", "reason_code": "fifo"})
    r = import_site_bundle(counter, _bundle(tmp_path, "dua.json", [later], 30), TOKEN)
    assert r["cursor"] == 30
    assert queue.get_ticket(counter, good.entity_id).counter == "3"

    # the registration arrives: its waiting status change applies by itself (same fold)
    creator = Forger()
    made = creator.make("registration_created", unknown.entity_id, _registration_payload())
    import_site_bundle(counter, _bundle(tmp_path, "tiga.json", [made], 31), TOKEN)
    assert counter.store.scalar("SELECT status FROM registrations WHERE id = ?", (unknown.entity_id,)) == "diproses"
    assert unknown.id not in {q["event_id"] for q in syncstate.quarantined(counter)}


def test_retry_quarantine_applies_what_an_upgrade_now_knows(counter, monkeypatch, tmp_path):
    from counter_app import event_schemas
    from counter_app.events import _PROJECTORS
    from sync.bundle import import_site_bundle

    other = Forger()
    issued = other.make("ticket_issued", str(uuid.uuid4()), {
        "day": "2026-03-16", "number": "A-5001", "prefix": "A", "series": 5, "seq_no": 1,
        "service": "DUK-KTP", "priority": None, "at": "2026-03-16T09:00:00+07:00"})
    newer = other.make("ticket_cancelled_v2", issued.entity_id, {"at": "2026-03-16T09:05:00+07:00"})
    import_site_bundle(counter, _bundle(tmp_path, "satu.json", [issued, newer], 1), TOKEN)
    assert syncstate.status(counter)["quarantined"] == 1
    # "the upgrade": this version learns the type
    monkeypatch.setitem(_PROJECTORS, "ticket_cancelled_v2", _PROJECTORS["ticket_cancelled"])
    monkeypatch.setitem(event_schemas.PAYLOADS, "ticket_cancelled_v2", event_schemas.PAYLOADS["ticket_cancelled"])
    from click.testing import CliRunner

    out = CliRunner().invoke(cli, ["--db", str(counter.store.path), "sync", "retry-quarantine", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == {"before": 1, "applied": 1, "quarantined": 0}
    fresh = Session.open(counter.store.path)
    try:
        assert queue.get_ticket(fresh, issued.entity_id).status == "cancelled"
    finally:
        fresh.close()


def _registration_payload() -> dict:
    return {
        "day": "2026-03-16", "seq_no": 1, "service": "DUK-KTP", "service_version": 1, "name": "Siti Aminah",
        "nik": "3273015505900003", "sex": "P", "birth_place": None, "birth_date": None, "address": None,
        "phone": None, "channel": "walk_in", "entry_mode": "direct", "paper_form_no": None, "paper_date": None,
        "booking_code": None, "ticket_id": None, "requirements": [], "requirements_complete_on": None,
        "days": 5, "week": 5, "deadline": None, "at": "2026-03-16T08:30:00+07:00",
    }
