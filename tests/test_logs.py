"""The device's log file: beside the database, every ``loket.*`` logger reaches it, errors
keep their traceback, it rotates instead of growing without end, and the ``loket`` command
line sets it up for the database it works on."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from counter_app import logs
from counter_app.cli import cli
from counter_app.cli._common import run


@pytest.fixture(autouse=True)
def no_log_left_open():
    yield
    logs.stop_logging()


def test_an_error_is_logged_with_its_traceback_beside_the_database(tmp_path):
    db = tmp_path / "loket.sqlite3"
    path = logs.setup_logging(db)
    assert path == tmp_path / "loket.log" == logs.current_log_path()
    try:
        sqlite3.connect(":memory:").execute("SELECT * FROM no_such_table")
    except sqlite3.OperationalError:
        logging.getLogger("loket.sync").exception("sync round failed")
    logging.getLogger("loket.sync").info("sync round ok: pulled=3")
    logging.getLogger("loket.sync").debug("not at INFO")
    logging.getLogger("somebody.else").error("not ours")
    text = path.read_text(encoding="utf-8")
    assert "ERROR loket.sync" in text and "sync round failed" in text
    assert "Traceback (most recent call last)" in text
    assert "sqlite3.OperationalError: no such table: no_such_table" in text
    assert "sync round ok: pulled=3" in text
    assert "not at INFO" not in text and "not ours" not in text


def test_set_up_twice_writes_each_line_once_and_another_database_moves_the_log(tmp_path):
    first, second = tmp_path / "a" / "K1.sqlite3", tmp_path / "b" / "K2.sqlite3"
    logs.setup_logging(first)
    logs.setup_logging(first)
    logging.getLogger("loket.ui").warning("satu")
    assert (tmp_path / "a" / "K1.log").read_text(encoding="utf-8").count("satu") == 1
    logs.setup_logging(second)
    logging.getLogger("loket.ui").warning("dua")
    assert "dua" not in (tmp_path / "a" / "K1.log").read_text(encoding="utf-8")
    assert "dua" in (tmp_path / "b" / "K2.log").read_text(encoding="utf-8")


def test_the_log_rotates_at_its_size_and_keeps_a_few_files(tmp_path):
    assert logs.setup_logging(tmp_path / "loket.sqlite3") is not None
    line = "x" * 1000
    for _ in range(logs.MAX_BYTES * (logs.BACKUP_COUNT + 2) // 1000):
        logging.getLogger("loket.sync").info(line)
    kept = sorted(p.name for p in tmp_path.glob("loket.log*"))
    assert kept == ["loket.log", *(f"loket.log.{n}" for n in range(1, logs.BACKUP_COUNT + 1))]
    assert all(p.stat().st_size <= logs.MAX_BYTES for p in tmp_path.glob("loket.log*"))


def test_a_folder_that_cannot_hold_the_log_leaves_the_counter_working(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    assert logs.setup_logging(blocker / "loket.sqlite3") is None
    assert "berkas log" in capsys.readouterr().err
    logging.getLogger("loket.sync").info("still fine")  # no handler, no exception


def test_the_command_line_logs_a_failed_command_with_its_traceback(tmp_path, capsys):
    db = tmp_path / "rusak.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    assert run(cli, ["--db", str(db), "sync", "status", "--json"]) == 1
    assert "galat: DatabaseError" in capsys.readouterr().err
    text = (tmp_path / "rusak.log").read_text(encoding="utf-8")
    assert "ERROR loket.cli" in text and "Traceback (most recent call last)" in text
    assert "sqlite3.DatabaseError: file is not a database" in text
