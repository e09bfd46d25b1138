"""Issue 15, device identity: a token is bound to one device id when the device first
presents itself, no other token writes as that device, the chain check never skips; unknown
and revoked tokens read the same answer; a refused bundle import keeps the token it had."""

from __future__ import annotations

import portal_kit
import pytest
import requests
from portal_kit import Forger

from counter_app import queue as q
from counter_app import syncstate
from sync import bundle
from sync.portal import service

portal, site, make_counter = portal_kit.portal, portal_kit.site, portal_kit.make_counter  # fixtures


def test_impersonation_by_a_newly_enrolled_device_is_refused_and_the_genuine_one_keeps_syncing(
        portal, site, make_counter):
    genuine = make_counter(portal, site, "K1")
    genuine.sync()
    own_id = syncstate.device_id(genuine.session)
    q.issue_ticket(genuine.session, "DUK-KK")
    q.issue_ticket(genuine.session, "DUK-KK")
    waiting = [e.as_dict() for e in syncstate.outbox(genuine.session, 100)]

    intruder = Forger(portal, site, "K9", device_id=own_id)  # a new token, the genuine device's id
    # presenting itself as that device: refused, and the token stays unbound
    resp = requests.get(f"{portal.url}/api/v1/device", timeout=10, headers={
        "Authorization": f"Bearer {intruder.token}", "X-Loket-Device-Id": own_id})
    assert resp.status_code == 403 and resp.json()["error"] == "device_taken"
    # pushing the genuine device's own next events, and a forged continuation of its chain
    forged = intruder.event("ticket_issued", "x", waiting[0]["payload"], head=(
        waiting[0]["device_seq"] - 1, waiting[0]["prev_hash"]))
    results = intruder.push([waiting[0], forged])
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert all(r["reason"].startswith("device_id:") for r in results)
    with portal.db.read() as tx:
        assert tx.scalar("SELECT local_device_id FROM devices WHERE id = ?", (intruder.enrolment["device_id"],)) is None
    assert not {e["id"] for e in waiting} & set(portal.event_ids(site))

    result = genuine.sync()  # the genuine device is not locked out of its own chain
    assert result["accepted"] == len(waiting) and result["rejected"] == 0 and result["pending"] == 0
    assert {e["id"] for e in waiting} <= set(portal.event_ids(site))


def test_a_token_bound_to_one_device_cannot_present_another(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    resp = requests.get(f"{portal.url}/api/v1/device", timeout=10, headers={
        "Authorization": f"Bearer {counter.token}", "X-Loket-Device-Id": "another-device"})
    assert resp.status_code == 403 and "token ini sudah dipakai perangkat lain" in resp.json()["detail"]


def test_a_missing_predecessor_holds_the_event_instead_of_skipping_the_chain(portal, site):
    device = Forger(portal, site, "K3")
    first = device.event("setting_changed", "catatan", {"key": "catatan", "value": "1"})
    second = device.event("setting_changed", "catatan", {"key": "catatan", "value": "2"},
                          head=(first["device_seq"], first["hash"]))
    held = device.push([second])[0]
    assert held["status"] == "rejected" and held["retry"] is True and "ditahan" in held["reason"]
    assert second["id"] not in portal.event_ids(site)
    assert [r["status"] for r in device.push([first, second])] == ["accepted", "accepted"]


def test_revoked_and_unknown_tokens_get_the_same_message(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    portal.cli("device", "revoke", "--site", site, "--name", "K1")
    answers = []
    for token in (counter.token, "token-yang-tidak-pernah-ada"):
        resp = requests.get(f"{portal.url}/api/v1/sync/pull", timeout=10, headers={"Authorization": f"Bearer {token}"})
        answers.append((resp.status_code, resp.json()["error"], resp.json()["detail"]))
    assert answers[0] == answers[1] and answers[0][0] == 401


def test_a_refused_sync_import_does_not_save_the_token_given(portal, site, make_counter, tmp_path):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    saved = syncstate.state(counter.session)["token"]
    events, last = service.site_events(portal.db, site)
    path = tmp_path / "lokasi.loket"
    bundle.write_bundle(path, {"kind": bundle.KIND_SITE, "site": site, "created_at": "2026-03-16T08:00:00+07:00",
                               "last_seq": last, "events": events},
                        list(service.site_keys(portal.db, site).values()))
    with pytest.raises(bundle.BundleError):
        bundle.import_site_bundle(counter.session, path, token="token-curian")
    assert syncstate.state(counter.session)["token"] == saved
    assert bundle.import_site_bundle(counter.session, path, token=counter.token)["events"] == len(events)
    assert syncstate.state(counter.session)["token"] == counter.token
