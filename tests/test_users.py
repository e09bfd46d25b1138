"""Staff accounts: argon2id hashes, the first admin, lock-out, roles enforced in the core services."""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher

from counter_app import backup, catalog, complaints, users
from counter_app.actors import SYSTEM, Actor
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.errors import PermissionDenied, StateError, ValidationError

PASSWORD = "kopi-tubruk-88"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Still argon2id, with small parameters so the suite stays fast (production: see below)."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


def test_production_hasher_is_argon2id_rfc9106_low_memory():
    encoded = users.make_hasher().hash(PASSWORD)
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def loket(capsys, *argv) -> tuple[int, str, str]:
    code = run(cli, list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def staffed(session):
    """A site with an admin, a supervisor and a frontliner."""
    users.create_first_admin(session, "admin", PASSWORD)
    admin = session.as_actor(users.authenticate(session, "admin", PASSWORD))
    users.create_user(admin, "sari", PASSWORD, "supervisor", full_name="Sari Dewi")
    users.create_user(admin, "budi", PASSWORD, "frontliner")
    return session


def test_first_account_is_the_admin_and_passwords_are_argon2id(session):
    assert not users.has_users(session)
    with pytest.raises(ValidationError, match="akun pertama harus admin"):
        users.create_user(session, "budi", PASSWORD, "frontliner")
    created = users.create_first_admin(session, "Admin", PASSWORD, full_name="Pengelola TI")
    assert created["username"] == "admin" and "password_hash" not in created
    stored = session.store.scalar("SELECT password_hash FROM users WHERE username = 'admin'")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    event = session.store.one("SELECT payload, actor FROM events WHERE type = 'user_created'")
    assert PASSWORD not in event["payload"] and event["actor"] == "system"
    with pytest.raises(StateError):
        users.create_first_admin(session, "admin2", PASSWORD)


def test_password_rules(session):
    with pytest.raises(ValidationError) as err:
        users.create_first_admin(session, "admin", "pendek")
    assert err.value.field == "password"
    with pytest.raises(ValidationError, match="sama dengan nama"):
        users.create_first_admin(session, "operator", "OPERATOR")
    with pytest.raises(ValidationError) as err:
        users.create_first_admin(session, "system", PASSWORD)
    assert err.value.field == "username"


def test_authenticate_returns_the_actor_and_events_record_who(staffed):
    actor = users.authenticate(staffed, "Budi ", PASSWORD)
    assert actor == Actor("budi", "frontliner")
    as_budi = staffed.as_actor(actor)
    c = complaints.file_complaint(as_budi, type="saran", channel="counter", text="Tambah kursi", anonymous=True)
    assert staffed.store.scalar("SELECT actor FROM events WHERE entity_id = ?", (c["tracking_number"],)) == "budi"


def test_wrong_password_then_lock_after_repeated_failures(staffed, fixed_now):
    for remaining in (4, 3, 2, 1):
        with pytest.raises(users.AuthenticationFailed, match=f"sisa percobaan: {remaining}"):
            users.authenticate(staffed, "budi", "salah-salah")
    with pytest.raises(users.AccountLocked, match="dikunci sampai pukul 08.15"):
        users.authenticate(staffed, "budi", "salah-salah")
    # locked: even the right password is refused, and the lock is in the audited log
    with pytest.raises(users.AccountLocked):
        users.authenticate(staffed, "budi", PASSWORD)
    assert staffed.store.scalar("SELECT count(*) FROM events WHERE type = 'user_locked'") == 1
    assert users.get_user(staffed, "budi")["locked"]
    fixed_now("2026-03-16T08:16:00+07:00")  # the lock runs out
    assert users.authenticate(staffed, "budi", PASSWORD).role == "frontliner"


def test_unknown_user_gets_the_same_message(staffed):
    with pytest.raises(users.AuthenticationFailed, match="^nama pengguna atau kata sandi salah$"):
        users.authenticate(staffed, "tidakada", PASSWORD)


def test_admin_unlocks_disables_and_the_last_admin_is_protected(staffed):
    admin = staffed.as_actor(users.authenticate(staffed, "admin", PASSWORD))
    for _ in range(5):
        with pytest.raises(users.AuthenticationFailed):
            users.authenticate(staffed, "budi", "salah-salah")
    assert not users.unlock_user(admin, "budi")["locked"]
    assert users.authenticate(staffed, "budi", PASSWORD)
    users.disable_user(admin, "budi")
    with pytest.raises(users.AuthenticationFailed, match="dinonaktifkan"):
        users.authenticate(staffed, "budi", PASSWORD)
    with pytest.raises(StateError, match="admin aktif terakhir"):
        users.disable_user(admin, "admin")
    users.change_password(admin, "budi", "teh-manis-2026")
    users.enable_user(admin, "budi")
    assert users.authenticate(staffed, "budi", "teh-manis-2026")


def test_staff_change_their_own_password_only(staffed):
    budi = staffed.as_actor(users.authenticate(staffed, "budi", PASSWORD))
    with pytest.raises(ValidationError, match="kata sandi lama salah"):
        users.change_password(budi, "budi", "baru-sekali-1", old_password="keliru")
    users.change_password(budi, "budi", "baru-sekali-1", old_password=PASSWORD)
    with pytest.raises(PermissionDenied):
        users.change_password(budi, "sari", "baru-sekali-1")
    assert users.authenticate(staffed, "budi", "baru-sekali-1")


def test_frontliner_cannot_change_the_catalogue_or_restore_a_backup(staffed, tmp_path):
    budi = staffed.as_actor(users.authenticate(staffed, "budi", PASSWORD))
    rows = catalog.export_rows(staffed)
    rows[0]["fee"] = 999
    before = staffed.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(PermissionDenied, match="tidak berwenang mengubah katalog"):
        catalog.import_services(budi, rows)
    good = backup.create_backup(staffed, tmp_path / "copy.sqlite3")["file"]
    with pytest.raises(PermissionDenied, match="memulihkan database"):
        backup.restore_backup(budi, good)
    with pytest.raises(PermissionDenied):
        users.create_user(budi, "rina", PASSWORD, "frontliner")
    assert staffed.store.scalar("SELECT count(*) FROM events") == before
    sari = staffed.as_actor(users.authenticate(staffed, "sari", PASSWORD))
    with pytest.raises(PermissionDenied):
        catalog.import_services(sari, rows)
    admin = staffed.as_actor(users.authenticate(staffed, "admin", PASSWORD))
    assert catalog.import_services(admin, rows)["updated"] == [rows[0]["code"]]


def test_permission_table_and_personal_data():
    assert users.can_see_personal_data(SYSTEM)
    assert users.can_see_personal_data(Actor("sari", "supervisor"))
    assert users.can_see_personal_data(Actor("eko", "satellite_officer"))
    assert not users.can_see_personal_data(Actor("budi", "frontliner"))
    assert not users.can_see_personal_data(Actor("it", "admin"))
    table = {r["permission"]: r for r in users.permission_table()}
    assert table["report.signoff"]["supervisor"] and not table["report.signoff"]["frontliner"]
    assert table["backup.restore"]["admin"] and not table["backup.restore"]["supervisor"]
    with pytest.raises(ValueError):
        users.allowed(SYSTEM, "no.such.permission")


def test_accounts_survive_a_rebuild_of_the_projections(staffed):
    from counter_app.events import rebuild_projections

    before = [dict(r) for r in staffed.store.query("SELECT * FROM users ORDER BY username")]
    rebuild_projections(staffed.store)
    assert [dict(r) for r in staffed.store.query("SELECT * FROM users ORDER BY username")] == before


def test_cli_runs_as_the_device_until_accounts_exist_then_needs_a_login(session, db_path, monkeypatch, capsys):
    monkeypatch.setenv("LOKET_DB", str(db_path))
    monkeypatch.delenv("LOKET_USER", raising=False)
    code, out, _ = loket(capsys, "user", "whoami", "--json")
    assert code == 0 and json.loads(out)["username"] == "system"
    monkeypatch.setenv("LOKET_NEW_PASSWORD", PASSWORD)
    code, out, _ = loket(capsys, "user", "add", "admin", "--role", "admin", "--json")
    assert code == 0 and json.loads(out)["role"] == "admin"
    code, _, err = loket(capsys, "skm", "index", "--json")
    assert code == 1 and "--user" in err
    monkeypatch.setenv("LOKET_PASSWORD", "salah-salah")
    code, _, err = loket(capsys, "--user", "admin", "skm", "index")
    assert code == 1 and "kata sandi salah" in err
    monkeypatch.setenv("LOKET_PASSWORD", PASSWORD)
    monkeypatch.setenv("LOKET_USER", "admin")
    code, out, _ = loket(capsys, "user", "add", "budi", "--role", "frontliner", "--name", "Budi S", "--json")
    assert code == 0
    code, out, _ = loket(capsys, "user", "list", "--json")
    assert [u["username"] for u in json.loads(out)] == ["admin", "budi"]
    monkeypatch.setenv("LOKET_USER", "budi")
    exported = db_path.parent / "katalog.json"
    exported.write_text(json.dumps(catalog.export_rows(session)), encoding="utf-8")
    code, _, err = loket(capsys, "catalog", "import", str(exported))
    assert code == 2 and "tidak berwenang mengubah katalog" in err
    code, _, err = loket(capsys, "user", "disable", "admin")
    assert code == 2 and "tidak berwenang" in err
    code, out, _ = loket(capsys, "user", "whoami", "--json")
    assert json.loads(out)["permissions"] == ["service.serve", "skm.record", "complaint.file", "device.printer"]
