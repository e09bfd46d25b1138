"""ESC/POS tickets and receipts as the printer receives them: bytes decoded from a file printer,
a loopback network printer (a socket server in the test), a serial pty and a CUPS queue."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from counter_app import queue, registration
from counter_app.errors import ValidationError
from printing import connections, escpos_ticket, jobs
from printing.escpos_decode import QR, Cut, DecodeError, decode

NOV23 = "2026-11-23T08:15:00+07:00"


class LoopbackPrinter:
    """A raw-9100 printer on 127.0.0.1: records each connection's bytes, answers DLE EOT 4."""

    def __init__(self, paper_status: int = 0x12):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.paper_status = paper_status
        self.jobs: list[bytes] = []
        self.arrived = threading.Condition()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            data = bytearray()
            with conn:
                while chunk := conn.recv(4096):
                    if connections.STATUS_PAPER in chunk and connections.STATUS_PAPER not in data:
                        conn.sendall(bytes([self.paper_status]))
                    data += chunk
            with self.arrived:
                self.jobs.append(bytes(data))
                self.arrived.notify_all()

    def wait_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """The printer records a job when the sender closes; the sender may return first."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.jobs) >= count, timeout)
        return self.jobs

    @property
    def spec(self) -> str:
        return f"net:127.0.0.1:{self.port}"

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def loopback():
    server = LoopbackPrinter()
    yield server
    server.close()


@pytest.fixture
def ticket(session, fixed_now):
    fixed_now(NOV23)
    queue.issue_ticket(session, "DUK-KTP")
    queue.issue_ticket(session, "DUK-KTP")
    return queue.issue_ticket(session, "DUK-KTP")


def assert_ticket(data: bytes, *, number: str, reprint: bool = False) -> None:
    doc = decode(data)
    flat = " ".join(doc.text.split())  # 58 mm wraps long lines
    assert "MPP Uji Coba" in doc.text
    assert "Dinas Kependudukan dan Pencatatan Sipil" in flat
    assert "Perekaman dan Pencetakan KTP-el" in flat
    big = doc.find(number)
    assert (big.style.width, big.style.height) >= (4, 4) and big.style.bold
    assert "Senin, 23 November 2026 08.15" in doc.text
    assert "Antrean sebelum Anda: 2" in doc.text
    assert "Terima kasih. Simpan tiket ini sampai layanan selesai." in flat
    assert f"Kode lacak: MPP-TEST-261123-{number}" in flat
    assert "GS ( k" in doc.commands  # native QR, not a picture
    assert doc.qr_codes == [QR(f"MPP-TEST-261123-{number}", doc.qr_codes[0].size, "L", "center")]
    assert isinstance(doc.items[-1], Cut) and "GS V" in doc.commands
    assert ("CETAK ULANG" in doc.text) is reprint
    if reprint:
        assert doc.find("CETAK ULANG").style.invert


def test_file_printer_receives_the_whole_ticket(session, ticket, tmp_path):
    out = tmp_path / "lp0"
    result = jobs.print_ticket(session, ticket["ticket"], printer=f"file:{out}", width=80)
    assert result.ok, result.message
    assert_ticket(out.read_bytes(), number="A-003")
    assert result.job["status"] == "printed" and not result.job["reprint"]


def test_network_printer_on_loopback_receives_ticket_then_marked_reprint(session, ticket, loopback):
    first = jobs.print_ticket(session, ticket["ticket"], printer=loopback.spec, width=58)
    assert first.ok, first.message
    second = jobs.print_ticket(session, ticket["ticket"], printer=loopback.spec, width=58)
    assert second.ok and second.job["reprint"]
    assert len(loopback.wait_jobs(2)) == 2
    assert loopback.jobs[0].startswith(connections.STATUS_PAPER)  # paper sensor asked first
    assert_ticket(loopback.jobs[0], number="A-003")
    assert_ticket(loopback.jobs[1], number="A-003", reprint=True)
    # 58 mm paper: no line longer than 32 characters at normal size
    assert max(len(line.text) * line.style.width for line in decode(loopback.jobs[0]).lines) <= 32


def test_network_printer_out_of_paper_is_reported_and_nothing_printed(session, ticket):
    server = LoopbackPrinter(paper_status=0x72)
    try:
        result = jobs.print_ticket(session, ticket["ticket"], printer=server.spec, timeout=3)
    finally:
        server.close()
    assert not result.ok
    assert "kertas habis" in result.message
    assert "tetap tercatat" in result.message
    assert result.job["status"] == "failed"


def test_explicit_reprint_flag_marks_first_copy(session, ticket, tmp_path):
    out = tmp_path / "slip.bin"
    result = jobs.print_ticket(session, ticket["ticket"], printer=f"file:{out}", reprint=True)
    assert result.job["reprint"]
    assert_ticket(out.read_bytes(), number="A-003", reprint=True)


def test_priority_ticket_names_its_category(session, fixed_now, tmp_path):
    fixed_now(NOV23)
    t = queue.issue_ticket(session, "DUK-KK", priority="lansia")
    out = tmp_path / "slip.bin"
    assert jobs.print_ticket(session, t["ticket"], printer=f"file:{out}").ok
    assert "PRIORITAS: Lansia" in decode(out.read_bytes()).text


def test_receipt_shows_masked_nik_requirements_fee_deadline_channel_and_qr(session, fixed_now, tmp_path):
    fixed_now(NOV23)
    reg = registration.register(session, registration.RegistrationInput(
        service="IMI-EPASPOR", name="Siti Aminah", nik="3273015708900003", requirements_complete=True))
    out = tmp_path / "receipt.bin"
    result = jobs.print_receipt(session, reg["registration_id"], printer=f"file:{out}", width=80)
    assert result.ok, result.message
    doc = decode(out.read_bytes())
    assert "3273********0003" in doc.text and "3273015708900003" not in doc.text
    assert "[x] KTP-el asli" in doc.text
    assert "Rp 650.000" in doc.text
    assert "Jumat, 27 November 2026" in doc.text  # 4 working days after Monday 23 November
    assert "Halo Imigrasi" in doc.text
    assert doc.qr_codes[0].data == reg["registration_id"]
    assert doc.cuts


def test_serial_printer_through_a_pty(session, ticket):
    master, slave = os.openpty()
    try:
        result = jobs.print_ticket(session, ticket["ticket"], printer=f"serial:{os.ttyname(slave)}:19200",
                                   timeout=5)
        assert result.ok, result.message
        os.set_blocking(master, False)
        data = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        os.close(master)
        os.close(slave)
    assert_ticket(bytes(data).replace(b"\r\n", b"\n"), number="A-003")


def test_cups_queue_gets_one_raw_job_through_lp(session, ticket, tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    lp = bindir / "lp"
    # a stand-in for CUPS' lp: records its arguments and the job it is given
    lp.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/job\n')
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    result = jobs.print_ticket(session, ticket["ticket"], printer="cups:Thermal_80")
    assert result.ok, result.message
    assert (tmp_path / "args").read_text().split() == ["-d", "Thermal_80", "-o", "raw", "-t", "loket"]
    assert_ticket((tmp_path / "job").read_bytes(), number="A-003")


@pytest.mark.parametrize("spec, parsed", [
    ("dummy", connections.PrinterSpec("dummy")),
    ("file:/dev/usb/lp0", connections.PrinterSpec("file", "/dev/usb/lp0")),
    ("usb:04b8:0202", connections.PrinterSpec("usb", vendor=0x04B8, product=0x0202)),
    ("usb:0x0416:0x5011", connections.PrinterSpec("usb", vendor=0x0416, product=0x5011)),
    ("serial:/dev/ttyUSB0", connections.PrinterSpec("serial", "/dev/ttyUSB0", 9600)),
    ("serial:COM3:115200", connections.PrinterSpec("serial", "COM3", 115200)),
    ("net:192.168.1.50", connections.PrinterSpec("net", "192.168.1.50", 9100)),
    ("net:printer.local:9101", connections.PrinterSpec("net", "printer.local", 9101)),
    ("cups:Thermal", connections.PrinterSpec("cups", "Thermal")),
])
def test_spec_strings(spec, parsed):
    assert connections.parse_spec(spec) == parsed
    assert connections.parse_spec(str(parsed)) == parsed


@pytest.mark.parametrize("spec, why", [
    ("", "belum diatur"), ("lpt:1", "tidak dikenal"), ("net:", "kosong"), ("usb:04b8", "VID:PID"),
    ("usb:zz:01", "VID:PID"), ("net:10.0.0.5:70000", "port"), ("serial:/dev/ttyS0:1234", "baud"),
])
def test_bad_spec_names_the_field(spec, why):
    with pytest.raises(ValidationError) as err:
        connections.parse_spec(spec)
    assert err.value.field == "printer" and why in str(err.value)


def test_unknown_usb_printer_gives_indonesian_message(session, ticket):
    result = jobs.print_ticket(session, ticket["ticket"], printer="usb:04b8:0202", timeout=3)
    assert not result.ok
    assert "printer USB 04b8:0202" in result.message


def test_test_page_decodes(loopback):
    data = escpos_ticket.test_bytes("MPP Uji Coba", loopback.spec, 58, "Senin, 23 November 2026 08.15")
    jobs.deliver(loopback.spec, data, timeout=3)
    doc = decode(loopback.wait_jobs(1)[0])
    assert doc.find("TES PRINTER").style.width == 2 and "12345678901234567890123456789012" in doc.text
    assert doc.qr_codes and doc.cuts


def test_decoder_rejects_unknown_commands():
    with pytest.raises(DecodeError):
        decode(b"\x1b\x7fx")
    with pytest.raises(DecodeError):
        decode(b"\x1d(k\x05\x001P0")  # truncated QR store


def test_typographic_text_is_folded_for_code_page_437(tmp_path):
    slip = {"site_name": "MPP – Kota “Baru”", "agency": "Dinas", "service_name": "Layanan…",
            "number": "A-001", "issued_at": "x", "waiting_before": 0, "tracking_code": "T",
            "footer": "Terima kasih", "priority": ""}
    text = decode(escpos_ticket.ticket_bytes(slip, 80)).text
    assert 'MPP - Kota "Baru"' in text and "Layanan..." in text


def test_width_must_be_58_or_80(session, ticket):
    with pytest.raises(ValidationError):
        jobs.print_ticket(session, ticket["ticket"], printer="dummy", width=76)


def test_bytes_file_is_plain_escpos(tmp_path: Path, session, ticket):
    out = tmp_path / "t.bin"
    jobs.print_ticket(session, ticket["ticket"], printer=f"file:{out}")
    assert out.read_bytes().startswith(b"\x1b@")  # ESC @ initialises the printer
