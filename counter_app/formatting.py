"""Indonesian (and English) display formats: "Senin, 23 November 2026", "Rp 50.000".

Babel carries the CLDR locale data, so day and month names are right in both languages.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

LOCALES = {"id": "id_ID", "en": "en_GB"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "id_ID")


def tanggal(value: date | str, lang: str = "id") -> str:
    """Long date with the weekday: ``Senin, 23 November 2026``."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, "EEEE, d MMMM y", locale=_locale(lang))


def tanggal_pendek(value: date | str) -> str:
    """A date in a table cell or a list line: ``23-11-2026`` (as the XLSX date cells show it)."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value:%d-%m-%Y}"


def tanggal_jam_pendek(value: datetime | str, lang: str = "id") -> str:
    """Date and time in a table cell: ``23-11-2026 08.15`` (``08:15`` in English)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{tanggal_pendek(value.date())} {value:%H.%M}" if lang == "id" else f"{value:%d-%m-%Y %H:%M}"


def tanggal_jam(value: datetime | str, lang: str = "id") -> str:
    """Date and time the Indonesian way: ``Senin, 23 November 2026 08.15``."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    sep = "HH.mm" if lang == "id" else "HH:mm"
    return f"{tanggal(value.date(), lang)} {format_time(value, sep, locale=_locale(lang))}"


def rupiah(amount: int | None, lang: str = "id") -> str:
    """``Rp 50.000``; 0 is shown as ``Gratis`` (``Free``)."""
    if not amount:
        return "Gratis" if lang == "id" else "Free"
    return f"Rp {format_decimal(amount, '#,##0', locale='id_ID')}"


def angka(value: float, decimals: int = 2, lang: str = "id") -> str:
    """A decimal number with the locale's separators: ``88,31``."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=_locale(lang))


def names_itself(counter: object) -> bool:
    """A counter named "Loket 1" already says it is a loket: a line reads "di Loket 1", never
    "di loket Loket 1" (the CLI, the core's refusals, the dashboard and the hub's page)."""
    words = str(counter or "").split()
    return bool(words) and words[0].casefold() == "loket"


def loket(counter: object) -> str:
    """The counter in Indonesian, for a public page: ``loket 3``, and ``Loket 1`` as it is."""
    return str(counter) if names_itself(counter) else f"loket {counter}"
