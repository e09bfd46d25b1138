"""``loket print ...`` on a real database file: tickets to a file printer, the failure path with
its exit code and the two ways out, receipts, numbered forms, device printer setup."""

from __future__ import annotations

import json
import socket

import pytest
from pypdf import PdfReader

from printing.escpos_decode import decode


@pytest.fixture
def loket(cli_site):
    return cli_site("K2")  # tests/conftest.py: the demo site, and loket ARGS in-process


def ok(result) -> dict:
    code, out, err = result
    assert code == 0, err
    return json.loads(out)


def test_print_ticket_to_file_then_reprint(loket, tmp_path):
    ok(loket("ticket", "issue", "--service", "DUK-KTP", "--json"))
    out = tmp_path / "lp0"
    first = ok(loket("print", "ticket", "A-001", "--printer", f"file:{out}", "--width", "58", "--json"))
    assert first["ok"] and first["status"] == "printed" and first["width"] == 58
    assert "A-001" in decode(out.read_bytes()).text
    again = ok(loket("print", "ticket", "a-001", "--printer", f"file:{out}", "--json"))
    assert again["reprint"] and "CETAK ULANG" in decode(out.read_bytes()).text


def test_failed_print_exits_1_keeps_ticket_and_offers_reprint_or_pdf(loket):
    ok(loket("ticket", "issue", "--service", "DUK-KTP", "--json"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = loket("print", "ticket", "A-001", "--printer", f"net:127.0.0.1:{port}", "--timeout", "3")
    assert code == 1 and out == ""
    assert err.startswith("galat: Tiket A-001 gagal dicetak")
    assert "cetak ulang : loket print ticket A-001" in err
    assert "simpan PDF  : loket print ticket A-001 --pdf tiket-A-001.pdf" in err
    waiting = ok(loket("queue", "list", "--status", "waiting", "--json"))
    assert [t["ticket"] for t in waiting] == ["A-001"]
    failed = ok(loket("print", "jobs", "--status", "failed", "--json"))
    assert failed[0]["label"] == "A-001" and "menolak" in failed[0]["error"]


def test_ticket_as_pdf(loket, tmp_path):
    ok(loket("ticket", "issue", "--service", "POL-SKCK", "--json"))
    pdf = tmp_path / "tiket.pdf"
    data = ok(loket("print", "ticket", "S-001", "--pdf", str(pdf), "--json"))
    assert data["pdf"] == str(pdf) and "S-001" in PdfReader(pdf).pages[0].extract_text()


def test_receipt_thermal_and_a4(loket, tmp_path):
    reg = ok(loket("register", "--service", "DUK-KK", "--name", "Budi Santoso", "--nik", "3273011203850001",
                   "--requirements-complete", "--json"))
    out = tmp_path / "lp0"
    ok(loket("print", "receipt", reg["registration_id"], "--printer", f"file:{out}", "--json"))
    assert "3273********0001" in decode(out.read_bytes()).text
    pdf = tmp_path / "tt.pdf"
    data = ok(loket("print", "receipt", reg["registration_id"], "--pdf", str(pdf), "--json"))
    assert reg["registration_id"] in PdfReader(data["pdf"]).pages[0].extract_text()
    code, _, err = loket("print", "receipt", reg["registration_id"], "--pdf", str(pdf), "--printer", "dummy")
    assert code == 2 and "--printer atau --pdf" in err


def test_forms_with_copies(loket, tmp_path):
    pdf = tmp_path / "forms.pdf"
    data = ok(loket("print", "form", "registration", "--out", str(pdf), "--service", "DUK-KTP",
                    "--copies", "2", "--json"))
    assert data["numbers"][1].startswith("F-REG-MPP-BDG-") and data["numbers"][1].endswith("-K2-0002")
    assert len(PdfReader(pdf).pages) == 2
    code, _, err = loket("print", "form", "skm", "--out", str(pdf), "--copies", "0")
    assert code == 2 and "copies" in err
    code, _, err = loket("print", "form", "complaint", "--out", str(pdf), "--service", "NOPE")
    assert code == 2


def test_setup_per_device_then_test_page(loket, tmp_path):
    out = tmp_path / "lp0"
    data = ok(loket("print", "setup", "--printer", f"file:{out}", "--width", "58", "--timeout", "5", "--json"))
    assert data == {"printer": f"file:{out}", "width": 58, "timeout_seconds": 5.0, "device": "K2"}
    code, stdout, err = loket("print", "test")
    assert code == 0, err
    assert "TES PRINTER" in decode(out.read_bytes()).text
    code, _, err = loket("print", "setup", "--printer", "lpt:1")
    assert code == 2 and "tidak dikenal" in err


def test_decode_shows_what_the_printer_received(loket, tmp_path):
    ok(loket("ticket", "issue", "--service", "DUK-KTP", "--json"))
    out = tmp_path / "lp0"
    ok(loket("print", "ticket", "A-001", "--printer", f"file:{out}", "--json"))
    png = tmp_path / "slip.png"
    code, text, err = loket("print", "decode", str(out), "--png", str(png))
    assert code == 0, err
    assert "A-001 x6" in text and "[QR MPP-BDG-260316-A-001]" in text and text.rstrip().endswith(f"gambar: {png}")
    assert png.stat().st_size > 1000
