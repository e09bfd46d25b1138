"""Working-day calendar and deadlines.

Non-working days are weekends (5-day week: Saturday and Sunday; 6-day week: Sunday),
Indonesian national holidays and cuti bersama (the ``holidays`` package, categories
public + government), plus the site's own closures and holidays received from the portal.
Day 0 of a deadline is the day the requirements became complete; the deadline is the N-th
working day after it (N = 0: that day, or the next working day if it is not one).

Holidays of the lunar calendars (Idul Fitri, Idul Adha, Waisak, Imlek, ...) are *estimated*
(``perkiraan``) until the government fixes them; a deadline whose count crosses one is
provisional until the site's calendar confirms that day as a holiday or a working day
(``calendar_confirmed``, docs/calendar.md), and is then recomputed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

import holidays
from holidays.constants import HOLIDAY_NAME_DELIMITER

from .errors import ValidationError
from .events import Event, projection_tables, projector
from .i18n import _
from .permissions import require
from .session import Session

DEFAULT_DAYS = 5  # Permenpan RB 93/2021: no completion time set -> at most 5 working days
MAX_DAYS = 365

projection_tables("calendar_days", "calendar_confirmations",
                  keys={"calendar_days": "day", "calendar_confirmations": "day"})
CONFIRM_KINDS = ("holiday", "working")


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """National holidays and cuti bersama of ``year``, named in Indonesian."""
    return dict(
        holidays.country_holidays(
            "ID", categories=("public", "government"), years=year, language="id"
        )
    )


@lru_cache(maxsize=64)
def estimated_holidays(year: int) -> frozenset[date]:
    """The days of ``year`` the ``holidays`` package only estimates (a lunar holiday the
    government has not fixed yet): one of the day's names carries its "estimated" label."""
    calendar = holidays.country_holidays(
        "ID", categories=("public", "government"), years=year, language="id"
    )
    marks = tuple(
        label.replace("%s", "").strip()
        for label in (calendar.estimated_label, calendar.observed_estimated_label)
        if label
    )
    return frozenset(
        day for day, names in calendar.items()
        if any(mark and mark in name for name in names.split(HOLIDAY_NAME_DELIMITER) for mark in marks)
    )


@lru_cache(maxsize=64)
def _names(year: int, lang: str) -> dict[date, str]:
    return dict(holidays.country_holidays("ID", categories=("public", "government"), years=year,
                                          language="en_US" if lang == "en" else "id"))


def holiday_name(day: date | str, lang: str = "id") -> str | None:
    """A national holiday's name in ``lang`` without its "estimated" label: "Hari Raya Idul
    Fitri" ("Eid al-Fitr"), for a screen that says the day is estimated in its own words."""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    name = _names(day.year, lang).get(day)
    if name is None:
        return None
    parts = [re.sub(r"\s*\((?:perkiraan|estimated)\)$", "", part.strip())
             for part in name.split(HOLIDAY_NAME_DELIMITER)]
    return HOLIDAY_NAME_DELIMITER.join(parts)


class WorkingCalendar:
    """Which days are working days at one site, for a 5- or 6-day week.

    ``closures``: the site's closures and the portal's holidays (day → reason).
    ``confirmed``: days the site's calendar has confirmed (day → the holiday's name, or
    None for a working day); they override the national estimate, and are never estimated.
    """

    def __init__(self, closures: dict[date, str] | None = None, week: int = 5,
                 confirmed: dict[date, str | None] | None = None):
        if week not in (5, 6):
            raise ValidationError("week", _("hari kerja per minggu harus 5 atau 6"))
        self.closures = closures or {}
        self.confirmed = confirmed or {}
        self.week = week

    def with_week(self, week: int) -> WorkingCalendar:
        return WorkingCalendar(self.closures, week, self.confirmed)

    def reason_closed(self, day: date) -> str | None:
        """Why ``day`` is not a working day, or None if it is one."""
        weekday = day.weekday()
        if weekday == 6 or (weekday == 5 and self.week == 5):
            return _("akhir pekan")
        if day in self.closures:
            return self.closures[day]
        if day in self.confirmed:
            return self.confirmed[day]
        return national_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return self.reason_closed(day) is None

    def is_estimated(self, day: date) -> bool:
        """``day`` is a national holiday only estimated, and the site has not settled it."""
        return (day not in self.closures and day not in self.confirmed
                and day in estimated_holidays(day.year))

    def estimated_between(self, start: date, end: date, *, include_start: bool = False) -> list[date]:
        """The estimated holidays after ``start`` (or from it) up to and including ``end``."""
        first = start if include_start else start + timedelta(days=1)
        years = range(first.year, end.year + 1)
        return sorted(d for y in years for d in estimated_holidays(y)
                      if first <= d <= end and self.is_estimated(d))

    def deadline(self, start: date, days: int) -> tuple[date, list[date]]:
        """``add_working_days`` and the estimated holidays its count crossed: the deadline is
        provisional while that list is not empty."""
        due = self.add_working_days(start, days)
        return due, self.estimated_between(start, due, include_start=days == 0)

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (day 0); ``days == 0``: start itself
        if it is a working day, else the next one."""
        if days < 0 or days > MAX_DAYS:
            raise ValidationError("days", _("jumlah hari kerja harus 0–{n}").format(n=MAX_DAYS))
        if days == 0:
            return self.next_working_day(start)
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


def site_calendar(session: Session, week: int = 5) -> WorkingCalendar:
    rows = session.store.query("SELECT day, reason FROM calendar_days")
    confirmed = session.store.query("SELECT day, kind, reason FROM calendar_confirmations")
    return WorkingCalendar(
        {date.fromisoformat(r["day"]): r["reason"] for r in rows}, week,
        {date.fromisoformat(r["day"]): (r["reason"] if r["kind"] == "holiday" else None) for r in confirmed},
    )


def working_day_deadline(session: Session, start: date, days: int | None, week: int = 5) -> date:
    return site_calendar(session, week).add_working_days(
        start, DEFAULT_DAYS if days is None else days
    )


def close_day(session: Session, day: date, reason: str, kind: str = "closed") -> None:
    """Mark a local closure (or a holiday received from the portal). A closed day moves
    every legal deadline past it, so it needs ``calendar.manage``."""
    require(session, "calendar.manage")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", _("alasan penutupan wajib diisi"))
    if kind not in ("closed", "holiday"):
        raise ValidationError("kind", _("harus 'closed' atau 'holiday'"))
    with session.transaction():
        session.append(
            "calendar_closed", day.isoformat(), {"day": day.isoformat(), "reason": reason, "kind": kind}
        )


def reopen_day(session: Session, day: date) -> None:
    require(session, "calendar.manage")
    if not session.store.one("SELECT 1 FROM calendar_days WHERE day = ?", (day.isoformat(),)):
        raise ValidationError("date", _("{day} tidak tercatat sebagai hari tutup").format(day=day.isoformat()))
    with session.transaction():
        session.append("calendar_reopened", day.isoformat(), {"day": day.isoformat()})


def closures(session: Session) -> list[dict]:
    return [dict(r) for r in session.store.query("SELECT * FROM calendar_days ORDER BY day")]


def national_name(day: date) -> str | None:
    """The national holiday's name on ``day`` without its "(perkiraan)" label."""
    name = national_holidays(day.year).get(day)
    return name.replace(" (perkiraan)", "") if name else None


def confirm_days(session: Session, entries: list[tuple[date, str, str | None]]) -> dict:
    """Settle estimated days: each ``(day, 'holiday'|'working', name)`` becomes a
    ``calendar_confirmed`` event, then every provisional deadline this device holds is
    recomputed in the same transaction (``registration.recompute_deadlines``)."""
    from .registration import recompute_deadlines  # registration imports this module

    require(session, "calendar.manage")
    errors, clean = [], []
    for day, kind, reason in entries:
        if kind not in CONFIRM_KINDS:
            errors.append(("kind", _("{day}: harus 'holiday' atau 'working'").format(day=day.isoformat())))
            continue
        reason = (reason or "").strip() or (national_name(day) if kind == "holiday" else None)
        if kind == "holiday" and not reason:
            errors.append(("reason", _("{day}: nama hari libur wajib diisi (bukan libur nasional)").format(
                day=day.isoformat())))
            continue
        clean.append({"day": day.isoformat(), "kind": kind, "reason": reason})
    if not clean and not errors:
        errors.append(("date", _("tidak ada tanggal yang dikonfirmasi")))
    if errors:
        raise ValidationError.many(errors)
    at = session.now().isoformat(timespec="seconds")
    with session.transaction():
        written = []
        for item in clean:
            row = session.store.one("SELECT kind, reason FROM calendar_confirmations WHERE day = ?", (item["day"],))
            if row and (row["kind"], row["reason"]) == (item["kind"], item["reason"]):
                continue  # already so: nothing to record
            session.append("calendar_confirmed", item["day"], {**item, "at": at})
            written.append(item)
        changed = recompute_deadlines(session, own_only=False)
    return {"confirmed": written, "recomputed": changed}


def confirmations(session: Session) -> list[dict]:
    return [dict(r) for r in session.store.query(
        "SELECT day, kind, reason, at FROM calendar_confirmations ORDER BY day")]


def estimated_days(session: Session, start: date, end: date) -> list[dict]:
    """Estimated national holidays from ``start`` to ``end`` not yet confirmed here."""
    cal = site_calendar(session)
    return [{"day": d.isoformat(), "name": national_holidays(d.year)[d]}
            for d in cal.estimated_between(start, end, include_start=True)]


@projector("calendar_closed")
def _project_closed(conn, event: Event) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO calendar_days (day, kind, reason) VALUES (?, ?, ?)"
        " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, reason = excluded.reason",
        (p["day"], p.get("kind", "closed"), p["reason"]),
    )


@projector("calendar_reopened")
def _project_reopened(conn, event: Event) -> None:
    conn.execute("DELETE FROM calendar_days WHERE day = ?", (event.payload["day"],))


@projector("calendar_confirmed")
def _project_confirmed(conn, event: Event) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO calendar_confirmations (day, kind, reason, at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, at = excluded.at",
        (p["day"], p["kind"], p.get("reason"), p["at"]),
    )
