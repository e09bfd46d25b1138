"""The ``loket`` human text speaks one language: Indonesian statuses and names, Indonesian
dates and decimals, while ``--json`` keeps the machine values (status codes, ISO dates,
numbers with a decimal point)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from counter_app.cli import cli
from counter_app.cli._common import run


@pytest.fixture
def loket(db_path, fixed_now, capsys, monkeypatch):
    monkeypatch.delenv("LOKET_USER", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(cli, ["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, err = call("init", "--site-code", "MPP-BDG", "--site-name", "MPP Kota Bandung",
                        "--device-code", "K1", "--demo")
    assert code == 0, err
    return call


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
