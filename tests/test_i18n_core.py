"""The core's messages through the gettext catalogue: Indonesian by default, English when the
process language is English, and a catalogue that is complete and formats cleanly."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from counter_app import i18n, queue, users
from counter_app.actors import Actor
from counter_app.catalog import get_service
from counter_app.errors import PermissionDenied, StateError, ValidationError
from counter_app.registration import RegistrationInput, change_status, register, status_label
from counter_app.validation import validate_nik

# tools/ is the repository's maintenance scripts, not an installed package: load it by path.
_spec = importlib.util.spec_from_file_location(
    "loket_tools_messages", Path(__file__).resolve().parent.parent / "tools" / "messages.py")
messages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(messages)

APPLICANT = RegistrationInput(service="DUK-AKL", name="Siti Aminah", nik="3273015503850003", sex="P")


@pytest.fixture
def language():
    """Switch the core's language inside a test; Indonesian again afterwards, whatever happens."""
    try:
        yield i18n.set_language
    finally:
        i18n.set_language("id")


def test_the_core_catalogue_is_complete_and_compiled():
    assert messages.problems("core") == []


@pytest.mark.parametrize("lang, expected", [
    ("id", "nik: NIK harus 16 digit, tertulis 4 digit"),
    ("en", "nik: NIK must be 16 digits; 4 were typed"),
])
def test_an_invalid_nik_is_refused_in_the_current_language(language, lang, expected):
    language(lang)
    with pytest.raises(ValidationError) as info:
        validate_nik("1234")
    assert str(info.value) == expected
    assert info.value.field == "nik"  # the field name is a code, never translated


@pytest.mark.parametrize("lang, expected", [
    ("id", "status diterima tidak bisa diubah ke selesai; yang boleh: dicabut, dikembalikan,"
           " ditolak, diverifikasi"),
    ("en", "status diterima cannot be changed to selesai; allowed: dicabut, dikembalikan,"
           " ditolak, diverifikasi"),
])
def test_a_forbidden_status_change_is_refused_in_the_current_language(session, language, lang, expected):
    reg = register(session, APPLICANT)["registration_id"]
    language(lang)
    with pytest.raises(StateError) as info:
        change_status(session, reg, "selesai")
    assert str(info.value) == expected
    assert status_label("diterima") == {"id": "Diterima", "en": "Received"}[lang]


@pytest.mark.parametrize("lang, expected", [
    ("id", "budi (Petugas loket) tidak berwenang mengelola akun petugas"),
    ("en", "budi (Counter officer) is not allowed to manage staff accounts"),
])
def test_a_permission_refusal_names_the_role_and_the_action(session, language, lang, expected):
    frontliner = session.as_actor(Actor("budi", "frontliner"))
    language(lang)
    with pytest.raises(PermissionDenied) as info:
        users.create_user(frontliner, "tono", "rahasia-sekali", "frontliner")
    assert str(info.value) == expected
    assert session.store.scalar("SELECT count(*) FROM users") == 0


@pytest.mark.parametrize("lang, reason, refusal", [
    ("id", "urutan antrean",
     "loket L1 masih melayani A-001: selesaikan, lewati atau tandai tidak hadir dulu"),
    ("en", "queue order",
     "counter L1 is still serving A-001: finish it, skip it or mark it as no-show first"),
])
def test_the_queue_explains_its_call_and_its_refusal(session, language, lang, reason, refusal):
    service = get_service(session, "DUK-KTP")
    queue.issue_ticket(session, service.code)
    queue.issue_ticket(session, service.code)
    language(lang)
    called = queue.call_next(session, "L1")
    assert called["ticket"] == f"{service.prefix}-001"
    assert called["reason"] == "urutan antrean"  # the log reads the same in every language
    assert queue.call_reason_text(called["reason"]) == reason
    event = session.store.one("SELECT payload FROM events WHERE type = 'ticket_called'")
    assert '"reason": "urutan antrean"' in event["payload"] or '"reason":"urutan antrean"' in event["payload"]
    with pytest.raises(StateError) as info:
        queue.call_next(session, "L1")
    assert str(info.value) == refusal.replace("A-001", called["ticket"])
    assert len(queue.list_queue(session, status="waiting")) == 1  # refused: nothing more called


def _catalogue():
    return [m for m in messages.read("core") if m.id]


@pytest.mark.parametrize("message", _catalogue(), ids=lambda m: m.id[:40])
def test_every_message_formats_with_its_placeholders_in_both_languages(message):
    names = set(messages.PLACEHOLDER.findall(message.id))
    values = {name: "x" for name in names}
    assert message.string, "untranslated"
    for text in (message.id, message.string):
        assert "{" not in text.format(**values)
    assert i18n.in_language("en", message.id) == message.string
    assert i18n.in_language("id", message.id) == message.id


@pytest.mark.parametrize("code, args", [
    ("fifo", {}), ("wait_cap", {"minutes": 47, "cap": 30}),
    ("priority_only", {"label": queue.PRIORITY_CATEGORIES["lansia"]}),
    ("priority_ratio", {"label": queue.PRIORITY_CATEGORIES["anak"], "ratio": 3}),
])
def test_every_stored_call_reason_reads_in_the_current_language(language, code, args):
    stored = queue.CALL_REASONS[code].format(**args)  # what the event keeps, in Indonesian
    language("id")
    assert queue.call_reason_text(stored) == stored
    language("en")
    english = {k: (i18n.in_language("en", v) if k == "label" else v) for k, v in args.items()}
    shown = queue.call_reason_text(stored)
    assert shown == i18n.in_language("en", queue.CALL_REASONS[code]).format(**english)
    assert shown != stored and not set(shown.split()) & {"prioritas", "antrean", "menunggu", "menit"}
