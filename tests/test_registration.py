"""Registrations (the paper form, digitised): validation with nothing written on bad input,
the application lifecycle, deadlines from day 0 and overdue = deemed approved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counter_app import catalog, queue
from counter_app.actors import Actor
from counter_app.calendar import close_day
from counter_app.errors import NotFound, StateError, ValidationError
from counter_app.registration import (
    DEEMED_APPROVED,
    STATUSES,
    TRANSITIONS,
    RegistrationInput,
    change_status,
    get_application,
    list_applications,
    register,
)

MAN = "3273011503850003"      # born 15-03-1985
WOMAN = "3273015503850003"    # the same date, day + 40

BASE = RegistrationInput(
    service="DUK-AKL", name="Siti Aminah", nik=WOMAN, sex="P", birth_date="1985-03-15",
    birth_place="Bandung", address="Jl. Asia Afrika No. 1, Bandung", phone="+62 812-3456-7890",
)


def count(session, table: str = "events") -> int:
    return session.store.scalar(f"SELECT count(*) FROM {table}")


def at(fixed_now, day: str, hhmm: str = "08:00") -> None:
    fixed_now(f"{day}T{hhmm}:00+07:00")


def rejected(session, data: RegistrationInput) -> ValidationError:
    """Register ``data`` expecting a ValidationError; check nothing at all was written."""
    before = (count(session), count(session, "registrations"), count(session, "application_history"))
    with pytest.raises(ValidationError) as info:
        register(session, data)
    after = (count(session), count(session, "registrations"), count(session, "application_history"))
    assert after == before, "a rejected registration must write nothing"
    return info.value


# ------------------------------------------------------------------ a good registration
def test_register_saves_every_field(session):
    result = register(session, replace(BASE, requirements_complete=True))
    assert result == {"registration_id": "MPP-TEST-260316-K1-0001", "service": "DUK-AKL",
                      "status": "diterima", "deadline": "2026-03-17"}
    app = get_application(session, result["registration_id"])
    assert app["nik"] == WOMAN and app["sex"] == "P" and app["birth_date"] == "1985-03-15"
    assert app["phone"] == "081234567890"
    assert app["birth_place"] == "Bandung" and app["address"].startswith("Jl. Asia Afrika")
    assert (app["channel"], app["entry_mode"], app["service_version"]) == ("walk_in", "direct", 1)
    assert app["requirements"] == list(catalog.get_service(session, "DUK-AKL").requirements)
    assert app["requirements_complete_on"] == "2026-03-16"
    assert [h["to_status"] for h in app["history"]] == ["diterima"]
    second = register(session, replace(BASE, name="Budi", nik=MAN, sex="L"))
    assert second["registration_id"] == "MPP-TEST-260316-K1-0002"


def test_paper_form_transcription_and_ticket_link(session):
    t = queue.issue_ticket(session, "DUK-AKL")
    result = register(session, replace(BASE, paper_form_no="F-0042", paper_date="2026-03-14",
                                       ticket=t["ticket"].lower(), channel="satellite"))
    app = get_application(session, result["registration_id"])
    assert (app["entry_mode"], app["paper_form_no"], app["paper_date"]) == ("paper", "F-0042", "2026-03-14")
    assert app["channel"] == "satellite" and app["ticket_id"] == t["id"]
    assert app["history"][0]["note"] == "formulir kertas F-0042"
    # the registration day is today, not the date written on the paper
    assert app["day"] == "2026-03-16"


def test_minimal_registration_has_no_deadline_until_requirements_complete(session):
    result = register(session, RegistrationInput(service="DUK-AKL", name="Budi", nik=MAN))
    assert result["deadline"] is None
    app = get_application(session, result["registration_id"])
    assert app["sex"] is None and app["phone"] is None and app["requirements"] == []


# ------------------------------------------------------------------ bad input: field named, nothing written
@pytest.mark.parametrize("changes, field, words", [
    ({"name": "  "}, "name", "wajib"),
    ({"nik": ""}, "nik", "wajib"),
    ({"service": "TIDAK-ADA"}, "service", "TIDAK-ADA"),
    ({"nik": "327301550385003"}, "nik", "16 digit"),
    ({"nik": "2073015503850003"}, "nik", "provinsi"),
    ({"nik": "3273017503850003"}, "nik", "tanggal"),          # day 75 - 40 = 35
    ({"nik": "3273015503850000"}, "nik", "0000"),
    ({"nik": MAN}, "nik", "jenis kelamin"),                   # sex P entered
    ({"birth_date": "1985-03-16"}, "nik", "tanggal lahir"),
    ({"birth_date": "16/03/1985"}, "birth_date", "YYYY-MM-DD"),
    ({"birth_date": "2026-03-17"}, "birth_date", "masa depan"),
    ({"sex": "X"}, "sex", "L (laki-laki) atau P"),
    ({"phone": "12345"}, "phone", "08"),
    ({"channel": "fax"}, "channel", "kanal"),
    ({"paper_date": "2026-03-14"}, "paper_form_no", "wajib"),
    ({"paper_form_no": "F-1", "paper_date": "kemarin"}, "paper_date", "tanggal"),
    ({"ticket": "Z-999"}, "ticket", "tidak ditemukan"),
    ({"requirements": ("Surat sakti",)}, "requirements", "bukan persyaratan"),
])
def test_bad_field_is_named_and_nothing_written(session, changes, field, words):
    error = rejected(session, replace(BASE, **changes))
    assert error.field == field
    assert words in str(error)


def test_all_bad_fields_are_reported_at_once(session):
    error = rejected(session, RegistrationInput(
        service="TIDAK-ADA", name="", nik="123", phone="999", sex="Q", channel="x"))
    assert {f for f, _ in error.errors} == {"service", "name", "nik", "phone", "sex", "channel"}


def test_incomplete_requirements_cannot_be_declared_complete(session):
    service = catalog.get_service(session, "DUK-AKL")
    error = rejected(session, replace(BASE, requirements=service.requirements[:1], requirements_complete=True))
    assert error.field == "requirements" and "kurang" in str(error)
    # giving all of them is complete even without the flag
    result = register(session, replace(BASE, requirements=service.requirements))
    assert result["deadline"] == "2026-03-17"
    partial = register(session, replace(BASE, requirements=service.requirements[:2]))
    assert partial["deadline"] is None


# ------------------------------------------------------------------ deadlines
def _custom_service(session, **fields):
    catalog.import_services(session, [{"code": "UJI-LAMA", "name": "Uji", "agency": "Dinas Uji",
                                       "prefix": "UL", "requirements": ["KTP-el"], **fields}])


@pytest.mark.parametrize("service, fields, deadline", [
    ("DUK-KTP", None, "2026-03-16"),                 # N = 0: the same day
    ("DUK-AKL", None, "2026-03-17"),                 # N = 1
    ("PDAM-BARU", None, "2026-03-30"),               # unset: 5 working days over Nyepi and Lebaran
    ("UJI-LAMA", {"days": 5, "week": 6}, "2026-03-28"),   # 6-day week counts Saturday
    ("UJI-LAMA", {"days": 7}, "2026-04-01"),
])
def test_deadline_from_day_0(session, service, fields, deadline):
    if fields:
        _custom_service(session, **fields)
    result = register(session, replace(BASE, service=service, requirements=None, requirements_complete=True))
    assert result["deadline"] == deadline


def test_deadline_on_a_weekend_registration(session, fixed_now):
    at(fixed_now, "2026-03-14")  # Saturday: a satellite service day
    assert register(session, replace(BASE, service="DUK-KTP", requirements_complete=True))["deadline"] == "2026-03-16"
    assert register(session, replace(BASE, requirements_complete=True))["deadline"] == "2026-03-16"


def test_local_closure_moves_the_deadline(session):
    close_day(session, date(2026, 3, 17), "Pemadaman listrik")
    assert register(session, replace(BASE, requirements_complete=True))["deadline"] == "2026-03-25"


def test_verification_starts_the_clock(session, fixed_now):
    reg_id = register(session, BASE)["registration_id"]
    at(fixed_now, "2026-03-25", "10:00")
    app = change_status(session, reg_id, "diverifikasi", "berkas lengkap")
    assert app["requirements_complete_on"] == "2026-03-25" and app["deadline"] == "2026-03-26"
    assert app["requirements"] == list(catalog.get_service(session, "DUK-AKL").requirements)


def test_returned_incomplete_stops_the_clock_until_verified_again(session, fixed_now):
    reg_id = register(session, replace(BASE, requirements_complete=True))["registration_id"]  # due 17 Mar
    app = change_status(session, reg_id, "dikembalikan", "akta nikah orang tua belum dilegalisir")
    assert (app["requirements_complete_on"], app["deadline"]) == (None, None)
    at(fixed_now, "2026-03-25")
    change_status(session, reg_id, "diterima", "berkas dibawa lagi")
    assert list_applications(session, overdue=True) == []  # never deemed approved on the old clock
    app = change_status(session, reg_id, "diverifikasi")
    assert (app["requirements_complete_on"], app["deadline"]) == ("2026-03-25", "2026-03-26")


def test_verification_uses_the_requirements_of_the_registrations_version(session, fixed_now):
    reg_id = register(session, BASE)["registration_id"]
    old = list(catalog.get_service(session, "DUK-AKL").requirements)
    catalog.import_services(session, [{**catalog.get_service(session, "DUK-AKL").as_dict(),
                                       "requirements": ["Surat keterangan lahir"], "requirement_rules": {},
                                       "days": 4}])  # new requirements, so the rules are stated anew
    app = change_status(session, reg_id, "diverifikasi")
    assert app["requirements"] == old and app["service_version"] == 1
    assert app["deadline"] == "2026-03-17"  # version 1: one working day


# ------------------------------------------------------------------ lifecycle
def test_full_lifecycle_records_time_and_officer(session, fixed_now):
    reg_id = register(session, replace(BASE, requirements_complete=True))["registration_id"]
    officer = session.as_actor(Actor("siti", "frontliner"))
    for n, status in enumerate(["diverifikasi", "diproses", "selesai", "diserahkan"]):
        at(fixed_now, "2026-03-17", f"1{n}:00")
        app = change_status(officer, reg_id.lower(), status, f"langkah {n}")
    history = app["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "diterima"), ("diterima", "diverifikasi"), ("diverifikasi", "diproses"),
        ("diproses", "selesai"), ("selesai", "diserahkan")]
    assert [h["actor"] for h in history] == ["system", "siti", "siti", "siti", "siti"]
    assert history[-1]["at"] == "2026-03-17T13:00:00+07:00" and history[-1]["note"] == "langkah 3"
    assert app["status"] == "diserahkan"
    # the deadline set at registration is not moved by verification
    assert app["deadline"] == "2026-03-17"


def test_every_transition_follows_the_table(session):
    assert set(TRANSITIONS) == set(STATUSES)
    assert all(targets <= set(STATUSES) for targets in TRANSITIONS.values())
    assert {s for s, targets in TRANSITIONS.items() if not targets} == {"diserahkan", "ditolak", "dicabut"}
    reg_id = register(session, BASE)["registration_id"]
    before = count(session)
    with pytest.raises(StateError, match="yang boleh"):
        change_status(session, reg_id, "selesai")
    with pytest.raises(ValidationError) as info:
        change_status(session, reg_id, "hilang")
    assert info.value.field == "status"
    with pytest.raises(NotFound):
        change_status(session, "MPP-TEST-000000-K1-9999", "diverifikasi")
    assert count(session) == before
    change_status(session, reg_id, "dikembalikan", "KK belum dibawa")
    change_status(session, reg_id, "diterima")
    change_status(session, reg_id, "ditolak")
    with pytest.raises(StateError, match="status akhir"):
        change_status(session, reg_id, "diterima")


@pytest.mark.parametrize("path", [["dicabut"], ["diverifikasi", "dicabut"], ["diverifikasi", "diproses", "ditolak"]])
def test_side_exits_are_final(session, path):
    reg_id = register(session, BASE)["registration_id"]
    for status in path:
        change_status(session, reg_id, status)
    for status in TRANSITIONS:
        with pytest.raises(StateError):
            change_status(session, reg_id, status)


# ------------------------------------------------------------------ overdue = deemed approved
def test_overdue_applications_are_deemed_approved(session, fixed_now):
    late = register(session, replace(BASE, requirements_complete=True))["registration_id"]   # due 17 Mar
    done = register(session, replace(BASE, requirements_complete=True))["registration_id"]
    later = register(session, replace(BASE, service="PDAM-BARU", requirements_complete=True))["registration_id"]
    waiting = register(session, BASE)["registration_id"]  # no deadline yet
    change_status(session, done, "diverifikasi")
    change_status(session, done, "diproses")

    at(fixed_now, "2026-03-17", "16:00")  # the deadline day itself is still in time
    assert list_applications(session, overdue=True) == []
    assert get_application(session, late)["overdue"] is False

    at(fixed_now, "2026-03-25")
    change_status(session, done, "selesai")
    overdue = list_applications(session, overdue=True)
    assert [a["registration_id"] for a in overdue] == [late]
    assert overdue[0]["legal_status"] == DEEMED_APPROVED and overdue[0]["overdue"] is True
    assert get_application(session, later)["overdue"] is False
    assert get_application(session, waiting)["overdue"] is False
    assert "legal_status" not in get_application(session, done)

    at(fixed_now, "2026-03-31")
    assert {a["registration_id"] for a in list_applications(session, overdue=True)} == {late, later}


def test_list_filters(session):
    a = register(session, replace(BASE, requirements_complete=True))["registration_id"]
    b = register(session, RegistrationInput(service="DUK-KTP", name="Budi Santoso", nik=MAN))["registration_id"]
    assert [x["registration_id"] for x in list_applications(session, service="duk-ktp")] == [b]
    assert [x["registration_id"] for x in list_applications(session, query="santoso")] == [b]
    assert [x["registration_id"] for x in list_applications(session, query=WOMAN)] == [a]
    assert [x["registration_id"] for x in list_applications(session, due_within_days=1)] == [a]
    assert [x["registration_id"] for x in list_applications(session, status="diterima")] == [a, b]


def test_lists_mask_nik_and_phone_for_roles_without_personal_data_access(session):
    made = register(session, RegistrationInput(
        service="DUK-KK", name="Siti Aminah", nik="3273015505900003", sex="P", phone="081234567890"))
    frontliner = session.as_actor(Actor("rina", "frontliner"))
    supervisor = session.as_actor(Actor("sari", "supervisor"))
    shown = get_application(frontliner, made["registration_id"])
    assert (shown["nik"], shown["phone"]) == ("3273********0003", "0812*****890")
    assert list_applications(frontliner, query="3273015505900003")[0]["nik"] == "3273********0003"
    full = get_application(supervisor, made["registration_id"])
    assert (full["nik"], full["phone"]) == ("3273015505900003", "081234567890")


def test_a_paper_form_is_transcribed_only_once(session):
    data = replace(BASE, paper_form_no="F-REG-MPP-TEST-260316-K1-0007", paper_date="2026-03-14")
    first = register(session, data)
    before = session.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(ValidationError) as err:
        register(session, replace(data, name="Siti Aminah (ketik ulang)"))
    assert err.value.field == "paper_form_no"
    assert first["registration_id"] in str(err.value)
    assert session.store.scalar("SELECT count(*) FROM events") == before
