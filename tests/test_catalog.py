"""Service catalogue: JSON/CSV import (all or nothing, errors by row and field), versions, export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from counter_app import catalog
from counter_app.errors import NotFound, ValidationError
from counter_app.registration import RegistrationInput, get_application, register

GOOD = {
    "code": "UJI-SATU", "name": "Layanan Uji Satu", "agency": "Dinas Uji", "prefix": "UA",
    "requirements": ["KTP-el asli", "Kartu Keluarga"], "days": 3, "fee": 50000, "week": 5,
}


def count_events(session) -> int:
    return session.store.scalar("SELECT count(*) FROM events")


def import_error(session, rows) -> ValidationError:
    before = count_events(session)
    services_before = session.store.scalar("SELECT count(*) FROM services")
    with pytest.raises(ValidationError) as info:
        catalog.import_services(session, rows)
    assert count_events(session) == before, "nothing may be written when a row is bad"
    assert session.store.scalar("SELECT count(*) FROM services") == services_before
    return info.value


def test_demo_catalogue_is_a_realistic_mpp(session):
    services = catalog.list_services(session)
    assert len(services) >= 30
    agencies = {s.agency for s in services}
    assert len(agencies) >= 10
    text = " ".join(agencies)
    for name in ("Kependudukan", "Imigrasi", "Samsat", "BPJS Kesehatan", "BPJS Ketenagakerjaan",
                 "Polres", "Pajak", "BPN", "PDAM", "Bank"):
        assert name in text, name
    for s in services:
        assert s.requirements, s.code
        assert s.procedure, s.code
        assert s.product, s.code
        assert s.fee >= 0 and s.week in (5, 6)
        assert s.version == 1
    assert len({s.code for s in services}) == len(services)
    assert any(s.days is None for s in services), "one service uses the legal default of 5 days"
    assert any(s.week == 6 for s in services)


def test_import_json_file_adds_then_is_idempotent(session, tmp_path):
    path = tmp_path / "layanan.json"
    path.write_text(json.dumps([GOOD, {**GOOD, "code": "UJI-DUA", "prefix": "UB", "extra_note": "x"}]))
    assert catalog.import_file(session, path) == {"added": ["UJI-SATU", "UJI-DUA"], "updated": [], "unchanged": []}
    before = count_events(session)
    assert catalog.import_file(session, path)["unchanged"] == ["UJI-SATU", "UJI-DUA"]
    assert count_events(session) == before
    s = catalog.get_service(session, "uji-dua")
    assert s.extra == {"extra_note": "x"} and s.fee == 50000 and s.days == 3 and s.prefix == "UB"
    assert s.requirements == ("KTP-el asli", "Kartu Keluarga")


def test_import_accepts_an_object_with_services_key(session, tmp_path):
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps({"services": [GOOD]}))
    assert catalog.import_file(session, path)["added"] == ["UJI-SATU"]


def test_import_csv_with_list_separator_and_defaults(session, tmp_path):
    path = tmp_path / "layanan.csv"
    path.write_text(
        "code,name,agency,prefix,requirements,days,fee,week\n"
        "uji-csv,Layanan CSV,Dinas Uji,uc,KTP-el asli|Pas foto 3x4,,25000,\n",
        encoding="utf-8",
    )
    assert catalog.import_file(session, path)["added"] == ["UJI-CSV"]
    s = catalog.get_service(session, "UJI-CSV")
    assert s.prefix == "UC" and s.requirements == ("KTP-el asli", "Pas foto 3x4")
    assert s.days is None and s.effective_days == 5 and s.week == 5 and s.fee == 25000


def test_csv_from_an_indonesian_spreadsheet(session, tmp_path):
    """Spreadsheets in the Indonesian locale separate columns with ';' (',' is the decimal mark)."""
    path = tmp_path / "excel.csv"
    path.write_text("code;name;agency;prefix;requirements;days;fee;week\r\n"
                    "UJI-XL;Legalisir, salinan;Dinas Uji;UX;KTP-el|Akta;2;10000;5\r\n", encoding="utf-8-sig")
    assert catalog.import_file(session, path)["added"] == ["UJI-XL"]
    assert catalog.get_service(session, "UJI-XL").name == "Legalisir, salinan"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,name,agency,prefix,requirements\nUJI-L,Pelayanan Umum \xb7 Khusus,Dinas,UL,KTP\n"
                      .encode("latin-1"))
    with pytest.raises(ValidationError) as info:
        catalog.import_file(session, latin)
    assert info.value.field == "file" and "UTF-8" in str(info.value)


def test_every_bad_row_is_reported_with_row_and_field_and_nothing_imported(session):
    rows = [
        GOOD,                                                          # 1 ok
        {**GOOD, "code": "UJI-2", "prefix": "A1"},                     # 2 prefix
        {**GOOD, "code": "UJI-3", "fee": "50.000"},                    # 3 fee
        {**GOOD, "code": "UJI-4", "week": 7},                          # 4 week
        {k: v for k, v in GOOD.items() if k != "agency"} | {"code": "UJI-5"},  # 5 agency
        {**GOOD, "code": "UJI-6", "days": -1},                         # 6 days
        {**GOOD, "code": "UJI-SATU"},                                  # 7 duplicate of 1
        {k: v for k, v in GOOD.items() if k != "requirements"} | {"code": "UJI-8"},  # 8
        {**GOOD, "code": "UJI-9", "channels": ["walk_in", "fax"]},     # 9 channels
        {**GOOD, "code": "uji 10"},                                    # 10 code
    ]
    error = import_error(session, rows)
    fields = [f for f, _ in error.errors]
    assert fields == [
        "baris 2: prefix", "baris 3: fee", "baris 4: week", "baris 5: agency", "baris 6: days",
        "baris 7: code", "baris 8: requirements", "baris 9: channels", "baris 10: code",
    ]
    assert "duplikat dengan baris 1" in str(error)
    assert "fax" in str(error)
    with pytest.raises(NotFound):
        catalog.get_service(session, "UJI-SATU")


def test_csv_errors_name_the_spreadsheet_row(session, tmp_path):
    path = tmp_path / "layanan.csv"
    path.write_text(
        "code,name,agency,prefix,requirements,days,fee,week\n"
        "UJI-A,Layanan A,Dinas Uji,UA,KTP-el,1,0,5\n"
        "UJI-B,Layanan B,,UB,KTP-el,satu,0,5\n",
        encoding="utf-8",
    )
    before = count_events(session)
    with pytest.raises(ValidationError) as info:
        catalog.import_file(session, path)
    # the header is row 1, so the bad service is on row 3 of the sheet
    assert [f for f, _ in info.value.errors] == ["baris 3: agency", "baris 3: days"]
    assert count_events(session) == before


def test_bad_files(session, tmp_path):
    broken = tmp_path / "rusak.json"
    broken.write_text('[{"code": "X",')
    with pytest.raises(ValidationError) as info:
        catalog.import_file(session, broken)
    assert info.value.field == "file"
    not_list = tmp_path / "objek.json"
    not_list.write_text('{"code": "X"}')
    with pytest.raises(ValidationError):
        catalog.import_file(session, not_list)
    assert import_error(session, []).field == "file"


def test_a_change_makes_a_new_version_and_a_registration_keeps_its_version(session, fixed_now):
    catalog.import_services(session, [GOOD])
    first = register(session, RegistrationInput(
        service="UJI-SATU", name="Siti Aminah", nik="3273015503850003", requirements_complete=True))
    assert first["deadline"] == "2026-03-26"  # Mon 16 + 3 working days: 17, 25, 26 (Nyepi, Lebaran)

    changed = {**GOOD, "days": 1, "fee": 75000, "requirements": ["KTP-el asli"]}
    assert catalog.import_services(session, [changed])["updated"] == ["UJI-SATU"]
    now = catalog.get_service(session, "UJI-SATU")
    assert (now.version, now.days, now.fee) == (2, 1, 75000)
    old = catalog.get_service_version(session, "UJI-SATU", 1)
    assert (old.days, old.fee, old.requirements) == (3, 50000, ("KTP-el asli", "Kartu Keluarga"))

    app = get_application(session, first["registration_id"])
    assert (app["service_version"], app["days"], app["deadline"]) == (1, 3, "2026-03-26")
    assert app["requirements"] == ["KTP-el asli", "Kartu Keluarga"]

    second = register(session, RegistrationInput(
        service="UJI-SATU", name="Budi", nik="3273011503850003", requirements_complete=True))
    app2 = get_application(session, second["registration_id"])
    assert (app2["service_version"], app2["days"], app2["deadline"]) == (2, 1, "2026-03-17")


def test_export_json_and_csv_round_trip_unchanged(session, tmp_path):
    rows = catalog.export_rows(session)
    assert len(rows) == len(catalog.list_services(session))
    before = count_events(session)
    js = tmp_path / "ekspor.json"
    js.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = catalog.import_file(session, js)
    assert result["added"] == [] and result["updated"] == []
    cs = tmp_path / "ekspor.csv"
    cs.write_text(catalog.export_csv(session), encoding="utf-8")
    header = next(csv.reader(io.StringIO(cs.read_text(encoding="utf-8"))))
    assert header[:8] == ["code", "name", "agency", "prefix", "requirements", "days", "fee", "week"]
    result = catalog.import_file(session, cs)
    assert result["added"] == [] and result["updated"] == [], result["updated"]
    assert count_events(session) == before


def test_get_service_unknown_code(session):
    with pytest.raises(NotFound, match="TIDAK-ADA"):
        catalog.get_service(session, "TIDAK-ADA")
    with pytest.raises(NotFound):
        catalog.get_service_version(session, "DUK-KTP", 9)
