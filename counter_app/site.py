"""Site and device identity, tier and the site's settings (priority ratio, tolerances, ...)."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from . import clock
from .errors import ValidationError
from .events import Event, order_key, projection_tables, projector
from .i18n import _
from .permissions import require
from .session import Session

TIERS = ("manual", "2.0", "2.1", "2.2")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,23}$")
DEVICE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,11}$")
# Ticket number series of a device (docs/queue-numbering.md): up to 1,000 devices per site,
# so a number has at most six digits (A-999999) and still fits a 58 mm ticket in large type.
MAX_SERIES = 999

# Settings a site may change; each value is validated by its type.
DEFAULT_SETTINGS: dict[str, Any] = {
    "priority_ratio": 3,          # 1 priority ticket for every N normal ones
    "max_wait_minutes": 60,       # a normal ticket waiting this long is called first
    "restore_tolerance_minutes": 30,  # skipped/no-show tickets restorable within this
    "ticket_footer": "Terima kasih. Simpan tiket ini sampai layanan selesai.",
    "complaint_response_days": 5,
    "login_max_failures": 5, "login_lock_minutes": 15, "backup_keep_days": 14, "skm_weights": {},  # accounts, daily backups, SKM weights ({} = exact 1/9)
    "report_targets": {},         # metric key -> daily target (reports: Target/Realisasi/Gap)
    "printer": "",                # ESC/POS printer spec (dummy, file:, usb:, serial:, net:, cups:); "printer@<DEVICE>" overrides per device
    "print_timeout_seconds": 8,   # a print blocks its caller at most this long, then fails over
    "printer_width": 80,          # thermal paper width in mm (58 or 80); "printer_width@<DEVICE>" overrides
    "sync_interval_seconds": 60,  # the desktop app runs one background sync round this often while online
    "retention_days": 365,        # personal data erased this many days after a record is finished (erasure.py)
}

projection_tables("site", "settings", keys={"settings": "key"})


@dataclass(frozen=True)
class SiteInfo:
    code: str
    name: str
    tier: str
    timezone: str
    device_id: str
    device_code: str
    series: int

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def init_site(
    session: Session,
    *,
    site_code: str | None,
    site_name: str | None,
    device_code: str | None = None,
    tier: str | None = None,
    series: int | None = None,
    timezone: str | None = None,
) -> SiteInfo:
    """Create or update the site and this device; idempotent (same input, no new event)."""
    store = session.store
    current = store.one("SELECT * FROM site")
    device = store.one("SELECT * FROM device")
    site_code = (site_code or (current["code"] if current else "MPP")).strip().upper()
    site_name = (site_name or (current["name"] if current else "Mal Pelayanan Publik")).strip()
    tier = tier or (current["tier"] if current else "manual")
    timezone = timezone or (current["timezone"] if current else "Asia/Jakarta")
    device_code = (device_code or (device["device_code"] if device else "K1")).strip().upper()
    series = series if series is not None else (device["series"] if device else 0)

    errors = []
    if not CODE_RE.match(site_code):
        errors.append(("site_code", _("2–24 huruf besar/angka/-/_, mis. MPP-BDG")))
    if not site_name:
        errors.append(("site_name", _("wajib diisi")))
    if tier not in TIERS:
        errors.append(("tier", _("harus salah satu dari {choices}").format(choices=", ".join(TIERS))))
    if not DEVICE_RE.match(device_code):
        errors.append(("device_code", _("1–12 huruf besar/angka, mis. K1 atau SAT2")))
    if isinstance(series, bool) or not isinstance(series, int) or not 0 <= series <= MAX_SERIES:
        errors.append(("series", _("seri nomor antrean perangkat harus bilangan bulat 0–{high}, bukan {value}")
                       .format(high=MAX_SERIES, value=repr(series))))
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(timezone)
    except Exception:
        errors.append(("timezone", _("zona waktu '{zone}' tidak dikenal").format(zone=timezone)))
    if errors:
        raise ValidationError.many(errors)

    wanted = {"code": site_code, "name": site_name, "tier": tier, "timezone": timezone}
    site_changes = current is None or {k: current[k] for k in wanted} != wanted
    device_changes = device is not None and (device["device_code"], device["series"]) != (device_code, series)
    if device is not None and (site_changes or device_changes):
        # The first set-up is free (nobody has an account yet); changing a set-up site moves
        # every device's numbering and deadlines, so it is the admin's.
        require(session, "site.configure")
    with session.transaction():
        if device is None:
            store.conn.execute(
                "INSERT INTO device (singleton, device_id, device_code, series, created_at)"
                " VALUES (1, ?, ?, ?, ?)",
                (str(uuid.uuid4()), device_code, series, clock.iso(clock.now())),
            )
        elif device_changes:
            store.conn.execute(
                "UPDATE device SET device_code = ?, series = ?", (device_code, series)
            )
        if site_changes:
            session.append("site_configured", site_code, wanted)
    return site_info(session)


@projector("site_configured", refold=False)  # last writer wins by order key
def _project_site(conn, event: Event) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO site (singleton, code, name, tier, timezone, updated_at, order_key)"
        " VALUES (1, :code, :name, :tier, :timezone, :at, :key) ON CONFLICT (singleton) DO UPDATE SET"
        " code = :code, name = :name, tier = :tier, timezone = :timezone, updated_at = :at,"
        " order_key = :key WHERE site.order_key < :key",
        {**p, "at": event.recorded_at, "key": order_key(event)},
    )


def site_info(session: Session) -> SiteInfo:
    return session.store.cached("site_info", lambda: _read_site_info(session))


def _read_site_info(session: Session) -> SiteInfo:
    site = session.store.one("SELECT * FROM site")
    device = session.store.one("SELECT * FROM device")
    if site is None or device is None:
        from .errors import LoketError

        raise LoketError(_("database belum diinisialisasi: jalankan 'loket init'"))
    return SiteInfo(
        code=site["code"], name=site["name"], tier=site["tier"], timezone=site["timezone"],
        device_id=device["device_id"], device_code=device["device_code"], series=device["series"],
    )


def get_setting(session: Session, key: str) -> Any:
    text = session.store.cached(("setting", key), lambda: session.store.scalar(
        "SELECT value FROM settings WHERE key = ?", (key,)))
    if text is not None:
        return json.loads(text)  # parsed each time: a list or dict handed out stays the caller's
    if key not in DEFAULT_SETTINGS:
        raise KeyError(key)
    return DEFAULT_SETTINGS[key]


# Settings an officer may set for the device in front of them ("<key>@<DEVICE>"); every
# other setting, and these for the whole site or for another device, is a supervisor's.
DEVICE_SETTINGS = ("printer", "printer_width")


def setting_permission(session: Session, key: str) -> str:
    """The permission changing ``key`` needs (see counter_app/permissions.py)."""
    base, _sep, device = key.partition("@")
    if device and base in DEVICE_SETTINGS and device == site_info(session).device_code:
        return "device.printer"
    return "settings.manage"


def set_setting(session: Session, key: str, value: Any) -> None:
    """Change a site setting (recorded as an event, so it syncs and is audited)."""
    require(session, setting_permission(session, key))
    default = DEFAULT_SETTINGS.get(key)
    if key in DEFAULT_SETTINGS and not isinstance(value, type(default)):
        raise ValidationError(key, _("harus bertipe {type}").format(type=type(default).__name__))
    if isinstance(default, int) and value < 0:
        raise ValidationError(key, _("tidak boleh negatif"))
    with session.transaction():
        session.append("setting_changed", key, {"key": key, "value": value})


@projector("setting_changed")
def _project_setting(conn, event: Event) -> None:
    conn.execute(
        "INSERT INTO settings (key, value, updated_at, order_key) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,"
        " order_key = excluded.order_key WHERE settings.order_key < excluded.order_key",
        (event.payload["key"], json.dumps(event.payload["value"]), event.recorded_at, order_key(event)),
    )
