"""Issue 15 item 8, the gap-hiding proxy: something between counter and portal takes events
out of pull pages. The portal numbers each site's events without holes (and names what it
leaves out), so the counter notices, fetches the page again, and never applies a page with
a hole: it ends complete, or it stops and says which numbers are missing."""

from __future__ import annotations

import portal_kit
import pytest
from portal_kit import FaultProxy

from counter_app import audit, syncstate
from counter_app import queue as q
from sync.client import GapDetected

portal, site, make_counter = portal_kit.portal, portal_kit.site, portal_kit.make_counter  # fixtures


@pytest.fixture
def proxy(portal):
    p = FaultProxy(portal.port)
    yield p
    p.close()


def busy_site(portal, site, make_counter, other_sites: int = 2) -> set[str]:
    """A counter's day on the site while other sites write too (their numbers are their own)."""
    writer = make_counter(portal, site, "K1")
    writer.sync()
    for _ in range(12):
        q.issue_ticket(writer.session, "DUK-KK")
    for n in range(other_sites):  # other sites' events interleave on the portal
        other = make_counter(portal, portal.new_site(f"MPP {n}"), "K1")
        other.sync()
    writer.sync()
    return set(portal.event_ids(site))


def test_gap_hiding_proxy_the_counter_refetches_and_ends_complete(portal, site, make_counter, proxy):
    stored = busy_site(portal, site, make_counter)
    reader = make_counter(portal, site, "K2", url=proxy.url)
    proxy.plan("/sync/pull", *["lose:3", "pass"] * 10)  # every page loses 3 events the first time
    result = reader.sync(pull_limit=10)
    assert result["pulled"] == len(portal.event_ids(site))  # the site's events and its own back
    assert stored <= reader.event_ids()
    assert audit.verify_chains(reader.session)["ok"]


def test_gap_hiding_proxy_that_always_hides_the_counter_reports_the_gap_and_applies_nothing(
        portal, site, make_counter, proxy):
    stored = busy_site(portal, site, make_counter)
    reader = make_counter(portal, site, "K2", url=proxy.url)
    proxy.plan("/sync/pull", *["lose:3"] * 50)
    with pytest.raises(GapDetected, match="kehilangan 3 event"):
        reader.sync(pull_limit=10)
    state = syncstate.status(reader.session)
    assert state["cursor"] == 0 and "kehilangan 3 event" in state["last_error"]  # the round says so
    assert not stored & reader.event_ids()  # no page with a hole was applied
    assert audit.verify_chains(reader.session)["ok"]
    proxy.plans.clear()  # the hop behaves again: the next round brings everything
    assert reader.sync(pull_limit=10)["pulled"] == len(portal.event_ids(site))
    assert stored <= reader.event_ids() and audit.verify_chains(reader.session)["ok"]
