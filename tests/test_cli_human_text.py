"""The ``loket`` human text speaks one language: Indonesian statuses and names, Indonesian
dates and decimals, while ``--json`` keeps the machine values (status codes, ISO dates,
numbers with a decimal point)."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest


@pytest.fixture
def loket(cli_site):
    return cli_site("K1")  # tests/conftest.py: the demo site, and loket ARGS in-process


def ok(result) -> str:
    code, out, err = result
    assert code == 0, err
    return out


ENGLISH_STATUS = ("waiting", "called", "skipped", "noshow", "finished", "cancelled")


# ------------------------------------------------------------------ queue lines
def test_a_call_reads_in_indonesian_and_names_the_counter_once(loket):
    ok(loket("ticket", "issue", "--service", "DUK-KTP"))
    ok(loket("ticket", "issue", "--service", "DUK-KTP"))
    line = ok(loket("queue", "call", "--counter", "Loket 1")).strip()
    assert line.startswith("A-001 (DUK-KTP) dipanggil di Loket 1 – ")
    assert "loket Loket" not in line and "called" not in line
    line = ok(loket("queue", "call", "--counter", "3")).strip()
    assert line.startswith("A-002 (DUK-KTP) dipanggil di loket 3 – ")


def test_queue_list_prints_indonesian_statuses_and_json_keeps_the_codes(loket):
    for _ in range(4):
        ok(loket("ticket", "issue", "--service", "DUK-KTP"))
    ok(loket("queue", "call", "--counter", "Loket 2"))
    ok(loket("queue", "noshow", "A-001"))
    ok(loket("queue", "call", "--counter", "Loket 2"))
    ok(loket("queue", "finish", "A-002"))
    ok(loket("queue", "cancel", "A-004"))
    text = ok(loket("queue", "list"))
    lines = dict(line.split(" ", 1) for line in text.strip().splitlines())
    assert lines == {
        "A-001": "(DUK-KTP) tidak hadir di Loket 2 – urutan antrean",
        "A-002": "(DUK-KTP) selesai di Loket 2 – urutan antrean",
        "A-003": "(DUK-KTP) menunggu",
        "A-004": "(DUK-KTP) dibatalkan",
    }
    for word in ENGLISH_STATUS:
        assert word not in text.split(), (word, text)
    rows = json.loads(ok(loket("queue", "list", "--json")))
    assert {r["ticket"]: r["status"] for r in rows} == {
        "A-001": "noshow", "A-002": "finished", "A-003": "waiting", "A-004": "cancelled"}


# ------------------------------------------------------------------ complaint channels
def channels(db_path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT channel FROM complaints ORDER BY tracking_number")]
    finally:
        conn.close()


@pytest.mark.parametrize(("given", "stored"), [
    ("loket", "counter"), ("telepon", "phone"), ("surel", "email"), ("kotak_saran", "suggestion_box"),
    ("pesan", "messaging"), ("situs", "web"), ("Loket", "counter"),
    # the English codes scripts already use keep working
    ("counter", "counter"), ("phone", "phone"), ("suggestion_box", "suggestion_box"),
])
def test_complaint_channel_by_indonesian_name_or_code(loket, db_path, given, stored):
    c = json.loads(ok(loket("complaint", "file", "--type", "pengaduan", "--channel", given,
                            "--text", "Antrean terlalu lama", "--anonymous", "--json")))
    assert c["channel"] == stored
    assert channels(db_path) == [stored]


def test_an_unknown_channel_is_refused_naming_the_choices(loket, db_path):
    code, out, err = loket("complaint", "file", "--type", "pengaduan", "--channel", "merpati",
                           "--text", "x", "--anonymous")
    assert code == 2 and out == ""
    assert "loket" in err and "telepon" in err
    assert channels(db_path) == []


def test_the_core_takes_the_indonesian_channel_name_too(session):
    from counter_app import complaints

    c = complaints.file_complaint(session, type="saran", channel="telepon", text="Tambah kursi",
                                  anonymous=True)
    assert c["channel"] == "phone"
    with pytest.raises(complaints.ValidationError) as exc:
        complaints.file_complaint(session, type="saran", channel="merpati", text="x", anonymous=True)
    assert "kanal" in str(exc.value)


# ------------------------------------------------------------------ dates for people, ISO for programs
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_complaint_text_gives_indonesian_dates_and_json_iso(loket):
    filed = ok(loket("complaint", "file", "--type", "saran", "--channel", "loket", "--text", "Tambah kursi",
                     "--anonymous")).strip()
    number = filed.split()[2]
    assert filed == f"Nomor lacak: {number} (tanggapan paling lambat Senin, 30 Maret 2026)"
    listed = ok(loket("complaint", "list"))
    assert "batas 30-03-2026" in listed
    shown = ok(loket("complaint", "show", number))
    assert "Senin, 16 Maret 2026 08.00  masuk" in shown and "filed" not in shown
    for text in (filed, listed, shown):
        assert not ISO_DATE.search(text), text
    data = json.loads(ok(loket("complaint", "show", number, "--json")))
    assert data["deadline"] == "2026-03-30" and data["history"][0]["action"] == "filed"


def test_skm_list_and_index_give_indonesian_dates(loket):
    ok(loket("skm", "record", "--scores", "4,4,4,4,4,4,4,4,4"))
    listed = ok(loket("skm", "list"))
    assert "16-03-2026" in listed and not ISO_DATE.search(listed)
    index = ok(loket("skm", "index", "--from", "2026-03-16"))
    assert "sejak Senin, 16 Maret 2026" in index and not ISO_DATE.search(index)
    assert json.loads(ok(loket("skm", "list", "--json")))[0]["day"] == "2026-03-16"


def test_report_pdfs_write_no_iso_date(loket, db_path, tmp_path):
    """The daily summary, the period report and the Berita Acara: long dates in sentences and
    headers, dd-mm-yyyy in table cells, never 2026-03-16."""
    from pypdf import PdfReader

    ok(loket("ticket", "issue", "--service", "DUK-KTP"))
    ok(loket("complaint", "file", "--type", "saran", "--channel", "loket", "--text", "x", "--anonymous"))
    ok(loket("register", "--service", "DUK-KTP", "--name", "Siti Aminah", "--nik", "3273015505900003",
             "--sex", "P", "--requirements-complete"))
    for args in (("daily", "--date", "2026-03-16"), ("period", "--from", "2026-03-16", "--to", "2026-03-17"),
                 ("signoff", "--date", "2026-03-16")):
        out = tmp_path / f"{args[0]}.pdf"
        ok(loket("report", *args, "--out", str(out)))
        text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
        assert "Senin, 16 Maret 2026" in text, args
        assert not ISO_DATE.search(text), (args, ISO_DATE.findall(text))
        if args[0] == "daily":
            assert "30-03-2026" in text  # the complaint's deadline in its table cell
