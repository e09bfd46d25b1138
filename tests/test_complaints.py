"""Complaints: tracking numbers, anonymity, stage 2 via SP4N-LAPOR!, deadlines in working days, masking."""

from __future__ import annotations

import json

import pytest

from counter_app import catalog, complaints
from counter_app.actors import Actor
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.errors import PermissionDenied, StateError, ValidationError
from counter_app.events import rebuild_projections
from counter_app.site import set_setting

SUPERVISOR = Actor("sari", "supervisor")
FRONTLINER = Actor("budi", "frontliner")


def loket(capsys, *argv) -> tuple[int, str, str]:
    code = run(cli, list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def file_one(session, **kw):
    data = dict(type="pengaduan", channel="counter", text="Antrean Samsat tidak bergerak 2 jam",
                name="Rahmat Hidayat", phone="0812-3456-7890")
    data.update(kw)
    return complaints.file_complaint(session, **data)


def test_filing_gives_a_tracking_number_and_a_working_day_deadline(session):
    service = catalog.list_services(session)[0]
    c = file_one(session, service=service.code.lower(), component="waktu", email="rahmat@contoh.id")
    assert c["tracking_number"] == "MPP-TEST-ADU-260316-K1-0001"
    assert (c["status"], c["stage"], c["service_code"], c["phone"]) == ("baru", 1, service.code, "081234567890")
    # Monday 16 March 2026 + 5 working days, skipping Nyepi (19th) and the cuti bersama/Lebaran days
    assert c["deadline"] == "2026-03-30"
    assert file_one(session)["tracking_number"].endswith("-0002")
    assert c["history"][0]["action"] == "filed" and c["history"][0]["actor"] == "system"


def test_deadline_follows_the_setting(session):
    set_setting(session, "complaint_response_days", 1)
    assert file_one(session)["deadline"] == "2026-03-17"


def test_anonymous_and_named_rules(session):
    anon = file_one(session, type="saran", channel="suggestion_box", name=None, phone=None, anonymous=True)
    assert anon["anonymous"] and anon["name"] is None and anon["phone"] is None
    with pytest.raises(ValidationError) as err:
        file_one(session, anonymous=True)
    assert err.value.field == "anonymous"
    with pytest.raises(ValidationError) as err:
        complaints.file_complaint(session, type="keluhan", channel="fax", text=" ", component="x",
                                  service="NOPE", phone="12345", email="bukan-surel")
    fields = {f for f, _ in err.value.errors}
    assert fields == {"type", "channel", "component", "text", "service", "name", "phone", "email"}
    assert session.store.scalar("SELECT count(*) FROM complaints") == 1


def test_respond_forward_close_with_dated_history(session, fixed_now):
    c = file_one(session)
    tn = c["tracking_number"].lower()  # the complainant may type it in lower case
    sari = session.as_actor(SUPERVISOR)
    fixed_now("2026-03-17T10:00:00+07:00")
    c = complaints.respond(sari, tn, "Sedang kami periksa dengan Samsat.")
    assert c["status"] == "diproses"
    c = complaints.forward(sari, tn, "LAPOR-2026-001234", "butuh penanganan instansi pusat")
    assert (c["stage"], c["lapor_ref"], c["status"]) == (2, "LAPOR-2026-001234", "diproses")
    with pytest.raises(StateError, match="sudah diteruskan"):
        complaints.forward(sari, tn, "LAPOR-2026-009999")
    fixed_now("2026-03-23T11:00:00+07:00")
    c = complaints.respond(sari, tn, "Petugas tambahan sudah ditempatkan.", final=True)
    assert c["status"] == "selesai"
    c = complaints.close(sari, tn)
    assert c["status"] == "ditutup"
    with pytest.raises(StateError):
        complaints.respond(sari, tn, "lagi")
    history = [(h["action"], h["status"], h["at"][:10], h["actor"]) for h in c["history"]]
    assert history == [
        ("filed", "baru", "2026-03-16", "system"),
        ("responded", "diproses", "2026-03-17", "sari"),
        ("forwarded", "diproses", "2026-03-17", "sari"),
        ("responded", "selesai", "2026-03-23", "sari"),
        ("closed", "ditutup", "2026-03-23", "sari"),
    ]
    before = complaints.get_complaint(session, tn)
    rebuild_projections(session.store)
    assert complaints.get_complaint(session, tn) == before


def test_closing_an_unfinished_complaint_needs_a_reason(session):
    tn = file_one(session)["tracking_number"]
    sari = session.as_actor(SUPERVISOR)
    with pytest.raises(ValidationError) as err:
        complaints.close(sari, tn)
    assert err.value.field == "note"
    assert complaints.close(sari, tn, "pelapor mencabut pengaduan")["status"] == "ditutup"


def test_overdue_list(session, fixed_now):
    late = file_one(session)["tracking_number"]
    answered = file_one(session)["tracking_number"]
    complaints.respond(session.as_actor(SUPERVISOR), answered, "Sudah ditangani.", final=True)
    fixed_now("2026-03-30T16:00:00+07:00")  # the deadline day itself: not overdue yet
    assert complaints.list_complaints(session, overdue=True) == []
    fixed_now("2026-03-31T08:00:00+07:00")
    overdue = complaints.list_complaints(session, overdue=True)
    assert [c["tracking_number"] for c in overdue] == [late] and overdue[0]["overdue"]
    assert len(complaints.list_complaints(session)) == 2


def test_frontliner_files_but_does_not_handle_and_sees_masked_contacts(session):
    budi = session.as_actor(FRONTLINER)
    c = file_one(budi, email="rahmat@contoh.id")
    assert c["phone"] == "0812*****890" and c["email"] == "r***@contoh.id"
    assert c["name"] == "Rahmat Hidayat"
    with pytest.raises(PermissionDenied):
        complaints.respond(budi, c["tracking_number"], "sudah")
    full = complaints.list_complaints(session.as_actor(SUPERVISOR))[0]
    assert full["phone"] == "081234567890" and full["email"] == "rahmat@contoh.id"
    admin = complaints.list_complaints(session.as_actor(Actor("it", "admin")))[0]
    assert admin["phone"] == "0812*****890"


def test_cli_file_respond_and_list(session, db_path, monkeypatch, capsys):
    monkeypatch.setenv("LOKET_DB", str(db_path))
    code, out, _ = loket(capsys, "complaint", "file", "--type", "kritik", "--channel", "phone", "--text",
                         "Petugas tidak ramah", "--name", "Wati", "--phone", "+6281398765432", "--json")
    assert code == 0
    tn = json.loads(out)["tracking_number"]
    code, out, _ = loket(capsys, "complaint", "file", "--type", "apresiasi", "--channel", "web", "--text",
                         "Cepat sekali", "--anonymous", "--json")
    assert code == 0 and json.loads(out)["anonymous"] is True
    code, _, err = loket(capsys, "complaint", "file", "--type", "kritik", "--channel", "phone", "--text", "x")
    assert code == 2 and "name" in err
    code, out, _ = loket(capsys, "complaint", "respond", tn, "--text", "Maaf, sudah ditegur", "--final", "--json")
    assert code == 0 and json.loads(out)["status"] == "selesai"
    code, out, _ = loket(capsys, "complaint", "forward", tn, "--lapor-ref", "LPR-1", "--json")
    assert code == 2
    code, out, _ = loket(capsys, "complaint", "list", "--json")
    assert [c["status"] for c in json.loads(out)] == ["selesai", "baru"]
    code, out, _ = loket(capsys, "complaint", "list", "--overdue", "--json")
    assert code == 0 and json.loads(out) == []
