"""Requirement rules of the catalogue: an application is complete (and its legal deadline
starts) with every mandatory requirement, one of each alternative group, and never needs one
that applies only in a case (penggantian, hilang, dikuasakan). Before, every listed document
counted, so "KTP-el lama (untuk penggantian)" and "Surat keterangan kehilangan (jika KTP-el
hilang)" had to be ticked for the deadline to start."""

from __future__ import annotations

import csv
import io
import json

import pypdf
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from counter_app import catalog
from counter_app.catalog import RequirementRule
from counter_app.errors import ValidationError
from counter_app.registration import RegistrationInput, get_application, register
from printing import pdf_forms

NIK = "3273015503850003"


def demo(code: str) -> dict:
    return next(r for r in catalog.demo_catalog_rows() if r["code"] == code)


def apply(session, service: str, received, complete: bool = False) -> dict:
    out = register(session, RegistrationInput(service=service, name="Siti Aminah", nik=NIK,
                                              requirements=tuple(received), requirements_complete=complete))
    return get_application(session, out["registration_id"])


# ------------------------------------------------------------------ the rule, for any catalogue row
@st.composite
def rules_and_received(draw):
    items = [f"Dokumen {i}" for i in range(draw(st.integers(1, 9)))]
    role = {item: draw(st.sampled_from(["wajib", "bila", "grup0", "grup1", "grup2"])) for item in items}
    groups = [[i for i in items if role[i] == g] for g in ("grup0", "grup1", "grup2")]
    for group in groups:  # a group of one is no choice: make it mandatory
        if len(group) == 1:
            role[group[0]] = "wajib"
    groups = [g for g in groups if len(g) >= 2]
    when = {i: "keadaan" for i in items if role[i] == "bila"}
    received = draw(st.sets(st.sampled_from(items)))
    return items, groups, when, received


@settings(max_examples=300)
@given(rules_and_received())
def test_complete_means_every_mandatory_and_one_of_each_group(case):
    items, groups, when, received = case
    rule = RequirementRule.of(items, {"one_of": groups, "when": when})
    mandatory = [i for i in items if i not in when and not any(i in g for g in groups)]
    expected = set(mandatory) <= received and all(received & set(g) for g in groups)
    assert rule.is_complete(received) == expected
    assert rule.is_complete(received | set(when)) == expected == rule.is_complete(received - set(when))
    assert rule.is_complete(set(items))  # handing over everything is always complete
    missing = rule.missing(received)
    assert [m for m in missing if not m.startswith("salah satu dari: ")] == [
        m for m in mandatory if m not in received]
    assert len(missing) == len([m for m in mandatory if m not in received]) + sum(
        not received & set(g) for g in groups)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rules_and_received())
def test_the_deadline_starts_exactly_when_the_rule_is_met(session, case):
    items, groups, when, received = case
    assume(items)
    rules = {"one_of": groups, "when": when}
    code = f"UJI-{len(items)}{len(groups)}{len(when)}"
    catalog.import_services(session, [{"code": code, "name": "Layanan Uji", "agency": "Dinas Uji",
                                       "prefix": "U", "requirements": items, "requirement_rules": rules}])
    app = apply(session, code, [i for i in items if i in received])
    met = RequirementRule.of(items, rules).is_complete(received)
    assert (app["deadline"] is not None) == met
    assert (app["requirements_complete_on"] is not None) == met


# ------------------------------------------------------------------ the demo catalogue's real cases
def test_a_ktp_without_the_old_card_or_a_loss_letter_is_complete(session):
    app = apply(session, "DUK-KTP", ["Kartu Keluarga asli atau fotokopi"])
    assert app["requirements_complete_on"] == "2026-03-16" and app["deadline"] is not None
    rule = catalog.get_service(session, "DUK-KTP").requirement_rule
    assert rule.mandatory == ("Kartu Keluarga asli atau fotokopi",)
    assert rule.when["Surat keterangan kehilangan dari Kepolisian (jika KTP-el hilang)"] == "KTP-el hilang"


def test_a_vehicle_tax_paid_by_the_owner_needs_no_power_of_attorney(session):
    app = apply(session, "SAM-PKB", ["KTP-el asli pemilik kendaraan sesuai STNK", "STNK asli"])
    assert app["deadline"] is not None
    incomplete = apply(session, "SAM-PKB", ["STNK asli"])
    assert incomplete["deadline"] is None


def test_a_death_certificate_letter_or_the_sptjm_instead(session):
    service = catalog.get_service(session, "DUK-AKM")
    base = ["Kartu Keluarga almarhum/almarhumah", "KTP-el pelapor"]
    letter, sptjm = service.requirement_rule.one_of[0]
    assert apply(session, "DUK-AKM", [*base, letter])["deadline"] is not None
    assert apply(session, "DUK-AKM", [*base, sptjm])["deadline"] is not None
    assert apply(session, "DUK-AKM", base)["deadline"] is None


def test_claiming_complete_names_what_is_missing_and_writes_nothing(session):
    before = session.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(ValidationError) as exc:
        apply(session, "PJK-NPWP", ["Alamat email dan nomor telepon seluler aktif"], complete=True)
    (field, message), = exc.value.errors
    assert field == "requirements"
    assert "salah satu dari: KTP-el (bagi Wajib Pajak orang pribadi WNI) / Paspor" in message
    assert "NIK atau NPWP salah satu pengurus" not in message  # only for a Wajib Pajak badan
    assert session.store.scalar("SELECT count(*) FROM events") == before
    ok = apply(session, "PJK-NPWP", ["KTP-el (bagi Wajib Pajak orang pribadi WNI)",
                                     "Alamat email dan nomor telepon seluler aktif"], complete=True)
    assert ok["deadline"] is not None


def test_every_demo_row_states_its_rule_and_names_real_requirements():
    for row in catalog.demo_catalog_rows():
        assert "requirement_rules" in row, row["code"]
        data, errors = catalog.validate_row(row, 1)
        assert errors == [], row["code"]
    rules = {r["code"]: r["requirement_rules"] for r in catalog.demo_catalog_rows()}
    for code in ("DUK-KTP", "IMI-PASPOR", "SAM-PKB", "PA-AKTA", "BPN-SKPT"):
        assert rules[code].get("when"), code


# ------------------------------------------------------------------ older catalogue rows
def test_an_old_row_without_rules_reads_its_jika_hints(session):
    old = {"code": "LAMA-1", "name": "Layanan Lama", "agency": "Dinas Lama", "prefix": "L",
           "requirements": ["KTP-el asli", "Surat kuasa (jika dikuasakan)", "Paspor lama (untuk penggantian)",
                            "Surat keterangan (bila ada)"]}
    catalog.import_services(session, [old])
    rule = catalog.get_service(session, "LAMA-1").requirement_rule
    assert rule.when == {"Surat kuasa (jika dikuasakan)": "dikuasakan", "Surat keterangan (bila ada)": "ada"}
    assert rule.mandatory == ("KTP-el asli", "Paspor lama (untuk penggantian)")  # 'untuk' may be a purpose
    assert apply(session, "LAMA-1", ["KTP-el asli", "Paspor lama (untuk penggantian)"])["deadline"] is not None
    explicit = {**old, "code": "LAMA-2", "requirement_rules": {}}  # stated: all of them
    catalog.import_services(session, [explicit])
    assert catalog.get_service(session, "LAMA-2").requirement_rule.mandatory == tuple(old["requirements"])


# ------------------------------------------------------------------ import checks and CSV
def row_errors(rules) -> list[str]:
    row = {"code": "UJI", "name": "Uji", "agency": "Dinas", "prefix": "U",
           "requirements": ["A", "B", "C"], "requirement_rules": rules}
    data, errors = catalog.validate_row(row, 7)
    assert (data is None) == bool(errors)
    return [f"{f}: {m}" for f, m in errors]


def test_bad_rules_are_refused_by_row_and_field():
    assert row_errors({"one_of": [["A", "B"]], "when": {"C": "dikuasakan"}}) == []
    assert row_errors({"one_of": [["A", "X"]]}) == [
        "baris 7: requirement_rules: one_of kelompok 1: 'X' bukan salah satu persyaratan baris ini"]
    assert row_errors({"one_of": [["A"]]}) == [
        "baris 7: requirement_rules: one_of kelompok 1: minimal dua persyaratan pilihan"]
    assert row_errors({"one_of": [["A", "B"]], "when": {"A": "hilang"}}) == [
        "baris 7: requirement_rules: 'A' disebut dua kali (one_of kelompok 1 dan when)"]
    assert row_errors({"when": {"C": ""}}) == [
        "baris 7: requirement_rules: when: keadaan untuk 'C' harus teks 1–60 karakter"]
    assert row_errors({"semua": ["A"]})[0].startswith("baris 7: requirement_rules: harus objek")
    assert row_errors("{not json")[0].startswith("baris 7: requirement_rules: JSON tidak sah")


def test_csv_export_and_import_keep_the_rules(session, tmp_path):
    text = catalog.export_csv(session)
    rows = list(csv.DictReader(io.StringIO(text)))
    ktp = next(r for r in rows if r["code"] == "DUK-KTP")
    assert json.loads(ktp["requirement_rules"]) == demo("DUK-KTP")["requirement_rules"]
    path = tmp_path / "katalog.csv"
    path.write_text(text, encoding="utf-8")
    assert catalog.import_file(session, path)["updated"] == []  # the same rules read back


# ------------------------------------------------------------------ the blank paper form
def form_text(session, tmp_path, service: str) -> str:
    out = tmp_path / f"{service}.pdf"
    pdf_forms.write_forms(session, "registration", out, service_code=service)
    return " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())


def test_the_paper_form_marks_conditional_requirements_and_groups(session, tmp_path):
    text = form_text(session, tmp_path, "DUK-KTP")
    assert "KTP-el lama yang rusak atau berubah datanya (untuk penggantian) (bila berlaku)" in text
    assert "Surat keterangan kehilangan dari Kepolisian (jika KTP-el hilang) (bila berlaku)" in text
    assert "Kartu Keluarga asli atau fotokopi (bila berlaku)" not in text
    lines = pdf_forms.checklist_lines(catalog.get_service(session, "PJK-NPWP"))
    assert [kind for _, kind, _ in lines] == ["head", "salah_satu", "salah_satu", "salah_satu",
                                              "bila_berlaku", "wajib"]
    npwp = form_text(session, tmp_path, "PJK-NPWP")
    assert "Salah satu dari: " in npwp
    assert npwp.index("Salah satu dari:") < npwp.index("KTP-el (bagi Wajib Pajak orang pribadi WNI)")
