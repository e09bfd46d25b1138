"""Sealed personal data on every sync path (issue 15): the keys travel beside their events
counter → portal → counter and on USB bundles, the portal stores no applicant's data in plain
text, holds a pushed event's personal fields to their schema with its key, and the bundle on
the stick is encrypted."""

from __future__ import annotations

import base64
import json

import requests
from portal_reads import portal_rows, pulled

from counter_app import bookings, catalog, personal, registration, syncstate
from counter_app.events import event_hash
from sync import bundle
from sync.portal import content

NIK = "3273015508900002"   # born 15-08-1990 (a woman: day + 40)
BIRTH = "1990-08-15"
NAME = "Wayan Sukarmini"
ADDRESS = "Jl. Melati Rahasia 7"
PHONE = "081298765432"


def register(counter, nik: str = NIK, name: str = NAME, address: str = ADDRESS) -> str:
    return registration.register(counter.session, registration.RegistrationInput(
        service="DUK-KK", name=name, nik=nik, sex="P", address=address, phone=PHONE,
        requirements_complete=True))["registration_id"]


def test_a_registration_reaches_the_other_counter_with_its_key_and_the_portal_keeps_no_plain_text(
        portal, site, make_counter):
    a = make_counter(portal, site, "K1")
    b = make_counter(portal, site, "K2")
    a.sync()
    reg = register(a)
    assert a.sync()["rejected"] == 0
    b.sync()
    app = registration.get_application(b.session, reg)
    assert (app["name"], app["nik"], app["address"], app["phone"]) == (NAME, NIK, ADDRESS, PHONE)

    rows = portal_rows(portal)
    for secret in (NIK, NAME, ADDRESS, PHONE, "Sukarmini"):
        assert secret not in rows, secret
    event = next(e for e in pulled(portal, b.token) if e["entity_id"] == reg)
    key_id = event["payload"]["sealed"]["key"]
    assert set(event["keys"]) == {key_id}  # the key travels beside its event, not in it
    assert personal.open_sealed("registration_created", event["payload"],
                                personal.key_bytes(event["keys"][key_id]))["nik"] == NIK
    with portal.db.read() as tx:
        assert tx.all("SELECT site_code, entity_id FROM record_keys WHERE key_id = ?", (key_id,)) == [
            {"site_code": site, "entity_id": reg}]
    # the portal read the birth date the NIK encodes through the key: the status page works
    assert content.public_lookup(portal.db, reg, BIRTH)["status"] == "diterima"


def test_an_online_booking_is_sealed_by_the_portal_and_opened_at_the_counter(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    booking = content.create_booking(portal.db, {"site": site, "service": "DUK-KK", "date": "2026-03-17",
                                                 "name": NAME, "nik": NIK, "sex": "P", "address": ADDRESS})
    assert booking["name"] == NAME  # the citizen's confirmation page shows what was typed
    assert NIK not in portal_rows(portal) and ADDRESS not in portal_rows(portal)
    counter.sync()
    checked = bookings.checkin(counter.session, booking["code"])
    app = registration.get_application(counter.session, checked["registration_id"])
    assert (app["name"], app["nik"], app["address"]) == (NAME, NIK, ADDRESS)
    assert content.public_lookup(portal.db, booking["code"], BIRTH)["status"] == "dipesan"


def _resealed(event: dict, key: str, **changes) -> dict:
    """The event with its personal fields changed and sealed again under the same key, hash right."""
    key_id = event["payload"]["sealed"]["key"]
    plain = personal.open_sealed(event["type"], event["payload"], personal.key_bytes(key))
    payload = personal.seal(event["type"], {**plain, **changes}, key_id, personal.key_bytes(key))
    changed = {**event, "payload": payload, "keys": {key_id: key}}
    changed["hash"] = event_hash(**changed)
    return changed


def test_with_its_key_a_pushed_event_is_held_to_its_whole_schema_and_a_wrong_key_is_refused(
        portal, site, make_counter):
    counter = make_counter(portal, site, "K3")
    catalog.import_services(counter.session, catalog.demo_catalog_rows())  # its outbox stays as it is
    register(counter)
    events = [e.as_dict() for e in syncstate.outbox(counter.session, 100)]
    reg = next(e for e in events if e["type"] == "registration_created")
    key = next(iter(reg["keys"].values()))
    headers = {"Authorization": f"Bearer {counter.token}"}

    def push(*batch: dict) -> list[dict]:
        resp = requests.post(f"{portal.url}/api/v1/sync/push", json={"events": list(batch)}, headers=headers,
                             timeout=10)
        assert resp.status_code == 200, resp.text
        return resp.json()["results"]

    # a personal field that breaks the schema, sealed: refused, naming the field, though the
    # payload checked without its key (as it reads erased) is well-formed
    bad = _resealed(reg, key, birth_date="kemarin")
    assert personal.sealed_key_id(bad["payload"]) and "kemarin" not in json.dumps(bad)
    first = push(*[e for e in events if e["device_seq"] < reg["device_seq"]], bad)[-1]
    assert first["status"] == "rejected" and first["reason"].startswith("payload.birth_date"), first
    # a key that does not open the box, and text that is no key
    other = base64.b64encode(bytes(32)).decode()
    assert "tidak membuka" in push({**reg, "keys": {reg["payload"]["sealed"]["key"]: other}})[0]["reason"]
    assert "bukan kunci" in push({**reg, "keys": {reg["payload"]["sealed"]["key"]: "bukan-kunci"}})[0]["reason"]
    with portal.db.read() as tx:
        assert tx.scalar("SELECT count(*) AS n FROM record_keys WHERE entity_id = ?", (reg["entity_id"],)) == 0


def test_an_event_first_pushed_without_its_key_gets_it_later_and_keys_for_other_ids_are_ignored(
        portal, site, make_counter):
    counter = make_counter(portal, site, "K4")
    catalog.import_services(counter.session, catalog.demo_catalog_rows())
    reg = register(counter)
    events = [e.as_dict() for e in syncstate.outbox(counter.session, 100)]
    headers = {"Authorization": f"Bearer {counter.token}"}
    stray = {"0190aaaa-0000-7000-8000-000000000000": base64.b64encode(bytes(32)).decode()}
    bare = [{k: v for k, v in e.items() if k != "keys"} | ({"keys": stray} if e["entity_id"] == reg else {})
            for e in events]
    resp = requests.post(f"{portal.url}/api/v1/sync/push", json={"events": bare}, headers=headers, timeout=10)
    assert {r["status"] for r in resp.json()["results"]} == {"accepted"}
    with portal.db.read() as tx:
        assert tx.scalar("SELECT count(*) AS n FROM record_keys WHERE site_code = ?", (site,)) == 0
    assert content.public_lookup(portal.db, reg, BIRTH) is None  # nothing to check the birth date with
    # a copy with the stored id and hash but another payload, sealed under a key of its own:
    # answered as before, its key not kept (the key must open the stored event)
    created = next(e for e in events if e["entity_id"] == reg and e["type"] == "registration_created")
    key_id = created["payload"]["sealed"]["key"]
    plain = personal.open_sealed(created["type"], created["payload"], personal.key_bytes(created["keys"][key_id]))
    mine = bytes(range(32))
    forged = {**created, "payload": personal.seal(created["type"], {**plain, "name": "Orang Lain"}, key_id, mine),
              "keys": {key_id: personal.key_text(mine)}}
    resp = requests.post(f"{portal.url}/api/v1/sync/push", json={"events": [forged]}, headers=headers, timeout=10)
    assert resp.json()["results"][0]["status"] == "duplicate"
    with portal.db.read() as tx:
        assert tx.scalar("SELECT count(*) AS n FROM record_keys WHERE site_code = ?", (site,)) == 0
    # a later copy (e.g. relayed by a device that holds the key) brings it: kept, and projected
    resp = requests.post(f"{portal.url}/api/v1/sync/push", json={"events": events}, headers=headers, timeout=10)
    assert {r["status"] for r in resp.json()["results"]} == {"duplicate"}
    with portal.db.read() as tx:
        assert tx.scalar("SELECT count(*) AS n FROM record_keys WHERE site_code = ?", (site,)) == 1
    assert content.public_lookup(portal.db, reg, BIRTH)["status"] == "diterima"


def test_a_usb_bundle_is_encrypted_carries_the_keys_and_round_trips(portal, site, make_counter, tmp_path):
    sat1 = make_counter(portal, site, "SAT1", url="http://127.0.0.1:9")  # never reachable
    sat2 = make_counter(portal, site, "SAT2", url="http://127.0.0.1:9")
    booking = content.create_booking(portal.db, {"site": site, "service": "DUK-KK", "date": "2026-03-17",
                                                 "name": "Siti Aminah", "nik": "3273015508900010", "sex": "P",
                                                 "address": "Jl. Kenanga 1"})
    down = tmp_path / "to-counters.loket"
    portal.cli("export", "--site", site, "--out", str(down))
    assert b"Siti Aminah" not in down.read_bytes() and b"3273015508900010" not in down.read_bytes()
    bundle.import_site_bundle(sat1.session, down, sat1.token)
    row = sat1.session.store.one("SELECT data FROM bookings WHERE code = ?", (booking["code"],))
    assert json.loads(row["data"])["name"] == "Siti Aminah"  # its key came in the bundle

    reg = register(sat1)
    up = tmp_path / "to-portal.loket"
    bundle.export_outbox(sat1.session, up)
    raw = up.read_bytes()
    key = sat1.session.store.one("SELECT key FROM record_keys WHERE entity_id = ?", (reg,))["key"]
    for secret in (NIK.encode(), NAME.encode(), ADDRESS.encode(), b"Sukarmini", personal.key_text(key).encode()):
        assert secret not in raw, secret
    doc = json.loads(raw)
    assert doc["version"] == 2 and set(doc) == {"format", "version", "cipher", "recipients", "box", "signatures"}
    result = json.loads(portal.cli("import", str(up), "--json").stdout)
    assert result["rejected"] == 0 and result["accepted"] >= 1
    assert content.public_lookup(portal.db, reg, BIRTH)["status"] == "diterima"  # the key reached the portal

    portal.cli("export", "--site", site, "--out", str(down))
    assert NIK.encode() not in down.read_bytes()
    bundle.import_site_bundle(sat2.session, down, sat2.token)
    assert registration.get_application(sat2.session, reg)["nik"] == NIK  # and the other satellite
    # a bundle for the site's devices does not open with another site's device key
    stranger = portal.enrol(portal.new_site(), "SAT9")
    assert bundle.key_id(bundle.bundle_key(stranger["token"])) not in json.loads(down.read_text())["recipients"]


def test_a_signed_only_bundle_of_the_older_format_is_still_read(portal, site, make_counter, tmp_path):
    counter = make_counter(portal, site, "SAT5", url="http://127.0.0.1:9")
    catalog.import_services(counter.session, catalog.demo_catalog_rows())
    register(counter)
    up = tmp_path / "new.loket"
    bundle.export_outbox(counter.session, up, counter.token)
    key = bundle.bundle_key(counter.token)
    body = bundle.verify(bundle.read_bundle(up), key)
    body = {**body, "events": [{k: v for k, v in e.items() if k != "keys"} for e in body["events"]]}
    old = tmp_path / "old.loket"  # what an app of before 2026-12 wrote: signed, not encrypted
    old.write_text(json.dumps({"format": "loket-bundle", "version": 1, "body": body,
                               "signatures": {bundle.key_id(key): bundle._mac(key, body)}}))
    result = json.loads(portal.cli("import", str(old), "--json").stdout)
    assert (result["accepted"], result["rejected"]) == (len(body["events"]), 0)
    body["events"][0]["actor"] = "orang-lain"
    old.write_text(json.dumps({**json.loads(old.read_text()), "body": body}))
    refused = portal.cli("import", str(old), check=False)
    assert refused.returncode == 1 and "diubah" in refused.stderr
