"""Validators for identity data: NIK (Nomor Induk Kependudukan) and Indonesian phone numbers.

Each returns the normalised value or raises :class:`ValidationError` naming the field and
the rule, in Indonesian.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import ValidationError
from .i18n import _

# Kemendagri province codes (digits 1–2 of a NIK), including the 2022 Papua provinces.
PROVINCE_CODES: dict[str, str] = {
    "11": "Aceh", "12": "Sumatera Utara", "13": "Sumatera Barat", "14": "Riau", "15": "Jambi",
    "16": "Sumatera Selatan", "17": "Bengkulu", "18": "Lampung",
    "19": "Kepulauan Bangka Belitung", "21": "Kepulauan Riau", "31": "DKI Jakarta",
    "32": "Jawa Barat", "33": "Jawa Tengah", "34": "DI Yogyakarta", "35": "Jawa Timur",
    "36": "Banten", "51": "Bali", "52": "Nusa Tenggara Barat", "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat", "62": "Kalimantan Tengah", "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur", "65": "Kalimantan Utara", "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah", "73": "Sulawesi Selatan", "74": "Sulawesi Tenggara",
    "75": "Gorontalo", "76": "Sulawesi Barat", "81": "Maluku", "82": "Maluku Utara",
    "91": "Papua", "92": "Papua Barat", "93": "Papua Selatan", "94": "Papua Tengah",
    "95": "Papua Pegunungan", "96": "Papua Barat Daya",
}

SEXES = ("L", "P")


def _nik_date_ok(day: int, month: int, yy: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
            return True
        except ValueError:
            continue
    return False


def validate_nik(
    nik: str, *, sex: str | None = None, birth_date: date | None = None, field: str = "nik"
) -> str:
    """Check a NIK: 16 digits, known province, valid DDMMYY (+40 on the day for women),
    serial not 0000, consistent with ``sex`` and ``birth_date`` when given."""
    value = re.sub(r"[\s.-]", "", nik or "")
    if not value:
        raise ValidationError(field, _("NIK wajib diisi"))
    if not value.isdigit():
        raise ValidationError(field, _("NIK hanya boleh berisi angka"))
    if len(value) != 16:
        raise ValidationError(field, _("NIK harus 16 digit, tertulis {n} digit").format(n=len(value)))
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError(field, _("kode provinsi '{code}' (digit 1–2) tidak dikenal").format(code=value[:2]))
    if value[2:4] == "00" or value[4:6] == "00":
        raise ValidationError(field, _("kode kabupaten/kota dan kecamatan (digit 3–6) tidak boleh 00"))
    dd, mm, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    female = dd > 40
    day = dd - 40 if female else dd
    if not 1 <= mm <= 12 or not 1 <= day <= 31 or not _nik_date_ok(day, mm, yy):
        raise ValidationError(
            field, _("tanggal lahir di NIK (digit 7–12: {digits}) bukan tanggal yang sah").format(
                digits=value[6:12])
        )
    if value[12:] == "0000":
        raise ValidationError(field, _("nomor urut NIK (digit 13–16) tidak boleh 0000"))
    if sex is not None and sex != ("P" if female else "L"):
        expected = _("perempuan (tanggal +40)") if sex == "P" else _("laki-laki (tanggal tanpa +40)")
        raise ValidationError(field, _("NIK tidak sesuai jenis kelamin: untuk {expected}").format(
            expected=expected))
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        day, mm, yy
    ):
        raise ValidationError(
            field, _("tanggal lahir di NIK ({date}) tidak sama dengan tanggal lahir yang diisi").format(
                date=f"{day:02d}-{mm:02d}-{yy:02d}")
        )
    return value


def nik_sex(nik: str) -> str:
    return "P" if int(nik[6:8]) > 40 else "L"


# Mobile numbers are 10–13 digits written with the leading 0 (08xx-xxxx-xx … 08xx-xxxx-xxxxx).
MOBILE_RE = re.compile(r"^(?:\+62|62|0)(8[1-9]\d{7,10})$")
LANDLINE_RE = re.compile(r"^(?:\+62|62|0)([2-79]\d{7,10})$")


def validate_phone(phone: str, field: str = "phone") -> str:
    """An Indonesian mobile (08…, +628…) or landline with area code; returned as 0…."""
    value = re.sub(r"[\s().-]", "", phone or "")
    if not value:
        raise ValidationError(field, _("nomor telepon kosong"))
    match = MOBILE_RE.match(value) or LANDLINE_RE.match(value)
    if not match:
        raise ValidationError(
            field, _("nomor telepon Indonesia harus diawali 08 atau +628 (atau kode area 0xx), 10–13 digit")
        )
    return "0" + match.group(1)


def mask_nik(nik: str | None) -> str:
    """``3273********0003``: province/regency and serial visible, the rest hidden."""
    if not nik:
        return ""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:] if len(nik) > 8 else "*" * len(nik)


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:4] + "*" * max(len(phone) - 7, 0) + phone[-3:] if len(phone) > 7 else "*" * len(phone)


def require_text(value: str | None, field: str, label: str, max_len: int = 200) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError(field, _("{label} wajib diisi").format(label=label))
    if len(text) > max_len:
        raise ValidationError(field, _("{label} terlalu panjang (maksimal {n} karakter)").format(
            label=label, n=max_len))
    return text
