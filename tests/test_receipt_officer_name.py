"""The A4 receipt's officer signature carries the officer's full name, not the account name."""

from __future__ import annotations

from pypdf import PdfReader

from counter_app import users
from counter_app.actors import Actor
from counter_app.registration import RegistrationInput, register
from printing import pdf_receipt


def registered_by(session, username: str) -> str:
    return register(session.as_actor(Actor(username, "frontliner")), RegistrationInput(
        service="DUK-AKL", name="Siti Nurhaliza", nik="3273014506900002", sex="P",
        requirements_complete=True))["registration_id"]


def text_of(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_the_signature_line_names_the_officer_in_full(session, tmp_path):
    users.create_first_admin(session, "admin", "rahasia-admin")
    users.create_user(session.as_actor(Actor("admin", "admin")), "rina", "rahasia-rina", "frontliner",
                      full_name="Rina Marlina")
    pdf = tmp_path / "tanda-terima.pdf"
    pdf_receipt.write_receipt_pdf(session, registered_by(session, "rina"), pdf)
    text = text_of(pdf)
    assert "( Rina Marlina )" in text
    assert "( rina )" not in text


def test_an_account_without_a_full_name_or_unknown_here_keeps_the_account_name(session, tmp_path):
    users.create_first_admin(session, "admin", "rahasia-admin")
    users.create_user(session.as_actor(Actor("admin", "admin")), "budi", "rahasia-budi", "frontliner")
    for who in ("budi", "petugas.lain"):  # no full name recorded; an account synced from nowhere
        pdf = tmp_path / f"{who}.pdf"
        pdf_receipt.write_receipt_pdf(session, registered_by(session, who), pdf)
        assert f"( {who} )" in text_of(pdf)
