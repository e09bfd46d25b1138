"""The causes the CLI fuzz found (issue 15), each pinned: a refusal naming the option, exit 2,
nothing written; a full disk in our words instead of SQLite's English."""

from __future__ import annotations

import sqlite3

import pytest


def events(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def loket(run_loket):
    assert run_loket("init", "--site-code", "MPP-X", "--site-name", "X", "--device-code", "K1", "--demo")[0] == 0
    return run_loket


def refused(loket, db_path, *args: str) -> str:
    before = events(db_path)
    code, out, err = loket(*args)
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err and events(db_path) == before
    return err


@pytest.mark.parametrize("args", [["audit", "log", "--limit", "99999999999999999999"],
                                  ["print", "jobs", "--limit", "99999999999999999999"]])
def test_a_huge_limit_is_refused_naming_it(loket, db_path, args):
    assert "'--limit'" in refused(loket, db_path, *args)


@pytest.mark.parametrize("command", ["daily", "signoff"])
def test_a_date_far_away_is_refused_naming_the_option(loket, db_path, tmp_path, command):
    err = refused(loket, db_path, "report", command, "--date", "9999-12-31", "--out", str(tmp_path / "r.pdf"))
    assert err == "galat: --date: 9999-12-31 di luar rentang tanggal 1900–2199\n"
    assert not (tmp_path / "r.pdf").exists()


def test_print_setup_writes_nothing_when_one_value_is_refused(loket, db_path):
    err = refused(loket, db_path, "print", "setup", "--width", "58", "--timeout", "-1")
    assert "'--timeout'" in err
    code, out, _err = loket("print", "setup", "--json")
    assert code == 0 and '"width": 80' in out


def test_decode_refuses_a_picture_that_is_not_png_and_a_file_that_is_not_escpos(loket, db_path, tmp_path):
    data = tmp_path / "slip.bin"
    data.write_bytes(b"\x1b@Halo\n")
    assert refused(loket, db_path, "print", "decode", str(data), "--png", str(tmp_path / "x.bin")) == (
        f"galat: --png: '{tmp_path / 'x.bin'}' bukan berkas .png\n")
    data.write_bytes(bytes(range(256)))
    assert refused(loket, db_path, "print", "decode", str(data)).startswith("galat: DATA_FILE: ")


@pytest.mark.parametrize("raw, lang, said", [
    ("database or disk is full", "id", "galat: disk penuh: perubahan tidak disimpan."),
    ("database or disk is full", "en", "error: disk full: the change was not saved."),
    ("disk I/O error", "id", "galat: galat baca/tulis disk pada database: perubahan tidak disimpan."),
])
def test_a_full_or_failing_disk_is_said_in_the_run_language(loket, monkeypatch, raw, lang, said):
    from counter_app import queue

    def full(*_a, **_k):
        raise sqlite3.OperationalError(raw)

    monkeypatch.setattr(queue, "issue_ticket", full)
    code, out, err = loket("--lang", lang, "ticket", "issue", "--service", "DUK-KTP")
    assert (code, out) == (1, "") and err.startswith(said), err
    assert raw not in err
