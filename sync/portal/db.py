"""The portal's storage: one small layer over SQLite (default) or PostgreSQL (by URL).

SQL is written once with ``?`` placeholders and portable types; for PostgreSQL the
placeholders become ``%s``. Every write runs in :meth:`Database.transaction`. Event sequence
numbers are per site (``sites.last_seq``): a transaction that writes a site's events first
locks that site's row (:meth:`Tx.lock_site`; SQLite's immediate write lock does the same for
the whole file), so a site's numbers are handed out in commit order and a reader paging by
cursor can never skip an event committed late, while two sites' pushes on PostgreSQL no
longer queue on one row.

The schema is the numbered migrations in ``sync/portal/migrations/`` (``NNNN_name.sql``, or
``.py`` where the dialects differ), applied on open and recorded in ``schema_version``.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_NAME = re.compile(r"^(\d{4})_(\w+)\.(sql|py)$")
# A database made before numbered migrations has these tables (and no schema_version): it
# holds exactly migration 0001 and is recorded so instead of running it again.
LEGACY_TABLE = "seq_counter"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    def apply(self, tx: Tx) -> None:
        if self.path.suffix == ".sql":
            for statement in sql_statements(self.path.read_text(encoding="utf-8")):
                tx.execute(statement)
            return
        spec = importlib.util.spec_from_file_location(f"portal_migration_{self.version:04d}", self.path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(tx)  # tx.postgres says which dialect


def migrations(directory: Path | None = None) -> list[Migration]:
    """Every migration in ``directory`` (default: the portal's), by number, numbers unique."""
    found: dict[int, Migration] = {}
    for path in sorted((directory or MIGRATIONS_DIR).iterdir()):
        match = MIGRATION_NAME.match(path.name)
        if not match:
            continue
        version = int(match.group(1))
        if version in found:
            raise RuntimeError(f"two portal migrations numbered {version:04d}: {found[version].path.name}, {path.name}")
        found[version] = Migration(version, match.group(2), path)
    return [found[v] for v in sorted(found)]


def sql_statements(text: str) -> list[str]:
    """The statements of a migration file: ``--`` comments dropped, split at a ``;`` that ends
    a line (the files hold no ``;`` or ``--`` inside literals, and no ``?`` or ``%``)."""
    lines = [line.split("--", 1)[0].rstrip() for line in text.splitlines()]
    statements, current = [], []
    for line in lines:
        current.append(line)
        if line.endswith(";"):
            statement = "\n".join(current).strip().rstrip(";").strip()
            if statement:
                statements.append(statement)
            current = []
    if "\n".join(current).strip():
        raise ValueError("a migration statement does not end with ';'")
    return statements



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

    def lock_site(self, site: str) -> None:
        """Hold ``site``'s row until commit (PostgreSQL; SQLite's write lock already holds the file):
        the site's writers (pushes, enrolments, the portal's own events) take turns, other sites'
        do not wait. Every multi-site writer locks in site-code order."""
        if self.postgres:
            self.execute("SELECT last_seq FROM sites WHERE code = ? FOR UPDATE", (site,))

    def next_seq(self, site: str) -> int:
        """The site's next event sequence number (its row is locked until commit)."""
        row = self.one("UPDATE sites SET last_seq = last_seq + 1 WHERE code = ? RETURNING last_seq", (site,))
        if row is None:
            raise LookupError(f"no site {site}")
        return int(row["last_seq"])


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
        # An erased person's data (sync/portal/sealing.py) is overwritten as its pages are
        # freed, not left in free pages of the file.
        conn.execute("PRAGMA secure_delete=ON")
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
        """A write transaction; its writers lock the sites they write (see the module docstring)."""
        conn = self._conn()
        tx = Tx(conn, self.postgres)
        tx.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
        try:
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

    def scrub(self) -> None:
        """After an erasure: SQLite's WAL, which still holds the pages as they were before,
        copied into the file and emptied (best effort: a reader in the middle of a snapshot
        keeps it until the next checkpoint). PostgreSQL keeps the old row versions until
        VACUUM reuses their space (docs/security.md)."""
        if self.postgres:
            return
        try:
            self._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error:
            pass

    def init_schema(self) -> None:
        """Bring the schema up to the newest migration (see :meth:`migrate`)."""
        self.migrate()

    def migrate(self, directory: Path | None = None) -> list[int]:
        """Apply every migration not yet recorded in ``schema_version``, each in its own
        transaction with its record; returns the versions applied. Several processes opening
        one database at once are serialised (an advisory lock on PostgreSQL, the write lock
        on SQLite), and each re-reads the version under the lock."""
        applied = []
        for migration in migrations(directory):
            with self._schema_lock() as tx:
                if migration.version <= self._version(tx):
                    continue
                migration.apply(tx)
                tx.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                           (migration.version, migration.name, _now()))
                applied.append(migration.version)
        return applied

    def schema_version(self) -> int:
        with self.read() as tx:
            return int(tx.scalar("SELECT coalesce(max(version), 0) AS v FROM schema_version"))

    @contextmanager
    def _schema_lock(self) -> Iterator[Tx]:
        conn = self._conn()
        tx = Tx(conn, self.postgres)
        tx.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
        try:
            if self.postgres:  # two processes migrating at once must not collide
                tx.execute("SELECT pg_advisory_xact_lock(7204511)")
            yield tx
        except BaseException:
            try:
                tx.execute("ROLLBACK")
            except Exception:
                self._drop()
            raise
        tx.execute("COMMIT")

    def _version(self, tx: Tx) -> int:
        if not _has_table(tx, "schema_version"):
            tx.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                       " applied_at TEXT NOT NULL)")
            if _has_table(tx, LEGACY_TABLE):  # made before migrations: it holds 0001
                tx.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (1, ?, ?)",
                           ("initial (database made before numbered migrations)", _now()))
        return int(tx.scalar("SELECT coalesce(max(version), 0) AS v FROM schema_version"))


def _has_table(tx: Tx, name: str) -> bool:
    if tx.postgres:  # in the connection's search_path, like every unqualified name here
        return tx.scalar("SELECT to_regclass(?) IS NOT NULL AS x", (name,)) is True
    return tx.one("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) is not None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _pg_dict_row(cursor):
    from psycopg.rows import dict_row

    return dict_row(cursor)


def open_database(db: str | Path | None, database_url: str | None) -> Database:
    """The database named by ``--database-url`` or ``--db`` (default ``portal.sqlite3``)."""
    if database_url:
        return Database(database_url)
    return Database(Path(db) if db else Path("portal.sqlite3"))
