"""What the portal's security tests share: the portal test fixtures (a real portal process on
SQLite and PostgreSQL, real counters) and a forger, a device of its own enrolled on a site
that writes whatever events it likes, chained and hashed right, as a hostile device would."""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import requests

from counter_app import clock
from counter_app.events import build_event

_spec = importlib.util.spec_from_file_location(
    "portal_fixtures_for_security", Path(__file__).resolve().parents[1] / "portal" / "conftest.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

_reads_spec = importlib.util.spec_from_file_location(
    "portal_reads_for_security", Path(__file__).resolve().parents[1] / "portal" / "portal_reads.py")
reads = importlib.util.module_from_spec(_reads_spec)
_reads_spec.loader.exec_module(reads)

portal = fixtures.portal
portal_rows = reads.portal_rows
pulled = reads.pulled
site = fixtures.site
make_counter = fixtures.make_counter
FaultProxy = fixtures.FaultProxy


class Forger:
    """A device enrolled on ``site`` (its own token) that writes events as ``device_id``:
    its own new id by default, or another device's."""

    def __init__(self, portal, site: str, name: str, device_id: str | None = None):
        self.portal = portal
        self.enrolment = portal.enrol(site, name)
        self.token = self.enrolment["token"]
        self.device_id = device_id or str(uuid.uuid4())
        self.head: tuple[int, str] | None = None
        self.tick = 0

    def event(self, type: str, entity_id: str, payload: dict, *, event_id: str | None = None,
              head: tuple[int, str] | None = None) -> dict:
        """The next event of this forger's chain (or after ``head``), hash right."""
        self.tick += 1
        wall = int(clock.now().timestamp() * 1000)
        built, _ = build_event(device_id=self.device_id, head=head or self.head, hlc=f"{wall:015d}-{self.tick:05d}",
                               type=type, entity_id=entity_id, payload=payload, actor="penyusup")
        event = built.as_dict()
        if event_id is not None:  # another id, the hash made over it
            from counter_app.events import event_hash

            event["id"] = event_id
            event["hash"] = event_hash(**event)
        return event

    def push(self, events: list[dict], accept_as_head: bool = True) -> list[dict]:
        resp = requests.post(f"{self.portal.url}/api/v1/sync/push", json={"events": events}, timeout=30,
                             headers={"Authorization": f"Bearer {self.token}"})
        assert resp.status_code == 200, resp.text
        results = resp.json()["results"]
        for event, result in zip(events, results, strict=True):
            if accept_as_head and (result["status"] != "rejected" or not result.get("retry")):
                if event["device_id"] == self.device_id and (self.head is None or event["device_seq"] > self.head[0]):
                    self.head = (event["device_seq"], event["hash"])
        return results
