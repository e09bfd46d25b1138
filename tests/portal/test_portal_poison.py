"""Poison at the portal: every event a counter could not apply, or the portal could not send
back, is refused at push with a reason (never a 5xx), the good events beside it are stored,
and pulls keep working, also over rows an older portal let in."""

from __future__ import annotations

import json
import uuid

import pytest
import requests

from counter_app import queue as q
from counter_app import registration, syncstate
from counter_app.clock import format_hlc
from counter_app.events import GENESIS, canonical, event_hash, uuid7
from sync.portal.service import PULL_PAGE_BYTES

AT = "2026-03-16T08:00:00+07:00"
NIK = "3273011508900001"


def crafted(device_id: str, seq: int, type_: str, entity_id: str, payload: dict, prev: str = GENESIS,
            **override) -> dict:
    """An event as a device would send it, hash right, so only its content can be refused."""
    fields = dict(id=uuid7(), device_id=device_id, device_seq=seq, hlc=format_hlc(1773622800000, seq),
                  recorded_at=AT, type=type_, entity_id=entity_id, payload=json.loads(canonical(payload)),
                  actor="budi", prev_hash=prev)
    fields.update(override)
    try:
        digest = event_hash(**fields)
    except (UnicodeError, ValueError):
        digest = "0" * 64  # text that cannot be hashed (a lone surrogate): refused before the hash
    return {**fields, "hash": digest}


def deep(levels: int) -> dict:
    value: dict = {"end": True}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def push(portal, token: str, events: list[dict] | None = None, body: bytes | None = None):
    data = body if body is not None else json.dumps({"events": events}).encode()  # ASCII: \\ud800 escapes
    return requests.post(f"{portal.url}/api/v1/sync/push", data=data, timeout=30,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def pull(portal, token: str, cursor: int = 0, limit: int = 1000):
    return requests.get(f"{portal.url}/api/v1/sync/pull", params={"cursor": cursor, "limit": limit},
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)


def ticket_called(device: str, seq: int, ticket: str, envelope: dict | None = None, **payload) -> dict:
    return crafted(device, seq, "ticket_called", ticket, {"counter": "L1", "at": AT, "reason": None, **payload},
                   **(envelope or {}))


# Each case: an event made from the counter's device and its ticket, the field the reason names.
POISON = {
    "deep payload": (lambda dev, t: ticket_called(dev, 10_001, t, note=deep(900)), "payload"),
    "missing required field": (lambda dev, t: crafted(dev, 10_002, "ticket_called", t, {"at": AT, "reason": None}),
                               "payload.counter"),
    "unknown registration": (lambda dev, t: crafted(dev, 10_003, "application_status_changed", "MPP-260316-K9-0001",
                                                    {"from": "diterima", "to": "diverifikasi", "at": AT}),
                             "entity_id"),
    "unknown ticket": (lambda dev, t: ticket_called(dev, 10_004, str(uuid.uuid4())), "entity_id"),
    "2 MB payload": (lambda dev, t: ticket_called(dev, 10_005, t, note="x" * 2_000_000), "payload"),
    "lone surrogate in the id": (lambda dev, t: ticket_called(dev, 10_006, t, {"id": "0190\ud800"}), "id"),
    "lone surrogate in the payload": (lambda dev, t: ticket_called(dev, 10_007, t, counter="L\udc801"),
                                      "payload.counter"),
    "NaN in the payload": (lambda dev, t: {**ticket_called(dev, 10_008, t), "payload": {
        "counter": "L1", "at": AT, "reason": None, "score": float("nan")}}, "payload.score"),
    "unknown event type": (lambda dev, t: crafted(dev, 10_009, "ticket_teleported", t, {"at": AT}), "type"),
    "wrong type of a value": (lambda dev, t: ticket_called(dev, 10_010, t, counter=["L1"]), "payload.counter"),
}


@pytest.mark.parametrize("case", list(POISON))
def test_poison_is_refused_with_a_reason_and_the_good_event_beside_it_is_stored(portal, site, make_counter, case):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    ticket = q.issue_ticket(counter.session, "DUK-KK")["id"]
    good = [e.as_dict() for e in syncstate.outbox(counter.session, 10)]
    assert [e["type"] for e in good] == ["ticket_issued"]
    make, field = POISON[case]
    poison = make(syncstate.device_id(counter.session), ticket)

    resp = push(portal, counter.token, [good[0], poison])
    assert resp.status_code == 200, resp.text
    first, second = resp.json()["results"]
    assert first["status"] == "accepted" and first["id"] == good[0]["id"]
    assert second["status"] == "rejected"
    assert second["reason"].startswith((f"{field}:", f"{field}.")), second["reason"]
    # the answer names each event by its id, a lone surrogate shown as its escape
    assert second["id"] == poison["id"].encode("utf-8", "backslashreplace").decode("utf-8")
    assert poison["id"] not in portal.event_ids(site)
    # pulls keep working, through the real client too; the poison never comes down
    page = pull(portal, counter.token)
    assert page.status_code == 200 and good[0]["id"] in {e["id"] for e in page.json()["events"]}
    q.call_next(counter.session, "L1")
    result = counter.sync()
    assert result["rejected"] == 0 and result["pending"] == 0


def test_a_change_to_another_sites_registration_is_refused(portal, site, make_counter):
    a = make_counter(portal, site, "K1")
    a.sync()
    reg = registration.register(a.session, registration.RegistrationInput(
        service="DUK-KK", name="Budi Santoso", nik=NIK, sex="L"))["registration_id"]
    a.sync()
    other = portal.new_site()
    token = portal.enrol(other, "K1")["token"]
    device = str(uuid.uuid4())
    change = crafted(device, 1, "application_status_changed", reg, {"from": "diterima", "to": "ditolak", "at": AT})
    result = push(portal, token, [change]).json()["results"][0]
    assert result["status"] == "rejected" and result["reason"].startswith(f"entity_id: registrasi {reg} belum ada")
    # the same change on the registration's own site is accepted
    registration.change_status(a.session, reg, "diverifikasi")
    assert a.sync()["accepted"] == 1


@pytest.mark.parametrize("body", [
    b'{"events": [' + b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"]}",   # deeper than the JSON parser goes
    b'{"events": [{"id": "\xff\xfe"}]}',                              # not UTF-8
    b'{"events": {"id": "x"}}',                                      # not a list
    b"[]",
    b"",
    b'{"events": [' + b"9" * 5000 + b"]}",                            # a number too long to read
])
def test_a_body_that_is_not_a_push_is_a_422_never_a_5xx(portal, site, make_counter, body):
    counter = make_counter(portal, site, "K1")
    resp = push(portal, counter.token, body=body)
    assert resp.status_code == 422, resp.text
    assert resp.json()["protocol"] == "loket-sync" and resp.json()["error"] == "invalid_request"


def test_items_that_are_not_events_are_rejected_one_by_one(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    resp = push(portal, counter.token, body=b'{"events": [1, "x", null, [], {"id": 5}, {"id": "\\udfff"}]}')
    assert resp.status_code == 200
    results = resp.json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * 6
    assert [r["id"] for r in results] == ["#0", "#1", "#2", "#3", "#4", "\\udfff"]
    assert all(r["reason"] for r in results)


def _store_as_an_older_portal_did(portal, site: str, device: str, seq: int, payload_json: str) -> str:
    """Write an event row straight into the portal's database, as the portal before these
    checks accepted it (its push stored any payload that parsed)."""
    event_id = uuid7()
    with portal.db.transaction() as tx:
        number = tx.next_seq(site)
        tx.execute(
            "INSERT INTO events (seq, id, site_code, device_id, device_seq, hlc, recorded_at, type, entity_id,"
            " payload, actor, prev_hash, hash, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (number, event_id, site, device, seq, format_hlc(1773622800000, seq), AT, "setting_changed",
             "catatan", payload_json, "budi", GENESIS, "0" * 64, AT))
    return event_id


def test_pull_leaves_out_stored_rows_it_cannot_send_and_moves_past_them(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    cursor = syncstate.state(counter.session)["cursor"]
    device = str(uuid.uuid4())
    bad = [
        _store_as_an_older_portal_did(portal, site, device, 1, canonical({"key": "x", "value": deep(900)})),
        _store_as_an_older_portal_did(portal, site, device, 2, canonical({"key": "x", "value": "y" * 1_900_000})),
        _store_as_an_older_portal_did(portal, site, device, 3, '{"key":"x","value":NaN}'),
        _store_as_an_older_portal_did(portal, site, device, 4, '{"key":'),
    ]
    q.issue_ticket(counter.session, "DUK-KK")
    counter.sync()  # a good event after the bad ones
    page = pull(portal, counter.token, cursor)
    assert page.status_code == 200, page.text
    ids = [e["id"] for e in page.json()["events"]]
    assert not set(bad) & set(ids) and len(ids) == 1
    assert page.json()["next_cursor"] > cursor and page.json()["more"] is False
    assert len(page.json()["left_out"]) == 4  # named, so a client can tell them from lost events
    assert counter.sync()["pending"] == 0  # and the real client goes on from there
    assert "left out" in portal.log.read_text(encoding="utf-8", errors="replace")


def test_a_pull_page_is_bounded_by_bytes_as_well_as_by_count(portal, site):
    token = portal.enrol(site, "K9")["token"]
    device, prev, events = str(uuid.uuid4()), GENESIS, []
    for seq in range(1, 61):  # 60 settings of about 60 KiB each: 3.6 MB in all
        event = crafted(device, seq, "setting_changed", f"catatan_{seq}",
                        {"key": f"catatan_{seq}", "value": "z" * 60_000}, prev)
        events.append(event)
        prev = event["hash"]
    for start in range(0, 60, 20):
        results = push(portal, token, events[start:start + 20]).json()["results"]
        assert {r["status"] for r in results} == {"accepted"}
    cursor, seen, pages = 0, [], 0
    while True:
        resp = pull(portal, token, cursor, limit=1000)
        body = resp.json()
        assert resp.status_code == 200 and len(resp.content) < PULL_PAGE_BYTES + 100_000
        seen += [e["id"] for e in body["events"]]
        cursor, pages = body["next_cursor"], pages + 1
        if not body["more"]:
            break
    assert [i for i in seen if i in {e["id"] for e in events}] == [e["id"] for e in events]
    assert pages >= 2


def test_the_portal_never_appends_an_event_of_its_own_that_breaks_the_schema(portal, site):
    from sync.portal.service import PortalError, append_portal_event

    before = portal.event_ids(site)
    with pytest.raises(PortalError, match="payload.reason: wajib ada"):
        with portal.db.transaction() as tx:
            append_portal_event(tx, site, "calendar_closed", "2026-03-20", {"day": "2026-03-20"})
    with portal.db.transaction() as tx:
        made = append_portal_event(tx, site, "calendar_closed", "2026-03-20",
                                   {"day": "2026-03-20", "reason": "rapat", "kind": "holiday"})
    assert portal.event_ids(site) == [*before, made["id"]]
