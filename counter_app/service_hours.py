"""Service hours (jam layanan): when a service takes new queue tickets, its breaks, and the
working time between two instants that waiting-time figures count.

The catalogue carries the hours (docs/catalog.md): opening and closing per weekday, breaks
(the Friday prayer break, salat Jumat 11.30–13.00, unless the catalogue says otherwise) and a
cut-off, the minutes before closing after which no new ticket is issued. Calling and serving
tickets already issued is never restricted: the hall is served to the end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from babel.dates import format_date

from .errors import StateError
from .formatting import LOCALES, tanggal
from .i18n import _, language

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")  # date.weekday() order
KEYS = ("days", "breaks", "cutoff_minutes")
MAX_CUTOFF = 240
_TIME = re.compile(r"^([01]?\d|2[0-3])[.:]([0-5]\d)$")
_SPAN = re.compile(r"^\s*(\S+)\s*[-–—]\s*(\S+)\s*$")
CLOSED_WORDS = ("", "tutup", "libur", "closed")


def hhmm(value: time, lang: str | None = None) -> str:
    """``13.00`` (Indonesian) or ``13:00``."""
    sep = ":" if (lang or language()) == "en" else "."
    return f"{value.hour:02d}{sep}{value.minute:02d}"


def _weekday_name(day: date) -> str:
    return format_date(day, "EEEE", locale=LOCALES.get(language(), "id_ID"))


@dataclass(frozen=True)
class Break:
    """A break on some weekdays (0 = Monday), ``start`` inclusive, ``end`` exclusive."""

    days: tuple[int, ...]
    start: time
    end: time
    name: str = ""

    def label(self) -> str:
        """What the hall display shows: ``Istirahat salat Jumat 11.30–13.00``."""
        span = f"{hhmm(self.start)}–{hhmm(self.end)}"
        if self.name:
            return _("Istirahat {name} {span}").format(name=self.name, span=span)
        return _("Istirahat {span}").format(span=span)

    def as_data(self) -> dict[str, Any]:
        return {"days": [WEEKDAYS[d] for d in self.days], "from": hhmm(self.start, "id"),
                "to": hhmm(self.end, "id"), "name": self.name}


FRIDAY_PRAYER = Break((4,), time(11, 30), time(13, 0), "salat Jumat")


@dataclass(frozen=True)
class Hours:
    """One service's week: ``days[weekday]`` is (opening, closing) or None when closed."""

    days: tuple[tuple[time, time] | None, ...]
    breaks: tuple[Break, ...] = (FRIDAY_PRAYER,)
    cutoff_minutes: int = 0

    def span(self, day: date) -> tuple[time, time] | None:
        return self.days[day.weekday()]

    def breaks_on(self, day: date) -> list[Break]:
        """The break periods of ``day``, in time order (within its opening hours or not)."""
        if self.span(day) is None:
            return []
        return sorted((b for b in self.breaks if day.weekday() in b.days), key=lambda b: b.start)

    def as_data(self) -> dict[str, Any]:
        return {
            "days": {WEEKDAYS[i]: f"{hhmm(s[0], 'id')}-{hhmm(s[1], 'id')}"
                     for i, s in enumerate(self.days) if s is not None},
            "breaks": [b.as_data() for b in self.breaks],
            "cutoff_minutes": self.cutoff_minutes,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Hours:
        """From the normalised form :func:`check_hours` returns (as the catalogue stores it)."""
        days: list[tuple[time, time] | None] = [None] * 7
        for name, text in data.get("days", {}).items():
            opening, closing = _SPAN.match(text).groups()
            days[WEEKDAYS.index(name)] = (_time(opening), _time(closing))
        breaks = tuple(
            Break(tuple(WEEKDAYS.index(d) for d in b["days"]), _time(b["from"]), _time(b["to"]), b.get("name", ""))
            for b in data.get("breaks", ()))
        return cls(tuple(days), breaks, int(data.get("cutoff_minutes", 0)))


def _time(text: str) -> time:
    match = _TIME.match(text.strip())
    return time(int(match.group(1)), int(match.group(2)))


def _parse_time(text: Any) -> time | None:
    if not isinstance(text, str) or not _TIME.match(text.strip()):
        return None
    return _time(text)


# ------------------------------------------------------------------ the catalogue's block
def merge(gerai: Mapping[str, Any] | None, own: Any) -> Any:
    """A service's hours: the gerai's block, each key the service states replacing the
    gerai's (``{"cutoff_minutes": 60}`` keeps the gerai's days and breaks)."""
    if isinstance(own, str):
        own = _json(own)
    if gerai is None:
        return own
    if own is None:
        return dict(gerai)
    if not isinstance(own, Mapping):
        return own  # check_hours names the field and says what is wrong
    return {**gerai, **own}


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text  # check_hours names the field and says it is not an object


def check_hours(value: Any, bad: Callable[[str, str], None], where: str = "hours") -> dict[str, Any] | None:
    """Validate an ``hours`` block and return its normalised form (None when it is wrong,
    after naming each wrong field through ``bad(field, message)``)."""
    if isinstance(value, str):  # a CSV cell holds it as JSON
        value = _json(value)
    if not isinstance(value, Mapping):
        bad(where, _('harus objek dengan "days" (hari → jam buka), "breaks" dan "cutoff_minutes"'))
        return None
    errors: list[str] = []

    def fail(field: str, message: str) -> None:
        errors.append(field)
        bad(field, message)

    for key in value:
        if key not in KEYS:
            fail(f"{where}.{key}", _("kunci tidak dikenal (pilihan: {keys})").format(keys=", ".join(KEYS)))
    days = value.get("days", {})
    spans: dict[str, str] = {}
    if not isinstance(days, Mapping):
        fail(f"{where}.days", _("harus objek: hari → jam buka, mis. {example}").format(
            example='{"senin": "08.00-16.00"}'))
        days = {}
    for name, text in days.items():
        field = f"{where}.days.{name}"
        if name not in WEEKDAYS:
            fail(field, _("hari tidak dikenal (pilihan: {days})").format(days=", ".join(WEEKDAYS)))
            continue
        if text is None or (isinstance(text, str) and text.strip().lower() in CLOSED_WORDS):
            continue  # closed that day
        match = _SPAN.match(text) if isinstance(text, str) else None
        opening, closing = (_parse_time(match.group(1)), _parse_time(match.group(2))) if match else (None, None)
        if opening is None or closing is None:
            fail(field, _("'{text}' bukan rentang jam (contoh: 08.00-16.00, atau \"tutup\")").format(text=text))
        elif closing <= opening:
            fail(field, _("jam tutup {close} harus sesudah jam buka {open}").format(
                close=hhmm(closing), open=hhmm(opening)))
        else:
            spans[name] = f"{hhmm(opening, 'id')}-{hhmm(closing, 'id')}"
    breaks = value.get("breaks", [FRIDAY_PRAYER.as_data()])
    checked = []
    if not isinstance(breaks, list):
        fail(f"{where}.breaks", _("harus daftar istirahat, mis. {example}").format(
            example='[{"days": ["jumat"], "from": "11.30", "to": "13.00", "name": "salat Jumat"}]'))
        breaks = []
    for i, item in enumerate(breaks, 1):
        field = f"{where}.breaks.{i}"
        if not isinstance(item, Mapping):
            fail(field, _('harus objek dengan "days", "from", "to" dan "name"'))
            continue
        on = item.get("days", [])
        on = [on] if isinstance(on, str) else on
        if not isinstance(on, list) or not on or any(d not in WEEKDAYS for d in on):
            fail(f"{field}.days", _("harus daftar hari (pilihan: {days})").format(days=", ".join(WEEKDAYS)))
        start, end = _parse_time(item.get("from")), _parse_time(item.get("to"))
        for key, parsed in (("from", start), ("to", end)):
            if parsed is None:
                fail(f"{field}.{key}", _("'{text}' bukan jam (contoh: 11.30)").format(text=item.get(key, "")))
        if start and end and end <= start:
            fail(f"{field}.to", _("akhir istirahat {end} harus sesudah awalnya {start}").format(
                end=hhmm(end), start=hhmm(start)))
        name = item.get("name", "")
        if not isinstance(name, str) or len(name) > 60:
            fail(f"{field}.name", _("harus teks, maksimal 60 karakter"))
            name = ""
        if start and end and isinstance(on, list):
            checked.append({"days": [d for d in WEEKDAYS if d in on], "from": hhmm(start, "id"),
                            "to": hhmm(end, "id"), "name": name.strip()})
    cutoff = value.get("cutoff_minutes", 0)
    if isinstance(cutoff, str) and cutoff.strip().isdigit():
        cutoff = int(cutoff)
    if isinstance(cutoff, bool) or not isinstance(cutoff, int) or not 0 <= cutoff <= MAX_CUTOFF:
        fail(f"{where}.cutoff_minutes", _("harus bilangan bulat 0–{max} (menit sebelum tutup), bukan '{value}'")
             .format(max=MAX_CUTOFF, value=cutoff))
    if errors:
        return None
    return {"days": spans, "breaks": checked, "cutoff_minutes": cutoff}


# ------------------------------------------------------------------ open or not
@dataclass(frozen=True)
class Availability:
    """Whether a service takes new tickets at one instant, and if not why and until when.

    ``reason``: ``""`` (open), ``break``, ``cutoff``, ``before_open``, ``after_close``,
    or ``closed_day``; ``reopens`` is None when no opening is in sight."""

    open: bool
    reason: str = ""
    message: str = ""
    reopens: datetime | None = None
    closes: time | None = None
    break_: Break | None = None


OPEN = Availability(True)


def _at(day: date, when: time, tz: tzinfo | None) -> datetime:
    return datetime.combine(day, when, tzinfo=tz)


def _break_at(hours: Hours, moment: datetime) -> tuple[Break | None, time]:
    """The break covering ``moment`` (breaks that touch are followed to the last one's end)."""
    found, end = None, moment.time()
    for item in hours.breaks_on(moment.date()):
        if item.start <= end < item.end:
            found, end = found or item, item.end
    return found, end


def next_opening(hours: Hours, after: date, tz: tzinfo | None) -> datetime | None:
    """The first opening on a day after ``after`` (the weekly hours; a holiday closure is the
    calendar's, counter_app.calendar)."""
    for n in range(1, 8):
        day = after + timedelta(days=n)
        span = hours.span(day)
        if span is not None:
            return _at(day, span[0], tz)
    return None


def when_text(reopens: datetime | None, now: datetime) -> str:
    """``13.00`` later today, ``Senin, 7 Desember 2026 08.00`` on another day."""
    if reopens is None:
        return _("belum ada jadwal")
    if reopens.date() == now.date():
        return hhmm(reopens.time())
    return f"{tanggal(reopens.date(), language())} {hhmm(reopens.time())}"


def availability(hours: Hours | None, now: datetime, service: str = "") -> Availability:
    """Whether ``service`` (its name, for the message) takes a new ticket at ``now`` (local
    time of the site). No hours: always open."""
    if hours is None:
        return OPEN
    day, moment = now.date(), now.time()
    tz = now.tzinfo
    span = hours.span(day)
    if span is None:
        reopens = next_opening(hours, day, tz)
        when = when_text(reopens, now)
        return Availability(False, "closed_day", _("Layanan {service} tutup hari {weekday}; buka kembali {when}")
                            .format(service=service, weekday=_weekday_name(day), when=when), reopens)
    opening, closing = span
    if moment < opening:
        reopens = _at(day, opening, tz)
        return Availability(False, "before_open", _("Layanan {service} belum buka; buka pukul {time}")
                            .format(service=service, time=hhmm(opening)), reopens, closing)
    if moment >= closing:
        reopens = next_opening(hours, day, tz)
        return Availability(False, "after_close", _("Layanan {service} sudah tutup ({close}); buka kembali {when}")
                            .format(service=service, close=hhmm(closing), when=when_text(reopens, now)),
                            reopens, closing)
    cutoff_at = (datetime.combine(day, closing) - timedelta(minutes=hours.cutoff_minutes)).time()
    in_break, break_end = _break_at(hours, now)
    if in_break is not None:
        # a break running into the cut-off or the closing ends the day's tickets
        reopens = _at(day, break_end, tz) if break_end < cutoff_at else next_opening(hours, day, tz)
        text = (_("Loket {service} tutup untuk istirahat {name}, buka kembali {time}") if in_break.name
                else _("Loket {service} tutup untuk istirahat, buka kembali {time}"))
        return Availability(False, "break", text.format(service=service, name=in_break.name,
                                                          time=when_text(reopens, now)), reopens, closing, in_break)
    if moment >= cutoff_at:
        reopens = next_opening(hours, day, tz)
        return Availability(False, "cutoff", _(
            "Pengambilan nomor antrean untuk {service} ditutup {minutes} menit sebelum layanan tutup ({close});"
            " buka kembali {when}").format(service=service, minutes=hours.cutoff_minutes, close=hhmm(closing),
                                           when=when_text(reopens, now)), reopens, closing)
    return Availability(True, closes=closing)


def current_break(hours: Hours | None, now: datetime) -> Break | None:
    """The break in force at ``now`` during the day's opening hours (for the hall banner)."""
    if hours is None or hours.span(now.date()) is None:
        return None
    opening, closing = hours.span(now.date())
    if not opening <= now.time() < closing:
        return None
    return _break_at(hours, now)[0]


# ------------------------------------------------------------------ working time
@lru_cache(maxsize=512)
def open_periods(hours: Hours, weekday: int) -> tuple[tuple[time, time], ...]:
    """The opening hours of a weekday with its breaks taken out, in time order."""
    span = hours.days[weekday]
    if span is None:
        return ()
    periods = [span]
    for item in sorted((b for b in hours.breaks if weekday in b.days), key=lambda b: b.start):
        out = []
        for start, end in periods:
            if item.end <= start or item.start >= end:
                out.append((start, end))
                continue
            if start < item.start:
                out.append((start, item.start))
            if item.end < end:
                out.append((item.end, end))
        periods = out
    return tuple(periods)


def working_seconds(hours: Hours | None, start: datetime, end: datetime, tz: tzinfo | None = None) -> float:
    """Seconds between ``start`` and ``end`` that fall in opening hours, breaks and closed
    time left out (plain elapsed seconds when there are no hours; 0 when end <= start)."""
    if end <= start:
        return 0.0
    if hours is None:
        return (end - start).total_seconds()
    tz = tz or start.tzinfo
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    total = 0.0
    day = local_start.date()
    while day <= local_end.date():
        for a, b in open_periods(hours, day.weekday()):
            lo = max(_at(day, a, tz), local_start)
            hi = min(_at(day, b, tz), local_end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return total


# ------------------------------------------------------------------ the site's services
class ServiceClosed(StateError):
    """A new ticket refused outside the service's hours; ``availability`` says why and when
    it opens again."""

    def __init__(self, found: Availability):
        self.availability = found
        super().__init__(found.message)

    def __reduce__(self):  # picklable like any exception (a worker pool hands it back)
        return ServiceClosed, (self.availability,)


def service_availability(session, service, now: datetime | None = None) -> Availability:
    """Whether the catalogue's ``service`` takes a new ticket now (the session's clock)."""
    hours = service.hours
    if hours is None:
        return OPEN
    return availability(hours, now or session.now(), service.name)


def require_open(session, service, now: datetime | None = None) -> None:
    """Refuse a new ticket outside the hours, in a break or after the cut-off."""
    found = service_availability(session, service, now)
    if not found.open:
        raise ServiceClosed(found)
