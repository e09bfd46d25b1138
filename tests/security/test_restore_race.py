"""Restore race and other-site backup.

The attack (issue 15): 45 restores while two processes kept issuing tickets lost 7 of 366
acknowledged tickets (a commit landed between the safety copy and the swap), and a backup
of another site was restored silently. Now a restore writes the backup in under SQLite's
write lock and takes the safety copy inside that hold: every ticket a writer got back is in
the restored database or in a pre-restore safety copy. Another site's backup is refused,
saying what would be replaced, unless ``--other-site`` is given.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app import backup
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.session import Session
from counter_app.site import init_site

RESTORES = 40


WRITER = r"""
import sys
from pathlib import Path
from counter_app import queue
from counter_app.session import Session

db, service, ledger, stop = sys.argv[1:5]


def fresh():
    while True:  # opening may meet the restore's lock; that is a wait, not an acknowledgement
        try:
            return Session.open(db)
        except Exception as exc:
            print("open", type(exc).__name__, exc, file=sys.stderr, flush=True)


s, issued = fresh(), 0
with open(ledger, "a", encoding="utf-8") as out:
    while not Path(stop).exists():
        try:
            ticket = queue.issue_ticket(s, service)
        except Exception as exc:  # refused: not acknowledged; go on with a fresh connection
            print(type(exc).__name__, exc, file=sys.stderr, flush=True)
            s.close()
            s = fresh()
            continue
        out.write(ticket["id"] + "\n")  # acknowledged: the issuing process printed it
        out.flush()
        issued += 1
        if issued % 7 == 0:  # some tickets from long-lived connections, some from new ones
            s.close()
            s = fresh()
s.close()
"""


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def _ticket_ids(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM tickets")}
    finally:
        conn.close()


def test_restore_race(session, db_path, tmp_path):
    services = [r["code"] for r in session.store.query("SELECT code FROM services ORDER BY code LIMIT 2")]
    saved = backup.create_backup(session, tmp_path / "pagi.sqlite3")["file"]
    stop = tmp_path / "stop"
    ledgers = [tmp_path / f"ledger-{i}.txt" for i in range(2)]
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), services[i], str(ledgers[i]), str(stop)],
                                cwd=root, env=env, stderr=open(tmp_path / f"writer-{i}.err", "w"))
               for i in range(2)]
    try:
        deadline = time.monotonic() + 60
        while not all(len(_lines(ledger)) >= 3 for ledger in ledgers):
            assert time.monotonic() < deadline and all(w.poll() is None for w in writers), "writers did not start"
            time.sleep(0.05)
        safety = []
        for _ in range(RESTORES):
            safety.append(backup.restore_backup(session, saved)["safety_copy"])
            time.sleep(0.02)  # let the writers in between restores
    finally:
        stop.touch()
        for w in writers:
            w.wait(60)
    assert all(w.returncode == 0 for w in writers), [(tmp_path / f"writer-{i}.err").read_text() for i in range(2)]
    acknowledged = set()
    for ledger in ledgers:
        acknowledged |= set(_lines(ledger))
    assert len(acknowledged) > RESTORES  # the writers really wrote during the restores
    kept = _ticket_ids(db_path)
    for copy in set(safety):
        kept |= _ticket_ids(copy)
    assert len(set(safety)) == RESTORES  # one safety copy per restore, none overwritten
    lost = acknowledged - kept
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged tickets lost"
    from counter_app.audit import verify_connection

    assert verify_connection(session.store.conn)["ok"]


def _fingerprint(db) -> str:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT id, hash FROM events ORDER BY seq").fetchall()
        site = conn.execute("SELECT code, name FROM site").fetchall()
    finally:
        conn.close()
    return hashlib.sha256(repr((rows, site)).encode()).hexdigest()


@pytest.fixture
def other_site_backup(tmp_path, fixed_now):
    other = Session.open(tmp_path / "lain" / "loket.sqlite3")
    try:
        init_site(other, site_code="MPP-LAIN", site_name="MPP Kota Lain", device_code="K1")
        return backup.create_backup(other, tmp_path / "cadangan-lain.sqlite3")["file"]
    finally:
        other.close()


def test_other_site_backup_is_refused_saying_what_would_be_replaced(session, db_path, other_site_backup):
    before = _fingerprint(db_path)
    with pytest.raises(backup.OtherSiteBackup) as refused:
        backup.restore_backup(session, other_site_backup)
    message = str(refused.value)
    for part in ("MPP-LAIN", "MPP Kota Lain", "MPP-TEST", "MPP Uji Coba", "--other-site", "event"):
        assert part in message
    assert _fingerprint(db_path) == before
    assert not (db_path.parent / "backups").exists() or not list((db_path.parent / "backups").glob("*pre-restore*"))
    result = backup.restore_backup(session, other_site_backup, other_site=True)
    assert result["other_site"] and session.store.one("SELECT code FROM site")["code"] == "MPP-LAIN"
    assert session.store.scalar("SELECT count(*) FROM events WHERE type = 'backup_restored'"
                                " AND json_extract(payload, '$.replaced_site') = 'MPP-TEST'") == 1


def test_other_site_backup_from_the_cli(session, db_path, other_site_backup, capsys, monkeypatch):
    monkeypatch.delenv("LOKET_USER", raising=False)
    session.close()
    before = _fingerprint(db_path)
    code = run(cli, ["--db", str(db_path), "backup", "restore", other_site_backup, "--yes"])
    _out, err = capsys.readouterr()
    assert code == 2 and "--other-site" in err and "MPP-LAIN" in err
    assert _fingerprint(db_path) == before
    code = run(cli, ["--db", str(db_path), "backup", "restore", other_site_backup, "--yes", "--other-site", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["site"] == "MPP-LAIN"
