"""The daily sign-off (Berita Acara) and the edge days: no activity at all, and a day whose
only records were transcribed from paper forms."""

from __future__ import annotations

import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from counter_app import registration as reg
from counter_app import skm
from counter_app.actors import Actor
from counter_app.cli import main
from counter_app.errors import PermissionDenied, StateError, ValidationError
from counter_app.events import rebuild_projections
from counter_app.reports import daily_summary, get_signoff, sign_off_day, signoff_report
from printing.reports import render

DAY = date(2026, 3, 16)
ANI = Actor("ani", "frontliner")
SARI = Actor("sari", "supervisor")


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_a_day_without_activity_renders_in_every_format(session, tmp_path):
    report = daily_summary(session, date(2026, 3, 17))
    assert report["tickets"]["totals"] == dict.fromkeys(
        ("issued", "served", "noshow", "transferred", "cancelled", "skipped", "open"), 0)
    assert report["tickets"]["waiting_time"] == {"count": 0, "mean": None, "median": None, "p90": None, "max": None}
    assert report["tickets"]["by_service"] == [] and report["registrations"]["total"] == 0
    assert report["completion"]["within_standard_pct"] is None
    assert (report["skm"]["respondents"], report["skm"]["ikm"], report["skm"]["grade"]) == (0, None, None)
    assert report["complaints"]["opened"] == 0 and report["targets"] == []
    for fmt, name in (("pdf", "a.pdf"), ("xlsx", "a.xlsx"), ("csv", "a.zip"), ("json", "a.json")):
        (path,) = render(report, fmt, tmp_path / name)
        assert path.stat().st_size > 0
    text = pdf_text(tmp_path / "a.pdf")
    assert "Tidak ada data untuk periode ini." in text
    assert re.search(r"Waktu tunggu rata-rata\s+–", text)
    assert load_workbook(tmp_path / "a.xlsx")["per_layanan"].max_row == 1  # header only
    (signoff,) = render(signoff_report(session, date(2026, 3, 17)), "pdf", tmp_path / "ba.pdf")
    assert "0 catatan" in pdf_text(signoff)


@pytest.fixture
def paper_day(session, fixed_now):
    """A satellite day with no network: everything typed in the next morning from paper."""
    ani = session.as_actor(ANI)
    fixed_now("2026-03-16T08:00:00+07:00")
    reg.register(ani, reg.RegistrationInput(
        service="DUK-KK", name="Made Wirawan", nik="5171011503850002", channel="satellite",
        requirements_complete=True, paper_form_no="SAT-0042", paper_date="2026-03-16"))
    reg.register(ani, reg.RegistrationInput(
        service="DUK-AKL", name="Ni Luh Sari", nik="5171015203900001", channel="satellite",
        paper_form_no="SAT-0043", paper_date="2026-03-16"))
    skm.record_response(ani, [4, 4, 4, 3, 3, 3, 4, 4, 4], service="DUK-KK", entry_mode="paper",
                        paper_form_no="SKM-0101")
    fixed_now("2026-03-16T16:00:00+07:00")
    return session


def test_a_day_of_paper_records_only(paper_day):
    report = daily_summary(paper_day, DAY)
    assert report["tickets"]["totals"]["issued"] == 0
    assert report["registrations"]["by_entry_mode"] == {"direct": 0, "paper": 2}
    assert report["registrations"]["by_channel"]["satellite"] == 2
    assert report["skm"]["by_entry_mode"] == {"kiosk": 0, "paper": 1, "online": 0}
    ba = signoff_report(paper_day, DAY)
    assert [(r["kind"], r["form_no"]) for r in ba["paper_records"]] == [
        ("pendaftaran", "SAT-0042"), ("pendaftaran", "SAT-0043"), ("SKM", "SKM-0101")]
    assert {r["transcribed_by"] for r in ba["paper_records"]} == {"ani"}
    assert ba["paper_records"][0]["nik"] == "5171********0002" and ba["paper_records"][2]["subject"] == "(anonim)"
    assert ba["day_totals"]["registrations_paper"] == 2 and ba["day_totals"]["skm_paper"] == 1
    assert ba["signoff"] is None


def test_signing_off_is_an_event_with_a_projection(paper_day, tmp_path):
    sari = paper_day.as_actor(SARI)
    ba = sign_off_day(sari, DAY, supervisor_name="Sari Dewi, S.Sos.", verifier_name="Putu Adi", note="Sinyal putus")
    signed = ba["signoff"]
    assert (signed["signed_by"], signed["supervisor_name"], signed["verifier_name"]) == ("sari", "Sari Dewi, S.Sos.", "Putu Adi")
    assert signed["signed_at"] == "2026-03-16T16:00:00+07:00" and signed["figures_changed"] is False
    assert signed["totals"] == ba["day_totals"]
    event = paper_day.store.one("SELECT * FROM events WHERE type = 'day_signed_off'")
    assert (event["entity_id"], event["actor"]) == ("2026-03-16", "sari")
    before = get_signoff(paper_day, DAY)
    rebuild_projections(paper_day.store)
    assert get_signoff(paper_day, DAY) == before
    (pdf,) = render(ba, "pdf", tmp_path / "ba.pdf")
    text = pdf_text(pdf)
    for expected in ("Berita Acara Penutupan Harian", "Senin, 16 Maret 2026", "SAT-0042", "SAT-0043", "SKM-0101",
                     "Putu Adi", "Sari Dewi, S.Sos.", "Pemeriksa transkripsi", "Penanggung jawab layanan",
                     "Ditandatangani di Loket", "3 catatan", "Sinyal putus"):
        assert expected in text, expected


def test_sign_off_rules(paper_day):
    with pytest.raises(PermissionDenied):
        sign_off_day(paper_day.as_actor(ANI), DAY, supervisor_name="Ani", verifier_name="Ani")
    with pytest.raises(ValidationError) as exc:
        sign_off_day(paper_day.as_actor(SARI), date(2026, 3, 17), supervisor_name="Sari", verifier_name="Putu")
    assert exc.value.errors[0][0] == "date"
    with pytest.raises(ValidationError) as exc:
        sign_off_day(paper_day.as_actor(SARI), DAY, supervisor_name=" ", verifier_name="Putu")
    assert exc.value.errors[0][0] == "supervisor"
    sign_off_day(paper_day.as_actor(SARI), DAY, supervisor_name="Sari", verifier_name="Putu")
    with pytest.raises(StateError):
        sign_off_day(paper_day.as_actor(SARI), DAY, supervisor_name="Sari", verifier_name="Putu")
    assert paper_day.store.scalar("SELECT count(*) FROM events WHERE type = 'day_signed_off'") == 1


def test_a_late_transcription_shows_the_signed_figures_changed(paper_day, fixed_now, tmp_path):
    sign_off_day(paper_day.as_actor(SARI), DAY, supervisor_name="Sari", verifier_name="Putu")
    fixed_now("2026-03-16T16:30:00+07:00")
    skm.record_response(paper_day.as_actor(ANI), [3] * 9, entry_mode="paper", paper_form_no="SKM-0102")
    ba = signoff_report(paper_day, DAY)
    assert ba["signoff"]["figures_changed"] is True
    assert ba["signoff"]["totals"]["skm_respondents"] == 1 and ba["day_totals"]["skm_respondents"] == 2
    (pdf,) = render(ba, "pdf", tmp_path / "ba.pdf")
    assert "telah berubah sejak ditandatangani" in pdf_text(pdf)


def test_cli_signoff_prints_and_signs(paper_day, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LOKET_DB", str(db_path))
    out = tmp_path / "ba.pdf"
    with pytest.raises(SystemExit) as exit_:
        main(["report", "signoff", "--date", "2026-03-16", "--out", str(out)])
    assert exit_.value.code == 0 and "BELUM DITANDATANGANI" in pdf_text(out)
    assert get_signoff(paper_day, DAY) is None
    with pytest.raises(SystemExit) as exit_:
        main(["report", "signoff", "--date", "2026-03-16", "--sign", "--supervisor", "Sari",
              "--verifier", "Putu", "--out", str(out)])
    assert exit_.value.code == 0 and "Ditandatangani di Loket" in pdf_text(out)
    assert get_signoff(paper_day, DAY)["verifier_name"] == "Putu"


def test_two_devices_signing_the_same_day_keep_the_earlier(paper_day, fixed_now, tmp_path):
    from counter_app import catalog
    from counter_app.events import Event
    from counter_app.session import Session
    from counter_app.site import init_site

    fixed_now("2026-03-16T15:00:00+07:00")  # the laptop's whole history is before 16.00
    other = Session.open(tmp_path / "laptop.sqlite3")
    try:
        init_site(other, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="SAT1", series=1)
        catalog.import_services(other, catalog.demo_catalog_rows())
        sign_off_day(other.as_actor(SARI), DAY, supervisor_name="Sari (laptop)", verifier_name="Putu")
        row = other.store.one("SELECT * FROM events WHERE type = 'day_signed_off'")
    finally:
        other.close()
    fixed_now("2026-03-16T16:00:00+07:00")
    sign_off_day(paper_day.as_actor(SARI), DAY, supervisor_name="Sari (kantor)", verifier_name="Putu")
    with paper_day.transaction():
        assert paper_day.log.apply_remote(Event.from_row(row)) is True
    assert get_signoff(paper_day, DAY)["supervisor_name"] == "Sari (laptop)"  # 15.00 before 16.00
    rebuild_projections(paper_day.store)
    assert get_signoff(paper_day, DAY)["supervisor_name"] == "Sari (laptop)"
