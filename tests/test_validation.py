"""NIK and phone validators: the rules of domain.md, with hypothesis properties for the NIK."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.errors import ValidationError
from counter_app.validation import (
    PROVINCE_CODES,
    mask_nik,
    mask_phone,
    nik_sex,
    require_text,
    validate_nik,
    validate_phone,
)

# 32 73 01 | 15 03 85 | 0003: Jawa Barat, Kota Bandung, a man born 15 March 1985.
MAN = "3273011503850003"
# the same birth date for a woman: day 15 + 40 = 55
WOMAN = "3273015503850003"


def make_nik(province: str, regency: int, district: int, born: date, sex: str, serial: int) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{province}{regency:02d}{district:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def nik_error(nik: str, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_nik(nik, **kwargs)
    assert info.value.field == "nik"
    return info.value


# ------------------------------------------------------------------ NIK, example-based
def test_valid_nik_man_and_woman():
    assert validate_nik(MAN) == MAN
    assert validate_nik(WOMAN) == WOMAN
    assert validate_nik(MAN, sex="L", birth_date=date(1985, 3, 15)) == MAN
    assert validate_nik(WOMAN, sex="P", birth_date=date(1985, 3, 15)) == WOMAN
    assert nik_sex(MAN) == "L" and nik_sex(WOMAN) == "P"


def test_nik_separators_are_ignored():
    assert validate_nik("3273 0115 0385 0003") == MAN
    assert validate_nik("32.73.01.150385.0003") == MAN


@pytest.mark.parametrize("nik, words", [
    ("", "wajib"),
    ("32730115038500", "16 digit"),
    ("32730115038500031", "16 digit"),
    ("327301150385000A", "angka"),
    ("2073011503850003", "provinsi"),   # 20 is no province
    ("9973011503850003", "provinsi"),
    ("3200011503850003", "kabupaten"),
    ("3273001503850003", "kecamatan"),
    ("3273013203850003", "tanggal"),    # day 32
    ("3273013803850003", "tanggal"),    # day 38: neither a man's nor a woman's day
    ("3273017203850003", "tanggal"),    # day 72 = woman's 32nd
    ("3273011513850003", "tanggal"),    # month 13
    ("3273013102850003", "tanggal"),    # 31 February
    ("3273012902850003", "tanggal"),    # 29 February 1985 / 2085: no leap year
    ("3273011503850000", "0000"),       # serial 0000
])
def test_invalid_nik_names_the_rule(nik, words):
    error = nik_error(nik)
    assert words in str(error)


def test_leap_day_accepted_when_a_century_makes_it_valid():
    assert validate_nik("3273012902000003")  # 29 Feb 2000
    assert validate_nik("3273016902960003")  # a woman born 29 Feb 1996


def test_nik_must_match_sex_entered():
    assert "jenis kelamin" in str(nik_error(MAN, sex="P"))
    assert "jenis kelamin" in str(nik_error(WOMAN, sex="L"))


def test_nik_must_match_birth_date_entered():
    assert "tanggal lahir" in str(nik_error(MAN, birth_date=date(1985, 3, 16)))
    assert "tanggal lahir" in str(nik_error(MAN, birth_date=date(1985, 4, 15)))
    assert "tanggal lahir" in str(nik_error(MAN, birth_date=date(1995, 3, 15)))
    # a woman's NIK carries day + 40; the birth date entered is the real day
    assert "tanggal lahir" in str(nik_error(WOMAN, sex="P", birth_date=date(1985, 3, 55 - 40 + 1)))


def test_field_name_is_passed_through():
    with pytest.raises(ValidationError) as info:
        validate_nik("123", field="nik_pemohon")
    assert info.value.field == "nik_pemohon"


# ------------------------------------------------------------------ NIK, properties
provinces = st.sampled_from(sorted(PROVINCE_CODES))
births = st.dates(min_value=date(1930, 1, 1), max_value=date(2026, 3, 16))
sexes = st.sampled_from(["L", "P"])


@st.composite
def valid_niks(draw):
    born = draw(births)
    sex = draw(sexes)
    nik = make_nik(draw(provinces), draw(st.integers(1, 99)), draw(st.integers(1, 99)), born, sex,
                   draw(st.integers(1, 9999)))
    return nik, sex, born


@settings(max_examples=200, deadline=None)
@given(valid_niks())
def test_generated_valid_niks_are_accepted(case):
    nik, sex, born = case
    assert validate_nik(nik) == nik
    assert validate_nik(nik, sex=sex, birth_date=born) == nik
    assert nik_sex(nik) == sex


@settings(max_examples=200, deadline=None)
@given(valid_niks(), st.integers(6, 11), st.integers(0, 9))
def test_any_change_to_the_date_digits_is_rejected_when_sex_and_birth_date_are_known(case, pos, digit):
    nik, sex, born = case
    if nik[pos] == str(digit):
        digit = (digit + 1) % 10
    mutated = nik[:pos] + str(digit) + nik[pos + 1:]
    nik_error(mutated, sex=sex, birth_date=born)


@settings(max_examples=100, deadline=None)
@given(valid_niks(), st.integers(10, 99).map(str).filter(lambda c: c not in PROVINCE_CODES))
def test_unknown_province_is_rejected(case, code):
    nik, _, _ = case
    assert "provinsi" in str(nik_error(code + nik[2:]))


@settings(max_examples=100, deadline=None)
@given(valid_niks())
def test_serial_0000_is_rejected(case):
    nik, _, _ = case
    assert "0000" in str(nik_error(nik[:12] + "0000"))


@settings(max_examples=100, deadline=None)
@given(valid_niks(), st.integers(0, 15), st.sampled_from(["drop", "insert", "letter"]))
def test_length_and_character_mutations_are_rejected(case, pos, kind):
    nik, _, _ = case
    if kind == "drop":
        mutated = nik[:pos] + nik[pos + 1:]
    elif kind == "insert":
        mutated = nik[:pos] + "7" + nik[pos:]
    else:
        mutated = nik[:pos] + "O" + nik[pos + 1:]
    nik_error(mutated)


@settings(max_examples=100, deadline=None)
@given(valid_niks())
def test_flipping_the_sex_marker_is_rejected_against_the_sex_entered(case):
    nik, sex, _ = case
    dd = int(nik[6:8])
    flipped = dd - 40 if sex == "P" else dd + 40
    nik_error(nik[:6] + f"{flipped:02d}" + nik[8:], sex=sex)


# ------------------------------------------------------------------ phone
@pytest.mark.parametrize("raw, clean", [
    ("081234567890", "081234567890"),
    ("0812-3456-7890", "081234567890"),
    ("+62 812 3456 7890", "081234567890"),
    ("6281234567890", "081234567890"),
    ("0812345678", "0812345678"),              # 10 digits, the shortest mobile
    ("0812345678901", "0812345678901"),        # 13 digits, the longest
    ("(022) 4231234", "0224231234"),           # Bandung landline
    ("021-5551234", "0215551234"),
])
def test_valid_phones(raw, clean):
    assert validate_phone(raw) == clean


@pytest.mark.parametrize("raw", [
    "", "081234", "081234567", "08123456789012", "0800123456", "+1 555 123 4567", "12345678901",
    "08123abc890", "+6208123456789",
])
def test_invalid_phones(raw):
    with pytest.raises(ValidationError) as info:
        validate_phone(raw)
    assert info.value.field == "phone"


def test_masks_hide_the_middle():
    assert mask_nik(MAN) == "3273********0003"
    assert mask_phone("081234567890") == "0812*****890"
    assert mask_nik(None) == "" and mask_phone("") == ""


def test_require_text():
    assert require_text("  Siti   Aminah ", "name", "Nama") == "Siti Aminah"
    with pytest.raises(ValidationError, match="wajib"):
        require_text("   ", "name", "Nama")
    with pytest.raises(ValidationError, match="terlalu panjang"):
        require_text("x" * 121, "name", "Nama", 120)
