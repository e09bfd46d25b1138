"""The one clock the core reads, and the hybrid logical clock that orders events.

``LOKET_NOW`` (ISO 8601, e.g. ``2026-03-16T08:00:00+07:00``) fixes the time for tests
and demos. Paper-form dates being transcribed are separate, recorded fields.
"""

from __future__ import annotations

import os
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Jakarta")


def now(tz: ZoneInfo = DEFAULT_TZ) -> datetime:
    """Current time as an aware datetime in ``tz`` (WIB by default)."""
    fixed = os.environ.get("LOKET_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed)
        if value.tzinfo is None:
            value = value.replace(tzinfo=tz)
        return value.astimezone(tz)
    return datetime.now(tz)


def today(tz: ZoneInfo = DEFAULT_TZ) -> date:
    return now(tz).date()


def iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def parse_date(text: str, field: str = "tanggal") -> date:
    from .errors import ValidationError
    from .i18n import _

    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValidationError(field, _("'{text}' bukan tanggal yang sah (format YYYY-MM-DD)").format(
            text=text)) from None


class HybridClock:
    """Hybrid logical clock: (physical ms, counter), monotonic even when the wall clock steps back.

    Timestamps are rendered as fixed-width strings so they sort correctly as text, and
    ``observe`` folds in remote timestamps so causally later events always sort later.
    """

    def __init__(self, last: str | None = None):
        self._lock = threading.Lock()
        self._ms, self._counter = parse_hlc(last) if last else (0, 0)

    def tick(self) -> str:
        with self._lock:
            wall = int(now().timestamp() * 1000)
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._counter += 1
            return format_hlc(self._ms, self._counter)

    def observe(self, remote: str) -> None:
        with self._lock:
            ms, counter = parse_hlc(remote)
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter


def format_hlc(ms: int, counter: int) -> str:
    return f"{ms:015d}-{counter:05d}"


def parse_hlc(text: str) -> tuple[int, int]:
    ms, counter = text.split("-", 1)
    return int(ms), int(counter)


def hlc_datetime(text: str, tz: ZoneInfo = DEFAULT_TZ) -> datetime:
    ms, _ = parse_hlc(text)
    return datetime.fromtimestamp(ms / 1000, tz)

