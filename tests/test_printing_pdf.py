"""A4 PDFs parsed back with pypdf (text, page size, embedded fonts) and rendered to PNG with
pdftoppm: the receipt, the three blank paper forms, and the roll-width ticket PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from counter_app import forms, printjobs, queue, registration
from printing import jobs, pdf_forms, pdf_receipt, skm_questions
from printing.style import header_bottom

A4 = (595.28, 841.89)
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def flat(text: str) -> str:
    return " ".join(text.split())


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Font name -> embedded? for every font any page uses."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found[str(font["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def check_pdf(path: Path, pages: int, tmp_path: Path, size=A4) -> PdfReader:
    reader = PdfReader(path)
    assert len(reader.pages) == pages
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == \
            (round(size[0], 1), round(size[1], 1))
    fonts = embedded_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVu" in name for name in fonts)
    prefix = tmp_path / path.stem
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(prefix)], check=True)
    [png] = list(tmp_path.glob(f"{path.stem}-*.png"))
    with Image.open(png) as img:
        grey = img.convert("L")
        assert grey.getextrema()[0] < 60  # ink on the page, not a blank render
    return reader


@pytest.fixture
def registered(session):
    return registration.register(session, registration.RegistrationInput(
        service="IMI-EPASPOR", name="Ni Luh Putu Ayu Désirée", nik="5171014505900002",
        requirements=("KTP-el asli", "Kartu Keluarga asli")))


def test_a4_receipt_parses_back(session, registered, tmp_path):
    out = tmp_path / "tanda-terima.pdf"
    data = pdf_receipt.write_receipt_pdf(session, registered["registration_id"], out)
    reader = check_pdf(out, 1, tmp_path)
    text = flat(reader.pages[0].extract_text())
    assert registered["registration_id"] in text
    assert "Ni Luh Putu Ayu Désirée" in text  # Latin diacritics survive
    assert "5171********0002" in text and "5171014505900002" not in text
    assert "Rp 650.000" in text
    assert "dihitung sejak persyaratan lengkap" in text  # requirements incomplete: no deadline yet
    assert "☑" in text and "☐" in text and "KTP-el asli" in text
    assert "belum diserahkan" in text and "Halo Imigrasi" in text
    assert "Pemohon" in text and "Petugas loket" in text
    assert reader.metadata.title == "Tanda terima"
    job = printjobs.get_job(session, data["job_id"])
    assert job["status"] == "printed" and job["target"] == "pdf:tanda-terima.pdf"


def test_receipt_deadline_when_complete(session, fixed_now, tmp_path):
    fixed_now("2026-11-23T09:00:00+07:00")
    reg = registration.register(session, registration.RegistrationInput(
        service="IMI-EPASPOR", name="Siti", nik="3273015708900003", requirements_complete=True))
    out = tmp_path / "r.pdf"
    pdf_receipt.write_receipt_pdf(session, reg["registration_id"], out)
    assert "Jumat, 27 November 2026" in flat(PdfReader(out).pages[0].extract_text())


def sample_qr(png: Path, dpi: int, box: tuple[float, float, float], page_h: float, n: int) -> list[list[bool]]:
    """Read an n x n QR drawn at ``box`` (PDF points) back from the rendered picture, module by module."""
    x, y, size = box
    cell, scale = size / n, dpi / 72
    with Image.open(png) as img:
        grey = img.convert("L")
        return [[grey.getpixel((int((x + (c + 0.5) * cell) * scale),
                                int((page_h - (y + size - (r + 0.5) * cell)) * scale))) < 128
                 for c in range(n)] for r in range(n)]


@pytest.mark.parametrize("kind", ["registration", "skm", "complaint"])
def test_blank_forms_are_numbered_per_copy_with_a_qr_of_the_number(session, kind, tmp_path):
    out = tmp_path / f"{kind}.pdf"
    data = pdf_forms.write_forms(session, kind, out, copies=3)
    reader = check_pdf(out, 3, tmp_path)
    code = forms.FORM_CODES[kind]
    assert data["numbers"] == [f"F-{code}-MPP-TEST-260316-K1-{n:04d}" for n in (1, 2, 3)]
    for number, page in zip(data["numbers"], reader.pages, strict=True):
        assert number in page.extract_text()
        assert printjobs.get_paper_form(session, number)["kind"] == kind
    # the QR on page 2 carries page 2's number
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "2", "-l", "2", str(out), str(tmp_path / "qr")],
                   check=True)
    [png] = list(tmp_path.glob("qr-*.png"))
    expected = pdf_forms_matrix(data["numbers"][1])
    assert sample_qr(png, 300, pdf_forms.qr_box(header_bottom()), A4[1], len(expected)) == expected


def pdf_forms_matrix(data: str) -> list[list[bool]]:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def label_positions(text: str, labels: list[str]) -> list[int]:
    positions, start = [], 0
    for label in labels:
        found = text.find(label, start)
        assert found >= 0, f"{label!r} missing or out of order"
        positions.append(found)
        start = found + len(label)
    return positions


def test_registration_form_follows_the_shared_field_order(session, tmp_path):
    out = tmp_path / "reg.pdf"
    pdf_forms.write_forms(session, "registration", out, service_code="POL-SKCK")
    text = flat(PdfReader(out).pages[0].extract_text())
    layout = forms.REGISTRATION_FORM
    label_positions(text, [s.title for s in layout.sections])
    label_positions(text, [f.label for f in layout.fields() if f.kind != forms.CHECKLIST])
    assert "Penerbitan Surat Keterangan Catatan Kepolisian (SKCK) (POL-SKCK)" in text
    assert "Rumus sidik jari dari Polres" in text  # the chosen service's requirements
    assert "Persyaratan umum" not in text


def test_registration_form_without_service_lists_generic_requirements(session, tmp_path):
    out = tmp_path / "reg.pdf"
    pdf_forms.write_forms(session, "registration", out)
    text = flat(PdfReader(out).pages[0].extract_text())
    assert "Persyaratan umum" in text and "Kartu Keluarga (asli/fotokopi)" in text


def test_every_service_form_fits_one_page(session, tmp_path):
    from counter_app.catalog import list_services

    for service in list_services(session):
        out = tmp_path / f"{service.code}.pdf"
        pdf_forms.write_forms(session, "registration", out, service_code=service.code)
        assert len(PdfReader(out).pages) == 1


def test_skm_form_has_nine_unsur_four_answers_and_profile(session, tmp_path):
    out = tmp_path / "skm.pdf"
    pdf_forms.write_forms(session, "skm", out, service_code="DUK-KTP")
    text = flat(PdfReader(out).pages[0].extract_text())
    q = skm_questions.load()
    assert [u["code"] for u in q["unsur"]] == [f"U{i}" for i in range(1, 10)]
    label_positions(text, [f"{u['code']}. {u['name']}" for u in q["unsur"]])
    for u in q["unsur"]:
        assert flat(u["question"]) in text
        assert len(u["answers"]) == 4
        for letter, answer in zip("abcd", u["answers"], strict=True):
            assert f"{letter}. {answer.split()[0]}" in text
    label_positions(text, ["Profil Responden", *[f.label for f in q["profile"]]])
    assert "Perekaman dan Pencetakan KTP-el (DUK-KTP)" in text


def test_complaint_form_follows_the_shared_layout(session, tmp_path):
    out = tmp_path / "adu.pdf"
    pdf_forms.write_forms(session, "complaint", out)
    text = flat(PdfReader(out).pages[0].extract_text())
    label_positions(text, [s.title for s in forms.COMPLAINT_FORM.sections])
    for _, label in forms.COMPLAINT_TYPES:
        assert label in text
    assert "SP4N-LAPOR!" in text


def test_ticket_pdf_is_roll_width_and_carries_the_ticket(session, fixed_now, tmp_path):
    fixed_now("2026-11-23T08:15:00+07:00")
    t = queue.issue_ticket(session, "DUK-AKL")
    out = tmp_path / "tiket.pdf"
    result = jobs.to_pdf(session, "ticket", t["ticket"], out, width=58)
    assert result.ok and result.pdf == out
    reader = PdfReader(out)
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 58
    text = flat(page.extract_text())
    assert re.search(r"C-001", text) and "Senin, 23 November 2026 08.15" in text
    assert all(embedded_fonts(reader).values())


def test_registration_layout_keys_are_the_registration_fields():
    """The shared layout names real fields, so paper, screen and core agree field by field."""
    from dataclasses import fields

    from counter_app.registration import RegistrationInput

    keys = forms.REGISTRATION_FORM.field_keys(include_paper_only=False)
    assert set(keys) <= {f.name for f in fields(RegistrationInput)}
    assert keys.index("nik") < keys.index("sex") < keys.index("requirements")
    nik = next(f for f in forms.REGISTRATION_FORM.fields() if f.key == "nik")
    assert (nik.kind, nik.boxes) == (forms.BOXES, 16)


def test_documentation_pictures_come_from_real_output(tmp_path):
    from printing.samples import make_samples

    made = make_samples(tmp_path, dpi=30)
    assert sorted(p.name for p in made) == sorted(
        ["ticket-58.png", "ticket-80.png", "receipt-a4.png", "form-registration.png", "form-skm.png",
         "form-complaint.png"])
    for path in made:
        with Image.open(path) as img:
            assert img.convert("L").getextrema()[0] < 60


def test_skm_fallback_matches_the_questionnaire_data(monkeypatch):
    """Without the questionnaire data the form still prints the regulation's nine unsur."""
    from counter_app import skm

    real = skm_questions.load()

    def missing(*_args, **_kwargs):
        raise FileNotFoundError("questionnaire-v1.json")

    monkeypatch.setattr(skm, "questionnaire", missing)
    fallback = skm_questions.load()
    assert fallback["version"] == 0
    assert [(u["code"], u["name"], u["answers"]) for u in fallback["unsur"]] == \
        [(u["code"], u["name"], u["answers"]) for u in real["unsur"]]
    assert [f.key for f in fallback["profile"]] == [f.key for f in real["profile"]]
