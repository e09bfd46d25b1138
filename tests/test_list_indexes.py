"""The lists the UI sorts read an index in their order, and the name search reads the FTS5
index (migration 0018): the same answers as the substring search for names typed from the
start of a word, accents ignored, kept in step by the triggers and by 'loket db rebuild'."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app import catalog, complaints, name_search, personal, printjobs, queue, store
from counter_app.events import rebuild_projections
from counter_app.registration import RegistrationInput, list_applications, register
from counter_app.session import Session
from counter_app.site import init_site

SEALED = dict(personal.SEALED_FIELDS)  # what this version seals (a test turns it off for an older file)

NAMES = ["Siti Nurhaliza", "Siti Aminah", "Ahmad Fauzi", "Muhammad Nur Ahmad", "Dewi Lestari",
         "Budi Santoso", "Nur Aini", "I Gusti Ayu Putu", "José Ramos", "Ni Luh Putu Sari"]
NIKS = [f"32730115038500{i:02d}" for i in range(1, len(NAMES) + 1)]


def _register_all(session: Session) -> list[str]:
    ids = []
    for i, (name, nik) in enumerate(zip(NAMES, NIKS, strict=True)):
        nik = nik[:6] + ("55" if i % 2 else "15") + nik[8:]
        ids.append(register(session, RegistrationInput(
            service="DUK-AKL", name=name, nik=nik, sex="P" if i % 2 else "L", birth_date="1985-03-15",
            requirements_complete=i % 3 != 0))["registration_id"])
    return ids


def _like(session: Session, q: str) -> list[str]:
    """The search before migration 0018 (the reference for names typed from a word's start)."""
    rows = session.store.query(
        "SELECT id FROM registrations WHERE (id = ? OR nik = ? OR name LIKE ?)"
        " ORDER BY deadline IS NULL, deadline, id", (q.upper(), q, f"%{q}%"))
    return [r[0] for r in rows]


def _ids(session: Session, q: str | None = None, **kw) -> list[str]:
    return [r["registration_id"] for r in list_applications(session, query=q, **kw)]


def test_name_search_gives_what_the_substring_search_gave(session):
    ids = _register_all(session)
    nik = session.store.scalar("SELECT nik FROM registrations WHERE id = ?", (ids[3],))
    for q in ("siti", "Siti Nur", "SITI AMI", "ahmad", "nur", "Muhammad Nur", "bud", "dewi lestari",
              "putu", "Ni Luh", ids[4], ids[4].lower(), nik, "tidak ada"):
        assert _ids(session, q) == _like(session, q), q
    assert _ids(session) == _like(session, "")  # no query: every registration, same order
    assert _ids(session, "jose") == [ids[8]] and _ids(session, "JOSÉ R") == [ids[8]]  # accents
    # more matches than the page: the newest ones (Siti Aminah registered after Siti Nurhaliza)
    assert _ids(session, "siti", limit=1) == [ids[1]]
    assert _ids(session, "   ") == _like(session, "")
    assert _ids(session, "-") == []  # no word and no such number


def test_a_name_search_reads_a_page_of_the_newest_matches_whatever_else_is_asked(session):
    _register_all(session)
    more = [register(session, RegistrationInput(service="DUK-KK" if i < 2 else "DUK-AKL", name=f"Siti Rahma {i}",
                                                 nik=f"3273015503850{i + 1:03d}", sex="P"))["registration_id"]
            for i in range(5)]
    page = _ids(session, "siti", limit=3)
    assert set(page) == set(more[-3:])  # the three newest of seven
    assert set(_ids(session, "s", limit=3)) == set(more[-3:])  # the first letter typed: the same
    assert set(_ids(session, "Siti R", limit=3)) == set(more[-3:])
    named = session.store.query("SELECT id, name FROM registrations ORDER BY rowid DESC")
    with_s = [r["id"] for r in named if name_search.name_matches(r["name"], "s")]  # Siti, Santoso, Sari
    assert len(with_s) == 9 and set(_ids(session, "s", limit=8)) == set(with_s[:8])
    assert page == [r for r in _like(session, "siti") if r in page]  # shown in the list's order
    # with a filter: the newest matches that pass it, not a page cut before the filter
    assert set(_ids(session, "siti", service="DUK-KK", limit=3)) == set(more[:2])
    assert _ids(session, more[2]) == [more[2]]  # a number finds that one registration


def test_search_follows_rebuild_and_repairs_a_damaged_index(session):
    ids = _register_all(session)
    conn = session.store.conn
    conn.execute("INSERT INTO registrations_fts (registrations_fts) VALUES ('delete-all')")
    assert _ids(session, "dewi") == []
    rebuild_projections(session.store)
    assert _ids(session, "dewi") == [ids[4]]
    assert _ids(session, "siti") == _like(session, "siti")
    assert conn.execute("INSERT INTO registrations_fts (registrations_fts, rank) VALUES ('integrity-check', 1)")


def test_migration_indexes_the_names_already_there(tmp_path, fixed_now, monkeypatch):
    everything = store.migrations()
    monkeypatch.setattr(store, "migrations", lambda: [m for m in everything if m[0] < 18])
    # the app before migration 0020 wrote personal data in the clear (counter_app/personal.py)
    monkeypatch.setattr(personal, "SEALED_FIELDS", {})
    path = tmp_path / "lama.sqlite3"
    with Session.open(path) as old:
        init_site(old, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
        catalog.import_services(old, catalog.demo_catalog_rows())
        ids = _register_all(old)
        before = _like(old, "nur")
    monkeypatch.setattr(store, "migrations", lambda: everything)
    monkeypatch.setattr(personal, "SEALED_FIELDS", SEALED)
    with Session.open(path) as new:
        assert {17, 18} <= new.store.applied_migrations()
        assert _ids(new, "nur") == before and ids[6] in before
        assert new.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _plans(session: Session, call) -> list[tuple[str, list[str]]]:
    """Run ``call`` and return each SELECT it ran with its query plan."""
    seen: list[str] = []
    session.store.conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        session.store.conn.set_trace_callback(None)
    plans = []
    for sql in seen:
        if sql.lstrip().upper().startswith("SELECT") and "sqlite_master" not in sql:
            steps = [r[3] for r in session.store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
            plans.append((sql, steps))
    return plans


def _full_scan(step: str) -> bool:
    return (step.startswith("SCAN ") and "USING" not in step and "VIRTUAL TABLE" not in step
            and "subquery" not in step)


@pytest.mark.parametrize("name", ["applications", "applications of a service", "overdue", "complaints",
                                  "newest print job", "name search", "queue"])
def test_hot_lists_read_an_index_in_their_order(session, name):
    _register_all(session)
    queue.issue_ticket(session, "DUK-KTP")
    complaints.file_complaint(session, type="saran", channel="counter", text="Antrean terlalu lama.",
                              anonymous=True)
    calls = {
        "applications": lambda: list_applications(session),
        "applications of a service": lambda: list_applications(session, service="DUK-AKL"),
        "overdue": lambda: list_applications(session, overdue=True),
        "complaints": lambda: complaints.list_complaints(session),
        "newest print job": lambda: printjobs.list_jobs(session, limit=1),
        "name search": lambda: list_applications(session, query="siti"),
        "queue": lambda: queue.list_queue(session),
    }
    plans = _plans(session, calls[name])
    assert plans, "no query seen"
    for sql, steps in plans:
        assert not any(_full_scan(s) for s in steps), (sql, steps)
        # a sort is only allowed over a bounded set: the name search's page (the newest
        # matches, read from the index and stopped at the limit), one day's queue, the open
        # overdue applications
        if name not in ("name search", "queue", "overdue"):
            assert not any("TEMP B-TREE FOR ORDER BY" in s for s in steps), (sql, steps)


def _name_index() -> sqlite3.Connection:
    """The registrations' name index as migration 0022 makes it, over a table of names alone."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE registrations (name TEXT)")
    sql = next(text for number, _name, text in store.migrations() if number == 22)
    for statement in store.split_statements(sql):
        if "DROP TRIGGER" not in statement and "DROP TABLE" not in statement:
            conn.execute(statement)
    return conn


@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.text(alphabet="abcSitNurhalizJoséÉé0 -'.", max_size=30), max_size=8),
       query=st.text(alphabet="abcSitNurhalizJoséÉé0 -'", max_size=12))
def test_the_index_answers_what_the_rule_says(names, query):
    """The FTS5 index against the rule spelled out in Python (name_search.name_matches),
    newest first as the search reads it, for queries of every length."""
    conn = _name_index()
    conn.executemany("INSERT INTO registrations (name) VALUES (?)", [(n,) for n in names])
    phrase = name_search.fts_query(query)
    found = [] if phrase is None else [r[0] for r in conn.execute(
        "SELECT rowid FROM registrations_fts WHERE registrations_fts MATCH ? ORDER BY rowid DESC", (phrase,))]
    assert found == [i + 1 for i in reversed(range(len(names))) if name_search.name_matches(names[i], query)]


def test_the_count_on_a_new_slip_reads_one_service_from_the_index(session):
    """'Antrean sebelum Anda' counts one service's waiting tickets from the tickets_queue
    index alone (migration 0023), not every service's waiting tickets row by row."""
    for service in ("DUK-KK", "DUK-KTP", "DUK-KK", "DUK-AKL"):
        queue.issue_ticket(session, service)
    called = queue.call_next(session, "1", ["DUK-KK"])
    queue.finish(session, called["ticket"])
    seen = []
    plans = _plans(session, lambda: seen.append(queue.issue_ticket(session, "DUK-KK")))
    count = [steps for sql, steps in plans if "SELECT count(*) FROM tickets w" in sql]
    assert count and any("COVERING INDEX tickets_queue" in step for step in count[0]), count
    assert seen[0]["waiting_before"] == 1  # the second KK ticket; the first was served, KTP and AKL are other queues


@settings(max_examples=300, deadline=None)
@given(name=st.text(alphabet="abcSitNurhalizJoséÉé0 -'._", max_size=30),
       query=st.text(alphabet="abcSitNurhalizJoséÉé0 -'", max_size=12))
def test_the_fast_name_test_agrees_with_the_rule(name, query):
    """name_search.matcher (one regular expression for an ASCII name) against the rule spelled
    out word by word."""
    wanted, have = name_search.words(query), name_search.words(name)
    expected = bool(wanted) and any(
        have[i:i + len(wanted) - 1] == wanted[:-1] and have[i + len(wanted) - 1].startswith(wanted[-1])
        for i in range(len(have) - len(wanted) + 1))
    assert name_search.matcher(wanted)(name) == expected


@pytest.mark.parametrize("narrow_rows", [name_search.NARROW_ROWS, 1])
def test_a_name_search_among_overdue_applications_gives_the_same_answer_either_way(
        session, fixed_now, monkeypatch, narrow_rows):
    """Past or near their deadline, a name search reads the filter's few rows and tests their
    names; past NARROW_ROWS of them it walks the name index instead: the same answer."""
    ids = _register_all(session)
    fixed_now("2026-06-01T09:00:00+07:00")  # every complete application is overdue by now
    more = register(session, RegistrationInput(service="DUK-AKL", name="Sari Wulandari", nik="3273015503850111",
                                               sex="P", requirements_complete=True))["registration_id"]
    monkeypatch.setattr(name_search, "NARROW_ROWS", narrow_rows)
    overdue = {r["registration_id"] for r in list_applications(session, overdue=True)}
    assert overdue and more not in overdue and set(ids) > overdue
    for q in ("s", "Siti", "siti n", "nur", "Ni Luh", "x", "jos"):
        expected = [i for i in _like(session, "") if i in overdue
                    and name_search.name_matches(session.store.scalar("SELECT name FROM registrations WHERE id = ?", (i,)), q)]
        assert _ids(session, q, overdue=True) == expected, q
        assert _ids(session, q, due_within_days=200) == [i for i in _ids(session, q) if i in {
            r["registration_id"] for r in list_applications(session, due_within_days=200)}], q


def test_the_name_index_has_a_one_letter_prefix_index(session):
    """Prefix indexes do not change which rows match, only how fast: the first letter typed is
    answered from its own prefix index (migration 0022), not by merging every word's postings."""
    sql = session.store.scalar("SELECT sql FROM sqlite_master WHERE name = 'registrations_fts'")
    assert "prefix = '1 2 3'" in sql
    triggers = {r[0] for r in session.store.query(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'registrations'")}
    assert triggers == {"registrations_fts_insert", "registrations_fts_delete", "registrations_fts_update"}
