"""Issue 16 fixes that had no test of their own: the package metadata setuptools 77 reads
without warnings, the sign-off's --out help, and paper forms that stay Indonesian when the
CLI runs in English."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]


def test_the_license_is_a_plain_spdx_string_for_setuptools_77():
    """A ``license = {text = ...}`` table makes setuptools >= 77 print deprecation banners on every
    install (``make run``); the SPDX string needs setuptools 77 in the build system."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(meta["project"]["license"], str)
    assert re.fullmatch(r"[A-Za-z0-9.\-+ ()]+", meta["project"]["license"])
    assert not any(c.startswith("License ::") for c in meta["project"].get("classifiers", []))
    setuptools = [r for r in meta["build-system"]["requires"] if r.startswith("setuptools")]
    assert len(setuptools) == 1
    found = re.fullmatch(r"setuptools\s*>=\s*(\d+)(?:\.\d+)*", setuptools[0])
    assert found and int(found.group(1)) >= 77, setuptools


@pytest.fixture
def loket(cli_site):
    return cli_site("K2")  # tests/conftest.py: the demo site, and loket ARGS in-process


@pytest.mark.parametrize("lang", [[], ["--lang", "en"]], ids=["id", "en"])
def test_the_signoff_help_says_pdf_and_never_csv(loket, lang):
    code, out, err = loket(*lang, "report", "signoff", "--help")
    assert code == 0, err
    assert "PDF" in out and "--out" in out
    assert "csv" not in out.casefold()


@pytest.mark.parametrize("form, service", [("registration", "DUK-KTP"), ("skm", None), ("complaint", None)])
def test_a_form_printed_by_the_english_cli_is_the_indonesian_paper(loket, tmp_path, form, service):
    """The CLI's own lines follow --lang en; the paper does not (issue 16 Build 6)."""
    texts = {}
    for lang in ("id", "en"):
        pdf = tmp_path / f"{form}-{lang}.pdf"
        args = ["--lang", "en"] if lang == "en" else []
        code, out, err = loket(*args, "print", "form", form, "--out", str(pdf),
                               *(["--service", service] if service else []))
        assert code == 0, err
        assert ("saved" in out) == (lang == "en")  # the run's own line is in its language
        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
        texts[lang] = re.sub(r"-K2-\d{4}", "-K2-N", text)  # each copy has its own number
    assert texts["en"] == texts["id"]
    assert "Tanggal" in texts["en"] and "dicetak Senin, 16 Maret 2026" in texts["en"]
    for english in ("Full name", "Date", "Signature", "Complaint", "printed", "Monday"):
        assert english not in texts["en"], english


def test_the_english_cli_counts_one_form_and_several_forms(loket, tmp_path):
    """'1 registration forms (…) saved' read wrong: the line is an ngettext pair."""
    code, one, err = loket("--lang", "en", "print", "form", "skm", "--out", str(tmp_path / "a.pdf"))
    assert code == 0, err
    assert one.startswith("1 skm form (") and "forms" not in one
    code, two, err = loket("--lang", "en", "print", "form", "skm", "--copies", "2", "--out", str(tmp_path / "b.pdf"))
    assert code == 0, err
    assert two.startswith("2 skm forms (")
    code, satu, err = loket("print", "form", "skm", "--out", str(tmp_path / "c.pdf"))
    assert satu.startswith("1 formulir skm (")
