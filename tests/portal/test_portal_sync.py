"""The vertical slice: real portal process, real counters, push/pull, bookings, status, auth, 413."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from counter_app import bookings, registration, syncstate
from counter_app import queue as q
from counter_app.event_schemas import REQUIRES_ENTITY
from sync.client import AuthFailed, SyncError
from sync.portal import content

ROOT = Path(__file__).resolve().parents[2]

NIK = "3273011508900001"


def work(counter, n: int = 2) -> list[str]:
    """Some real counter activity: tickets, a call, registrations and a status change."""
    ids = []
    for _ in range(n):
        q.issue_ticket(counter.session, "DUK-KK")
        reg = registration.register(counter.session, registration.RegistrationInput(
            service="DUK-KK", name="Budi Santoso", nik=NIK, sex="L", requirements_complete=True))
        registration.change_status(counter.session, reg["registration_id"], "diverifikasi")
        ids.append(reg["registration_id"])
    q.call_next(counter.session, "L1")
    return ids


def test_push_then_pull_reaches_the_other_counter(portal, site, make_counter):
    a = make_counter(portal, site, "K1")
    b = make_counter(portal, site, "K2")
    first = a.sync()
    assert first["applied"] == 34 and first["pending"] == 0  # the catalogue came down
    regs = work(a)
    result = a.sync()
    assert result["rejected"] == 0 and result["pending"] == 0
    assert a.own_event_ids() <= set(portal.event_ids(site))
    b.sync()
    for reg in regs:
        assert registration.get_application(b.session, reg)["status"] == "diverifikasi"
    status = syncstate.status(a.session)
    assert status["pending"] == 0 and status["cursor"] > 0 and status["last_success"]
    assert a.sync()["accepted"] == 0  # nothing left to send, a second round is a no-op
    assert content.public_lookup(portal.db, regs[0], "1990-08-15")["status_label"] == "Persyaratan diverifikasi"


def test_booking_checked_in_keeps_online_data_and_status_flows_back(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    booking = content.create_booking(portal.db, {
        "site": site, "service": "DUK-KK", "date": "2026-03-17", "name": "Siti Aminah",
        "nik": "3273015508900002", "sex": "P", "phone": "081234567890", "address": "Jl. Merdeka 1"})
    counter.sync()
    result = bookings.checkin(counter.session, booking["code"])
    app = registration.get_application(counter.session, result["registration_id"])
    assert (app["name"], app["nik"], app["channel"], app["booking_code"], app["phone"]) == (
        "Siti Aminah", "3273015508900002", "online", booking["code"], "081234567890")
    with pytest.raises(Exception, match="sudah didaftarkan"):
        bookings.checkin(counter.session, booking["code"])
    counter.sync()
    assert content.lookup(portal.db, booking["code"])["code"] == result["registration_id"]
    portal.cli("application", "status", result["registration_id"], "diverifikasi")
    counter.sync()
    assert registration.get_application(counter.session, result["registration_id"])["status"] == "diverifikasi"


def test_token_of_site_a_cannot_read_or_write_site_b(portal, make_counter):
    site_a, site_b = portal.new_site(), portal.new_site()
    a = make_counter(portal, site_a, "K1")
    b = make_counter(portal, site_b, "K1")
    a.sync()
    b.sync()
    b_events = [e for e in _all_events(b) if e["id"] in b.own_event_ids()]
    assert b_events and set(e["id"] for e in b_events) <= set(portal.event_ids(site_b))
    headers = {"Authorization": f"Bearer {a.token}"}
    resp = requests.post(f"{portal.url}/api/v1/sync/push", json={"events": b_events}, headers=headers, timeout=5)
    assert resp.status_code == 200 and resp.json()["site"] == site_a
    assert {r["status"] for r in resp.json()["results"]} == {"rejected"}
    pulled = requests.get(f"{portal.url}/api/v1/sync/pull?cursor=0&limit=1000", headers=headers, timeout=5).json()
    assert pulled["site"] == site_a and pulled["events"]
    assert not {e["id"] for e in pulled["events"]} & set(portal.event_ids(site_b))


def _all_events(counter) -> list[dict]:
    from counter_app.events import Event

    return [Event.from_row(r).as_dict() for r in counter.session.store.query("SELECT * FROM events ORDER BY seq")]


def test_auth_errors_keep_the_outbox_and_are_protocol_answers(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    work(counter, 1)
    pending = syncstate.pending_count(counter.session)
    with pytest.raises(AuthFailed, match=f"{pending} event tetap tersimpan"):
        counter.sync(token="salah")
    assert syncstate.pending_count(counter.session) == pending
    resp = requests.get(f"{portal.url}/api/v1/sync/pull", timeout=5)
    assert resp.status_code == 401 and resp.json()["protocol"] == "loket-sync"


def test_unknown_paths_answer_404_in_the_right_format(portal):
    page = requests.get(f"{portal.url}/tidak-ada", timeout=5)
    assert page.status_code == 404 and "text/html" in page.headers["Content-Type"] and "404" in page.text
    api = requests.get(f"{portal.url}/api/v1/tidak-ada", timeout=5)
    assert api.status_code == 404 and api.json()["protocol"] == "loket-sync"


def test_oversized_payload_gets_413(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    body = b'{"events": [' + b" " * (3 * 1024 * 1024) + b"]}"
    resp = requests.post(f"{portal.url}/api/v1/sync/push", data=body, timeout=10,
                         headers={"Authorization": f"Bearer {counter.token}", "Content-Type": "application/json"})
    assert resp.status_code == 413 and resp.json()["error"] == "payload_too_large"


def test_one_bad_event_never_blocks_the_batch_and_the_chain_is_never_skipped(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    work(counter, 1)
    events = [e.as_dict() for e in syncstate.outbox(counter.session, 100)]
    tampered = dict(events[0], payload={**events[0]["payload"], "forged": True})
    batch = [tampered, {"id": "x", "nonsense": 1}, *events[1:]]
    resp = requests.post(f"{portal.url}/api/v1/sync/push", json={"events": batch}, timeout=5,
                         headers={"Authorization": f"Bearer {counter.token}"}).json()
    statuses = [r["status"] for r in resp["results"]]
    assert statuses[:2] == ["rejected", "rejected"] and "hash" in resp["results"][0]["reason"]
    # every other event of the batch is judged; the chain check never skips a link, so those
    # after the refused one are held (retry) until their predecessor comes; a change (to the
    # ticket the refused event made, to the held registration) also says the portal does not
    # know that entity yet
    later = resp["results"][2:]
    assert [(r["status"], r["retry"]) for r in later] == [("rejected", True)] * len(events[1:])
    assert all("ditahan" in r["reason"] for r in later)
    assert [r["reason"].startswith("entity_id:") for r in later] == [
        e["type"] in REQUIRES_ENTITY for e in events[1:]]
    assert not set(e["id"] for e in events) & set(portal.event_ids(site))
    counter.sync()  # the genuine first event goes up, and the held ones after it
    assert syncstate.pending_count(counter.session) == 0


def test_enrol_json_revoke_and_series_via_cli(portal, site):
    out = portal.cli("device", "enrol", "--site", site, "--name", "k7", "--json")
    data = json.loads(out.stdout)
    assert set(data) >= {"token", "series", "site"} and data["site"] == site
    again = portal.cli("device", "enrol", "--site", site, "--name", "K7", check=False)
    assert again.returncode != 0 and "sudah terdaftar" in again.stderr
    portal.cli("device", "revoke", "--site", site, "--name", "K7")
    resp = requests.get(f"{portal.url}/api/v1/device", headers={"Authorization": f"Bearer {data['token']}"}, timeout=5)
    assert resp.status_code == 401 and "dicabut" in resp.json()["detail"]
    renewed = json.loads(portal.cli("device", "enrol", "--site", site, "--name", "K7", "--json").stdout)
    assert renewed["series"] == data["series"] and renewed["token"] != data["token"]


def test_counter_cli_sync_run_and_status(portal, site, make_counter, tmp_path):
    counter = make_counter(portal, site, "K1")
    counter.close()
    loket = [sys.executable, "-c", "from counter_app.cli import main; main()", "--db", str(counter.path)]
    run = subprocess.run([*loket, "sync", "run", "--portal", portal.url, "--token", counter.token, "--json"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    status = json.loads(subprocess.run([*loket, "sync", "status", "--json"], cwd=ROOT, capture_output=True,
                                       text=True).stdout)
    assert set(status) == {"pending", "last_success", "cursor", "clock_offset_s", "quarantined", "last_error"}
    assert status["quarantined"] == 0
    assert status["pending"] == 0 and status["cursor"] >= 34 and isinstance(status["clock_offset_s"], float)
    bad = subprocess.run([*loket, "sync", "run", "--token", "salah"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and "tetap tersimpan" in bad.stderr
    counter.session = counter.session.open(counter.path)


def test_sync_error_without_portal_configured(tmp_path, fixed_now):
    from counter_app.session import Session
    from counter_app.site import init_site
    from sync.client import run_sync

    with Session.open(tmp_path / "c.sqlite3") as s:
        init_site(s, site_code="MPP-X", site_name="X")
        with pytest.raises(SyncError, match="alamat portal"):
            run_sync(s)


def test_background_sync_runs_rounds_off_the_calling_thread(portal, site, make_counter):
    import threading

    from sync.client import BackgroundSync

    counter = make_counter(portal, site, "K1")
    counter.sync()
    work(counter, 1)
    results: list = []
    done = threading.Event()

    def on_result(summary, error):
        results.append((threading.current_thread().name, summary, error))
        done.set()

    runner = BackgroundSync(counter.path, on_result, interval_s=0.05)
    runner.start()
    assert done.wait(20)
    runner.stop()
    name, summary, error = results[0]
    assert name == "loket-sync" and error is None and summary["pending"] == 0
    assert syncstate.pending_count(counter.session) == 0
