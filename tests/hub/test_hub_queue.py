"""The site hub decides the hall's queue: a real ``loket hub serve`` process, members as
their own databases acting through the CLI and through ``sync.hub.client``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import requests
from hubkit import SITE, HubServer, enrol, loket, loket_json, make_device

from counter_app import hub, queue
from counter_app.conflicts import list_conflicts
from counter_app.digest import projection_digest
from counter_app.session import Session
from sync.hub import client as hub_client

NOW = "2026-03-16T08:00:00+07:00"


@pytest.fixture
def hall(tmp_path, monkeypatch):
    """A hub (with the catalogue), a kiosk and two counters joined to it."""
    monkeypatch.setenv("LOKET_NOW", NOW)
    hub_db = make_device(tmp_path / "hub.sqlite3", "HUB", 0, demo=True)
    server = HubServer(hub_db).start()
    devices = {}
    for series, code in enumerate(("KIOS", "K1", "K2"), start=1):
        db = make_device(tmp_path / f"{code.lower()}.sqlite3", code, series)
        token = enrol(hub_db, code)
        joined, _ = loket_json(db, "hub", "join", server.url, "--token", token)
        assert joined["site"] == SITE and joined["name"] == code
        devices[code] = db
    yield server, hub_db, devices
    server.kill()


def _digest(db) -> str:
    s = Session.open(db)
    try:
        return projection_digest(s)["digest"]
    finally:
        s.close()


def test_tickets_issued_at_the_kiosk_are_called_once_by_the_counters(hall):
    server, hub_db, d = hall
    issued = [loket_json(d["KIOS"], "ticket", "issue", "--service", "DUK-KTP")[0] for _ in range(3)]
    assert [t["ticket"] for t in issued] == ["A-001", "A-002", "A-003"]  # the hub's series: short numbers
    assert set(issued[0]) == {"ticket", "service", "issued_at", "waiting_before", "priority", "id"}
    first, run = loket_json(d["K1"], "queue", "call", "--counter", "1")
    assert run.stderr == "" and first["ticket"] == "A-001"
    second, _ = loket_json(d["K2"], "queue", "call", "--counter", "2")
    assert second["ticket"] == "A-002"
    # one active ticket per counter, site-wide: counter 1 still serves A-001
    busy = loket(d["K2"], "queue", "call", "--counter", "1", check=False)
    assert busy.returncode == 2 and "masih melayani A-001" in busy.stderr
    loket(d["K1"], "queue", "finish", "A-001")
    listed, _ = loket_json(d["K2"], "queue", "list")
    assert [(t["ticket"], t["status"]) for t in listed] == [
        ("A-001", "finished"), ("A-002", "called"), ("A-003", "waiting")]
    status, _ = loket_json(d["K1"], "hub", "status")
    assert status["mode"] == "connected" and status["hub"] == server.url and status["last_contact"]
    assert set(status) == {"mode", "hub", "last_contact", "pending"}
    assert loket_json(hub_db, "hub", "status")[0]["mode"] == "hub"
    # a registration made at one counter: its sealed personal data opens at every other member,
    # its key carried beside it through the hub (pushed to it, served in its pages)
    reg = loket(d["K1"], "register", "--service", "DUK-KTP", "--name", "Wayan Sukarmini", "--nik",
                "3273015508900002", "--sex", "P", "--address", "Jl. Melati Rahasia 7").stdout.split()[0]
    for db in (d["K1"], *d.values()):
        loket(db, "hub", "sync")
    for db in (d["K2"], hub_db):
        s = Session.open(db)
        try:
            assert tuple(s.store.one("SELECT name, nik, address FROM registrations WHERE id = ?", (reg,))) == (
                "Wayan Sukarmini", "3273015508900002", "Jl. Melati Rahasia 7")
            assert "3273015508900002" not in s.store.one(
                "SELECT payload FROM events WHERE entity_id = ? AND type = 'registration_created'", (reg,))[0]
        finally:
            s.close()
    digests = {_digest(db) for db in (*d.values(), hub_db)}
    assert len(digests) == 1


def test_nothing_on_the_lan_acts_without_a_token(hall):
    server, _, _ = hall
    assert requests.get(server.url + "/v1/health", timeout=5).json()["site"] == SITE
    for method, path in (("GET", "/v1/queue"), ("POST", "/v1/queue/call"), ("GET", "/v1/events"),
                         ("POST", "/v1/events"), ("GET", "/v1/stream")):
        for headers in ({}, {"Authorization": "Bearer salah"}):
            r = requests.request(method, server.url + path, headers=headers, json={}, timeout=5)
            assert r.status_code == 401, (method, path, r.status_code)


def test_a_token_is_bound_to_one_device(hall, tmp_path):
    server, hub_db, d = hall
    s = Session.open(d["K1"])
    try:
        token = hub.state(s)["token"]
    finally:
        s.close()
    thief = make_device(tmp_path / "thief.sqlite3", "K9", 9)
    run = loket(thief, "hub", "join", server.url, "--token", token, check=False)
    assert run.returncode == 2 and "perangkat lain" in run.stderr
    other_site = tmp_path / "other.sqlite3"
    s = Session.open(other_site)
    try:
        from counter_app.site import init_site

        init_site(s, site_code="MPP-LAIN", site_name="MPP Lain", device_code="K1", series=1)
    finally:
        s.close()
    run = loket(other_site, "hub", "join", server.url, "--token", enrol(hub_db, "X"), check=False)
    assert run.returncode == 2 and "MPP-LAIN" in run.stderr


@pytest.mark.slow
def test_hub_down_counters_go_on_alone_under_the_lease_rule_and_merge_without_double_calls(hall):
    server, hub_db, d = hall
    for _ in range(4):
        loket(d["KIOS"], "ticket", "issue", "--service", "DUK-KTP")
    loket(d["KIOS"], "ticket", "issue", "--service", "DUK-KK")
    loket(d["K1"], "queue", "call", "--counter", "1", "--service", "DUK-KTP")  # K1 gets the KTP lease
    loket(d["K2"], "queue", "call", "--counter", "2", "--service", "DUK-KK")   # K2 gets the KK lease
    for db in d.values():
        loket(db, "hub", "sync")
    leases, _ = loket_json(d["K2"], "hub", "leases")
    assert {r["service_code"]: r["counter"] for r in leases} == {"DUK-KTP": "1", "DUK-KK": "2"}

    server.kill()  # mid-morning: the hub PC is switched off
    loket(d["K1"], "queue", "finish", "A-001")
    loket(d["K2"], "queue", "finish", "B-001")
    alone, run = loket_json(d["K2"], "queue", "call", "--counter", "2")
    assert "mode mandiri" in run.stderr
    assert alone is None  # KTP tickets belong to K1's lease: K2 may not call them
    walk_in, _ = loket_json(d["K2"], "ticket", "issue", "--service", "POL-SKCK")  # nobody's lease
    own, _ = loket_json(d["K2"], "queue", "call", "--counter", "2")
    assert own["ticket"] == walk_in["ticket"] == "S-3001"  # a ticket K2 issued itself
    loket(d["K2"], "queue", "finish", own["ticket"])
    k1_calls = []
    for _ in range(3):
        t, run = loket_json(d["K1"], "queue", "call", "--counter", "1")
        assert "mode mandiri" in run.stderr
        k1_calls.append(t["ticket"])
        loket(d["K1"], "queue", "finish", t["ticket"])
    assert k1_calls == ["A-002", "A-003", "A-004"]
    kiosk, run = loket_json(d["KIOS"], "ticket", "issue", "--service", "DUK-KK")
    assert kiosk["ticket"] == "B-1001" and "mode mandiri" in run.stderr  # the kiosk's own series
    assert loket_json(d["K1"], "hub", "status")[0]["mode"] == "standalone"

    server.start()  # back: everything merges through the log
    for _ in range(2):
        for db in d.values():
            loket(db, "hub", "sync")
    digests = {_digest(db) for db in (*d.values(), hub_db)}
    assert len(digests) == 1
    s = Session.open(hub_db)
    try:
        assert list_conflicts(s) == []
        calls = s.store.query("SELECT entity_id, count(*) AS n FROM events WHERE type = 'ticket_called'"
                              " GROUP BY entity_id HAVING n > 1")
        assert calls == []
        assert {t["ticket"] for t in queue.list_queue(s)} == {
            "A-001", "A-002", "A-003", "A-004", "B-001", "B-1001", "S-3001"}
    finally:
        s.close()
    # the kiosk's offline ticket is now callable through the hub, by anyone serving KK
    t, run = loket_json(d["K2"], "queue", "call", "--counter", "2")
    assert t["ticket"] == "B-1001" and run.stderr == ""


@pytest.mark.slow
def test_a_promoted_hub_fences_the_old_one(hall, tmp_path):
    server, hub_db, d = hall
    loket(d["KIOS"], "ticket", "issue", "--service", "DUK-KTP")
    loket(d["K2"], "hub", "sync")
    server.kill()  # the hub PC died; the supervisor promotes K2's installation
    standby = HubServer(d["K2"]).start("promote")
    try:
        s = Session.open(d["K2"])
        try:
            assert hub.current_epoch(s)["epoch"] == 2
            token = hub.enrol(s, "K1")["token"]
        finally:
            s.close()
        loket(d["K1"], "hub", "join", standby.url, "--token", token)
        called, run = loket_json(d["K1"], "queue", "call", "--counter", "1")
        assert called["ticket"] == "A-001" and run.stderr == ""
        # the old hub comes back: a device that knows epoch 2 hands it over, and the old hub
        # then refuses to decide
        server.start()
        s = Session.open(d["K1"])
        try:
            client = hub_client.HubClient(server.url, enrol(hub_db, "K1b"))
            client.hello("probe-device")
            with pytest.raises(hub_client.HubUnavailable, match="digantikan"):
                hub_client._fence_old_hub(s, client, 1)
            client.close()
        finally:
            s.close()
        kiosk = loket(d["KIOS"], "ticket", "issue", "--service", "DUK-KTP", check=False)
        assert "mode mandiri" in kiosk.stderr and "digantikan" in kiosk.stderr
    finally:
        standby.kill()


WORKER = textwrap.dedent("""
    import json, os, sys, time
    from counter_app.actors import Actor
    from counter_app.session import Session
    from sync.hub.client import act
    db, counter, go = sys.argv[1], sys.argv[2], sys.argv[3]
    s = Session.open(db, Actor("petugas" + counter, "frontliner"))
    while not os.path.exists(go):  # every counter starts pressing at the same moment
        time.sleep(0.01)
    called = []
    while True:
        t = act(s, "call", {"counter": counter}, lambda reason: sys.exit("mode mandiri: " + reason))
        if t is None:
            break
        called.append(t["ticket"])
        act(s, "finish", {"ticket": t["id"]}, lambda reason: sys.exit("mode mandiri: " + reason))
    print(json.dumps(called))
""")


@pytest.mark.slow
def test_twenty_counters_calling_at_once_never_call_a_ticket_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_NOW", NOW)
    hub_db = make_device(tmp_path / "hub.sqlite3", "HUB", 0, demo=True)
    s = Session.open(hub_db)
    try:
        for i in range(2000):
            queue.issue_ticket(s, ("DUK-KTP", "DUK-KK", "POL-SKCK", "SAM-PKB")[i % 4])
    finally:
        s.close()
    server = HubServer(hub_db).start()
    try:
        workers = []
        go = tmp_path / "go"
        for n in range(1, 21):
            db = make_device(tmp_path / f"c{n}.sqlite3", f"C{n}", n)
            s = Session.open(db)
            try:
                hub_client.join(s, server.url, enrol(hub_db, f"C{n}"))
            finally:
                s.close()
            workers.append(subprocess.Popen([sys.executable, "-c", WORKER, str(db), str(n), str(go)],
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        go.touch()
        results = []
        for w in workers:
            out, err = w.communicate(timeout=600)
            assert w.returncode == 0, err
            results.append(json.loads(out))
    finally:
        server.kill()
    called = [t for r in results for t in r]
    assert len(called) == 2000 and len(set(called)) == 2000
    assert sum(1 for r in results if r) >= 2  # they really did press at the same time
    s = Session.open(hub_db)
    try:
        assert s.store.scalar("SELECT count(*) FROM events WHERE type = 'ticket_called'") == 2000
        assert s.store.scalar("SELECT count(*) FROM tickets WHERE status != 'finished'") == 0
        assert list_conflicts(s) == []
    finally:
        s.close()


def test_a_hub_served_over_https_is_joined_with_the_sites_ca_and_refused_without(tmp_path, monkeypatch):
    import shutil

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate (.ci/run installs it)")
    monkeypatch.setenv("LOKET_NOW", NOW)
    cert, key = tmp_path / "hub.pem", tmp_path / "hub.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=Loket hub uji", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    hub_db = make_device(tmp_path / "hub.sqlite3", "HUB", 0, demo=True)
    server = HubServer(hub_db)
    server.proc = subprocess.Popen(
        [*hubkit_cli(), "--db", str(hub_db), "hub", "serve", "--host", "127.0.0.1", "--port", str(server.port),
         "--no-announce", "--tls-cert", str(cert), "--tls-key", str(key)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"https://127.0.0.1:{server.port}"
    try:
        import time

        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "/v1/health", verify=str(cert), timeout=0.5)
                break
            except requests.RequestException:
                assert time.monotonic() < deadline, "the HTTPS hub did not answer"
                time.sleep(0.1)
        member = make_device(tmp_path / "k1.sqlite3", "K1", 1)
        refused = loket(member, "hub", "join", url, "--token", enrol(hub_db, "K1"), check=False)
        assert refused.returncode == 1 and "SSLError" in refused.stderr  # an unknown certificate
        joined, _ = loket_json(member, "hub", "join", url, "--token", enrol(hub_db, "K1b"), "--ca", str(cert))
        assert joined["site"] == SITE
        t, run = loket_json(member, "ticket", "issue", "--service", "DUK-KTP")
        assert t["ticket"] == "A-001" and run.stderr == ""
        from counter_app.printjobs import ticket_slip

        s = Session.open(member)
        try:
            slip = ticket_slip(s, t["ticket"])
        finally:
            s.close()
        assert slip["position_url"] == f"{url}/q/{t['id']}" and slip["standalone_note"] is None
        page = requests.get(slip["position_url"], verify=str(cert), timeout=5)  # the citizen's phone
        assert page.status_code == 200 and "A-001" in page.text and "antrean di depan Anda" in page.text
        assert "Budi" not in page.text and t["id"] not in page.text.split("<body>")[1]
    finally:
        server.kill()


def hubkit_cli():
    from hubkit import CLI

    return CLI


def test_an_unattended_hub_restarts_without_an_officer_but_promotion_needs_one(hall, tmp_path):
    server, hub_db, d = hall
    from counter_app import users

    s = Session.open(hub_db)
    try:
        users.create_user(s, "admin", "rahasia-admin", "admin")
        users.create_user(s, "budi", "rahasia-budi", "frontliner")
    finally:
        s.close()
    server.kill()
    server.start()  # a reboot: no --user, no password typed at the hub PC
    t, run = loket_json(d["KIOS"], "ticket", "issue", "--service", "DUK-KTP")
    assert t["ticket"] == "A-001" and run.stderr == ""
    server.kill()
    refused = loket(hub_db, "hub", "promote", "--no-announce", "--port", "1", check=False)
    assert refused.returncode != 0 and "--user" in refused.stderr
    frontliner = loket(hub_db, "--user", "budi", "hub", "promote", "--no-announce", "--port", "1",
                       env={"LOKET_PASSWORD": "rahasia-budi"}, check=False)
    assert frontliner.returncode == 2 and "tidak berwenang" in frontliner.stderr


@pytest.mark.slow
def test_after_a_restart_a_lease_holders_tickets_wait_for_it_to_be_back(hall):
    """Right after the hub comes back, the tickets of a service whose holder has not been
    heard from yet (it may have called some alone) go to nobody else."""
    server, hub_db, d = hall
    for _ in range(3):
        loket(d["KIOS"], "ticket", "issue", "--service", "DUK-KTP")
    loket(d["K1"], "queue", "call", "--counter", "1", "--service", "DUK-KTP")  # K1 holds the lease
    loket(d["K1"], "queue", "finish", "A-001")
    loket(d["K1"], "hub", "sync")
    server.kill()
    alone, _ = loket_json(d["K1"], "queue", "call", "--counter", "1")
    assert alone["ticket"] == "A-002"  # called alone; the hub does not know yet
    server.start()
    other, run = loket_json(d["K2"], "queue", "call", "--counter", "2", "--service", "DUK-KTP")
    assert other is None and run.stderr == ""  # not A-002 again: K1 has not been heard from
    loket(d["K1"], "hub", "sync")  # K1 is back and pushes what it did
    other, _ = loket_json(d["K2"], "queue", "call", "--counter", "2", "--service", "DUK-KTP")
    assert other["ticket"] == "A-003"
    s = Session.open(hub_db)
    try:
        assert list_conflicts(s) == []
    finally:
        s.close()
