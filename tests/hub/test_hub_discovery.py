"""The hub is found on the LAN by mDNS/DNS-SD: an officer picks it from a list."""

from __future__ import annotations

import json
import sys

import pytest
from hubkit import CLI, SITE, make_device

PORT = 8766


def test_a_counter_finds_the_hub_announcing_its_site(lan):
    if not lan.real:
        pytest.skip(f"multicast between hosts needs network namespaces ({lan.reason})")
    hub_host, counter = lan.add_host("hub"), lan.add_host("k1")
    hub_db = make_device(hub_host.dir / "hub.sqlite3", "HUB", 0, demo=True)
    hub_host.popen([*CLI, "--db", str(hub_db), "hub", "serve", "--host", "0.0.0.0", "--port", str(PORT)],
                   name="hub", port=PORT, timeout=60)
    found = []
    for _ in range(3):  # a first query can go out before the hub's announcement is up
        run = counter.run([sys.executable, "-c", "import json; from sync.hub.discovery import browse;"
                           " print(json.dumps([h.__dict__ for h in browse(3.0)]))"])
        assert run.returncode == 0, run.stderr
        found = json.loads(run.stdout)
        if found:
            break
    assert [(h["site"], h["url"]) for h in found] == [(SITE, hub_host.url(PORT))]
    assert found[0]["site_name"] == "MPP Uji Hub"
