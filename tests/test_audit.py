"""Tamper evidence: rows edited, deleted and reordered with sqlite3 directly in the file are detected."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from counter_app import audit, complaints, skm
from counter_app.actors import Actor
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.errors import PermissionDenied
from counter_app.events import GENESIS, Event, canonical, event_hash


@pytest.fixture
def busy(session):
    """The demo site plus a few survey answers and complaints (about 40 chained events)."""
    for scores in ("4,4,4,4,4,4,4,4,4", "3,3,2,4,3,3,3,3,3", "2,3,3,,3,3,4,3,3"):
        skm.record_response(session, scores)
    for n in range(3):
        complaints.file_complaint(session, type="saran", channel="suggestion_box", text=f"saran {n}", anonymous=True)
    return session


def verify_cli(db_path, monkeypatch, capsys) -> tuple[int, dict]:
    monkeypatch.setenv("LOKET_DB", str(db_path))
    code = loket("audit", "verify", "--json")
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def loket(*argv: str) -> int:
    """Run the CLI in-process; ``audit verify`` exits non-zero through SystemExit like ``db check``."""
    try:
        return run(cli, list(argv))
    except SystemExit as exc:
        return exc.code


def tamper(db_path, *statements: str) -> None:
    """What someone with the sqlite3 shell could do to the file (foreign keys off, as the shell has them)."""
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    for sql in statements:
        conn.execute(sql)
    conn.close()


def last_seq(db_path) -> int:
    conn = sqlite3.connect(str(db_path))
    try:
        return conn.execute("SELECT max(device_seq) FROM events").fetchone()[0]
    finally:
        conn.close()


def test_an_untouched_log_verifies(busy, db_path, monkeypatch, capsys):
    code, report = verify_cli(db_path, monkeypatch, capsys)
    assert code == 0 and report["ok"] and report["first_broken"] is None
    assert report["events"] == busy.store.scalar("SELECT count(*) FROM events")
    assert report["devices"][0]["own"] and report["devices"][0]["last_device_seq"] == last_seq(db_path)


def test_edited_payload_is_detected(busy, db_path, monkeypatch, capsys):
    # the complaint's text is sealed (personal data); its channel is in the clear
    second = busy.store.one("SELECT seq FROM events WHERE type = 'complaint_filed' ORDER BY seq LIMIT 1 OFFSET 1")
    tamper(db_path, "UPDATE events SET payload = replace(payload, '\"suggestion_box\"', '\"counter\"')"
                    f" WHERE seq = {second['seq']}")
    target = busy.store.one("SELECT device_seq, seq FROM events WHERE payload LIKE '%\"counter\"%'")
    code, report = verify_cli(db_path, monkeypatch, capsys)
    assert code == 1 and not report["ok"]
    assert report["first_broken"]["kind"] == "hash"
    assert (report["first_broken"]["device_seq"], report["first_broken"]["seq"]) == (target["device_seq"], target["seq"])


def test_edited_actor_with_a_recomputed_hash_breaks_the_next_link(busy, db_path, monkeypatch, capsys):
    row = busy.store.one("SELECT * FROM events WHERE device_seq = 5")
    forged = dict(Event.from_row(row).as_dict(), actor="orang-lain")
    new_hash = event_hash(**forged)
    tamper(db_path, f"UPDATE events SET actor = 'orang-lain', hash = '{new_hash}' WHERE device_seq = 5")
    code, report = verify_cli(db_path, monkeypatch, capsys)
    assert code == 1
    assert (report["first_broken"]["kind"], report["first_broken"]["device_seq"]) == ("link", 6)


def test_deleted_row_is_detected(busy, db_path, monkeypatch, capsys):
    tamper(db_path, "DELETE FROM events WHERE device_seq = 12")
    code, report = verify_cli(db_path, monkeypatch, capsys)
    assert code == 1
    broken = report["first_broken"]
    assert (broken["kind"], broken["device_seq"], broken["expected_device_seq"]) == ("gap", 13, 12)


def test_deleted_tail_is_detected_against_chain_heads(busy, db_path, monkeypatch, capsys):
    last = last_seq(db_path)
    tamper(db_path, f"DELETE FROM events WHERE device_seq >= {last - 1}")
    code, report = verify_cli(db_path, monkeypatch, capsys)
    assert code == 1
    assert (report["first_broken"]["kind"], report["first_broken"]["device_seq"]) == ("tail", last)
    assert report["first_broken"]["last_present"] == last - 2


def test_rows_swapped_in_the_log_are_detected(busy, db_path, monkeypatch, capsys):
    a, b = (r[0] for r in busy.store.query("SELECT seq FROM events WHERE device_seq IN (20, 21) ORDER BY device_seq"))
    tamper(db_path, f"UPDATE events SET seq = -1 WHERE seq = {a}", f"UPDATE events SET seq = {a} WHERE seq = {b}",
           f"UPDATE events SET seq = {b} WHERE seq = -1")
    code, report = verify_cli(db_path, monkeypatch, capsys)
    assert code == 1
    assert (report["first_broken"]["kind"], report["first_broken"]["device_seq"]) == ("order", 21)


def test_swapped_sequence_numbers_are_detected(busy, db_path, monkeypatch, capsys):
    tamper(db_path, "UPDATE events SET device_seq = -30 WHERE device_seq = 30",
           "UPDATE events SET device_seq = 30 WHERE device_seq = 31",
           "UPDATE events SET device_seq = 31 WHERE device_seq = -30")
    code, report = verify_cli(db_path, monkeypatch, capsys)
    assert code == 1
    assert (report["first_broken"]["kind"], report["first_broken"]["device_seq"]) == ("hash", 30)


def test_edited_chain_head_is_detected(busy, db_path, monkeypatch, capsys):
    tamper(db_path, "UPDATE chain_heads SET hash = '" + "f" * 64 + "'")
    code, report = verify_cli(db_path, monkeypatch, capsys)
    assert code == 1 and report["first_broken"]["kind"] == "head"


def test_human_output_names_the_broken_link(busy, db_path, monkeypatch, capsys):
    tamper(db_path, "DELETE FROM events WHERE device_seq = 3")
    monkeypatch.setenv("LOKET_DB", str(db_path))
    assert loket("audit", "verify") == 1
    out = capsys.readouterr().out
    assert "RUSAK" in out and "device_seq 4" in out


def test_the_installed_command_exits_non_zero(busy, db_path):
    env = {**os.environ, "LOKET_DB": str(db_path)}
    command = [sys.executable, "-c", "from counter_app.cli import main; main()", "audit", "verify", "--json"]
    assert subprocess.run(command, env=env, capture_output=True).returncode == 0
    tamper(db_path, "UPDATE events SET type = 'ticket_issued' WHERE device_seq = 2")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 1 and json.loads(done.stdout)["first_broken"]["device_seq"] == 2


def remote_event(device: str, seq: int, prev: str, payload: dict) -> Event:
    fields = dict(id=f"01900000-0000-7000-8000-{seq:012d}", device_id=device, device_seq=seq,
                  hlc=f"001773622800000-{seq:05d}", recorded_at="2026-03-16T01:00:00+00:00",
                  type="skm_recorded", entity_id=f"01900000-0000-7000-8000-0000000{seq:05d}",
                  payload=json.loads(canonical(payload)), actor="portal", prev_hash=prev)
    return Event(**fields, hash=event_hash(**fields))


def online_skm(n: int) -> dict:
    return {"questionnaire_version": 1, "scores": {f"U{i}": 3 for i in range(1, 10)}, "service": None,
            "registration_id": None, "profile": {"age": n, "sex": None, "education": None, "occupation": None},
            "suggestion": None, "entry_mode": "online", "paper_form_no": None, "at": "2026-03-16T01:00:00+00:00"}


def test_another_devices_partial_chain_is_checked_but_gaps_are_not_tampering(busy, db_path):
    e1 = remote_event("portal", 1, GENESIS, online_skm(20))
    e2 = remote_event("portal", 2, e1.hash, online_skm(21))
    e3 = remote_event("portal", 3, e2.hash, online_skm(22))
    with busy.transaction():
        busy.log.apply_remote(e1)
        busy.log.apply_remote(e3)  # e2 was not sent to this site
    report = audit.verify_connection(busy.store.conn)
    portal = next(d for d in report["devices"] if d["device_id"] == "portal")
    assert report["ok"] and portal["gaps"] == [[2, 2]] and not portal["own"]
    tamper(db_path, "UPDATE events SET payload = replace(payload, '\"age\":22', '\"age\":23') WHERE device_id = 'portal'")
    report = audit.verify_connection(busy.store.conn)
    assert not report["ok"] and report["first_broken"]["device_id"] == "portal"
    assert (report["first_broken"]["kind"], report["first_broken"]["device_seq"]) == ("hash", 3)


def test_only_roles_with_audit_rights_verify(busy):
    with pytest.raises(PermissionDenied):
        audit.verify_chains(busy.as_actor(Actor("budi", "frontliner")))
    assert audit.verify_chains(busy.as_actor(Actor("sari", "supervisor")))["ok"]
    log = audit.event_log(busy, type="complaint_filed", limit=2)
    assert len(log) == 2 and "payload" not in log[0] and log[0]["actor"] == "system"
