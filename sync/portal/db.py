"""The portal's storage: one small layer over SQLite (default) or PostgreSQL (by URL).

SQL is written once with ``?`` placeholders and portable types; for PostgreSQL the
placeholders become ``%s``. Every write runs in :meth:`Database.transaction`, which first
bumps the single ``seq_counter`` row: that row lock (PostgreSQL) or the immediate write lock
(SQLite) serialises writers, so sequence numbers are handed out in commit order and a
reader paging by cursor can never skip an event committed late.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = [
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
    # push checks a change's entity exists; the portal's clock reads an entity's newest event
    "CREATE INDEX IF NOT EXISTS events_site_entity ON events (site_code, entity_id)",
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


def _dict_row(cursor, row) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


class Tx:
    """A connection inside a transaction; ``execute`` takes ``?`` placeholders."""

    def __init__(self, conn, postgres: bool):
        self.conn = conn
        self.postgres = postgres

    def execute(self, sql: str, params: tuple | list = ()):
        if self.postgres:
            sql = sql.replace("?", "%s")
        return self.conn.execute(sql, tuple(params))

    def one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return list(self.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else next(iter(row.values()))

    @contextmanager
    def savepoint(self, name: str = "ev") -> Iterator[None]:
        """A nested unit: on error only its own writes are undone."""
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.execute(f"RELEASE SAVEPOINT {name}")

    def next_seq(self) -> int:
        """The next event sequence number (the counter row is locked until commit)."""
        self.execute("UPDATE seq_counter SET last_seq = last_seq + 1 WHERE singleton = 1")
        return int(self.scalar("SELECT last_seq FROM seq_counter WHERE singleton = 1"))


class Database:
    """A portal database named by URL: ``sqlite:///path`` / a plain path, or ``postgresql://``."""

    def __init__(self, url: str | Path):
        url = str(url)
        self.postgres = url.startswith(("postgresql://", "postgres://"))
        self.url = url
        self.path = None if self.postgres else Path(url.removeprefix("sqlite:///"))
        self._local = threading.local()
        self.init_schema()

    # -- connections --------------------------------------------------------
    def _connect(self):
        if self.postgres:
            import psycopg

            return psycopg.connect(self.url, autocommit=True, row_factory=_pg_dict_row)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30, check_same_thread=False)
        conn.row_factory = _dict_row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None and self.postgres and conn.closed:
            conn = None
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """A serialised write transaction (see the module docstring)."""
        conn = self._conn()
        tx = Tx(conn, self.postgres)
        tx.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
        try:
            if self.postgres:  # take the writers' lock first, always in the same order
                tx.execute("SELECT last_seq FROM seq_counter WHERE singleton = 1 FOR UPDATE")
            yield tx
        except BaseException:
            try:
                tx.execute("ROLLBACK")
            except Exception:
                self._drop()
            raise
        tx.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A consistent read-only snapshot."""
        conn = self._conn()
        tx = Tx(conn, self.postgres)
        tx.execute("BEGIN")
        try:
            yield tx
        finally:
            try:
                tx.execute("ROLLBACK")
            except Exception:
                self._drop()

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def close(self) -> None:
        self._drop()

    def init_schema(self) -> None:
        conn = self._conn()
        tx = Tx(conn, self.postgres)
        tx.execute("BEGIN")
        try:
            if self.postgres:  # two processes creating the schema at once must not collide
                tx.execute("SELECT pg_advisory_xact_lock(7204511)")
            for statement in SCHEMA:
                tx.execute(statement)
            if tx.one("SELECT 1 AS x FROM seq_counter WHERE singleton = 1") is None:
                tx.execute("INSERT INTO seq_counter (singleton, last_seq) VALUES (1, 0)")
        except BaseException:
            tx.execute("ROLLBACK")
            raise
        tx.execute("COMMIT")


def _pg_dict_row(cursor):
    from psycopg.rows import dict_row

    return dict_row(cursor)


def open_database(db: str | Path | None, database_url: str | None) -> Database:
    """The database named by ``--database-url`` or ``--db`` (default ``portal.sqlite3``)."""
    if database_url:
        return Database(database_url)
    return Database(Path(db) if db else Path("portal.sqlite3"))
