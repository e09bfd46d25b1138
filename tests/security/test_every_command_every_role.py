"""Every command that changes or exports data, run as every role, against the documented table.

The attack (issue 15): a frontliner could, from the CLI, re-initialise the site (code, name,
series, time zone: synced to every device), close calendar days (moving legal deadlines),
rebuild the database, export a bundle with every NIK and password hash, point the device at
another portal, and set the site-wide printer, because ``site.py`` and ``calendar.py``
checked no permission. Now each command is run on a real database as a frontliner, a
satellite officer, a supervisor and an admin: it is allowed exactly when the table in
docs/accountability.md says so, and a refused call exits 2 naming the permission and
changes nothing in the database and writes no file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from demo_rows import demo_rows_without_hours

from counter_app import backup, calendar, catalog, complaints, permissions, syncstate, users
from counter_app.actors import ROLES
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.session import Session
from counter_app.site import init_site

DOC = Path(__file__).resolve().parents[2] / "docs" / "accountability.md"
PASSWORD = "kopi-tubruk-88"
NOW = "2026-03-16T08:00:00+07:00"
ACCOUNT = {"frontliner": "budi", "satellite_officer": "sati", "supervisor": "sari", "admin": "admin"}


def documented_table() -> dict[str, set[str]]:
    """The roles × permissions table as docs/accountability.md shows it: permission -> roles."""
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- permissions-table:start -->")[1].split("<!-- permissions-table:end -->")[0]
    rows = [line for line in block.strip().splitlines() if line.startswith("| `")]
    table = {}
    for line in rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[0].strip("`")] = {role for role, mark in zip(ROLES, cells[2:], strict=True) if mark == "ya"}
    return table


def test_the_documented_table_is_the_code_table():
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- permissions-table:start -->")[1].split("<!-- permissions-table:end -->")[0]
    assert block.strip() == permissions.markdown_table(), (
        "docs/accountability.md differs from counter_app/permissions.py: paste markdown_table()")
    assert documented_table() == {p: set(permissions.roles_with(p)) for p in permissions.PERMISSION_LABELS}


def test_the_desktop_pages_follow_the_table():
    from ui.pages import PAGES

    by_key = {key: roles for key, _title, _target, roles in PAGES}
    assert set(by_key["counter"]) == set(permissions.roles_with("service.serve"))
    assert set(by_key["settings"]) == set(permissions.roles_with("user.manage")) == {"admin"}
    assert "admin" not in by_key["registration"] and "frontliner" in by_key["registration"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A set-up site with one account per role, a closed day, a complaint, a saved portal
    token, a backup and a catalogue file: copied fresh for every call."""
    os.environ["LOKET_NOW"] = NOW
    saved_hasher = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    root = tmp_path_factory.mktemp("roles")
    db = root / "template.sqlite3"
    s = Session.open(db)
    try:
        init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
        catalog.import_services(s, demo_rows_without_hours())
        users.create_first_admin(s, "admin", PASSWORD)
        for role, name in ACCOUNT.items():
            if role != "admin":
                users.create_user(s, name, PASSWORD, role)
        users.create_user(s, "tono", PASSWORD, "frontliner")  # the account others act on
        calendar.close_day(s, date(2026, 4, 20), "Kerja bakti")
        track = complaints.file_complaint(s, type="saran", channel="web", text="Antrean lama", anonymous=True)
        syncstate.configure(s, "http://127.0.0.1:9", "token-lama")
        backup.create_backup(s, root / "cadangan.sqlite3")
        (root / "katalog.json").write_text(json.dumps(catalog.demo_catalog_rows()[:1]), encoding="utf-8")
    finally:
        s.close()
    yield {"db": db, "root": root, "track": track["tracking_number"]}
    users._hasher = saved_hasher


def snapshot(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        conn.close()


# (name, argv, permissions the command needs, a file it would write)
OUT = "{out}"
COMMANDS = [
    ("init site name", ["init", "--site-name", "MPP Palsu"], {"site.configure"}, None),
    ("init site code", ["init", "--site-code", "MPP-LAIN"], {"site.configure"}, None),
    ("init series", ["init", "--series", "7"], {"site.configure"}, None),
    ("init timezone", ["init", "--timezone", "Asia/Makassar"], {"site.configure"}, None),
    ("init device code", ["init", "--device-code", "K9"], {"site.configure"}, None),
    ("calendar close", ["calendar", "close", "21-04-2026", "--reason", "Rapat"], {"calendar.manage"}, None),
    ("calendar reopen", ["calendar", "reopen", "20-04-2026"], {"calendar.manage"}, None),
    ("calendar confirm", ["calendar", "confirm", "22-04-2026", "--holiday", "--reason", "Libur daerah"],
     {"calendar.manage"}, None),
    ("db rebuild", ["db", "rebuild"], {"db.rebuild"}, None),
    ("sync export", ["sync", "export", "--out", OUT], {"sync.export"}, OUT),
    ("sync export with a new token", ["sync", "export", "--out", OUT, "--token", "token-baru"],
     {"sync.export", "sync.configure"}, OUT),
    ("sync run to another portal", ["sync", "run", "--portal", "http://127.0.0.1:9/lain", "--token", "token-baru"],
     {"sync.configure"}, None),
    ("print setup site-wide", ["print", "setup", "--printer", "dummy", "--site-wide"], {"settings.manage"}, None),
    ("print setup timeout", ["print", "setup", "--timeout", "5"], {"settings.manage"}, None),
    ("print setup this device", ["print", "setup", "--printer", "dummy", "--width", "58"], {"device.printer"}, None),
    ("user add", ["user", "add", "nina", "--role", "frontliner"], {"user.manage"}, None),
    ("user role", ["user", "role", "tono", "supervisor"], {"user.manage"}, None),
    ("user disable", ["user", "disable", "tono"], {"user.manage"}, None),
    ("user passwd of another", ["user", "passwd", "tono"], {"user.manage"}, None),
    ("backup create", ["backup", "create", "--out", OUT], {"backup.create"}, OUT),
    ("backup restore", ["backup", "restore", "{backup}", "--yes"], {"backup.restore"}, None),
    ("catalog import", ["catalog", "import", "{catalog}"], {"catalog.manage"}, None),
    ("complaint file", ["complaint", "file", "--type", "saran", "--channel", "web", "--text", "Toilet",
                        "--anonymous"], {"complaint.file"}, None),
    ("complaint respond", ["complaint", "respond", "{track}", "--text", "Terima kasih"], {"complaint.handle"}, None),
    ("person erase", ["person", "erase", "--complaint", "{track}", "--note", "permintaan tertulis"],
     {"personal_data.erase"}, None),
    ("ticket issue", ["ticket", "issue", "--service", "DUK-AKL"], {"service.serve"}, None),
    ("register", ["register", "--service", "DUK-AKL", "--name", "Siti Aminah", "--nik", "3273015505900003",
                  "--sex", "P", "--birth-date", "1990-05-15"], {"service.serve"}, None),
    ("report daily", ["report", "daily", "--out", OUT], {"report.view"}, OUT),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "argv", "needs", "out"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_every_role(template, tmp_path, monkeypatch, capsys, role, name, argv, needs, out):
    table = documented_table()
    allowed = all(role in table[p] for p in needs)
    db = tmp_path / "loket.sqlite3"
    shutil.copyfile(template["db"], db)
    target = tmp_path / "keluar.bin"
    args = [a.format(out=target, backup=template["root"] / "cadangan.sqlite3",
                     catalog=template["root"] / "katalog.json", track=template["track"]) for a in argv]
    monkeypatch.setenv("LOKET_NOW", NOW)
    monkeypatch.setenv("LOKET_USER", ACCOUNT[role])
    monkeypatch.setenv("LOKET_PASSWORD", PASSWORD)
    monkeypatch.setenv("LOKET_NEW_PASSWORD", "kata-sandi-baru-1")
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    before = snapshot(db)
    capsys.readouterr()
    code = run(cli, ["--db", str(db), *args])
    _out, err = capsys.readouterr()
    denied = "tidak berwenang" in err
    if allowed:
        assert not denied, err
        if name == "sync run to another portal":  # the portal is not there: the address is saved, the round fails
            assert code == 1
            assert snapshot(db)["sync_state"] != before["sync_state"]
        else:
            assert code == 0, err
        if out:
            assert target.exists()
    else:
        assert code == 2 and denied, (code, err)
        missing = [p for p in sorted(needs) if role not in table[p]]
        assert any(permissions.PERMISSION_LABELS[p] in err for p in missing), err
        assert snapshot(db) == before, "a refused call changed the database"
        assert not target.exists(), "a refused call wrote its file"
        assert not re.search(r"Traceback", err)
