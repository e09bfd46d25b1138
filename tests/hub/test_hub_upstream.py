"""The hub relays the hall to the central portal: counters without internet of their own get
the portal's bookings and catalogue through the hub, and their events reach the portal."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import requests
from hubkit import SITE, HubServer, enrol, free_port, loket, loket_json, make_device

from counter_app.catalog import demo_catalog_rows
from sync.portal import content
from sync.portal.db import Database

PORTAL = [sys.executable, "-m", "sync.portal"]


def _wait(predicate, timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


@pytest.fixture
def portal(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
    db = tmp_path / "portal.sqlite3"
    subprocess.run([*PORTAL, "--db", str(db), "site", "add", SITE, "MPP Uji Hub"], check=True,
                   capture_output=True)
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(Database(db), catalog, SITE)
    port = free_port()
    proc = subprocess.Popen([*PORTAL, "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait(lambda: _up(url), what="portal up")
    yield db, url
    proc.kill()
    proc.wait()


def _up(url: str) -> bool:
    try:
        return requests.get(url + "/api/v1/health", timeout=0.5).ok
    except requests.RequestException:
        return False


def _portal_events(db) -> list[dict]:
    d = Database(db)
    try:
        with d.read() as tx:
            return tx.all("SELECT id, type, device_id FROM events WHERE site_code = ? ORDER BY seq", (SITE,))
    finally:
        d.close()


@pytest.mark.slow
def test_the_hub_carries_the_hall_to_the_portal_and_back(portal, tmp_path):
    portal_db, portal_url = portal
    enrolled = json.loads(subprocess.run(
        [*PORTAL, "--db", str(portal_db), "device", "enrol", "--site", SITE, "--name", "HUB", "--relay", "--json"],
        check=True, capture_output=True, text=True).stdout)
    assert enrolled["relay"] is True
    hub_db = make_device(tmp_path / "hub.sqlite3", "HUB", enrolled["series"])
    loket(hub_db, "sync", "run", "--portal", portal_url, "--token", enrolled["token"])  # the catalogue comes down
    server = HubServer(hub_db).start("serve", "--upstream-every", "0.5")
    try:
        counter = make_device(tmp_path / "k1.sqlite3", "K1", 7)  # no portal of its own
        loket(counter, "hub", "join", server.url, "--token", enrol(hub_db, "K1"))
        ticket, _ = loket_json(counter, "ticket", "issue", "--service", "DUK-KK")
        reg = loket(counter, "register", "--service", "DUK-KK", "--name", "Budi Santoso", "--nik",
                    "3273011508900001", "--sex", "L", "--requirements-complete", "--ticket", ticket["ticket"])
        reg_id = reg.stdout.split()[0]
        loket(counter, "hub", "sync")  # the counter's own registration goes to the hub ...
        _wait(lambda: any(e["type"] == "registration_created" for e in _portal_events(portal_db)),
              what="registration relayed to the portal")  # ... and the hub carries it up
        up = _portal_events(portal_db)
        assert {e["type"] for e in up} >= {"ticket_issued", "registration_created", "site_configured"}
        own = json.loads(loket(counter, "status", "--json").stdout)["device"]["id"]
        assert any(e["device_id"] == own for e in up)  # the counter's events, under its own id
        with Database(portal_db).read() as tx:  # sealed, with its key relayed beside it
            assert tx.scalar("SELECT count(*) AS n FROM record_keys WHERE entity_id = ?", (reg_id,)) == 1
            assert "3273011508900001" not in "".join(r["payload"] for r in tx.all("SELECT payload FROM events"))
        assert content.public_lookup(Database(portal_db), reg_id, "1990-08-15")["status"] == "diterima"

        booking = content.create_booking(Database(portal_db), {
            "site": SITE, "service": "DUK-KK", "date": "2026-03-17", "name": "Siti Aminah",
            "nik": "3273015508900002", "sex": "P", "phone": "081234567890"})

        def booked() -> bool:
            loket(counter, "hub", "sync")
            return booking["code"] in loket(counter, "booking", "list").stdout

        _wait(booked, what="booking brought down through the hub")
        checked, _ = loket_json(counter, "booking", "checkin", booking["code"])
        assert checked["booking_code"] == booking["code"]
        # the portal's sealed booking opened at the counter: its key came down through the hub
        shown, _ = loket_json(counter, "application", "show", checked["registration_id"])
        assert (shown["name"], shown["nik"]) == ("Siti Aminah", "3273015508900002")
        status, _ = loket_json(hub_db, "sync", "status")
        assert status["last_error"] is None
        _wait(lambda: loket_json(hub_db, "sync", "status")[0]["pending"] == 0, what="hub outbox empty")
        assert reg_id.startswith(SITE)
    finally:
        server.kill()
