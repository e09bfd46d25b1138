"""The Berita Acara adds up and is not signed over tickets still in the queue.

issued = served + no-show + cancelled + skipped + not yet finished, always, with a
"belum selesai" line; a day whose tickets still wait or are called is signed off only when the
supervisor says so (``with_open`` / ``--with-open``), recorded in the event and printed."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from counter_app import catalog, complaints, queue
from counter_app.actors import Actor
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.errors import StateError
from counter_app.events import canonical
from counter_app.reports import daily_summary, sign_off_day, signoff_report
from counter_app.reports.signoff import _NOT_FIGURES
from counter_app.session import Session
from counter_app.site import init_site
from printing.reports import render

DAY = date(2026, 3, 16)
ANI = Actor("ani", "frontliner")
SARI = Actor("sari", "supervisor")
PARTS = ("tickets_served", "tickets_noshow", "tickets_cancelled", "tickets_skipped", "tickets_open")
LINES = {"tickets_issued": "Tiket antrean diterbitkan", "tickets_served": "dilayani",
         "tickets_noshow": "tidak hadir", "tickets_cancelled": "dibatalkan", "tickets_skipped": "dilewati",
         "tickets_open": "belum selesai (menunggu atau dipanggil)"}


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def printed_totals(text: str) -> dict[str, int]:
    out = {}
    for key, label in LINES.items():
        found = re.search(rf"^\s*{re.escape(label)}\s+(\d+)\s*$", text, re.M)
        assert found, (label, text)
        out[key] = int(found.group(1))
    return out


def events(session) -> int:
    return session.store.scalar("SELECT count(*) FROM events")


@pytest.fixture
def busy_day(session, fixed_now):
    """Five tickets: one served, one absent, one cancelled, one called and one still waiting."""
    ani = session.as_actor(ANI)
    fixed_now("2026-03-16T08:00:00+07:00")
    for _ in range(5):
        queue.issue_ticket(ani, "DUK-KTP")
    queue.call_next(ani, "Loket 1")
    queue.finish(ani, "A-001")
    queue.call_next(ani, "Loket 1")
    queue.noshow(ani, "A-002")
    queue.cancel(ani, "A-005")
    queue.call_next(ani, "Loket 1")  # A-003 at the counter; A-004 waits
    fixed_now("2026-03-16T16:00:00+07:00")
    return session


def test_sign_off_is_refused_while_tickets_wait_or_are_called(busy_day):
    before = events(busy_day)
    with pytest.raises(StateError) as exc:
        sign_off_day(busy_day.as_actor(SARI), DAY, supervisor_name="Sari", verifier_name="Putu")
    message = str(exc.value)
    assert "2 tiket" in message and "1 menunggu" in message and "1 dipanggil" in message
    assert "Senin, 16 Maret 2026" in message and "--with-open" in message
    assert events(busy_day) == before
    assert signoff_report(busy_day, DAY)["signoff"] is None


def test_the_berita_acara_adds_up_with_a_not_finished_line(busy_day, tmp_path):
    report = signoff_report(busy_day, DAY)
    totals = report["day_totals"]
    assert {k: totals[k] for k in LINES} == {
        "tickets_issued": 5, "tickets_served": 1, "tickets_noshow": 1, "tickets_cancelled": 1,
        "tickets_skipped": 0, "tickets_open": 2}
    (pdf,) = render(report, "pdf", tmp_path / "ba.pdf")
    assert printed_totals(pdf_text(pdf)) == {k: totals[k] for k in LINES}


def test_signing_with_open_tickets_is_recorded_and_printed(busy_day, tmp_path):
    ba = sign_off_day(busy_day.as_actor(SARI), DAY, supervisor_name="Sari", verifier_name="Putu",
                      with_open=True)
    payload = json.loads(busy_day.store.scalar("SELECT payload FROM events WHERE type = 'day_signed_off'"))
    assert (payload["with_open"], payload["open_tickets"], payload["totals"]["tickets_open"]) == (True, 2, 2)
    assert ba["signoff"]["totals"]["tickets_open"] == 2 and ba["signoff"]["figures_changed"] is False
    (pdf,) = render(ba, "pdf", tmp_path / "ba.pdf")
    text = pdf_text(pdf)
    assert "Ditandatangani dengan 2 tiket belum selesai atas keputusan penanggung jawab." in text
    assert printed_totals(text)["tickets_open"] == 2


def test_a_closed_queue_signs_without_asking_and_prints_no_open_note(busy_day, fixed_now, tmp_path):
    ani = busy_day.as_actor(ANI)
    fixed_now("2026-03-16T16:05:00+07:00")
    queue.finish(ani, "A-003")
    queue.cancel(ani, "A-004")
    ba = sign_off_day(busy_day.as_actor(SARI), DAY, supervisor_name="Sari", verifier_name="Putu")
    payload = json.loads(busy_day.store.scalar("SELECT payload FROM events WHERE type = 'day_signed_off'"))
    assert (payload["with_open"], payload["open_tickets"]) == (False, 0)
    (pdf,) = render(ba, "pdf", tmp_path / "ba.pdf")
    text = pdf_text(pdf)
    assert "tiket belum selesai atas keputusan" not in text
    assert printed_totals(text)["tickets_open"] == 0


def test_the_cli_refuses_then_signs_with_open(busy_day, db_path, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LOKET_USER", raising=False)
    args = ["--db", str(db_path), "report", "signoff", "--sign", "--supervisor", "Sari",
            "--verifier", "Putu", "--out", str(tmp_path / "ba.pdf")]
    before = events(busy_day)
    capsys.readouterr()
    assert run(cli, args) == 2
    out, err = capsys.readouterr()
    assert out == "" and "belum selesai" in err and "--with-open" in err
    assert events(busy_day) == before and not (tmp_path / "ba.pdf").exists()
    assert run(cli, [*args[:4], "--with-open", "--out", str(tmp_path / "x.pdf")]) == 2  # needs --sign
    assert "--sign" in capsys.readouterr().err
    assert run(cli, [*args, "--with-open"]) == 0
    assert "2 tiket belum selesai" in pdf_text(tmp_path / "ba.pdf")


def test_a_day_signed_before_the_complaint_listing_keeps_its_digest(session, fixed_now):
    """Days signed before the report listed its complaints (``filed_list``) must not turn into
    'figures changed': the digest leaves the listing out, as the figures then had none."""
    fixed_now("2026-03-16T09:00:00+07:00")
    complaints.file_complaint(session, type="saran", channel="loket", anonymous=True, text="Tambah kursi")
    fixed_now("2026-03-16T16:00:00+07:00")
    report = daily_summary(session, DAY)
    assert report["complaints"]["filed_list"]
    old = {k: v for k, v in report.items() if k not in _NOT_FIGURES}
    old["complaints"] = {k: v for k, v in old["complaints"].items() if k != "filed_list"}
    old["skm"] = {k: v for k, v in old["skm"].items() if k != "sample"}  # nor the SKM sample
    with session.transaction():
        session.append("day_signed_off", DAY.isoformat(), {
            "day": DAY.isoformat(), "supervisor": "Sari", "verifier": "Putu", "note": None,
            "totals": {}, "digest": hashlib.sha256(canonical(old).encode("utf-8")).hexdigest(),
            "at": "2026-03-16T16:00:00+07:00"})
    assert signoff_report(session, DAY)["signoff"]["figures_changed"] is False


OPS = st.lists(st.sampled_from(["issue", "call", "finish", "noshow", "skip", "cancel"]), max_size=30)


@settings(max_examples=15, deadline=None)
@given(OPS)
def test_the_ticket_lines_always_add_up(ops):
    old_now = os.environ.get("LOKET_NOW")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LOKET_NOW"] = "2026-03-16T08:00:00+07:00"
        session = Session.open(Path(tmp) / "loket.sqlite3")
        try:
            init_site(session, site_code="MPP-TEST", site_name="MPP Uji", device_code="K1")
            catalog.import_services(session, catalog.demo_catalog_rows())
            ani = session.as_actor(ANI)
            for i, op in enumerate(ops):
                os.environ["LOKET_NOW"] = f"2026-03-16T{8 + i // 60:02d}:{i % 60:02d}:00+07:00"
                active = session.store.one("SELECT number FROM tickets WHERE status = 'called'")
                waiting = session.store.one("SELECT number FROM tickets WHERE status = 'waiting'")
                if op == "issue":
                    queue.issue_ticket(ani, "DUK-KTP")
                elif op == "call" and waiting and not active:
                    queue.call_next(ani, "Loket 1")
                elif op in ("finish", "noshow", "skip") and active:
                    getattr(queue, op)(ani, active["number"])
                elif op == "cancel" and waiting:
                    queue.cancel(ani, waiting["number"])
            report = signoff_report(session, DAY)
            (pdf,) = render(report, "pdf", Path(tmp) / "ba.pdf")
            printed = printed_totals(pdf_text(pdf))
            left_open = session.store.scalar(
                "SELECT count(*) FROM tickets WHERE status IN ('waiting', 'called')")
        finally:
            session.close()
            if old_now is None:
                os.environ.pop("LOKET_NOW", None)
            else:
                os.environ["LOKET_NOW"] = old_now
    totals = report["day_totals"]
    assert totals["tickets_issued"] == ops.count("issue")
    assert totals["tickets_issued"] == sum(totals[k] for k in PARTS)
    assert totals["tickets_open"] == left_open
    assert printed == {k: totals[k] for k in LINES}
