"""Many devices of one site through the real portal: one username on two PCs and two
counters calling the same ticket no longer stop anyone's sync; every device ends with the
same projections and the same conflicts."""

from __future__ import annotations

import pytest

from counter_app import queue, syncstate, users
from counter_app.conflicts import list_conflicts
from counter_app.digest import projection_digest


def test_same_username_on_two_devices_and_a_double_call_converge(portal, site, make_counter, fixed_now):
    k1, k2 = make_counter(portal, site, "K1"), make_counter(portal, site, "K2")
    # both PCs set up the way the first-start wizard suggests, before they ever synced
    users.create_user(k1.session, "admin", "rahasia-satu", "admin", full_name="Budi")
    users.create_user(k2.session, "admin", "rahasia-dua", "admin", full_name="Sari")
    k1.sync()
    ticket = queue.issue_ticket(k1.session, "DUK-KTP")
    k1.sync()
    k2.sync()  # K2 now holds the ticket and both accounts
    fixed_now("2026-03-16T08:05:00+07:00")
    queue.call_next(k1.session, "1")  # both call it before they hear of each other
    queue.call_next(k2.session, "2")
    queue.finish(k2.session, ticket["id"])
    for _ in range(2):
        for c in (k1, k2):
            r = c.sync()
            assert r["cursor"] > 0
    k3 = make_counter(portal, site, "K3")  # a new PC of the site: bookings, catalogue, accounts
    everyone = (k1, k2, k3)
    for c in (k3, k1, k2):  # K3's own set-up events reach the others
        c.sync()
    digests = {c.session.store.path.name: projection_digest(c.session)["digest"] for c in everyone}
    assert len(set(digests.values())) == 1, digests
    for c in everyone:
        status = syncstate.status(c.session)
        assert status["quarantined"] == 0 and status["last_error"] is None
        kinds = sorted(x["kind"] for x in list_conflicts(c.session))
        assert kinds == ["double_call", "foreign_close", "username_clash"]
        t = queue.get_ticket(c.session, ticket["id"])
        assert (t.status, t.counter) == ("finished", "1")
        # the account created first stands on every PC: Budi's password works everywhere
        assert users.authenticate(c.session, "admin", "rahasia-satu").username == "admin"
        with pytest.raises(users.AuthenticationFailed):
            users.authenticate(c.session, "admin", "rahasia-dua")
