"""A hall on a real LAN: the hub, a kiosk, three counters and a display as separate processes
with their own database files, each on its own address (network namespaces on a bridge
where this machine allows them, loopback addresses otherwise). Mid-morning the hub is cut
off (cable pulled, then frozen, then killed) and later comes back: no ticket is called
twice, none is lost, every device ends with the same digest."""

from __future__ import annotations

import json
import sys
import textwrap
import time

import pytest
from hubkit import CLI, enrol, make_device

NOW = "2026-03-16T09:00:00+07:00"
PORT = 8766

FOLLOWER = textwrap.dedent("""
    import signal, sys, time
    from sync.hub.client import BackgroundHub
    loop = BackgroundHub(sys.argv[1])
    loop.start()
    signal.signal(signal.SIGTERM, lambda *a: (loop.stop(), sys.exit(0)))
    while True:
        time.sleep(1)
""")


def _json(host, db, *args):
    run = host.run([*CLI, "--db", str(db), *args, "--json"], env={"LOKET_NOW": NOW})
    assert run.returncode == 0, f"{host.name}: {args}: {run.stderr}"
    return json.loads(run.stdout), run.stderr


def _cli(host, db, *args):
    run = host.run([*CLI, "--db", str(db), *args], env={"LOKET_NOW": NOW})
    assert run.returncode == 0, f"{host.name}: {args}: {run.stderr}"
    return run


def _serve(hub_host, hub_db):
    return hub_host.popen([*CLI, "--db", str(hub_db), "hub", "serve", "--host", hub_host.address,
                           "--port", str(PORT), "--no-announce"], env={"LOKET_NOW": NOW}, name="hub",
                          port=PORT, timeout=60)


def _digest(host, db) -> str:
    return _json(host, db, "db", "digest")[0]["digest"]


@pytest.mark.slow
def test_a_hall_survives_its_hub_being_cut_off_mid_morning(lan):
    hub_host = lan.add_host("hub")
    hosts = {name: lan.add_host(name) for name in ("kiosk", "k1", "k2", "k3", "tv")}
    hub_db = make_device(hub_host.dir / "hub.sqlite3", "HUB", 0, demo=True)
    dbs = {}
    for series, (name, host) in enumerate(hosts.items(), start=1):
        dbs[name] = make_device(host.dir / f"{name}.sqlite3", name.upper(), series)
    server = _serve(hub_host, hub_db)
    url = hub_host.url(PORT)
    for name, host in hosts.items():
        _cli(host, dbs[name], "hub", "join", url, "--token", enrol(hub_db, name.upper()))
    tv = hosts["tv"].popen([sys.executable, "-c", FOLLOWER, str(dbs["tv"])], name="display")

    kiosk, k = hosts["kiosk"], dbs["kiosk"]
    services = {"k1": "DUK-KTP", "k2": "DUK-KK", "k3": "POL-SKCK"}
    for service in ("DUK-KTP", "DUK-KK", "POL-SKCK") * 3:
        _cli(kiosk, k, "ticket", "issue", "--service", service)
    for name, service in services.items():  # each counter opens on its service: it gets the lease
        t, err = _json(hosts[name], dbs[name], "queue", "call", "--counter", name[1], "--service", service)
        assert err == "" and t["service"] == service
        _cli(hosts[name], dbs[name], "queue", "finish", t["ticket"])
    for name in services:
        _cli(hosts[name], dbs[name], "hub", "sync")

    # mid-morning: first the cable, then the process freezes, then it dies
    outage = [("cable", hub_host.isolate if not lan.real else hub_host.link_down),
              ("frozen", server.stop), ("killed", server.kill)]
    for what, cut in outage:
        if what == "frozen" and lan.real:
            hub_host.link_up()
        cut()
        for name, service in services.items():
            t, err = _json(hosts[name], dbs[name], "queue", "call", "--counter", name[1])
            assert "mode mandiri" in err, (what, err)
            if t is not None:
                assert t["service"] == service  # only its own lease's tickets
                _cli(hosts[name], dbs[name], "queue", "finish", t["ticket"])
        issued, err = _json(kiosk, k, "ticket", "issue", "--service", "DUK-KTP")
        assert "mode mandiri" in err and issued["ticket"].startswith("A-1")  # the kiosk's own series
        if what == "cable" and not lan.real:
            hub_host.rejoin()
    status, _ = _json(hosts["k1"], dbs["k1"], "hub", "status")
    assert status["mode"] == "standalone"

    server = _serve(hub_host, hub_db)  # back
    for _ in range(2):
        for name, host in hosts.items():
            if name != "tv":
                _cli(host, dbs[name], "hub", "sync")
    # the counters now serve what was issued while the hub was away, through the hub again
    for name in services:
        while True:
            t, err = _json(hosts[name], dbs[name], "queue", "call", "--counter", name[1], "--service", services[name])
            assert err == ""
            if t is None:
                break
            _cli(hosts[name], dbs[name], "queue", "finish", t["ticket"])
    for name, host in hosts.items():
        if name != "tv":
            _cli(host, dbs[name], "hub", "sync")

    def settled() -> bool:
        return len({_digest(h, dbs[n]) for n, h in hosts.items()} | {_digest(hub_host, hub_db)}) == 1

    deadline = time.monotonic() + 30
    while not settled():  # the display follows the stream on its own
        assert time.monotonic() < deadline, "devices did not converge"
        time.sleep(0.5)
    assert tv.poll() is None  # the display's follower survived the outage

    queue_rows, _ = _json(hub_host, hub_db, "queue", "list")
    assert len(queue_rows) == 9 + 3  # every ticket, the three issued in mode mandiri too
    assert {t["status"] for t in queue_rows} == {"finished"}
    conflicts, _ = _json(hub_host, hub_db, "conflicts", "list")
    assert conflicts == []
    run = hub_host.run([sys.executable, "-c", textwrap.dedent(f"""
        from counter_app.session import Session
        s = Session.open({str(hub_db)!r})
        print(s.store.scalar("SELECT count(*) FROM (SELECT entity_id FROM events WHERE type = 'ticket_called'"
                             " GROUP BY entity_id HAVING count(*) > 1)"))
    """)], env={"LOKET_NOW": NOW})
    assert run.stdout.strip() == "0", run.stderr  # no ticket called twice
