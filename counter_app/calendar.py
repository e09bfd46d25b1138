"""Working-day calendar and deadlines.

Non-working days are weekends (5-day week: Saturday and Sunday; 6-day week: Sunday),
Indonesian national holidays and cuti bersama (the ``holidays`` package, categories
public + government), plus the site's own closures and holidays received from the portal.
Day 0 of a deadline is the day the requirements became complete; the deadline is the N-th
working day after it (N = 0: that day, or the next working day if it is not one).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from .errors import ValidationError
from .events import Event, projection_tables, projector
from .session import Session

DEFAULT_DAYS = 5  # Permenpan RB 93/2021: no completion time set -> at most 5 working days
MAX_DAYS = 365

projection_tables("calendar_days", keys={"calendar_days": "day"})


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """National holidays and cuti bersama of ``year``, named in Indonesian."""
    return dict(
        holidays.country_holidays(
            "ID", categories=("public", "government"), years=year, language="id"
        )
    )


class WorkingCalendar:
    """Which days are working days at one site, for a 5- or 6-day week."""

    def __init__(self, closures: dict[date, str] | None = None, week: int = 5):
        if week not in (5, 6):
            raise ValidationError("week", "hari kerja per minggu harus 5 atau 6")
        self.closures = closures or {}
        self.week = week

    def with_week(self, week: int) -> WorkingCalendar:
        return WorkingCalendar(self.closures, week)

    def reason_closed(self, day: date) -> str | None:
        """Why ``day`` is not a working day, or None if it is one."""
        weekday = day.weekday()
        if weekday == 6 or (weekday == 5 and self.week == 5):
            return "akhir pekan"
        if day in self.closures:
            return self.closures[day]
        return national_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return self.reason_closed(day) is None

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (day 0); ``days == 0``: start itself
        if it is a working day, else the next one."""
        if days < 0 or days > MAX_DAYS:
            raise ValidationError("days", f"jumlah hari kerja harus 0–{MAX_DAYS}")
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
    return WorkingCalendar({date.fromisoformat(r["day"]): r["reason"] for r in rows}, week)


def working_day_deadline(session: Session, start: date, days: int | None, week: int = 5) -> date:
    return site_calendar(session, week).add_working_days(
        start, DEFAULT_DAYS if days is None else days
    )


def close_day(session: Session, day: date, reason: str, kind: str = "closed") -> None:
    """Mark a local closure (or a holiday received from the portal)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", "alasan penutupan wajib diisi")
    if kind not in ("closed", "holiday"):
        raise ValidationError("kind", "harus 'closed' atau 'holiday'")
    with session.transaction():
        session.append(
            "calendar_closed", day.isoformat(), {"day": day.isoformat(), "reason": reason, "kind": kind}
        )


def reopen_day(session: Session, day: date) -> None:
    if not session.store.one("SELECT 1 FROM calendar_days WHERE day = ?", (day.isoformat(),)):
        raise ValidationError("date", f"{day.isoformat()} tidak tercatat sebagai hari tutup")
    with session.transaction():
        session.append("calendar_reopened", day.isoformat(), {"day": day.isoformat()})


def closures(session: Session) -> list[dict]:
    return [dict(r) for r in session.store.query("SELECT * FROM calendar_days ORDER BY day")]


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
