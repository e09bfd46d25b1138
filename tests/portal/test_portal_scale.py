"""The portal at scale (``bench/bench_portal_scale.py``), small: devices of several sites push
and pull at once against ``loket-portal serve --workers 2`` on PostgreSQL; every site's
sequence is gap-free on every device and every device converges. The checks themselves are
pinned on made-up sequences: any missing, doubled, reordered or foreign event is caught."""

from __future__ import annotations

import hashlib
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.bench_portal_scale import (
    Scale,
    check_digests,
    check_sequences,
    fresh_database,
    simulate,
    wrong,
)

PG_URL = os.environ.get("LOKET_TEST_PG_URL")


@pytest.mark.slow
@pytest.mark.skipif(not PG_URL, reason="LOKET_TEST_PG_URL not set: the portal at scale runs on PostgreSQL")
def test_devices_of_many_sites_pushing_and_pulling_at_once_converge_gap_free(tmp_path):
    scale = Scale(sites=3, devices=4, rounds=3, tickets=6, workers=2, clients=2, verify=2)
    with fresh_database(PG_URL) as (url, _):
        f = simulate(url, scale, tmp_path, say=lambda _: None)

    assert f["devices"] == 12 and f["events"] > 12 * 3 * 6
    assert f["accepted"] + f["duplicate"] == f["events"] and f["rejected"] == 0
    assert f["global_gap_free"]
    assert f["sites_gap_free"] == f["sites"] == 3
    assert f["devices_converged"] == 12
    assert f["sites_one_digest"] == f["verified_sites"] == 3 and f["verified_devices"] == 6
    assert wrong(f) == []


def _site(n_catalogue: int, n_pushed: int, first_seq: int = 1, site: str = "S1"):
    ids = [f"{site}-e{i}" for i in range(n_catalogue + n_pushed)]
    stored = [[first_seq + 2 * i, e] for i, e in enumerate(ids)]  # other sites' events in between
    return stored, stored[:n_catalogue], set(ids[n_catalogue:])


sites = st.tuples(st.integers(1, 5), st.integers(1, 30), st.integers(1, 4))


def _corrupt(sequence: list[list], how: str, at: int) -> list[list]:
    s = [list(x) for x in sequence]
    i = at % len(s)
    if how == "drop":
        del s[i]
    elif how == "double":
        s.insert(i, s[i])
    elif how == "swap" and len(s) > 1:
        j = (i + 1) % len(s)
        s[i], s[j] = s[j], s[i]
    else:  # an event of another site
        s.insert(i, [s[i][0] + 1, "other-site-event"])
    return s


@given(sites, st.sampled_from(["drop", "double", "swap", "foreign"]), st.integers(0, 10**6))
def test_a_device_that_misses_doubles_reorders_or_gets_a_foreign_event_is_caught(site, how, at):
    n_catalogue, n_pushed, n_devices = site
    stored, held, pushed = _site(n_catalogue, n_pushed)
    got = [("S1", list(stored)) for _ in range(n_devices)]
    assert check_sequences({"S1": stored}, got, {"S1": held}, {"S1": pushed}) == {
        "sites": 1, "sites_gap_free": 1, "devices_converged": n_devices}

    got[at % n_devices] = ("S1", _corrupt(stored, how, at))
    result = check_sequences({"S1": stored}, got, {"S1": held}, {"S1": pushed})
    assert result == {"sites": 1, "sites_gap_free": 0, "devices_converged": n_devices - 1}


@given(sites, st.integers(0, 10**6))
def test_a_pushed_event_the_portal_did_not_store_breaks_the_site_even_if_every_device_agrees(site, at):
    n_catalogue, n_pushed, n_devices = site
    stored, held, pushed = _site(n_catalogue, n_pushed)
    lost = stored[n_catalogue + at % n_pushed]
    kept = [x for x in stored if x is not lost]
    got = [("S1", kept) for _ in range(n_devices)]
    result = check_sequences({"S1": kept}, got, {"S1": held}, {"S1": pushed})
    assert result == {"sites": 1, "sites_gap_free": 0, "devices_converged": n_devices}


def test_one_site_broken_leaves_the_others_gap_free():
    a, held_a, pushed_a = _site(2, 5, first_seq=1, site="A")
    b, held_b, pushed_b = _site(2, 5, first_seq=2, site="B")
    got = [("A", a), ("A", a), ("B", b), ("B", b[:-1])]
    result = check_sequences({"A": a, "B": b}, got, {"A": held_a, "B": held_b}, {"A": pushed_a, "B": pushed_b})
    assert result == {"sites": 2, "sites_gap_free": 1, "devices_converged": 3}


def test_digests_count_a_site_only_when_its_devices_agree_and_hold_its_events():
    stored = {"A": [[1, "x"], [3, "y"]], "B": [[2, "z"]]}
    ids_a = hashlib.sha256(b"x\ny").hexdigest()
    ids_b = hashlib.sha256(b"z").hexdigest()
    same = [{"site": "A", "digest": "d1", "ids": ids_a}, {"site": "A", "digest": "d1", "ids": ids_a},
            {"site": "B", "digest": "d2", "ids": ids_b}]
    assert check_digests(same, stored) == {"verified_sites": 2, "sites_one_digest": 2}
    differ = [*same[:1], {"site": "A", "digest": "d9", "ids": ids_a}, same[2]]
    assert check_digests(differ, stored) == {"verified_sites": 2, "sites_one_digest": 1}
    missing = [*same[:2], {"site": "B", "digest": "d2", "ids": hashlib.sha256(b"").hexdigest()}]
    assert check_digests(missing, stored) == {"verified_sites": 2, "sites_one_digest": 1}
