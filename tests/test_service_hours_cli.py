"""``loket ticket issue`` outside the service hours: exit 2, the core's message, nothing written."""

from __future__ import annotations

import sqlite3

from counter_app.cli import cli
from counter_app.cli._common import run


def _events(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def test_ticket_issue_in_the_friday_break_exits_2_with_the_message(db_path, fixed_now, capsys, monkeypatch):
    monkeypatch.delenv("LOKET_USER", raising=False)
    fixed_now("2026-12-04T12:10:00+07:00")  # Jumat, during salat Jumat
    assert run(cli, ["--db", str(db_path), "init", "--site-code", "MPP-BDG", "--demo"]) == 0
    before = _events(db_path)
    capsys.readouterr()
    code = run(cli, ["--db", str(db_path), "ticket", "issue", "--service", "DUK-KTP"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip() == ("galat: Loket Perekaman dan Pencetakan KTP-el tutup untuk istirahat salat Jumat,"
                           " buka kembali 13.00")
    assert _events(db_path) == before
    fixed_now("2026-12-04T13:00:00+07:00")
    assert run(cli, ["--db", str(db_path), "ticket", "issue", "--service", "DUK-KTP"]) == 0
    assert "A-001" in capsys.readouterr().out
