"""Personal data in the log and its erasure (issue 15 item 5, UU 27/2022).

The attack: the database, its backups and every device of the site held every applicant's
NIK, address and phone in plain text in the immutable, replicated log, and every officer's
password hashes (old ones too), with no way to erase or expire them. Now the log holds them
sealed under a key per event (counter_app/personal.py), and erasing deletes the keys.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import backup, catalog, complaints, erasure, registration, users
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.errors import PermissionDenied
from counter_app.events import Event, with_keys
from counter_app.session import Session
from counter_app.site import init_site, set_setting

NIK = "3273015508900002"
NAME = "Wayan Sukarmini"
ADDRESS = "Jl. Melati Rahasia 7"
PHONE = "081298765432"
PASSWORD = "kopi-tubruk-88"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


def register(session, nik: str = NIK, name: str = NAME) -> str:
    code = catalog.list_services(session)[0].code
    mine = nik == NIK
    return registration.register(session, registration.RegistrationInput(
        service=code, name=name, nik=nik, sex="P", address=ADDRESS if mine else "Jl. Kenanga 1",
        phone=PHONE if mine else "081311112222",
        requirements_complete=True))["registration_id"]


def raw_hits(path: Path, *needles: str) -> list[str]:
    """Which of ``needles`` appear anywhere in the file's bytes (or its -wal)."""
    found = []
    for candidate in (path, Path(f"{path}-wal")):
        if candidate.exists():
            data = candidate.read_bytes()
            found += [n for n in needles if n.encode() in data]
    return sorted(set(found))


def second_device(tmp_path, name: str = "k2.sqlite3") -> Session:
    s = Session.open(tmp_path / name)
    init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K2")
    return s


def ship(source: Session, target: Session, order=None) -> None:
    """What sync does: the source's events with their keys, applied on the target."""
    events = with_keys(source.store.conn, [Event.from_row(r) for r in source.store.query(
        "SELECT * FROM events ORDER BY seq")])
    with target.transaction():
        for event in (order(events) if order else events):
            target.log.apply_remote(event)


def test_the_log_holds_no_personal_data_or_password_hash_in_plain_text(session):
    users.create_first_admin(session, "admin", PASSWORD)
    reg = register(session)
    complaints.file_complaint(session, type="pengaduan", channel="counter", text="Petugas meminta uang",
                              name="Rahmat Hidayat", phone="0812-3456-7890")
    log = "\n".join(r[0] for r in session.store.query("SELECT payload FROM events"))
    for secret in (NIK, NAME, ADDRESS, PHONE, "Rahmat Hidayat", "Petugas meminta uang", "$argon2"):
        assert secret not in log, secret
    # ...while the counter reads them as before
    app = registration.get_application(session.as_actor(users.authenticate(session, "admin", PASSWORD)), reg)
    assert app["name"] == NAME


def test_a_person_erased_is_unreadable_on_the_device_and_in_a_later_backup_while_audit_verifies(
        session, db_path, tmp_path, monkeypatch, capsys):
    users.create_first_admin(session, "admin", PASSWORD)
    users.create_user(session, "sari", PASSWORD, "supervisor")
    reg = register(session)
    kept = register(session, nik="3273014409910003", name="Dewi Lestari")
    session.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    assert raw_hits(db_path, NIK, ADDRESS) == sorted([NIK, ADDRESS])  # the projection holds them until erased
    monkeypatch.setenv("LOKET_USER", "sari")
    monkeypatch.setenv("LOKET_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert run(cli, ["--db", str(db_path), "person", "erase", "--nik", NIK, "--note", "permintaan tertulis",
                     "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["registrations"] == [reg] and result["keys"] == 1
    row = session.store.one("SELECT name, nik, address, phone, status FROM registrations WHERE id = ?", (reg,))
    assert dict(row) == {"name": "(dihapus)", "nik": "", "address": None, "phone": None, "status": "diterima"}
    assert session.store.one("SELECT name FROM registrations WHERE id = ?", (kept,))["name"] == "Dewi Lestari"
    assert raw_hits(db_path, NIK, NAME, ADDRESS, "Sukarmini") == []
    copy = tmp_path / "sesudah.sqlite3"
    backup.create_backup(session, copy)
    assert raw_hits(copy, NIK, NAME, ADDRESS, "Sukarmini") == []
    assert b"Dewi Lestari" in copy.read_bytes()  # the others' data is still there
    assert run(cli, ["--db", str(db_path), "audit", "verify", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"]
    # the erasure is recorded: who, why, which records, and no personal data
    event = session.store.one("SELECT actor, payload FROM events WHERE type = 'personal_data_erased'")
    assert event["actor"] == "sari" and NIK not in event["payload"]
    assert json.loads(event["payload"])["note"] == "permintaan tertulis"


def test_only_a_supervisor_or_admin_erases_and_a_refusal_changes_nothing(session):
    users.create_first_admin(session, "admin", PASSWORD)
    users.create_user(session, "budi", PASSWORD, "frontliner")
    register(session)
    frontliner = session.as_actor(users.authenticate(session, "budi", PASSWORD))
    before = session.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(PermissionDenied, match="menghapus data pribadi"):
        erasure.erase(frontliner, nik=NIK)
    assert session.store.scalar("SELECT count(*) FROM events") == before
    assert session.store.scalar("SELECT count(*) FROM record_keys") >= 1


def test_another_device_loses_the_person_too_and_a_late_key_is_refused(session, tmp_path):
    reg = register(session)
    other = second_device(tmp_path)
    ship(session, other)
    assert other.store.one("SELECT nik FROM registrations WHERE id = ?", (reg,))["nik"] == NIK
    erasure.erase(session, registration=reg)
    ship(session, other)
    assert other.store.one("SELECT nik, name FROM registrations WHERE id = ?", (reg,))["nik"] == ""
    assert other.store.scalar("SELECT count(*) FROM record_keys WHERE entity_id = ?", (reg,)) == 0
    # a device that joins later gets the record without its key: erased there from the start
    third = second_device(tmp_path, "k3.sqlite3")
    ship(session, third)  # no key for the erased record travels from the first device
    assert third.store.one("SELECT name FROM registrations WHERE id = ?", (reg,))["name"] == "(dihapus)"
    for s in (other, third):
        s.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(4)))
def test_an_erasure_holds_whatever_order_the_events_and_keys_arrive_in(session, tmp_path_factory, order):
    """The creation (with its key), a status change, the erasure and a stale copy of the
    creation with its key (from a device that had not erased yet), in every order."""
    if not session.store.scalar("SELECT count(*) FROM registrations"):
        reg = register(session)
        snapshot = with_keys(session.store.conn, [Event.from_row(r) for r in session.store.query(
            "SELECT * FROM events WHERE entity_id = ?", (reg,))])
        registration.change_status(session, reg, "diverifikasi")
        erasure.erase(session, registration=reg)
        session.snapshot = snapshot  # the creation as a device that never erased still sends it
    reg = session.store.scalar("SELECT id FROM registrations")
    rows = session.store.query("SELECT * FROM events WHERE entity_id = ? OR type = 'personal_data_erased'"
                               " ORDER BY seq", (reg,))
    events = with_keys(session.store.conn, [Event.from_row(r) for r in rows])
    created, changed, erased = events[0], events[1], events[-1]
    stale = session.snapshot[0]
    assert stale.keys and not created.keys
    pieces = [created, changed, erased, stale]
    target = Session.open(tmp_path_factory.mktemp("order") / "k9.sqlite3")
    try:
        init_site(target, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K9")
        catalog.import_services(target, catalog.demo_catalog_rows())
        with target.transaction():
            for i in order:
                target.log.apply_remote(pieces[i])
        row = target.store.one("SELECT name, nik, status FROM registrations WHERE id = ?", (reg,))
        assert dict(row) == {"name": "(dihapus)", "nik": "", "status": "diverifikasi"}
        assert target.store.scalar("SELECT count(*) FROM record_keys") == 0
    finally:
        target.close()


def test_retention_erases_finished_records_after_the_period_and_keeps_open_ones(session, fixed_now):
    users.create_first_admin(session, "admin", PASSWORD)
    handed = register(session)
    for status in ("diverifikasi", "diproses", "selesai", "diserahkan"):
        registration.change_status(session, handed, status)
    still_open = register(session, nik="3273014409910003", name="Dewi Lestari")
    closed = complaints.file_complaint(session, type="saran", channel="web", text="Kursi kurang", name="Andi")
    complaints.close(session, closed["tracking_number"], note="kursi ditambah")
    set_setting(session, "retention_days", 30)
    fixed_now("2026-04-10T08:00:00+07:00")  # 25 days later: not yet
    assert erasure.erase_expired(session)["events"] == []
    fixed_now("2026-04-20T08:00:00+07:00")  # past 30 days
    result = erasure.erase_expired(session)
    assert result["registrations"] == [handed] and result["complaints"] == [closed["tracking_number"]]
    assert session.store.one("SELECT name FROM registrations WHERE id = ?", (handed,))["name"] == "(dihapus)"
    assert session.store.one("SELECT name FROM registrations WHERE id = ?", (still_open,))["name"] == "Dewi Lestari"
    row = session.store.one("SELECT name, text FROM complaints WHERE tracking_number = ?",
                            (closed["tracking_number"],))
    assert dict(row) == {"name": None, "text": "(dihapus)"}
    assert session.store.one("SELECT actor FROM events WHERE type = 'personal_data_erased'")["actor"] == "system"
    assert erasure.erase_expired(session)["events"] == []  # once only


def test_the_daily_maintenance_erases_before_it_copies(session, db_path, fixed_now):
    reg = register(session)
    for status in ("diverifikasi", "diproses", "selesai", "diserahkan"):
        registration.change_status(session, reg, status)
    fixed_now("2027-06-01T08:00:00+07:00")
    copy = backup.daily_maintenance(session)
    assert copy is not None and raw_hits(copy, NIK, ADDRESS) == []


def test_older_password_verifiers_are_shredded_and_the_officer_still_logs_in_elsewhere(session, tmp_path,
                                                                                       monkeypatch):
    users.create_first_admin(session, "admin", PASSWORD)
    users.create_user(session, "budi", "lama-sekali-1", "frontliner")
    admin = session.as_actor(users.authenticate(session, "admin", PASSWORD))
    users.change_password(admin, "budi", "baru-sekali-2")
    rows = session.store.query("SELECT payload FROM events WHERE entity_id = 'budi'"
                               " AND type IN ('user_created', 'user_password_changed') ORDER BY seq")
    keys = [json.loads(r[0])["sealed"]["key"] for r in rows]
    held = {r[0] for r in session.store.query("SELECT key_id FROM record_keys")}
    assert keys[0] not in held and keys[-1] in held  # the old hash is unreadable, the new one is not
    other = second_device(tmp_path)
    ship(session, other)
    assert users.authenticate(other, "budi", "baru-sekali-2").username == "budi"
    with pytest.raises(Exception, match="salah"):
        users.authenticate(other, "budi", "lama-sekali-1")
    assert keys[0] not in {r[0] for r in other.store.query("SELECT key_id FROM record_keys")}
    other.close()


def test_a_sealed_box_opened_with_the_wrong_key_reads_as_erased(session):
    reg = register(session)
    conn = session.store.conn
    conn.execute("UPDATE record_keys SET key = ? WHERE entity_id = ?", (os.urandom(32), reg))
    from counter_app.events import refold_entity

    with session.transaction():
        refold_entity(conn, reg)
    assert session.store.one("SELECT nik FROM registrations WHERE id = ?", (reg,))["nik"] == ""


def test_the_file_keeps_no_copy_in_free_pages(session, db_path):
    reg = register(session)
    erasure.erase(session, registration=reg)
    # whatever the SQLite build's default, the app's connection zeroes what it frees
    assert session.store.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert raw_hits(db_path, NIK, ADDRESS) == []


def test_a_device_that_pulls_an_erasure_keeps_no_copy_on_its_disk(session, tmp_path):
    """The pull path (syncstate.apply_events), not only the erasing device, scrubs the file."""
    from counter_app import syncstate

    reg = register(session)
    other = second_device(tmp_path)
    path = tmp_path / "k2.sqlite3"
    syncstate.apply_events(other, with_keys(session.store.conn, [Event.from_row(r) for r in session.store.query(
        "SELECT * FROM events ORDER BY seq")]))
    assert raw_hits(path, NIK, ADDRESS)  # the projection holds them (file or WAL)
    erasure.erase(session, registration=reg)
    erased = [Event.from_row(r) for r in session.store.query(
        "SELECT * FROM events WHERE type = 'personal_data_erased'")]
    syncstate.apply_events(other, erased)
    assert raw_hits(path, NIK, NAME, ADDRESS) == []
    other.close()
