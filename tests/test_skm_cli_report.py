"""``loket skm index`` and the daily report's PDF give the same IKM for the same day, both
written the Indonesian way (``3,6296``); an index over every answer says which days it
covers, so it is not taken for the day's figure (the two used to differ by the period
alone: the command counted every day, the PDF one)."""

from __future__ import annotations

import json
import re
from datetime import date

import pypdf
import pytest

from counter_app import reports, skm
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.session import Session
from printing.reports import render

FRIDAY, MONDAY = "2026-03-13", "2026-03-16"
ANSWERS = {  # the Friday's one respondent is all 4s; Monday's three are not
    FRIDAY: ["4,4,4,4,4,4,4,4,4"],
    MONDAY: ["4,3,4,4,3,4,4,3,4", "3,3,4,4,3,4,3,3,4", "4,4,,4,3,4,4,4,3"],
}


@pytest.fixture
def loket(db_path, fixed_now, capsys, monkeypatch):
    monkeypatch.delenv("LOKET_USER", raising=False)

    def call(*args: str) -> str:
        capsys.readouterr()
        code = run(cli, ["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    call("init", "--site-code", "MPP-BDG", "--site-name", "MPP Kota Bandung", "--demo")
    for day, rows in ANSWERS.items():
        fixed_now(f"{day}T10:00:00+07:00")
        for scores in rows:
            call("skm", "record", "--scores", scores, "--service", "DUK-KTP")
    fixed_now(f"{MONDAY}T17:00:00+07:00")
    return call


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def ikm_in(text: str) -> str:
    found = re.search(r"IKM (\d,\d{4})", text)
    assert found, text
    return found.group(1)


def test_the_command_and_the_daily_pdf_print_the_same_index(loket, tmp_path, db_path):
    s = Session.open(db_path)
    try:
        render(reports.daily_summary(s, date.fromisoformat(MONDAY)), "pdf", tmp_path / "rekap.pdf")
    finally:
        s.close()
    on_paper = ikm_in(pdf_text(tmp_path / "rekap.pdf"))
    by_hand = skm.compute_ikm([dict(zip(skm.UNSUR, [int(v) if v else None for v in a.split(",")],
                                        strict=True)) for a in ANSWERS[MONDAY]])
    assert on_paper == f"{by_hand['ikm']:.4f}".replace(".", ",")

    text = loket("skm", "index", "--date", MONDAY)
    assert ikm_in(text) == on_paper
    assert "Periode: Senin, 16 Maret 2026" in text and "Responden: 3" in text
    assert f"NIK {by_hand['nik']:.2f}".replace(".", ",") in text
    same = loket("skm", "index", "--from", MONDAY, "--to", MONDAY)
    assert same == text

    data = json.loads(loket("skm", "index", "--date", MONDAY, "--json"))
    assert data["ikm"] == by_hand["ikm"] and isinstance(data["ikm"], float)  # JSON keeps a number


def test_an_index_over_every_answer_names_the_days_it_covers(loket):
    text = loket("skm", "index")
    assert "Periode: semua jawaban (Jumat, 13 Maret 2026 s.d. Senin, 16 Maret 2026)" in text
    assert "Responden: 4" in text
    every = skm.compute_ikm([dict(zip(skm.UNSUR, [int(v) if v else None for v in a.split(",")],
                                      strict=True)) for rows in ANSWERS.values() for a in rows])
    assert ikm_in(text) == f"{every['ikm']:.4f}".replace(".", ",")
    assert ikm_in(text) != ikm_in(loket("skm", "index", "--date", MONDAY))
    data = json.loads(loket("skm", "index", "--json"))
    assert data["days"] == {"first": FRIDAY, "last": MONDAY}
    assert "." not in text.split("IKM ")[1].split()[0]  # no decimal point in the human text


def test_date_and_a_range_together_are_refused(db_path, fixed_now, capsys):
    assert run(cli, ["--db", str(db_path), "init", "--site-code", "MPP-BDG", "--site-name", "X"]) == 0
    capsys.readouterr()
    code = run(cli, ["--db", str(db_path), "skm", "index", "--date", MONDAY, "--from", FRIDAY])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "--date" in err
