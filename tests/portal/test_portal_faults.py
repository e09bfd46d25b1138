"""Fault injection between real counters and the real portal process.

Faults: server killed mid-batch, response lost after commit, duplicated and reordered
requests, 500/503 with Retry-After, a captive-portal page, a revoked then re-enrolled
token, a device clock two years off. After the faults stop and sync completes: the portal
holds exactly the union of all events, each once; two counters of one site converge to
identical projections; nothing acknowledged is lost.
"""

from __future__ import annotations

import json
import threading

import pytest

from counter_app import audit, registration, syncstate
from counter_app import events as ev
from counter_app import queue as q
from counter_app.catalog import demo_catalog_rows
from counter_app.session import Session
from sync.client import AuthFailed, NotProtocol, RetryPolicy, SyncError, run_sync
from sync.portal import content

NIK = "3273011508900001"
TWO_YEARS_AHEAD = "2028-03-16T08:00:00+07:00"


@pytest.fixture
def site(portal, tmp_path, fixed_now):
    code = portal.new_site()
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(portal.db, path, code)
    return code


def work(counter, n: int = 2, service: str = "DUK-KK") -> None:
    for _ in range(n):
        q.issue_ticket(counter.session, service)
        reg = registration.register(counter.session, registration.RegistrationInput(
            service=service, name="Budi Santoso", nik=NIK, sex="L", requirements_complete=True))
        registration.change_status(counter.session, reg["registration_id"], "diverifikasi")
    called = q.call_next(counter.session, f"L-{counter.session.store.scalar('SELECT device_code FROM device')}")
    if called:
        q.finish(counter.session, called["id"])


def projections(counter) -> dict[str, list]:
    ev.load_domain()
    out = {}
    for table in ev.PROJECTION_TABLES:
        rows = counter.session.store.query(f"SELECT * FROM {table}")
        out[table] = sorted(json.dumps(dict(r), sort_keys=True, default=str) for r in rows)
    return out


def assert_converged(portal, site, *counters) -> None:
    held = portal.event_ids(site)
    assert len(held) == len(set(held)), "an event is stored twice on the portal"
    union = set().union(*(c.event_ids() for c in counters))
    assert set(held) == union, "the portal must hold exactly the union of all events"
    for c in counters:
        assert c.acked() <= set(held), "an acknowledged event is missing on the portal"
        assert syncstate.pending_count(c.session) == 0
    first = projections(counters[0])
    for other in counters[1:]:
        assert other.event_ids() == counters[0].event_ids()
        assert projections(other) == first


def test_response_lost_after_commit_is_resent_as_duplicate(portal, site, proxy, make_counter):
    counter = make_counter(portal, site, "K1", url=proxy.url)
    counter.sync()
    work(counter)
    pending = syncstate.pending_count(counter.session)
    proxy.plan("/sync/push", "drop")
    result = counter.sync()
    assert (result["accepted"], result["duplicate"]) == (0, pending)  # committed before the loss
    assert counter.own_event_ids() <= set(portal.event_ids(site))
    assert syncstate.pending_count(counter.session) == 0


def test_503_and_500_are_retried_with_retry_after_and_jittered_backoff(portal, site, proxy, make_counter):
    counter = make_counter(portal, site, "K1", url=proxy.url)
    proxy.plan("/sync/pull", "503:1", "500")
    counter.sync()
    assert counter.sleeps[0] == 1.0  # Retry-After honoured
    assert 0 <= counter.sleeps[1] <= 0.02  # base * 2**1, full jitter
    work(counter, 1)
    pending = syncstate.pending_count(counter.session)
    proxy.plan("/sync/push", "503:0", "503:0", "503:0", "503:0")
    with pytest.raises(SyncError, match="4 percobaan"):
        counter.sync()
    state = syncstate.status(counter.session)
    assert state["pending"] == pending and "503" in state["last_error"]


def test_413_halves_the_batch(portal, site, proxy, make_counter):
    counter = make_counter(portal, site, "K1", url=proxy.url)
    counter.sync()
    work(counter, 2)
    proxy.pushes.clear()
    proxy.plan("/sync/push", "413")
    counter.sync(batch=8)
    sizes = [len(json.loads(body)["events"]) for _, body in proxy.pushes]
    assert sizes[:2] == [8, 4] and syncstate.pending_count(counter.session) == 0


def test_captive_portal_page_is_a_failure_not_a_success(portal, site, proxy, make_counter):
    counter = make_counter(portal, site, "K1", url=proxy.url)
    proxy.plan("/health", "captive")
    with pytest.raises(NotProtocol, match="captive"):
        counter.sync()
    assert syncstate.status(counter.session)["last_success"] is None
    counter.sync()
    work(counter, 1)
    pending, acked = syncstate.pending_count(counter.session), counter.acked()
    proxy.plan("/sync/push", "captive")
    with pytest.raises(NotProtocol):
        counter.sync()
    assert syncstate.pending_count(counter.session) == pending and counter.acked() == acked
    counter.sync()
    assert syncstate.pending_count(counter.session) == 0


def test_duplicated_and_reordered_pushes_store_each_event_once(portal, site, proxy, make_counter):
    counter = make_counter(portal, site, "K1", url=proxy.url)
    counter.sync()
    work(counter, 3)
    proxy.plan("/sync/push", "dup", "pass", "dup")
    result = counter.sync(batch=4)
    assert result["rejected"] == 0 and len(proxy.pushes) >= 3
    before = portal.event_ids(site)
    assert set(proxy.replay_pushes(reverse=True)) == {200}  # stale copies, newest first
    assert portal.event_ids(site) == before
    assert_converged(portal, site, counter)


def test_server_killed_mid_batch_then_restarted(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    work(counter, 3)
    own = counter.own_event_ids() - counter.acked()  # this batch only
    portal.stop()
    portal.start(LOKET_PORTAL_CRASH_AFTER="3")
    try:
        with pytest.raises(SyncError):
            counter.sync(url=portal.url, batch=50)
        assert portal.proc.wait(10) == 17  # died inside the write transaction
        assert not own & set(portal.event_ids(site)), "a half batch was committed"
        assert syncstate.pending_count(counter.session) == len(own)
    finally:
        portal.stop()
        portal.start()
    counter.sync(url=portal.url)
    assert own <= set(portal.event_ids(site))
    assert_converged(portal, site, counter)


def test_revoked_token_keeps_data_and_reenrolment_resumes(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    work(counter)
    pending = syncstate.pending_count(counter.session)
    portal.cli("device", "revoke", "--site", site, "--name", "K1")
    with pytest.raises(AuthFailed, match="dicabut"):
        counter.sync()
    assert syncstate.pending_count(counter.session) == pending
    again = json.loads(portal.cli("device", "enrol", "--site", site, "--name", "K1", "--json").stdout)
    result = counter.sync(token=again["token"])
    assert result["accepted"] == pending and result["series_matches"]


def test_two_counters_converge_after_every_fault(portal, site, proxy, make_counter, fixed_now):
    a = make_counter(portal, site, "K1", url=proxy.url)
    b = make_counter(portal, site, "K2", url=proxy.url)
    a.sync()
    b.sync()
    content.create_booking(portal.db, {"site": site, "service": "DUK-KK", "date": "2026-03-17",
                                       "name": "Siti", "nik": "3273015508900002", "sex": "P"})
    work(a)
    fixed_now(TWO_YEARS_AHEAD)  # B's clock is two years ahead
    work(b)
    proxy.plan("/sync/push", "drop", "dup")
    proxy.plan("/sync/pull", "503:0", "captive")
    with pytest.raises(NotProtocol):
        b.sync()
    b_result = b.sync()
    assert b_result["clock_offset_s"] < -700 * 86400
    fixed_now()
    with pytest.raises(SyncError):  # the server dies mid-batch of a concurrent round
        proxy.plan("/sync/push", "500", "500", "500", "500")
        a.sync()
    reg = _regs(b)[0]  # made on the clock two years ahead: the portal's change must still win
    portal.cli("application", "status", reg, "diproses")
    work(a, 1)
    fixed_now(TWO_YEARS_AHEAD)
    work(b, 1)
    fixed_now()
    _concurrent_rounds(a, b)
    proxy.replay_pushes(reverse=True)
    for c in (a, b, a):
        c.sync()
    assert_converged(portal, site, a, b)
    for c in (a, b):  # every device's chain (the portal's included) verifies; a rebuild changes nothing
        assert audit.verify_connection(c.session.store.conn)["ok"]
        before = projections(c)
        ev.rebuild_projections(c.session.store)
        assert projections(c) == before
    assert registration.get_application(b.session, reg)["status"] == "diproses"


def _regs(counter) -> list[str]:
    return [r[0] for r in counter.session.store.query(
        "SELECT id FROM registrations WHERE device_id = (SELECT device_id FROM device) ORDER BY id")]


def _concurrent_rounds(*counters) -> None:
    """Both counters sync at the same moment (each thread on its own connection)."""
    errors: list[BaseException] = []

    def run(counter) -> None:
        try:
            with Session.open(counter.path) as s:
                run_sync(s, policy=RetryPolicy(attempts=3, base_s=0.01, cap_s=0.05))
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
