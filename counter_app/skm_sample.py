"""SKM sample adequacy (kecukupan sampel): whether the respondents of a period are enough for
the number of service users in it, by the Krejcie and Morgan table that Permenpan RB 14/2017
prints, and how many more are needed.

The table is the formula s = X²NP(1−P) / (d²(N−1) + X²P(1−P)) with X² = 3,841 (chi-square,
1 degree of freedom, 95 %), P = 0,5 and d = 0,05, rounded to the nearest whole respondent:
that rounding gives every printed figure (N = 20 → 19, 100 → 80, 1.000 → 278, 1.000.000 →
384); rounding up would ask one more than the table at half of them (20 → 20, 500 → 218).
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import Any

from .clock import parse_date
from .errors import ValidationError
from .formatting import angka
from .i18n import _, language
from .session import Session

CHI_SQUARE = Fraction(3841, 1000)
PROPORTION = Fraction(1, 2)
MARGIN = Fraction(5, 100)
_SPREAD = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
# The sample of an unbounded population (the table's last row): 384.
LARGEST_SAMPLE = math.floor(_SPREAD / MARGIN**2 + Fraction(1, 2))


def parse_population(value: Any) -> int:
    """A population given by a person (``--population``): a whole number, 0 or more."""
    text = "" if isinstance(value, bool) else str(value).strip()
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif text.isascii() and text.lstrip("-").isdigit():
        number = int(text)
    else:
        raise ValidationError("population", _("jumlah pengguna layanan harus bilangan bulat, bukan '{value}'").format(
            value=value))
    if number < 0:
        raise ValidationError("population", _("jumlah pengguna layanan tidak boleh negatif"))
    return number


def required_sample(population: int) -> int:
    """The least number of respondents for ``population`` service users (Krejcie & Morgan)."""
    n = parse_population(population)
    if n == 0:
        return 0
    s = _SPREAD * n / (MARGIN**2 * (n - 1) + _SPREAD)
    return math.floor(s + Fraction(1, 2))


def _filters(alias: str, date_from, date_to, service, agency) -> tuple[str, list[Any]]:
    sql, params = "", []
    for value, op, field in ((date_from, ">=", "from"), (date_to, "<=", "to")):
        if value:
            sql += f" AND {alias}.day {op} ?"
            params.append((value if isinstance(value, date) else parse_date(str(value), field)).isoformat())
    if service:
        sql += f" AND {alias}.service_code = ?"
        params.append(service.strip().upper())
    if agency:
        sql += f" AND {alias}.service_code IN (SELECT code FROM services WHERE agency = ?)"
        params.append(agency.strip())
    return sql, params


def service_users(
    session: Session, date_from: date | str | None = None, date_to: date | str | None = None,
    service: str | None = None, agency: str | None = None,
) -> int:
    """The service users (pengguna layanan) the app recorded in a period: tickets served at a
    counter (by the day the ticket was taken, under its final service) plus registrations not
    made from a served ticket (online, satellite, typed in from paper). A ticket that was
    called but never served, cancelled or skipped is nobody served; a registration made at
    the counter from a served ticket is that same person, counted once."""
    t_where, t_params = _filters("t", date_from, date_to, service, agency)
    r_where, r_params = _filters("r", date_from, date_to, service, agency)
    served = session.store.scalar(
        f"SELECT count(*) FROM tickets t WHERE t.status = 'finished'{t_where}", t_params)
    registered = session.store.scalar(
        "SELECT count(*) FROM registrations r WHERE (r.ticket_id IS NULL OR NOT EXISTS"
        f" (SELECT 1 FROM tickets x WHERE x.id = r.ticket_id AND x.status = 'finished')){r_where}", r_params)
    return served + registered


def adequacy(population: int, respondents: int, source: str = "recorded") -> dict[str, Any]:
    """``{"population", "required", "respondents", "enough", "missing", "population_source"}``:
    ``source`` says whether the population was ``recorded`` by the app or ``given``."""
    required = required_sample(population)
    missing = max(required - respondents, 0)
    return {"population": population, "required": required, "respondents": respondents,
            "enough": missing == 0, "missing": missing, "population_source": source}


def sample_for(
    session: Session, respondents: int, *, population: Any = None,
    date_from: date | str | None = None, date_to: date | str | None = None,
    service: str | None = None, agency: str | None = None,
) -> dict[str, Any]:
    """The adequacy of ``respondents`` for the given ``population``, or, without one, for the
    service users recorded in the same period, service and agency."""
    if population is not None:
        return adequacy(parse_population(population), respondents, "given")
    return adequacy(service_users(session, date_from, date_to, service, agency), respondents)


def sample_verdict(sample: dict[str, Any]) -> str:
    """``cukup``, ``kurang: perlu 128 lagi``, or, with nobody served and nobody answering,
    ``belum ada pengguna layanan``."""
    if _nobody(sample):
        return _("belum ada pengguna layanan")
    if sample["enough"]:
        return _("cukup")
    return _("kurang: {shortfall}").format(shortfall=sample_shortfall(sample))


def sample_shortfall(sample: dict[str, Any]) -> str:
    """``perlu 128 lagi``: how many more respondents the sample needs."""
    return _("perlu {n} lagi").format(n=angka(sample["missing"], 0, lang=language()))


def _nobody(sample: dict[str, Any]) -> bool:
    return sample["population"] == 0 and sample["respondents"] == 0


def sample_text(sample: dict[str, Any]) -> str:
    """``Jumlah responden cukup`` or ``Jumlah responden kurang: perlu 128 lagi``."""
    if _nobody(sample):
        return _("Belum ada pengguna layanan")
    return _("Jumlah responden {verdict}").format(verdict=sample_verdict(sample))


def sample_detail(sample: dict[str, Any]) -> str:
    """``sampel minimal 278 untuk 1.000 pengguna layanan (tabel Krejcie & Morgan)``."""
    lang = language()
    return _("sampel minimal {required} untuk {population} pengguna layanan (tabel Krejcie & Morgan)").format(
        required=angka(sample["required"], 0, lang=lang), population=angka(sample["population"], 0, lang=lang))


def sample_line(sample: dict[str, Any]) -> str:
    """The verdict with the figures behind it, as the command and the reports print it."""
    if _nobody(sample):
        return sample_text(sample)
    return f"{sample_text(sample)}; {sample_detail(sample)}"
