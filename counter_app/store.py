"""The local SQLite store: opening the file (WAL, foreign keys, full sync), migrations, transactions.

One connection per thread. Writes go through :meth:`Store.transaction`, which takes the
write lock up front (``BEGIN IMMEDIATE``) so a transaction never fails half-way on a busy
database, and commits or rolls back as a whole.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import platformdirs

from . import clock
from .errors import LoketError
from .i18n import _
from .private_files import create_private

log = logging.getLogger("loket.store")

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# A migration line that asks for foreign keys off while it rebuilds a table (Store.migrate).
FOREIGN_KEYS_OFF = "-- loket: foreign_keys off"
PROGRESS_CALL = re.compile(r"migration_progress\('([A-Za-z_][A-Za-z0-9_]*)'\)")
PROGRESS_EVERY = 10_000
MigrationProgress = Callable[[str, int, int], None]

# Tables that hold the configuration most operations read (site, device, catalogue,
# settings, calendar). Values derived from them are cached per connection; see Store.cached.
CONFIG_TABLES = ("site", "device", "services", "service_versions", "settings", "calendar_days")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("loket", appauthor=False))


def default_db_path() -> Path:
    """``LOKET_DB`` if set, else ``loket.sqlite3`` in the user data directory."""
    env = os.environ.get("LOKET_DB")
    return Path(env) if env else default_data_dir() / "loket.sqlite3"


def migrations() -> list[tuple[int, str, str]]:
    """All bundled migrations as (number, name, sql), in order."""
    return list(_bundled_migrations())


@functools.cache
def _bundled_migrations() -> tuple[tuple[int, str, str], ...]:
    """The migration files, read once a process: every connection asks which are pending
    (a worker per thread in the app, a session per command), and reading the 20-odd files
    each time was most of an open's cost."""
    found = []
    for entry in resources.files("counter_app.migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def split_statements(sql: str) -> list[str]:
    """The statements of a migration script, one by one (``;`` inside strings or triggers kept)."""
    statements, buf = [], ""
    for part in sql.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if _has_code(buf):
                statements.append(buf.strip())
            buf = ""
    if _has_code(buf.rstrip(";")):
        statements.append(buf.rstrip(";").strip())  # incomplete tail: let SQLite report it
    return statements


def _has_code(text: str) -> bool:
    lines = [re.sub(r"--.*", "", line) for line in text.splitlines()]
    return bool("".join(lines).replace(";", "").strip())


def _enable_wal(conn: sqlite3.Connection, wait_s: float = 30.0) -> None:
    """Switch to WAL. On a new file another process may be doing the same: SQLite answers
    "database is locked" at once here (the busy handler is not consulted), so retry."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def connect(path: Path | str) -> sqlite3.Connection:
    if str(path) != ":memory:" and not str(path).startswith("file:"):
        create_private(path)  # personal data: owner only; -wal/-shm take the same mode
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=30, check_same_thread=True)
    conn.row_factory = sqlite3.Row
    _enable_wal(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    # FULL: a committed transaction survives a power cut, not only a killed process.
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=30000")
    # Personal data erased (counter_app/erasure.py) is overwritten as its pages are freed,
    # not left in free pages where a backup made afterwards would copy it.
    conn.execute("PRAGMA secure_delete=ON")
    return conn


class Store:
    """An open Loket database file. Not shared across threads: open one per thread."""

    def __init__(self, path: Path | str, *, migrate: bool = True):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = connect(self.path)
        self._depth = 0
        self._owner = threading.get_ident()
        self._cache: dict = {}
        self._config_generation = 0
        self._cache_ready = False
        self._tx_version: int | None = None  # PRAGMA data_version, read once per transaction
        if migrate:
            self.migrate()
        self._watch_config()

    # -- transactions -------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self._depth = 0
            self._tx_version = None
            self.conn.execute("ROLLBACK")
            self._cache.clear()  # a value cached inside the transaction may be rolled back
            raise
        self._depth = 0
        self._tx_version = None
        self.conn.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        # Close the cursor: a statement left mid-result stays active and makes a later
        # checkpoint or journal-mode change fail with "database table is locked".
        cursor = self.conn.execute(sql, params)
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    def scalar(self, sql: str, params: tuple | dict = ()):
        row = self.one(sql, params)
        return None if row is None else row[0]

    # -- configuration cache --------------------------------------------------
    def _watch_config(self) -> None:
        """Count this connection's writes to the configuration tables (temporary triggers,
        which live only on this connection). Other connections' commits show in
        ``PRAGMA data_version``. Without every table present the cache stays off."""
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not set(CONFIG_TABLES) <= tables:
            return
        self.conn.create_function("loket_config_changed", 0, self._config_changed)
        for table in CONFIG_TABLES:
            for op in ("INSERT", "UPDATE", "DELETE"):
                self.conn.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS loket_watch_{table}_{op.lower()} AFTER {op}"
                    f" ON main.{table} BEGIN SELECT loket_config_changed(); END"
                )
        self._cache_ready = True

    def _config_changed(self) -> None:
        self._config_generation += 1
        self._cache.clear()

    def cached(self, key, compute):
        """``compute()``, remembered until the configuration tables may have changed: a write
        to them through this connection, or any commit by another connection (a sync worker,
        a second window). For immutable values read from those tables only; an exception is
        not remembered."""
        if not self._cache_ready:
            return compute()
        # While this connection holds the write lock no other can commit, so the file's
        # data_version read once in a transaction holds until its end (one PRAGMA, not one
        # per cached value: an issue reads the service, the site and the time zone).
        version = self._tx_version
        if version is None:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            if self._depth:
                self._tx_version = version
        stamp = (version, self._config_generation)
        hit = self._cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = compute()
        # if compute() itself touched the configuration, its value may already be stale
        if stamp[1] == self._config_generation:
            self._cache[key] = (stamp, value)
        return value

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema -------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        )
        if not exists:
            return 0
        return self.scalar("SELECT coalesce(max(number), 0) FROM schema_migrations") or 0

    def applied_migrations(self) -> set[int]:
        if not self.schema_version():
            return set()
        return {r[0] for r in self.query("SELECT number FROM schema_migrations")}

    def pending_migrations(self) -> list[tuple[int, str, str]]:
        applied = self.applied_migrations()
        return [m for m in migrations() if m[0] not in applied]

    def migrate(self, progress: MigrationProgress | None = None) -> list[str]:
        """Apply pending migrations, each in its own transaction, after a copy of the file.

        Safe when several processes or threads open a new or old file at the same moment:
        each migration re-checks, under the write lock, that nobody applied it meanwhile.
        ``progress(step, done, total)`` hears how the copy and each migration advance: the
        step is ``"backup"`` (pages copied), a migration's name (its statements), or
        ``"<name>:<table>"`` (rows of a big table rewritten, counted where the migration
        says ``migration_progress('<table>')``), so a long upgrade can show a progress bar.
        """
        applied = self.applied_migrations()
        pending = [m for m in migrations() if m[0] not in applied]
        if not pending:
            self._finish_maintenance()
            return []
        report = progress or (lambda step, done, total: None)
        if applied:  # an existing database with data: copy it before touching the schema
            self.backup_to(self.pre_migration_backup_path(pending[0][0]),
                           progress=lambda done, total: report("backup", done, total))
        done = []
        for number, name, sql in pending:
            # A migration that rebuilds a table other tables refer to says so on a line of its
            # own: SQLite's way (https://sqlite.org/lang_altertable.html, "other kinds of table
            # schema changes") is foreign keys off outside the transaction and a
            # foreign_key_check before the commit. The pragma is a no-op inside a transaction.
            keys_off = FOREIGN_KEYS_OFF in sql.splitlines()
            if keys_off:
                self.conn.execute("PRAGMA foreign_keys=OFF")
            try:
                # executescript would commit an open transaction first, so the lock is taken
                # inside the script and the migration's statements run one by one after it.
                self.conn.executescript(
                    "BEGIN IMMEDIATE;\n"
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);"
                )
                if self.conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE number = ?", (number,)
                ).fetchone():
                    self.conn.execute("COMMIT")  # another connection was quicker
                    continue
                # a dangling reference that was there before is not this migration's to refuse
                known = {tuple(r) for r in self.conn.execute("PRAGMA foreign_key_check")} if keys_off else set()
                statements = split_statements(sql)
                for i, statement in enumerate(statements):
                    report(name, i, len(statements))
                    self._run_with_progress(statement, name, report)
                report(name, len(statements), len(statements))
                if keys_off:
                    broken = [r for r in self.conn.execute("PRAGMA foreign_key_check") if tuple(r) not in known]
                    if broken:
                        raise sqlite3.IntegrityError(_(
                            "pemeriksaan kunci asing: {count} baris {table} merujuk ke {parent} yang tidak ada")
                            .format(count=len(broken), table=broken[0][0], parent=broken[0][2]))
                self.conn.execute(
                    "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)",
                    (number, name, clock.iso(clock.now())),
                )
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise LoketError(_("migrasi {name} gagal: {error}").format(name=name, error=exc)) from exc
            finally:
                if keys_off:
                    self.conn.execute("PRAGMA foreign_keys=ON")
            done.append(name)
        self._watch_config()  # a migration may have made (or remade) a configuration table
        self._finish_maintenance()
        return done

    def _run_with_progress(self, statement: str, name: str, report: MigrationProgress) -> None:
        """Run one migration statement; a statement that names ``migration_progress('t')``
        (in the WHERE of a table copy) reports every row it passes against t's row count."""
        tables = PROGRESS_CALL.findall(statement)
        if not tables:
            self.conn.execute(statement)
            return
        totals = {t: self.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        seen = dict.fromkeys(tables, 0)

        def step(table: str) -> int:
            seen[table] += 1
            if seen[table] % PROGRESS_EVERY == 0 or seen[table] == totals[table]:
                report(f"{name}:{table}", seen[table], totals[table])
            return 1

        for table in tables:
            report(f"{name}:{table}", 0, totals[table])
        self.conn.create_function("migration_progress", 1, step)
        try:
            self.conn.execute(statement)
        finally:
            self.conn.create_function("migration_progress", 1, None)

    def _finish_maintenance(self) -> None:
        """Run the work a migration left in ``pending_maintenance`` (once; a crash midway
        leaves the task there, and the next open does it again from the start)."""
        if not self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pending_maintenance'").fetchone():
            return  # a schema older than migration 0013 (only in tests that stop before it)
        tasks = [r[0] for r in self.conn.execute("SELECT task FROM pending_maintenance ORDER BY task")]
        if "rebuild_projections" in tasks:
            from .events import rebuild_projections

            log.info("membangun ulang proyeksi setelah migrasi: %s", self.path)
            rebuild_projections(self, done_task="rebuild_projections")

    def pre_migration_backup_path(self, number: int) -> Path:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        return self.path.parent / "backups" / f"{self.path.stem}-pre-migration-{number:04d}-{stamp}.sqlite3"

    def backup_to(self, target: Path | str, progress: Callable[[int, int], None] | None = None) -> Path:
        """A consistent copy through SQLite's online backup API (safe while others write);
        ``progress(pages_done, pages_total)`` when given, in steps of 4,096 pages."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        create_private(target)
        dest = sqlite3.connect(str(target))
        try:
            if progress is None:
                self.conn.backup(dest)
            else:
                self.conn.backup(dest, pages=4096,
                                 progress=lambda _status, left, total: progress(total - left, total))
        finally:
            dest.close()
        return target
