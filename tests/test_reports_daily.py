"""The daily summary on a known day: every figure pinned in the JSON, and the PDF, XLSX,
CSV and CLI outputs parsed back to show the same figures."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from counter_app import complaints, queue, skm
from counter_app import registration as reg
from counter_app.actors import Actor
from counter_app.cli import main
from counter_app.formatting import angka
from counter_app.reports import daily_summary, set_target
from counter_app.reports.tables import report_tables
from printing.reports import render

DAY = date(2026, 3, 16)
ANI = Actor("ani", "frontliner")
BUDI = Actor("budi", "frontliner")
SUPERVISOR = Actor("sari", "supervisor")
WOMAN, MAN = "3273014506900003", "3273011206900004"


def build_known_day(session, fixed_now) -> None:
    """Tickets, calls, finishes, registrations (one from paper), SKM and earlier applications."""
    def at(hhmm: str, day: str = "2026-03-16") -> None:
        fixed_now(f"{day}T{hhmm}:00+07:00")

    def step(hhmm: str, fn, *args, **kwargs):
        at(hhmm)
        return fn(*args, **kwargs)

    def register(service, name, nik, **kw):
        return reg.register(ani, reg.RegistrationInput(service=service, name=name, nik=nik, **kw))["registration_id"]

    ani, budi, sari = session.as_actor(ANI), session.as_actor(BUDI), session.as_actor(SUPERVISOR)
    # Complaints filed earlier: one left open past its deadline, one finished in time.
    at("10:00", "2026-03-05")
    overdue_complaint = complaints.file_complaint(ani, type="pengaduan", channel="counter", anonymous=True,
                                                  text="Antrean tidak dipanggil sesuai urutan")
    answered_early = complaints.file_complaint(ani, type="pengaduan", channel="web", anonymous=True,
                                               text="Persyaratan di situs berbeda")
    at("10:00", "2026-03-10")
    complaints.respond(sari, answered_early["tracking_number"], "Sudah diperbaiki", final=True)
    # A week earlier: three applications whose deadlines fall due by the known day.
    at("09:00", "2026-03-09")
    late = register("DUK-AKL", "Rina Wati", WOMAN, requirements_complete=True)        # due 03-10
    on_time = register("BPN-ROYA", "Agus Salim", MAN, requirements_complete=True)     # due 03-16
    register("DUK-AKM", "Dewi Lestari Putri", WOMAN, requirements_complete=True)      # due 03-10, left open
    pending = complaints.file_complaint(ani, type="kritik", channel="email", anonymous=True,
                                        text="Ruang tunggu panas")                          # due 03-16
    # The known day's queue.
    step("08:00", queue.issue_ticket, ani, "DUK-KTP")
    step("08:02", queue.issue_ticket, ani, "DUK-KTP")
    step("08:04", queue.issue_ticket, ani, "IMI-EPASPOR")          # H-001
    step("08:06", queue.issue_ticket, ani, "DUK-KTP")
    step("08:10", queue.call_next, ani, "1", ["DUK-KTP"])          # A-001 waited 10
    step("08:12", queue.call_next, budi, "2", ["IMI-EPASPOR"])     # H-001 waited 8
    step("08:25", queue.finish, ani, "A-001")                      # served 15
    step("08:26", queue.call_next, ani, "1", ["DUK-KTP"])          # A-002 waited 24
    step("08:30", queue.noshow, ani, "A-002")
    step("08:32", queue.finish, budi, "H-001")                     # served 20
    step("08:33", queue.call_next, ani, "1", ["DUK-KTP"])          # A-003 waited 27
    step("08:35", queue.transfer, ani, "A-003", "IMI-EPASPOR")
    step("08:40", queue.call_next, budi, "2", ["IMI-EPASPOR"])     # A-003 again at counter 2
    step("08:45", queue.recall, budi, "A-003")                     # a recall is not a new call
    step("08:50", queue.finish, budi, "A-003")                     # served 10 (08:40 → 08:50)
    step("09:00", queue.issue_ticket, ani, "DUK-KTP")
    step("09:05", queue.cancel, ani, "A-004")
    step("09:10", queue.issue_ticket, ani, "DUK-KTP")              # A-005, still waiting
    # Registrations of the day: walk-in, satellite from paper, online incomplete.
    step("09:20", register, "DUK-AKL", "Siti Aminah", WOMAN, requirements_complete=True)  # due 03-17
    step("09:25", register, "DUK-KK", "Bambang Sutrisno", MAN, channel="satellite", requirements_complete=True,
         paper_form_no="F-0101", paper_date="2026-03-14")            # due 03-16
    step("09:30", register, "IMI-EPASPOR", "Joko Widodo", MAN, channel="online")        # no deadline yet
    # Applications finished today: one late, one on its deadline.
    at("10:00")
    for reg_id in (late, on_time):
        for status in ("diverifikasi", "diproses", "selesai"):
            reg.change_status(ani, reg_id, status)
    # SKM: two at the kiosk, one transcribed from paper with U9 unanswered.
    step("10:10", skm.record_response, ani, [4] * 9, service="DUK-KTP")
    step("10:11", skm.record_response, ani, [3] * 9, service="IMI-EPASPOR")
    step("10:12", skm.record_response, ani, [4, 4, 3, 3, 4, 4, 3, 3, None], service="DUK-KTP",
         entry_mode="paper", paper_form_no="SKM-0007")
    # Complaints of the day: two filed, the one from 03-09 answered (not yet finished).
    step("11:00", complaints.respond, sari, pending["tracking_number"], "Pendingin ruangan diperbaiki minggu ini")
    step("11:05", complaints.file_complaint, ani, type="kritik", channel="phone", name="Rudi Hartono",
         phone="081234567890", text="Petugas loket 1 kurang ramah")
    step("11:10", complaints.file_complaint, ani, type="saran", channel="suggestion_box", anonymous=True,
         text="Tambah kursi prioritas")
    assert overdue_complaint["deadline"] == "2026-03-12"
    at("17:00")


@pytest.fixture
def known(session, fixed_now):
    build_known_day(session, fixed_now)
    supervisor = session.as_actor(SUPERVISOR)
    set_target(supervisor, "tickets_served", 5)
    set_target(supervisor, "waiting_time", 20)
    set_target(supervisor, "ikm_converted", 88.31)
    return daily_summary(supervisor, DAY)


def test_header_states_site_period_time_and_version(known):
    assert known["report"] == "daily" and known["schema"] == 1
    assert known["site"] == {"code": "MPP-TEST", "name": "MPP Uji Coba", "tier": "manual"}
    assert known["period"] == {"from": "2026-03-16", "to": "2026-03-16", "days": 1, "working_days": 1}
    assert known["generated_at"] == "2026-03-16T17:00:00+07:00"
    assert known["generated_by"] == "sari"
    assert known["software_version"] == "0.1.0"


def test_ticket_totals_and_times(known):
    t = known["tickets"]
    assert t["totals"] == {"issued": 6, "served": 3, "noshow": 1, "transferred": 1, "cancelled": 1,
                           "skipped": 0, "open": 1}
    assert t["waiting_time"] == {"count": 4, "mean": 17.25, "median": 17.0, "p90": 27.0, "max": 27.0}
    assert t["service_time"] == {"count": 3, "mean": 15.0, "median": 15.0, "p90": 20.0, "max": 20.0}


def test_tickets_by_service_and_agency(known):
    ktp, paspor = known["tickets"]["by_service"]
    assert ktp == {"service": "DUK-KTP", "name": "Perekaman dan Pencetakan KTP-el",
                   "agency": "Dinas Kependudukan dan Pencatatan Sipil", "issued": 4, "served": 1, "noshow": 1,
                   "transferred": 0, "cancelled": 1, "skipped": 0, "open": 1,
                   "wait_mean": 17.0, "wait_median": 17.0, "wait_p90": 24.0, "wait_max": 24.0,
                   "service_mean": 15.0, "service_median": 15.0, "service_p90": 15.0, "service_max": 15.0}
    assert paspor["service"] == "IMI-EPASPOR"
    assert {k: paspor[k] for k in ("issued", "served", "noshow", "transferred", "cancelled", "open")} == {
        "issued": 2, "served": 2, "noshow": 0, "transferred": 1, "cancelled": 0, "open": 0}
    assert (paspor["wait_mean"], paspor["wait_median"], paspor["wait_p90"], paspor["wait_max"]) == (17.5, 17.5, 27.0, 27.0)
    assert (paspor["service_mean"], paspor["service_p90"]) == (15.0, 20.0)
    agencies = {a["agency"]: a for a in known["tickets"]["by_agency"]}
    assert set(agencies) == {"Dinas Kependudukan dan Pencatatan Sipil", "Kantor Imigrasi"}
    assert agencies["Kantor Imigrasi"]["issued"] == 2 and agencies["Kantor Imigrasi"]["served"] == 2


def test_by_counter_and_officer(known):
    assert known["tickets"]["by_counter"] == [
        {"counter": "1", "called": 3, "served": 1, "noshow": 1, "service_mean": 15.0, "service_median": 15.0,
         "service_p90": 15.0, "service_max": 15.0},
        {"counter": "2", "called": 2, "served": 2, "noshow": 0, "service_mean": 15.0, "service_median": 15.0,
         "service_p90": 20.0, "service_max": 20.0},
    ]
    officers = {o["officer"]: o for o in known["tickets"]["by_officer"]}
    assert (officers["ani"]["called"], officers["ani"]["served"], officers["ani"]["noshow"]) == (3, 1, 1)
    assert (officers["budi"]["called"], officers["budi"]["served"], officers["budi"]["service_max"]) == (2, 2, 20.0)


def test_registrations_completion_and_deadlines(known):
    r = known["registrations"]
    assert (r["total"], r["by_channel"], r["by_entry_mode"]) == (
        3, {"walk_in": 1, "satellite": 1, "online": 1}, {"direct": 2, "paper": 1})
    assert known["completion"]["finished"] == 2
    assert known["completion"]["within_standard"] == 1
    assert known["completion"]["within_standard_pct"] == 50.0
    d = known["deadlines"]
    assert (d["overdue_count"], d["due_soon_count"], d["due_soon_until"]) == (1, 2, "2026-03-25")
    (overdue,) = d["overdue"]
    assert overdue["registration_id"] == "MPP-TEST-260309-K1-0003"
    assert (overdue["deadline"], overdue["working_days_late"], overdue["status"]) == ("2026-03-10", 4, "diterima")
    assert overdue["nik"] == "3273********0003" and overdue["applicant"] == "Dewi L. P."
    assert [a["deadline"] for a in d["due_soon"]] == ["2026-03-16", "2026-03-17"]


def test_deadline_watch_for_today_matches_list_applications(known, session):
    overdue = reg.list_applications(session, overdue=True)
    due = reg.list_applications(session, due_within_days=2)
    assert [a["registration_id"] for a in known["deadlines"]["overdue"]] == [a["registration_id"] for a in overdue]
    assert [a["registration_id"] for a in known["deadlines"]["due_soon"]] == [a["registration_id"] for a in due]


def test_skm_is_anonymous_and_pinned(known):
    s = known["skm"]
    assert s["respondents"] == 3 and s["by_entry_mode"] == {"kiosk": 2, "paper": 1, "online": 0}
    assert [u["nrr"] for u in s["nrr"]] == [3.6667, 3.6667, 3.3333, 3.3333, 3.6667, 3.6667, 3.3333, 3.3333, 3.5]
    assert [u["answered"] for u in s["nrr"]] == [3] * 8 + [2]
    assert (s["ikm"], s["ikm_converted"], s["grade"], s["performance"]) == (3.5, 87.5, "B", "Baik")
    assert s["by_service"] == [
        {"service": "DUK-KTP", "respondents": 2, "ikm_converted": 94.44, "grade": "A"},
        {"service": "IMI-EPASPOR", "respondents": 1, "ikm_converted": 75.0, "grade": "C"},
    ]
    text = json.dumps(known)
    assert "Siti Aminah" not in text and WOMAN not in text and MAN not in text


def test_complaints_opened_answered_overdue(known, session):
    c = known["complaints"]
    assert (c["opened"], c["answered"], c["overdue"]) == (2, 1, 1)
    assert c["by_type"] == {"kritik": 1, "saran": 1}
    assert c["by_channel"] == {"phone": 1, "suggestion_box": 1}
    (late,) = c["overdue_list"]
    assert (late["complaint_id"], late["due"], late["status"]) == ("MPP-TEST-ADU-260305-K1-0001", "2026-03-12", "baru")
    today = complaints.list_complaints(session.as_actor(SUPERVISOR), overdue=True)
    assert [x["tracking_number"] for x in today] == [x["complaint_id"] for x in c["overdue_list"]]
    text = json.dumps(known)
    assert "Rudi" not in text and "081234567890" not in text and "kurang ramah" not in text


def test_targets_realisasi_gap(known):
    rows = {r["metric"]: r for r in known["targets"]}
    assert rows["tickets_served"] | {} == {"metric": "tickets_served", "label": "Tiket dilayani", "unit": "tiket",
                                           "target": 5, "realisasi": 3, "gap": -2, "met": False}
    assert (rows["waiting_time"]["gap"], rows["waiting_time"]["met"]) == (-2.75, True)
    assert (rows["ikm_converted"]["gap"], rows["ikm_converted"]["met"]) == (-0.81, False)
    assert {m["key"] for m in known["metrics"]} >= {r["metric"] for r in known["targets"]}


def test_every_metric_has_definition_formula_and_source(known):
    for m in known["metrics"]:
        assert m["definition"] and m["formula"] and m["source"], m["key"]


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_shows_the_same_figures(known, tmp_path):
    (path,) = render(known, "pdf", tmp_path / "rekap.pdf")
    text = _pdf_text(path)
    assert "MPP Uji Coba (MPP-TEST)" in text and "Loket 0.1.0" in text
    assert "Senin, 16 Maret 2026 17.00 oleh sari" in text and "T17:00" not in text  # people read dates

    def figure(label: str) -> str:
        match = re.search(re.escape(label) + r"\s+(\S+)", text)
        assert match, label
        return match.group(1)

    t = known["tickets"]
    assert figure("Tiket diterbitkan") == str(t["totals"]["issued"])
    assert figure("Tiket dilayani") == str(t["totals"]["served"])
    assert figure("Waktu tunggu rata-rata") == angka(t["waiting_time"]["mean"]) == "17,25"
    assert figure("Waktu tunggu persentil 90") == angka(t["waiting_time"]["p90"])
    assert figure("Waktu layanan maksimum") == angka(t["service_time"]["max"])
    assert figure("NIK (IKM konversi)") == angka(known["skm"]["ikm_converted"]) == "87,50"
    assert figure("Selesai tepat waktu (%)") == "50,00"
    assert "MPP-TEST-260309-K1-0003" in text and "3273********0003" in text
    assert "1 permohonan melewati batas waktu" in text
    assert figure("Pengaduan masuk") == "2" and figure("Pengaduan lewat batas") == "1"
    assert "3,6667" in text and "MPP-TEST-ADU-260305-K1-0001" in text  # NRR U1, the overdue complaint
    # codes appear as words: channels, entry modes, statuses, complaint channels, dates in cells
    assert figure("Pendaftaran datang langsung") == "1" and figure("Pendaftaran layanan satelit") == "1"
    assert figure("Pendaftaran daring (online booking)") == "1" and figure("Pendaftaran input langsung") == "2"
    assert figure("Pendaftaran transkripsi formulir kertas") == "1" and "Pendaftaran kanal" not in text
    assert re.search(r"3273\*{8}0003\s+Diterima\s+10-03-2026", text)  # cells dd-mm-yyyy, as in XLSX
    assert re.search(r"12-03-2026\s+Baru\s+ya\s+Loket\s+Pengaduan", text)  # overdue: ya
    assert "Posisi akhir Senin, 16 Maret 2026" in text and "Sampai Rabu, 25 Maret 2026" in text


def test_xlsx_typed_cells_frozen_headers_same_figures(known, tmp_path):
    (path,) = render(known, "xlsx", tmp_path / "rekap.xlsx")
    wb = load_workbook(path)
    tables = report_tables(known)
    assert wb.sheetnames == ["laporan"] + [t.name for t in tables]
    info = {row[0]: row[1] for row in wb["laporan"].iter_rows(min_row=2, values_only=True)}
    assert info["Lokasi"] == "MPP Uji Coba (MPP-TEST)" and info["Versi perangkat lunak"] == "Loket 0.1.0"
    assert info["Periode"] == "Senin, 16 Maret 2026" and info["Dibuat"] == "Senin, 16 Maret 2026 17.00 oleh sari"
    assert wb["ringkasan"].oddFooter.left.text.startswith("Dibuat Senin, 16 Maret 2026 17.00")
    for table in tables:
        ws = wb[table.name]
        assert ws.freeze_panes == "A2"
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == [c.label for c in table.columns]
        assert len(rows) - 1 == len(table.rows)
    services = {r[0]: r for r in wb["per_layanan"].iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in wb["per_layanan"][1]]
    ktp = dict(zip(header, services["DUK-KTP"], strict=True))
    assert ktp["Terbit"] == 4 and isinstance(ktp["Terbit"], int)
    assert ktp["Tunggu rata2 (mnt)"] == 17.0 and ktp["Tunggu p90"] == 24.0
    overdue = wb["lewat_batas"]
    assert overdue["F2"].value.isoformat()[:10] == "2026-03-10"  # a real date cell
    assert overdue["F2"].number_format == "dd-mm-yyyy" and overdue["E2"].value == "Diterima"
    channels = [c.value for c in wb["pendaftaran"][1]][3:]
    assert channels == ["Datang langsung", "Layanan satelit", "Daring (online booking)", "Input langsung",
                        "Transkripsi formulir kertas"]
    summary = {r[0]: r[1] for r in wb["ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Waktu tunggu rata-rata"] == 17.25 and summary["Responden SKM"] == 3
    assert summary["NIK (IKM konversi)"] == 87.5 and summary["Pengaduan dijawab"] == 1
    assert summary["Pendaftaran layanan satelit"] == 1 and summary["Pendaftaran transkripsi formulir kertas"] == 1
    nrr = [r[3] for r in wb["skm_unsur"].iter_rows(min_row=2, values_only=True)]
    assert nrr == [u["nrr"] for u in known["skm"]["nrr"]]


def test_csv_zip_has_bom_and_one_file_per_section(known, tmp_path):
    (path,) = render(known, "csv", tmp_path / "rekap.zip")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert len(names) == len(report_tables(known)) + 1
        assert all(n.startswith("MPP-TEST_2026-03-16_") for n in names)
        raw = zf.read(next(n for n in names if n.endswith("_per_layanan.csv")))
        info = zf.read(names[0]).decode("utf-8-sig")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["Kode"], r["Terbit"], r["Dilayani"]) for r in rows] == [("DUK-KTP", "4", "1"), ("IMI-EPASPOR", "2", "2")]
    assert "Loket 0.1.0" in info and "MPP-TEST" in info


def test_cli_daily_json_equals_core(known, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LOKET_DB", str(db_path))
    out = tmp_path / "rekap.json"
    with pytest.raises(SystemExit) as exit_:
        main(["report", "daily", "--date", "2026-03-16", "--format", "json", "--out", str(out)])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == str(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    # the CLI acts as the device itself; every figure is the same
    assert {k: v for k, v in data.items() if k != "generated_by"} == {k: v for k, v in known.items() if k != "generated_by"}


def test_cli_rejects_a_bad_date(session, db_path, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("LOKET_DB", str(db_path))
    with pytest.raises(SystemExit) as exit_:
        main(["report", "daily", "--date", "2026-16-03", "--format", "json", "--out", str(tmp_path / "x.json")])
    assert exit_.value.code == 2
    assert "--date" in capsys.readouterr().err  # DD-MM-YYYY and ISO are both fine; this is neither
    assert not (tmp_path / "x.json").exists()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_renders_to_png_with_the_chart(known, tmp_path):
    (pdf,) = render(known, "pdf", tmp_path / "rekap.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page.png") as image:
        width, height = image.size
        assert width > height  # A4 landscape
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    counts = {rgb: n for n, rgb in colours}
    navy_teal = sum(n for rgb, n in counts.items() if rgb in ((0x1F, 0x3A, 0x5F), (0x2A, 0x7F, 0x8E)))
    assert navy_teal > 500  # the bars of the chart and the table headers are drawn
