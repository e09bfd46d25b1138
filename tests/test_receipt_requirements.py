"""The receipt's requirement lines follow the catalogue's rule: a document that applies only in
a case, or an alternative of a group already met, is 'tidak berlaku' unless it was handed in,
never 'belum diserahkan' (which would send the applicant home for a paper they do not need)."""

from __future__ import annotations

from pypdf import PdfReader

from counter_app import printjobs, registration
from counter_app.catalog import get_service
from printing import escpos_ticket, pdf_receipt

CASE_ONLY = ["Paspor lama asli (untuk penggantian)",
             "Surat penetapan ganti nama dari pejabat berwenang (jika ada perubahan nama)"]


def register(session, service, received):
    return registration.register(session, registration.RegistrationInput(
        service=service, name="Siti Aminah", nik="3273015505900003", sex="P",
        requirements=tuple(received)))["registration_id"]


def test_case_only_documents_are_not_applicable_unless_ticked(session, tmp_path):
    service = get_service(session, "IMI-EPASPOR")
    mandatory = [r for r in service.requirements if r not in CASE_ONLY]
    slip = printjobs.receipt_slip(session, register(session, "IMI-EPASPOR", mandatory))
    assert slip["requirements_received"] == mandatory
    assert slip["requirements_missing"] == []
    assert slip["requirements_not_applicable"] == CASE_ONLY
    assert slip["deadline"] != "dihitung sejak persyaratan lengkap"  # complete: the clock runs
    out = tmp_path / "r.pdf"
    pdf_receipt.write_receipt_pdf(session, slip["registration_id"], out)
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "tidak berlaku" in text and "belum diserahkan" not in text
    assert "Jangka waktu penyelesaian dihitung sejak persyaratan lengkap" not in text
    printed = " ".join(escpos_ticket.receipt_bytes(slip).decode("cp437", "replace").split())
    assert printed.count("[-]") == 2 and "(tidak berlaku)" in printed and "[ ]" not in printed

    # ticked, a case-only document is received like any other; a missing mandatory one is missing
    slip = printjobs.receipt_slip(session, register(session, "IMI-EPASPOR", [mandatory[0], CASE_ONLY[0]]))
    assert slip["requirements_received"] == [mandatory[0], CASE_ONLY[0]]
    assert slip["requirements_missing"] == mandatory[1:]
    assert slip["requirements_not_applicable"] == CASE_ONLY[1:]


def test_an_alternative_is_needed_until_one_of_its_group_is_in(session):
    service = get_service(session, "DUK-AKL")
    group = service.requirement_rule.one_of[0]
    others = [r for r in service.requirements if r not in group]
    slip = printjobs.receipt_slip(session, register(session, "DUK-AKL", others))
    assert slip["requirements_missing"] == list(group)  # nothing of the group: each could do
    assert slip["requirements_not_applicable"] == []
    slip = printjobs.receipt_slip(session, register(session, "DUK-AKL", [*others, group[1]]))
    assert slip["requirements_missing"] == []
    assert slip["requirements_not_applicable"] == [group[0]]
    # every requirement is on the receipt exactly once, whatever was handed in
    lines = slip["requirements_received"] + slip["requirements_missing"] + slip["requirements_not_applicable"]
    assert sorted(lines) == sorted(service.requirements)
