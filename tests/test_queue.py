"""Queue tickets: numbering (series per device, daily reset), calling rules and their reasons,
skip/no-show/restore, transfer, one active ticket per counter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from demo_rows import demo_rows_without_hours
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import catalog, queue
from counter_app.errors import NotFound, StateError, ValidationError
from counter_app.events import Event, with_keys
from counter_app.registration import RegistrationInput, get_application, register
from counter_app.session import Session
from counter_app.site import init_site, set_setting

KTP, KK, SKCK = "DUK-KTP", "DUK-KK", "POL-SKCK"  # prefixes A, B, S


def at(fixed_now, hhmm: str, day: str = "2026-03-16") -> None:
    fixed_now(f"{day}T{hhmm}:00+07:00")


def events(session) -> int:
    return session.store.scalar("SELECT count(*) FROM events")


def serve(session, counter: str = "1", services=None) -> dict:
    """Call the next ticket and finish it; return the called ticket."""
    called = queue.call_next(session, counter, services)
    assert called is not None
    queue.finish(session, called["ticket"])
    return called


# ------------------------------------------------------------------ numbering
def test_numbers_per_prefix_and_waiting_before(session):
    a1 = queue.issue_ticket(session, KTP)
    a2 = queue.issue_ticket(session, KTP, "lansia")
    b1 = queue.issue_ticket(session, KK)
    a3 = queue.issue_ticket(session, "duk-ktp")
    assert [a1["ticket"], a2["ticket"], b1["ticket"], a3["ticket"]] == ["A-001", "A-002", "B-001", "A-003"]
    # the priority ticket is called before the normal queue: nobody goes before it
    assert [a1["waiting_before"], a2["waiting_before"], b1["waiting_before"], a3["waiting_before"]] == [0, 0, 0, 2]
    assert a1["service"] == KTP and a1["issued_at"] == "2026-03-16T08:00:00+07:00"
    assert a2["priority"] == "lansia" and a1["priority"] is None


def test_numbers_reset_daily(session, fixed_now):
    monday = queue.issue_ticket(session, KTP)
    at(fixed_now, "07:30", "2026-03-17")
    tuesday = queue.issue_ticket(session, KTP)
    assert monday["ticket"] == tuesday["ticket"] == "A-001"
    assert monday["id"] != tuesday["id"]
    # yesterday's ticket is not in today's queue and is never called today
    assert [t["id"] for t in queue.list_queue(session)] == [tuesday["id"]]
    assert queue.call_next(session, "1")["id"] == tuesday["id"]
    assert queue.call_next(session, "2") is None


def test_device_series_prefixes_the_number(session):
    assert queue.issue_ticket(session, KTP)["ticket"] == "A-001"
    init_site(session, site_code=None, site_name=None, series=1)
    assert queue.issue_ticket(session, KTP)["ticket"] == "A-1001"
    assert queue.issue_ticket(session, KTP)["ticket"] == "A-1002"
    init_site(session, site_code=None, site_name=None, series=8)
    assert queue.issue_ticket(session, KTP)["ticket"] == "A-8001"


def test_daily_reset_follows_the_site_time_zone(session, fixed_now):
    init_site(session, site_code=None, site_name=None, timezone="Asia/Jayapura")  # WIT, UTC+9
    at(fixed_now, "21:30")  # 23:30 WIT on Monday
    monday = queue.issue_ticket(session, KTP)
    at(fixed_now, "22:30")  # 00:30 WIT: already Tuesday in Papua
    tuesday = queue.issue_ticket(session, KTP)
    assert (monday["day"], monday["ticket"]) == ("2026-03-16", "A-001")
    assert (tuesday["day"], tuesday["ticket"]) == ("2026-03-17", "A-001")
    assert tuesday["issued_at"] == "2026-03-17T00:30:00+09:00"


def test_queue_settings_are_validated(session):
    with pytest.raises(ValidationError) as info:
        set_setting(session, "priority_ratio", "tiga")
    assert info.value.field == "priority_ratio"
    with pytest.raises(ValidationError):
        set_setting(session, "restore_tolerance_minutes", -5)


def test_number_format_ranges_never_overlap():
    assert queue.format_number("A", 0, 1) == "A-001"
    assert queue.format_number("A", 0, 999) == "A-999"
    assert queue.format_number("AB", 1, 1) == "AB-1001"
    assert queue.format_number("A", 8, 999) == "A-8999"
    numbers = {queue.format_number("A", s, n) for s in range(9) for n in range(1, 1000)}
    assert len(numbers) == 9 * 999


def test_bad_issue_writes_nothing(session):
    before = events(session)
    with pytest.raises(ValidationError) as info:
        queue.issue_ticket(session, KTP, "vip")
    assert info.value.field == "priority"
    with pytest.raises(NotFound):
        queue.issue_ticket(session, "TIDAK-ADA")
    assert events(session) == before


# ------------------------------------------------------------------ calling and reasons
def test_priority_ratio_one_to_n_and_reasons_recorded(session):
    set_setting(session, "priority_ratio", 2)
    normal = [queue.issue_ticket(session, KTP)["ticket"] for _ in range(5)]
    prio = [queue.issue_ticket(session, KTP, p)["ticket"] for p in ("lansia", "disabilitas", "ibu_hamil")]
    called = [serve(session) for _ in range(8)]
    assert [t["ticket"] for t in called] == [
        prio[0], normal[0], normal[1], prio[1], normal[2], normal[3], prio[2], normal[4]]
    assert "rasio 1:2" in called[0]["reason"] and "Lansia" in called[0]["reason"]
    assert called[1]["reason"] == "urutan antrean"
    assert "disabilitas" in called[3]["reason"]
    # the reason is kept on the ticket and in its history
    history = session.store.query(
        "SELECT t.number, h.reason FROM ticket_history h JOIN tickets t ON t.id = h.ticket_id"
        " WHERE h.action = 'called' ORDER BY h.rowid")
    assert [(r["number"], r["reason"]) for r in history] == [(t["ticket"], t["reason"]) for t in called]


def test_ratio_is_counted_per_counter(session):
    set_setting(session, "priority_ratio", 1)
    for _ in range(3):
        queue.issue_ticket(session, KTP)
    p1 = queue.issue_ticket(session, KTP, "anak")["ticket"]
    p2 = queue.issue_ticket(session, KTP, "lansia")["ticket"]
    assert serve(session, "1")["ticket"] == p1
    # counter 2 has not called any priority ticket yet: it takes one first too
    assert serve(session, "2")["ticket"] == p2
    assert serve(session, "1")["reason"] == "urutan antrean"


def test_priority_only_queue(session):
    p = queue.issue_ticket(session, KTP, "ibu_hamil")["ticket"]
    called = serve(session)
    assert called["ticket"] == p and "tidak ada antrean biasa" in called["reason"]


def test_wait_cap_calls_a_long_waiting_normal_ticket_first(session, fixed_now):
    set_setting(session, "max_wait_minutes", 30)
    at(fixed_now, "08:00")
    n1 = queue.issue_ticket(session, KTP)["ticket"]
    at(fixed_now, "08:05")
    p1 = queue.issue_ticket(session, KTP, "lansia")["ticket"]
    at(fixed_now, "08:29")
    ticket, code, _ = queue.choose_next(session, "1", None)
    assert (ticket.number, code) == (p1, "priority_ratio")
    at(fixed_now, "08:31")
    called = queue.call_next(session, "1")
    assert called["ticket"] == n1
    assert "31 menit" in called["reason"] and "batas 30 menit" in called["reason"]


def test_on_an_overloaded_day_the_cap_does_not_starve_priority_tickets(session, fixed_now):
    set_setting(session, "priority_ratio", 2)
    set_setting(session, "max_wait_minutes", 30)
    at(fixed_now, "08:00")
    normal = [queue.issue_ticket(session, KTP)["ticket"] for _ in range(6)]
    at(fixed_now, "08:05")
    prio = [queue.issue_ticket(session, KTP, "lansia")["ticket"] for _ in range(2)]
    at(fixed_now, "09:00")  # everybody has waited past the cap
    called = [serve(session) for _ in range(8)]
    assert [t["ticket"] for t in called] == [
        prio[0], normal[0], normal[1], prio[1], normal[2], normal[3], normal[4], normal[5]]
    assert called[0]["reason"].endswith("rasio 1:2")
    assert "melewati batas 30 menit" in called[1]["reason"]


def test_services_filter_and_empty_queue(session):
    queue.issue_ticket(session, KTP)
    b = queue.issue_ticket(session, KK)["ticket"]
    assert queue.call_next(session, "2", [KK])["ticket"] == b
    assert queue.call_next(session, "3", [SKCK]) is None
    with pytest.raises(NotFound):
        queue.call_next(session, "3", ["TIDAK-ADA"])
    with pytest.raises(ValidationError) as info:
        queue.call_next(session, "   ")
    assert info.value.field == "counter"


def test_one_active_ticket_per_counter(session):
    for _ in range(3):
        queue.issue_ticket(session, KTP)
    first = queue.call_next(session, "1")
    before = events(session)
    with pytest.raises(StateError, match="masih melayani A-001"):
        queue.call_next(session, "1")
    assert events(session) == before
    assert queue.active_ticket(session, "1").number == first["ticket"]
    # another counter may call meanwhile; the active ticket is never called twice
    assert queue.call_next(session, "2")["ticket"] == "A-002"
    queue.finish(session, first["ticket"])
    assert queue.active_ticket(session, "1") is None
    assert queue.call_next(session, "1")["ticket"] == "A-003"


def test_recall_only_the_active_ticket(session):
    a = queue.issue_ticket(session, KTP)["ticket"]
    with pytest.raises(StateError):
        queue.recall(session, a)
    queue.call_next(session, "4")
    recalled = queue.recall(session, a)
    assert recalled["call_count"] == 2 and recalled["status"] == "called"
    assert [c["action"] for c in queue.last_calls(session)] == ["recalled", "called"]
    assert queue.last_calls(session)[0]["counter"] == "4"


# ------------------------------------------------------------------ skip, no-show, restore
@pytest.mark.parametrize("action", ["skip", "noshow"])
def test_restore_within_tolerance_puts_the_ticket_back_in_its_place(session, fixed_now, action):
    at(fixed_now, "08:00")
    a1, a2, a3 = (queue.issue_ticket(session, KTP)["ticket"] for _ in range(3))
    queue.call_next(session, "1")
    closed = getattr(queue, action)(session, a1)
    assert closed["status"] == {"skip": "skipped", "noshow": "noshow"}[action]
    assert queue.active_ticket(session, "1") is None
    assert serve(session)["ticket"] == a2
    at(fixed_now, "08:30")  # exactly the 30-minute tolerance
    restored = queue.restore(session, a1)
    assert restored["status"] == "waiting" and restored["counter"] is None
    # back in its original place: before A-003, which was issued later
    assert serve(session)["ticket"] == a1
    assert serve(session)["ticket"] == a3


@pytest.mark.parametrize("action", ["skip", "noshow"])
def test_restore_refused_after_tolerance(session, fixed_now, action):
    at(fixed_now, "08:00")
    a1 = queue.issue_ticket(session, KTP)["ticket"]
    queue.call_next(session, "1")
    getattr(queue, action)(session, a1)
    at(fixed_now, "08:31")
    before = events(session)
    with pytest.raises(StateError, match="batas pemulihan 30 menit"):
        queue.restore(session, a1)
    assert events(session) == before
    # the tolerance is a site setting
    set_setting(session, "restore_tolerance_minutes", 45)
    assert queue.restore(session, a1)["status"] == "waiting"


def test_restore_and_close_need_the_right_state(session):
    a1 = queue.issue_ticket(session, KTP)["ticket"]
    with pytest.raises(StateError):
        queue.restore(session, a1)       # waiting, not skipped
    with pytest.raises(StateError):
        queue.skip(session, a1)          # not called
    with pytest.raises(StateError):
        queue.finish(session, a1)
    queue.call_next(session, "1")
    queue.finish(session, a1)
    with pytest.raises(StateError):
        queue.restore(session, a1)
    with pytest.raises(StateError):
        queue.cancel(session, a1)
    with pytest.raises(NotFound):
        queue.skip(session, "Z-999")


def test_cancel_a_waiting_ticket(session):
    a1 = queue.issue_ticket(session, KTP)["ticket"]
    assert queue.cancel(session, a1)["status"] == "cancelled"
    assert queue.call_next(session, "1") is None


# ------------------------------------------------------------------ transfer
def test_transfer_keeps_number_and_data(session):
    t = queue.issue_ticket(session, KTP, "lansia")
    reg = register(session, RegistrationInput(
        service=KTP, name="Siti Aminah", nik="3273015503850003", ticket=t["ticket"]))
    queue.call_next(session, "1")
    moved = queue.transfer(session, t["ticket"], KK)
    assert (moved["ticket"], moved["id"], moved["service"], moved["status"]) == (t["ticket"], t["id"], KK, "waiting")
    assert moved["priority"] == "lansia" and moved["issued_at"] == t["issued_at"] and moved["counter"] is None
    assert queue.active_ticket(session, "1") is None
    assert queue.call_next(session, "1", [KTP]) is None
    assert queue.call_next(session, "2", [KK])["ticket"] == t["ticket"]
    assert get_application(session, reg["registration_id"])["ticket_id"] == t["id"]
    row = session.store.one("SELECT transferred_from, transfer_count FROM tickets WHERE id = ?", (t["id"],))
    assert (row["transferred_from"], row["transfer_count"]) == (KTP, 1)


def test_transfer_refusals_write_nothing(session):
    a = queue.issue_ticket(session, KTP)["ticket"]
    before = events(session)
    with pytest.raises(ValidationError) as info:
        queue.transfer(session, a, KTP)
    assert info.value.field == "service"
    with pytest.raises(NotFound):
        queue.transfer(session, a, "TIDAK-ADA")
    queue.cancel(session, a)
    with pytest.raises(StateError):
        queue.transfer(session, a, KK)
    assert events(session) == before + 1  # only the cancel


# ------------------------------------------------------------------ several devices, one site
@pytest.fixture(scope="module")
def device_templates(tmp_path_factory):
    """Three initialised databases of one site: devices K1 (series 0), K2 (series 1), HUB."""
    import os

    folder = tmp_path_factory.mktemp("devices")
    old = os.environ.get("LOKET_NOW")
    os.environ["LOKET_NOW"] = "2026-03-16T07:00:00+07:00"
    try:
        paths = {}
        for code, series in (("K1", 0), ("K2", 1), ("HUB", 8)):
            s = Session.open(folder / f"{code}.sqlite3")
            init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code=code, series=series)
            catalog.import_services(s, demo_rows_without_hours())
            s.close()
            paths[code] = folder / f"{code}.sqlite3"
    finally:
        if old is None:
            os.environ.pop("LOKET_NOW")
        else:
            os.environ["LOKET_NOW"] = old
    return paths


def copy_db(src: Path, dst: Path) -> Session:
    shutil.copyfile(src, dst)
    return Session.open(dst)


def push(source: Session, target: Session, types: tuple[str, ...] | None = None) -> int:
    """Apply the events of ``source`` to ``target`` (what sync does), in source order."""
    applied = 0
    with target.transaction():
        for row in source.store.query("SELECT * FROM events ORDER BY seq"):
            if types is None or row["type"] in types:
                applied += target.log.apply_remote(with_keys(source.store.conn, [Event.from_row(row)])[0])
    return applied


actions = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["K1", "K2"]), st.sampled_from([KTP, KK, SKCK]),
                  st.sampled_from([None, None, "lansia"])),
        st.tuples(st.just("sync"), st.sampled_from(["K1>K2", "K2>K1"]), st.none()),
        st.tuples(st.just("day"), st.none(), st.none()),
    ),
    min_size=1, max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions)
def test_interleaved_devices_never_duplicate_numbers(device_templates, tmp_path_factory, monkeypatch, steps):
    folder = tmp_path_factory.mktemp("run")
    day = [16]
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
    dev = {code: copy_db(device_templates[code], folder / f"{code}.sqlite3") for code in ("K1", "K2", "HUB")}
    issued: list[tuple[str, str, str, str]] = []  # (device, day, number, id)
    try:
        for who, what, priority in steps:
            if who == "sync":
                src, dst = what.split(">")
                push(dev[src], dev[dst])
            elif who == "day":
                day[0] += 1
                monkeypatch.setenv("LOKET_NOW", f"2026-03-{day[0]:02d}T08:00:00+07:00")
            else:
                t = queue.issue_ticket(dev[who], what, priority)
                issued.append((who, t["day"], t["ticket"], t["id"]))
        keys = [(d, n) for _, d, n, _ in issued]
        assert len(keys) == len(set(keys)), "a number was issued twice on one day"
        for who, _, number, _ in issued:
            seq = int(number.split("-")[1])
            assert (seq >= 1000) == (who == "K2")
        # each device numbers its own series without gaps, per prefix and day
        for who in ("K1", "K2"):
            per = {}
            for w, d, n, _ in issued:
                if w == who:
                    per.setdefault((d, n.split("-")[0]), []).append(int(n.split("-")[1]) % 1000)
            for seqs in per.values():
                assert seqs == list(range(1, len(seqs) + 1))
        # merging both devices' logs into a third database keeps every ticket exactly once
        push(dev["K1"], dev["HUB"])
        push(dev["K2"], dev["HUB"])
        rows = dev["HUB"].store.query("SELECT id, day, number FROM tickets")
        assert sorted((r["day"], r["number"], r["id"]) for r in rows) == sorted((d, n, i) for _, d, n, i in issued)
        assert push(dev["K1"], dev["HUB"]) == 0  # idempotent
    finally:
        for s in dev.values():
            s.close()


def test_two_devices_sharing_a_series_keep_both_tickets_and_list_the_clash(device_templates, tmp_path, monkeypatch):
    """A misconfigured series (two devices on one series) never blocks the merge: both slips
    stay valid, the earlier issue keeps the number in every merge order, the clash is listed."""
    from counter_app.conflicts import list_conflicts
    from counter_app.digest import projection_digest

    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
    k1 = copy_db(device_templates["K1"], tmp_path / "k1.sqlite3")
    k2 = copy_db(device_templates["K2"], tmp_path / "k2.sqlite3")
    try:
        init_site(k2, site_code=None, site_name=None, series=0)  # misconfigured: same as K1
        first = queue.issue_ticket(k1, KTP)
        second = queue.issue_ticket(k2, KTP)
        queue.call_next(k2, "2")
        push(k2, k1)
        push(k1, k2)
        for s in (k1, k2):
            numbers = {t["id"]: t["ticket"] for t in queue.list_queue(s)}
            assert numbers[first["id"]] == "A-001"  # issued first (hybrid clock)
            assert numbers[second["id"]].startswith("A-001*")
            assert [c["kind"] for c in list_conflicts(s)] == ["number_clash"]
            assert queue.get_ticket(s, second["id"]).status == "called"
        assert projection_digest(k1) == projection_digest(k2)
        # the same for registration numbers when two devices share a device code: the first
        # keeps the number, the other is listed (it stays in the log)
        init_site(k2, site_code=None, site_name=None, device_code="K1", series=1)
        form = RegistrationInput(service=KTP, name="Siti", nik="3273015503850003")
        assert register(k1, form)["registration_id"] == register(k2, form)["registration_id"]
        push(k2, k1, types=("registration_created",))
        push(k1, k2, types=("registration_created",))
        assert "duplicate_entity" in [c["kind"] for c in list_conflicts(k1)]
        assert projection_digest(k1) == projection_digest(k2)
    finally:
        k1.close()
        k2.close()


def test_a_priority_slip_counts_only_the_priority_tickets_before_it(session):
    queue.issue_ticket(session, KTP)
    queue.issue_ticket(session, KTP)
    first = queue.issue_ticket(session, KTP, "lansia")
    assert first["waiting_before"] == 0  # it is called before the two normal tickets
    second = queue.issue_ticket(session, KTP, "ibu_hamil")
    assert second["waiting_before"] == 1
    assert queue.issue_ticket(session, KTP)["waiting_before"] == 4  # a normal one: everyone before it
    assert queue.call_next(session, "1")["ticket"] == first["ticket"]


def test_the_queue_lists_only_the_statuses_asked_for_in_queue_order(session):
    first = queue.issue_ticket(session, "DUK-KTP")
    second = queue.issue_ticket(session, "DUK-KTP")
    third = queue.issue_ticket(session, "DUK-KTP")
    called = queue.call_next(session, "Loket 1")
    queue.finish(session, called["id"])
    queue.call_next(session, "Loket 1")
    queue.skip(session, second["id"])
    by = lambda **kw: [t["id"] for t in queue.list_queue(session, **kw)]  # noqa: E731
    assert by() == [first["id"], second["id"], third["id"]]
    assert by(statuses=("waiting", "called")) == [third["id"]]
    assert by(statuses=("waiting", "skipped")) == [second["id"], third["id"]]
    assert by(status="finished") == [first["id"]]
    assert by(status="finished", statuses=("skipped",)) == [first["id"], second["id"]]
