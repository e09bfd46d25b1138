"""Never lose a ticket to the printer: reserve before printing, confirm or record the failure,
bounded waiting, reprints counted, PDF fallback, numbered paper forms, settings per device."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from counter_app import printjobs, queue, registration
from counter_app.errors import NotFound, ValidationError
from counter_app.events import rebuild_projections
from counter_app.site import set_setting
from printing import connections, jobs
from printing.escpos_decode import decode


def closed_port() -> int:
    """A port on 127.0.0.1 with nobody listening (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def ticket(session):
    return queue.issue_ticket(session, "DUK-KTP")


def test_unreachable_printer_keeps_ticket_and_reports_error(session, ticket):
    spec = f"net:127.0.0.1:{closed_port()}"
    result = jobs.print_ticket(session, ticket["ticket"], printer=spec, timeout=3)
    assert not result.ok
    assert "menolak sambungan" in result.message
    assert "A-001 tetap tercatat di antrean" in result.message
    assert result.offers == ("reprint", "pdf")
    waiting = queue.list_queue(session, status="waiting")
    assert [t["ticket"] for t in waiting] == ["A-001"]
    [job] = printjobs.list_jobs(session, kind="ticket")
    assert job["status"] == "failed" and job["target"] == spec and "menolak" in job["error"]
    # the next counter can still call it
    assert queue.call_next(session, "1")["ticket"] == "A-001"


def test_hanging_printer_is_abandoned_after_the_timeout_with_pdf_fallback(session, ticket, tmp_path):
    fifo = tmp_path / "printer-fifo"
    os.mkfifo(fifo)  # opening it for writing blocks until a reader appears: a printer that hangs
    pdf = tmp_path / "tiket-A-001.pdf"
    started = time.monotonic()
    result = jobs.print_ticket(session, ticket["ticket"], printer=f"file:{fifo}", timeout=0.5,
                               fallback_pdf=pdf)
    waited = time.monotonic() - started
    try:
        assert not result.ok
        assert "tidak menjawab dalam 0.5 detik" in result.message
        assert waited < 5  # bounded by the timeout (plus rendering), not by the printer
        assert result.pdf == pdf
        page = PdfReader(pdf).pages[0]
        assert "A-001" in page.extract_text()
        assert round(float(page.mediabox.width) / 72 * 25.4) == 80
        statuses = sorted(j["status"] for j in printjobs.list_jobs(session, ref=ticket["id"]))
        assert statuses == ["failed", "printed"]  # the printer job failed, the PDF was made
    finally:
        with open(fifo, "rb") as reader:  # release the abandoned worker
            reader.read()


def test_retry_after_failure_is_not_a_reprint_but_a_second_copy_is(session, ticket, tmp_path):
    jobs.print_ticket(session, ticket["ticket"], printer=f"net:127.0.0.1:{closed_port()}", timeout=3)
    out = tmp_path / "lp0"
    retry = jobs.print_ticket(session, ticket["ticket"], printer=f"file:{out}")
    assert retry.ok and not retry.job["reprint"]
    assert "CETAK ULANG" not in decode(out.read_bytes()).text
    again = jobs.print_ticket(session, ticket["ticket"], printer=f"file:{out}")
    assert again.job["reprint"] and "CETAK ULANG" in decode(out.read_bytes()).text
    assert printjobs.printed_count(session, "ticket", ticket["id"]) == 2


def test_no_printer_configured_fails_clearly(session, ticket):
    result = jobs.print_ticket(session, ticket["ticket"])
    assert not result.ok and "printer belum diatur" in result.message
    assert result.job["target"] == "(belum diatur)"


def test_device_setting_overrides_site_printer_and_width(session, ticket, tmp_path):
    site_file, device_file = tmp_path / "site.bin", tmp_path / "device.bin"
    set_setting(session, "printer", f"file:{site_file}")
    assert jobs.print_ticket(session, ticket["ticket"]).ok and site_file.exists()
    set_setting(session, "printer@K1", f"file:{device_file}")
    set_setting(session, "printer_width@K1", 58)
    result = jobs.print_ticket(session, ticket["ticket"])
    assert result.ok and result.width == 58
    assert max(len(line.text) for line in decode(device_file.read_bytes()).lines) <= 32


def test_split_flow_sends_from_a_worker_thread(session, ticket):
    """How the GUI prints: prepare and finish on its thread, deliver in a worker."""
    prepared = jobs.prepare(session, "ticket", ticket["ticket"], "dummy", width=80)
    assert printjobs.get_job(session, prepared.job_id)["status"] == "reserved"
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            jobs.deliver("dummy", prepared.data, timeout=2)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    outcome = jobs.finish(session, prepared, errors[0] if errors else None)
    assert outcome.ok and outcome.job["status"] == "printed"
    with pytest.raises(ValidationError):
        printjobs.confirm_print(session, prepared.job_id)  # a job is finished once


def test_print_jobs_and_paper_forms_rebuild_identically(session, ticket, tmp_path):
    jobs.print_ticket(session, ticket["ticket"], printer=f"file:{tmp_path / 'x'}")
    jobs.print_ticket(session, ticket["ticket"], printer=f"net:127.0.0.1:{closed_port()}", timeout=3)
    printjobs.issue_form_numbers(session, "skm", 3)
    before = [dict(r) for r in session.store.query("SELECT * FROM print_jobs ORDER BY id")]
    forms_before = [dict(r) for r in session.store.query("SELECT * FROM paper_forms ORDER BY form_no")]
    rebuild_projections(session.store)
    assert [dict(r) for r in session.store.query("SELECT * FROM print_jobs ORDER BY id")] == before
    assert [dict(r) for r in session.store.query("SELECT * FROM paper_forms ORDER BY form_no")] == forms_before


def test_form_numbers_are_unique_per_copy_and_link_a_transcription_back(session):
    first = printjobs.issue_form_numbers(session, "registration", 2, "DUK-KK")
    second = printjobs.issue_form_numbers(session, "registration", 1)
    skm = printjobs.issue_form_numbers(session, "skm", 1)
    assert first == ["F-REG-MPP-TEST-260316-K1-0001", "F-REG-MPP-TEST-260316-K1-0002"]
    assert second == ["F-REG-MPP-TEST-260316-K1-0003"] and skm == ["F-SKM-MPP-TEST-260316-K1-0001"]
    reg = registration.register(session, registration.RegistrationInput(
        service="DUK-KK", name="Budi Santoso", nik="3273011203850001", paper_form_no=first[1],
        paper_date="2026-03-16"))
    app = registration.get_application(session, reg["registration_id"])
    paper = printjobs.get_paper_form(session, app["paper_form_no"])
    assert paper["kind"] == "registration" and paper["service_code"] == "DUK-KK"
    with pytest.raises(NotFound):
        printjobs.get_paper_form(session, "F-REG-MPP-TEST-260316-K1-0099")
    with pytest.raises(ValidationError):
        printjobs.issue_form_numbers(session, "registration", 0)


@settings(max_examples=40, deadline=None)
@given(host=st.ip_addresses(v=4).map(str), port=st.integers(1, 65535))
def test_network_spec_round_trips(host, port):
    spec = connections.parse_spec(f"net:{host}:{port}")
    assert (spec.target, spec.port) == (host, port)
    assert connections.parse_spec(str(spec)) == spec
