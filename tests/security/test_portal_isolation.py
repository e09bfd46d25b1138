"""Issue 15, isolation by construction: a device of one site can neither change another site's
data on the portal, nor claim its numbers, nor learn which event ids it holds."""

from __future__ import annotations

import re

import portal_kit
import requests
from portal_kit import Forger

from counter_app import registration, syncstate
from counter_app.events import uuid7
from sync.portal import content

portal, site, make_counter = portal_kit.portal, portal_kit.site, portal_kit.make_counter  # fixtures

NIK = "3273011508900001"
BIRTH = "1990-08-15"  # the NIK's


def register(counter) -> str:
    return registration.register(counter.session, registration.RegistrationInput(
        service="DUK-KK", name="Budi Santoso", nik=NIK, sex="L", requirements_complete=True))["registration_id"]


def own_event(counter, type: str) -> dict:
    return next(e.as_dict() for e in syncstate.outbox(counter.session, 1000) if e.type == type)


def status_page(portal, code: str) -> str:
    """What the applicant reads on the public status page (code and birth date posted)."""
    http = requests.Session()
    form = http.get(f"{portal.url}/status/{code}", timeout=10).text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    page = http.post(f"{portal.url}/status", data={"code": code, "birth_date": BIRTH, "csrf": token}, timeout=10)
    assert page.status_code == 200, page.text
    return re.sub(r'name="csrf" value="[^"]+"', "", page.text)


def test_cross_site_write_is_refused_and_site_a_is_unchanged(portal, site, make_counter):
    a = make_counter(portal, site, "K1")
    a.sync()
    reg = register(a)
    created = own_event(a, "registration_created")
    assert a.sync()["accepted"] >= 1
    before = content.lookup(portal.db, reg)
    page_before = status_page(portal, reg)

    other = portal.new_site("MPP Lain")
    b = Forger(portal, other, "K1")
    # B first makes "its own" registration with A's number (so the entity check alone would
    # pass), then changes it: neither is stored, A's application does not move
    claim = b.event("registration_created", reg, created["payload"])
    change = b.event("application_status_changed", reg, {"from": "diterima", "to": "ditolak",
                                                         "at": created["payload"]["at"], "note": "iseng"},
                     head=(claim["device_seq"], claim["hash"]))
    results = b.push([claim, change])
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert results[0]["reason"].startswith("entity_id:") and other in results[0]["reason"]
    assert content.lookup(portal.db, reg) == before and before["status"] == "diterima"
    assert status_page(portal, reg) == page_before
    assert not {claim["id"], change["id"]} & set(portal.event_ids())
    # and the genuine site goes on: A's own change is the one that counts
    registration.change_status(a.session, reg, "diverifikasi")
    assert a.sync()["rejected"] == 0
    assert content.lookup(portal.db, reg)["status"] == "diverifikasi"
    assert "Persyaratan diverifikasi" in status_page(portal, reg)


def test_pre_claimed_numbers_of_another_site_or_device_are_refused(portal, site, make_counter):
    a = make_counter(portal, site, "K1")
    a.sync()
    first = register(a)
    payload = own_event(a, "registration_created")["payload"]
    a.sync()
    prefix, number = first.rsplit("-", 1)
    upcoming = [f"{prefix}-{int(number) + n:04d}" for n in (1, 2)]  # A's next numbers, predictable

    b = Forger(portal, portal.new_site("MPP Lain"), "K1")
    refused = b.push([b.event("registration_created", upcoming[0], payload)])[0]
    assert refused["status"] == "rejected" and f"bukan nomor lokasi {b.enrolment['site']}" in refused["reason"]

    colleague = Forger(portal, site, "K2")  # another device of A's own site, with K1's device code
    refused = colleague.push([colleague.event("registration_created", upcoming[1], payload)])[0]
    assert refused["status"] == "rejected" and "milik perangkat lain" in refused["reason"]

    # A's own next numbers are A's, on the portal and on its status page
    assert [register(a), register(a)] == upcoming
    assert a.sync()["rejected"] == 0
    for reg in upcoming:
        found = content.lookup(portal.db, reg)
        assert found["site"] == site and found["status"] == "diterima"


def test_event_id_existence_oracle_gives_the_same_answer_across_sites(portal, site, make_counter):
    a = make_counter(portal, site, "K1")
    a.sync()
    register(a)
    a_ids = [e.id for e in syncstate.outbox(a.session, 100)]
    a.sync()
    assert set(a_ids) <= set(portal.event_ids(site))

    b = Forger(portal, portal.new_site("MPP Lain"), "K1")
    payload = {"key": "catatan", "value": "x"}
    taken = b.event("setting_changed", "catatan", payload, event_id=a_ids[0])
    fresh = b.event("setting_changed", "catatan", payload, event_id=uuid7(),
                    head=(taken["device_seq"], taken["hash"]))
    answers = b.push([taken, fresh])
    # an id A holds and an id nobody holds: the same answer, nothing but B's own numbering in it
    assert [(r["status"], r["reason"]) for r in answers] == [("accepted", None)] * 2
    with portal.db.read() as tx:
        rows = tx.all("SELECT site_code, type FROM events WHERE id = ? ORDER BY site_code", (a_ids[0],))
    assert sorted(r["site_code"] for r in rows) == sorted([site, b.enrolment["site"]])
    assert next(r for r in rows if r["site_code"] == site)["type"] != "setting_changed"  # A's event untouched
    # each site reads only its own event under that id
    before = syncstate.state(a.session)["cursor"]
    a.sync()
    assert syncstate.state(a.session)["cursor"] == before  # nothing of B's came down to A
