"""The portal's numbered migrations, on SQLite and PostgreSQL: a database made by the portal
before migrations, with its data, is brought up to date and served; a fresh one gets every
migration once, even when several processes open it at once; a failing one changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import requests

from counter_app import catalog, personal, registration, syncstate
from counter_app.session import Session
from counter_app.site import init_site
from sync.client import RetryPolicy, run_sync
from sync.portal import content, service
from sync.portal.db import Database, migrations

ROOT = Path(__file__).resolve().parents[2]
MONDAY = "2026-03-16T08:00:00+07:00"
PG_URL = os.environ.get("LOKET_TEST_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not PG_URL, reason="LOKET_TEST_PG_URL not set: PostgreSQL portal tests need a server (.ci/run starts one)"))]

# What the portal ran on every open before numbered migrations (sync/portal/db.py, SCHEMA).
PRE_MIGRATION_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS seq_counter (singleton INTEGER PRIMARY KEY, last_seq BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sites (code TEXT PRIMARY KEY, name TEXT NOT NULL,"
    " portal_device_id TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, site_code TEXT NOT NULL REFERENCES sites (code),"
    " name TEXT NOT NULL, series INTEGER NOT NULL, token_hash TEXT NOT NULL UNIQUE, bundle_key TEXT NOT NULL,"
    " local_device_id TEXT, enrolled_at TEXT NOT NULL, revoked_at TEXT, last_seen TEXT)",
    "CREATE INDEX IF NOT EXISTS devices_local ON devices (local_device_id)",
    "CREATE TABLE IF NOT EXISTS events (seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " site_code TEXT NOT NULL REFERENCES sites (code), device_id TEXT NOT NULL, device_seq BIGINT NOT NULL,"
    " hlc TEXT NOT NULL, recorded_at TEXT NOT NULL, type TEXT NOT NULL, entity_id TEXT NOT NULL,"
    " payload TEXT NOT NULL, actor TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,"
    " received_at TEXT NOT NULL, UNIQUE (device_id, device_seq))",
    "CREATE INDEX IF NOT EXISTS events_site_seq ON events (site_code, seq)",
    "CREATE TABLE IF NOT EXISTS services (site_code TEXT NOT NULL, code TEXT NOT NULL, version INTEGER NOT NULL,"
    " data TEXT NOT NULL, PRIMARY KEY (site_code, code))",
    "CREATE TABLE IF NOT EXISTS holidays (site_code TEXT NOT NULL, day TEXT NOT NULL, reason TEXT NOT NULL,"
    " PRIMARY KEY (site_code, day))",
    "CREATE TABLE IF NOT EXISTS bookings (code TEXT PRIMARY KEY, site_code TEXT NOT NULL,"
    " service_code TEXT NOT NULL, day TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL,"
    " registration_id TEXT, checked_in_at TEXT)",
    "CREATE TABLE IF NOT EXISTS applications (id TEXT PRIMARY KEY, site_code TEXT NOT NULL,"
    " service_code TEXT NOT NULL, status TEXT NOT NULL, status_hlc TEXT NOT NULL, deadline TEXT,"
    " booking_code TEXT, updated_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS applications_booking ON applications (booking_code)",
]
TABLES = ["seq_counter", "sites", "devices", "events", "services", "holidays", "bookings", "applications"]
# What a database of today holds of them (0005 numbers events per site: seq_counter went).
KEPT_TABLES = [t for t in TABLES if t != "seq_counter"]


@pytest.fixture(params=BACKENDS)
def new_url(request, tmp_path):
    """Makes a new, empty database of the backend and returns its URL."""

    def make() -> str:
        if request.param == "sqlite":
            return str(tmp_path / f"portal-{uuid.uuid4().hex[:6]}.sqlite3")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"

    return make


def _raw(url: str):
    """A plain connection, outside the portal's code (as the old portal's file was)."""
    if url.startswith("postgresql://"):
        return psycopg.connect(url, autocommit=True), "%s"
    conn = sqlite3.connect(url, isolation_level=None)
    return conn, "?"


def _catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog.demo_catalog_rows()), encoding="utf-8")
    return path


def _portal_with_data(tmp_path: Path, monkeypatch) -> tuple[Database, dict, Session]:
    """A portal database filled by the app itself: a site, an enrolled counter that pushed its
    events (catalogue, a registration), the portal's catalogue and an online booking. Made as
    the app made them before personal data was sealed (0007): in plain text."""
    with monkeypatch.context() as m:
        m.setattr(personal, "seal", lambda type, payload, key_id, key: payload)
        return _fill_portal(tmp_path)


def _fill_portal(tmp_path: Path) -> tuple[Database, dict, Session]:
    source = Database(tmp_path / "source.sqlite3")
    site = service.add_site(source, "MPP01", "MPP Uji")["site"]
    enrolment = service.enrol_device(source, site, "K1")
    content.import_catalog(source, _catalog_file(tmp_path), site)
    online = content.site_services(source, site)[0]
    content.create_booking(source, {"site": site, "service": online["code"], "date": "2026-03-17",
                                    "name": "Siti Aminah", "nik": "3273015508900002", "sex": "P"})
    counter = Session.open(tmp_path / "k1.sqlite3")
    init_site(counter, site_code=site, site_name="MPP Uji", device_code="K1", series=enrolment["series"])
    catalog.import_services(counter, catalog.demo_catalog_rows())
    registration.register(counter, registration.RegistrationInput(
        service=online["code"], name="Budi Santoso", nik="3273011508900001", sex="L"))
    outbox = [e.as_dict() for e in syncstate.outbox(counter, 1000)]
    results = service.push(source, service.authenticate(source, enrolment["token"]), outbox)
    assert {r["status"] for r in results} == {"accepted"}
    syncstate.ack(counter, [e["id"] for e in outbox])
    return source, enrolment, counter


def _make_pre_migration_copy(source: Database, url: str) -> None:
    conn, mark = _raw(url)
    try:
        for statement in PRE_MIGRATION_SCHEMA:
            conn.execute(statement)
        with source.read() as tx:
            for table in KEPT_TABLES:
                # only the columns the old schema had: later migrations add columns with defaults
                old = [d[0] for d in conn.execute(f"SELECT * FROM {table} WHERE 1 = 0").description]
                for row in tx.all(f"SELECT * FROM {table}"):
                    kept = {k: v for k, v in row.items() if k in old}
                    conn.execute(f"INSERT INTO {table} ({', '.join(kept)}) VALUES ({', '.join([mark] * len(kept))})",
                                 tuple(kept.values()))
    finally:
        conn.close()


def _snapshot(db: Database) -> dict[str, list]:
    with db.read() as tx:
        return {t: sorted(json.dumps(r, sort_keys=True, default=str) for r in tx.all(f"SELECT * FROM {t}"))
                for t in KEPT_TABLES}


def _shape(db: Database) -> dict[str, set[str]]:
    """Every table's columns, and the index names, as the database reports them."""
    with db.read() as tx:
        if db.postgres:
            cols = tx.all("SELECT table_name AS t, column_name AS c FROM information_schema.columns"
                          " WHERE table_schema = current_schema()")
            idx = {r["i"] for r in tx.all("SELECT indexname AS i FROM pg_indexes WHERE schemaname = current_schema()")
                   if not r["i"].endswith("key")}  # those of primary keys and UNIQUE constraints
        else:
            names = [r["name"] for r in tx.all("SELECT name FROM sqlite_master WHERE type = 'table'")]
            cols = [{"t": t, "c": c["name"]} for t in names for c in tx.all(f"PRAGMA table_info({t})")]
            idx = {r["name"] for r in tx.all("SELECT name FROM sqlite_master WHERE type = 'index'"
                                             " AND name NOT LIKE 'sqlite_autoindex%'")}
    shape: dict[str, set[str]] = {"indexes": idx}
    for r in cols:
        shape.setdefault(r["t"], set()).add(r["c"])
    return shape


def _serve(url: str, tmp_path: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    arg = ["--database-url", url] if url.startswith("postgresql://") else ["--db", url]
    log = open(tmp_path / f"portal-{port}.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "sync.portal", *arg, "serve", "--port", str(port)], cwd=ROOT,
                            env={**os.environ, "LOKET_NOW": MONDAY, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if requests.get(base + "/api/v1/health", timeout=1).status_code == 200:
                return proc, base, log
        except requests.RequestException:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"portal did not start: {(tmp_path / f'portal-{port}.log').read_text()[-2000:]}")


def test_a_database_from_before_migrations_keeps_its_data_and_is_served(new_url, tmp_path, fixed_now, monkeypatch):
    url = new_url()
    source, enrolment, counter = _portal_with_data(tmp_path, monkeypatch)
    _make_pre_migration_copy(source, url)

    migrated = Database(url)
    with migrated.read() as tx:
        recorded = tx.all("SELECT version, name FROM schema_version ORDER BY version")
    assert [r["version"] for r in recorded] == [m.version for m in migrations()]
    assert "before numbered migrations" in recorded[0]["name"]  # 0001 was there: recorded, not re-run
    assert _snapshot(migrated) == _snapshot(source)  # every row kept as it was
    assert _shape(migrated) == _shape(Database(new_url()))  # the same schema as a database made today
    assert "events_site_entity" in _shape(migrated)["indexes"]
    assert Database(url).migrate() == []  # opening again changes nothing
    with migrated.read() as tx:  # 0007 rewrote nothing: events stored in plain text stay so, without keys
        payloads = [r["payload"] for r in tx.all("SELECT payload FROM events WHERE type = 'registration_created'")]
        assert payloads and all("3273011508900001" in p for p in payloads)
        assert tx.scalar("SELECT count(*) AS n FROM record_keys") == 0

    proc, base, log = _serve(url, tmp_path)
    try:
        policy = RetryPolicy(attempts=2, base_s=0.01, cap_s=0.05)
        first = run_sync(counter, portal=base, token=enrolment["token"], policy=policy)
        assert first["rejected"] == 0 and first["pending"] == 0 and first["pulled"] > 0
        reg = registration.list_applications(counter)[0]["registration_id"]
        registration.change_status(counter, reg, "diverifikasi")  # a change to an entity stored before
        assert run_sync(counter, portal=base, token=enrolment["token"], policy=policy)["accepted"] == 1
        assert content.lookup(migrated, reg)["status"] == "diverifikasi"
        sealed = registration.register(counter, registration.RegistrationInput(  # made now: sealed, its key kept
            service=content.site_services(migrated, "MPP01")[0]["code"], name="Ani Wijaya",
            nik="3273014409910003", sex="P"))["registration_id"]
        assert run_sync(counter, portal=base, token=enrolment["token"], policy=policy)["accepted"] == 1
        with migrated.read() as tx:
            assert tx.scalar("SELECT count(*) AS n FROM record_keys WHERE entity_id = ?", (sealed,)) == 1
        assert content.public_lookup(migrated, sealed, "1991-09-04")["status"] == "diterima"
        assert service.enrol_device(migrated, "MPP01", "K2")["series"] != enrolment["series"]
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()
        counter.close()


def test_a_fresh_database_gets_every_migration_once_when_processes_open_it_at_once(new_url):
    url = new_url()
    code = "import sys; from sync.portal.db import Database; print(Database(sys.argv[1]).schema_version())"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
             for _ in range(4)]
    outs = [p.communicate(timeout=60) for p in procs]
    newest = migrations()[-1].version
    assert [(p.returncode, out.strip()) for p, (out, _) in zip(procs, outs, strict=True)] == [(0, str(newest))] * 4, outs
    db = Database(url)
    with db.read() as tx:
        assert [r["version"] for r in tx.all("SELECT version FROM schema_version ORDER BY version")] == \
            [m.version for m in migrations()]
        assert tx.scalar("SELECT count(*) AS n FROM sites WHERE last_seq <> 0") == 0


def test_a_failing_migration_changes_nothing_and_a_python_one_sees_its_dialect(new_url, tmp_path):
    url = new_url()
    directory = tmp_path / "migrations"
    directory.mkdir()
    for m in migrations():
        shutil.copy(m.path, directory / m.path.name)
    db = Database(url)
    newest = db.schema_version()
    (directory / f"{newest + 1:04d}_broken.sql").write_text(
        "CREATE TABLE half_done (a INTEGER);\nCREATE TABLE oops (;\n", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - whatever error the database gives
        db.migrate(directory)
    assert db.schema_version() == newest and "half_done" not in _shape(db)

    (directory / f"{newest + 1:04d}_broken.sql").unlink()
    (directory / f"{newest + 1:04d}_by_dialect.py").write_text(
        "def migrate(tx):\n"
        "    kind = 'BYTEA' if tx.postgres else 'BLOB'\n"
        "    tx.execute(f'CREATE TABLE dialect_seen (data {kind})')\n", encoding="utf-8")
    assert db.migrate(directory) == [newest + 1]
    assert "dialect_seen" in _shape(db) and db.schema_version() == newest + 1
    assert db.migrate(directory) == []
