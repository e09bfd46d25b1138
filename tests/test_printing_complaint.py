"""The complainant's slip as a recorded print job: the ESC/POS bytes decoded back (text, QR,
cut), the job reserved then confirmed or failed (a reprint counted), the PDF fallback parsed
back, and ``loket print complaint`` on a real database file."""

from __future__ import annotations

import json
import socket

import pytest
from pypdf import PdfReader

from counter_app import complaints, printjobs
from counter_app.formatting import tanggal
from counter_app.session import Session
from printing import jobs
from printing.complaint_slip import complaint_bytes
from printing.escpos_decode import decode


def file(session, **kw) -> dict:
    base = dict(type="pengaduan", channel="counter", text="KTP-el belum jadi", service="DUK-KTP",
                name="Budi Santoso", phone="081234567890")
    return complaints.file_complaint(session, **{**base, **kw})


@pytest.mark.parametrize("width", [58, 80])
def test_the_slip_bytes_decode_to_the_complaint_its_qr_and_a_cut(session, width):
    filed = file(session)
    forwarded = complaints.forward(session, filed["tracking_number"], "LPR-2026-77")
    doc = decode(complaint_bytes(printjobs.complaint_slip(session, forwarded["tracking_number"]), width))
    text = " ".join(doc.text.split())
    number = forwarded["tracking_number"]
    assert doc.lines[0].text == "TANDA TERIMA PENGADUAN" and doc.lines[0].style.bold
    assert "MPP Uji Coba" in text and number in doc.text.replace("\n", "")
    assert "Perekaman dan Pencetakan KTP-el" in text and "Budi Santoso" in text
    assert "SP4N-LAPOR!: LPR-2026-77" in text
    assert f"paling lambat {tanggal(forwarded['deadline'])}" in text
    assert [q.data for q in doc.qr_codes] == [number]
    assert len(doc.cuts) == 1 and doc.items.index(doc.cuts[0]) > doc.items.index(doc.qr_codes[0])
    assert max(len(line.text) * line.style.width for line in doc.lines) <= {58: 32, 80: 48}[width]


def test_an_anonymous_slip_names_nobody(session):
    filed = complaints.file_complaint(session, type="saran", channel="suggestion_box", text="Tambah kursi",
                                      anonymous=True)
    text = decode(complaint_bytes(printjobs.complaint_slip(session, filed["tracking_number"]))).text
    assert "Anonim" in text and "Saran" in text and "SP4N-LAPOR!:" not in text  # not forwarded


def test_printing_is_reserved_then_confirmed_and_a_second_copy_is_a_reprint(session, tmp_path):
    number = file(session)["tracking_number"]
    printer = tmp_path / "printer.bin"
    first = jobs.print_complaint(session, number, printer=f"file:{printer}")
    assert first.ok and first.message == f"Tanda terima pengaduan {number} tercetak"
    assert first.job["kind"] == "complaint" and first.job["ref"] == number and first.job["status"] == "printed"
    assert number in decode(printer.read_bytes()).text.replace("\n", "")
    second = jobs.print_complaint(session, number, printer=f"file:{printer}")
    assert second.ok and second.job["reprint"] and second.message.endswith("(cetak ulang)")
    assert "CETAK ULANG" in decode(printer.read_bytes()).text
    assert printjobs.printed_count(session, "complaint", number) == 2
    assert [j["status"] for j in printjobs.list_jobs(session, kind="complaint")] == ["printed", "printed"]


def test_a_printer_fault_is_recorded_as_failed_and_the_slip_saved_as_pdf(session, tmp_path):
    number = file(session)["tracking_number"]
    server = socket.socket()  # a port nobody listens on: the printer link is refused
    server.bind(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.close()
    pdf = tmp_path / "slip.pdf"
    outcome = jobs.print_complaint(session, number, printer=f"net:127.0.0.1:{port}", timeout=3, fallback_pdf=pdf)
    assert not outcome.ok and f"Pengaduan {number} tetap tersimpan" in outcome.message
    failed = printjobs.list_jobs(session, kind="complaint", status="failed")
    assert len(failed) == 1 and failed[0]["error"]
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "TANDA TERIMA PENGADUAN" in text and number in text.replace(" ", "")


def test_an_unknown_tracking_number_reserves_nothing(session, tmp_path):
    with pytest.raises(Exception, match="tidak ditemukan"):
        jobs.print_complaint(session, "ADU-TIDAK-ADA", printer=f"file:{tmp_path / 'p.bin'}")
    assert printjobs.list_jobs(session, kind="complaint") == []


def test_the_print_jobs_table_of_an_older_database_keeps_its_rows(session, tmp_path):
    """Migration 0009 rebuilt print_jobs to accept the new kind; earlier jobs are all there."""
    from counter_app import queue

    ticket = queue.issue_ticket(session, "DUK-KTP")
    jobs.print_ticket(session, ticket["id"], printer=f"file:{tmp_path / 'p.bin'}")
    assert [j["kind"] for j in printjobs.list_jobs(session)] == ["ticket"]
    sql = session.store.scalar("SELECT sql FROM sqlite_master WHERE name = 'print_jobs'")
    assert "'complaint'" in sql
    assert {r[0] for r in session.store.query("SELECT name FROM sqlite_master WHERE tbl_name = 'print_jobs'"
                                             " AND type = 'index'")} >= {"print_jobs_ref", "print_jobs_status"}


@pytest.fixture
def loket(cli_site):
    return cli_site("K2")  # tests/conftest.py: the demo site, and loket ARGS in-process


def test_loket_print_complaint_to_a_printer_then_as_pdf(loket, db_path, tmp_path):
    with Session.open(db_path) as s:
        number = file(s)["tracking_number"]
    printer = tmp_path / "printer.bin"
    code, out, err = loket("print", "complaint", number, "--printer", f"file:{printer}", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ok"] and data["kind"] == "complaint" and data["label"] == number and not data["reprint"]
    doc = decode(printer.read_bytes())
    assert "MPP Kota Bandung" in doc.text and [q.data for q in doc.qr_codes] == [number] and doc.cuts

    pdf = tmp_path / "pengaduan.pdf"
    code, out, err = loket("print", "complaint", number, "--pdf", str(pdf))
    assert code == 0, err
    assert out.strip() == f"Tanda terima pengaduan {number} disimpan sebagai PDF: {pdf}"
    assert "TANDA TERIMA PENGADUAN" in PdfReader(pdf).pages[0].extract_text()
    with Session.open(db_path) as s:
        assert printjobs.printed_count(s, "complaint", number) == 2

    code, out, err = loket("print", "complaint", number, "--printer", f"file:{tmp_path}/no/such/dir/p.bin")
    assert code == 1
    assert f"Pengaduan {number} tetap tersimpan" in err
    assert f"loket print complaint {number} --pdf pengaduan-{number}.pdf" in err

    code, _, err = loket("print", "complaint", number, "--printer", "file:x", "--pdf", str(pdf))
    assert code == 2 and "pilih salah satu" in err


def test_loket_print_complaint_unknown_number(loket):
    code, _, err = loket("print", "complaint", "ADU-0000")
    assert code != 0 and "tidak ditemukan" in err
