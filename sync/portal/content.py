"""What the portal authors: catalogue and holiday imports, online bookings, online SKM,
back-office status changes, and the public status lookup.

Each is validated with the core's own rules (NIK, phone, catalogue rows, working days) and
recorded as an event of the site's portal chain, which counters pull and apply.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from counter_app import clock
from counter_app.calendar import WorkingCalendar
from counter_app.catalog import Service, parse_file, validate_row
from counter_app.errors import ValidationError
from counter_app.formatting import tanggal
from counter_app.registration import STATUSES, TRANSITIONS
from counter_app.skm import questionnaire
from counter_app.validation import validate_nik, validate_phone

from .db import Database, Tx
from .projections import birth_matches
from .service import PortalError, append_portal_event, get_site

BOOKING_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B, 2/Z)
BOOKING_DAYS_AHEAD = 30
SKM_ELEMENTS = tuple(f"U{i}" for i in range(1, 10))
_PROFILE = questionnaire()["profile"]  # the same options as the counter's paper form
EDUCATION = tuple(_PROFILE["education"]["options"])
OCCUPATION = tuple(_PROFILE["occupation"]["options"])


def _sites(tx: Tx, site: str | None) -> list[str]:
    if site:
        return [get_site(tx, site)["code"]]
    return [r["code"] for r in tx.all("SELECT code FROM sites ORDER BY code")]


# --------------------------------------------------------------- catalogue and calendar
def import_catalog(db: Database, path: Path | str, site: str | None = None) -> dict[str, Any]:
    """Validate every row (all or nothing), then define new/changed services for each site."""
    rows = parse_file(Path(path))
    errors, cleaned = [], []
    for number, raw in enumerate(rows, start=1):
        data, row_errors = validate_row(raw, number)
        errors.extend(row_errors)
        if data:
            cleaned.append(Service.from_data(data).as_dict())
    if not rows:
        errors.append(("file", "tidak ada layanan di berkas"))
    if errors:
        raise ValidationError.many(errors)
    result: dict[str, Any] = {}
    with db.transaction() as tx:
        for code in _sites(tx, site):
            changed = 0
            for service in cleaned:
                row = tx.one("SELECT version, data FROM services WHERE site_code = ? AND code = ?",
                             (code, service["code"]))
                if row and json.loads(row["data"]) == service:
                    continue
                version = int(row["version"]) + 1 if row else 1
                append_portal_event(tx, code, "service_defined", service["code"],
                                    {"version": version, "service": service})
                changed += 1
            result[code] = changed
    return {"defined": result}


def parse_calendar(path: Path | str) -> list[tuple[str, str]]:
    """Holidays as (YYYY-MM-DD, reason) from JSON ``[{"date", "reason"}]`` or CSV date,reason.

    A row with ``"kind": "working"`` (CSV column ``kind``) says a day the national calendar
    only estimated as a holiday is a working day after all; its reason is optional and it
    comes back as (day, "") (docs/calendar.md)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        raw = list(csv.DictReader(io.StringIO(text)))
    else:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError("file", f"JSON tidak sah di baris {exc.lineno}: {exc.msg}") from None
    if not isinstance(raw, list) or not raw:
        raise ValidationError("file", "harus daftar hari libur [{\"date\": ..., \"reason\": ...}]")
    errors, days = [], []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            errors.append((f"baris {n}", "harus objek {date, reason}"))
            continue
        reason = str(item.get("reason") or "").strip()
        kind = str(item.get("kind") or "holiday").strip().lower()
        try:
            day = clock.parse_date(str(item.get("date", "")), f"baris {n}: date")
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        if kind not in ("holiday", "working"):
            errors.append((f"baris {n}: kind", "harus 'holiday' (libur) atau 'working' (hari kerja)"))
            continue
        if kind == "working":
            days.append((day.isoformat(), ""))
            continue
        if not reason:
            errors.append((f"baris {n}: reason", "keterangan libur wajib diisi"))
            continue
        days.append((day.isoformat(), reason))
    if errors:
        raise ValidationError.many(errors)
    return days


def import_calendar(db: Database, path: Path | str, site: str | None = None) -> dict[str, Any]:
    days = parse_calendar(path)
    result: dict[str, Any] = {}
    with db.transaction() as tx:
        for code in _sites(tx, site):
            added = 0
            for day, reason in days:
                row = tx.one("SELECT reason FROM holidays WHERE site_code = ? AND day = ?", (code, day))
                if not reason:  # an estimated holiday confirmed a working day: counters recompute
                    if not _confirmed_working(tx, code, day):
                        if row:  # imported as a holiday before: a closure would still win
                            append_portal_event(tx, code, "calendar_reopened", day, {"day": day})
                        append_portal_event(tx, code, "calendar_confirmed", day,
                                            {"day": day, "kind": "working", "reason": None,
                                             "at": clock.iso(clock.now())})
                        added += 1
                    continue
                if row and row["reason"] == reason:
                    continue
                # the official list: on a counter a closed day is never an estimate any more
                append_portal_event(tx, code, "calendar_closed", day, {"day": day, "reason": reason, "kind": "holiday"})
                added += 1
            result[code] = added
    return {"holidays": result}


def _confirmed_working(tx: Tx, site: str, day: str) -> bool:
    """The newest calendar event the portal made for ``day`` already says 'working day'."""
    row = tx.one("SELECT type, payload FROM events WHERE site_code = ? AND entity_id = ?"
                 " AND type IN ('calendar_closed', 'calendar_confirmed', 'calendar_reopened')"
                 " ORDER BY hlc DESC LIMIT 1", (site, day))
    return bool(row) and row["type"] == "calendar_confirmed" and json.loads(row["payload"])["kind"] == "working"


def site_services(db: Database, site: str, channel: str | None = "online") -> list[dict[str, Any]]:
    with db.read() as tx:
        rows = tx.all("SELECT data FROM services WHERE site_code = ? ORDER BY code", (site,))
    services = [json.loads(r["data"]) for r in rows]
    return [s for s in services if channel is None or channel in s.get("channels", [])]


def site_calendar(tx: Tx, site: str, week: int) -> WorkingCalendar:
    """The site's working days as its counters see them: its holidays and closures, and the
    estimated national holidays it has settled (a confirmed working day takes bookings)."""
    rows = tx.all("SELECT day, reason FROM holidays WHERE site_code = ?", (site,))
    settled = tx.all("SELECT day, kind, reason FROM calendar_confirmations WHERE site_code = ?", (site,))
    return WorkingCalendar({date.fromisoformat(r["day"]): r["reason"] for r in rows}, week,
                           {date.fromisoformat(r["day"]): (r["reason"] if r["kind"] == "holiday" else None)
                            for r in settled})


def closed_days_ahead(db: Database, site: str, week: int = 5) -> list[dict[str, Any]]:
    """The days from today to the end of the booking window that take no bookings, with why;
    ``estimated`` marks a national holiday the government has not fixed yet."""
    today = clock.today()
    with db.read() as tx:
        calendar = site_calendar(tx, site, week)
    days = []
    for n in range(BOOKING_DAYS_AHEAD + 1):
        day = today + timedelta(days=n)
        reason = calendar.reason_closed(day)
        if reason and day.weekday() < 5:  # weekends go without saying
            days.append({"day": day.isoformat(), "label": tanggal(day), "reason": reason,
                         "estimated": calendar.is_estimated(day)})
    return days


# --------------------------------------------------------------- bookings
def create_booking(db: Database, form: dict[str, str]) -> dict[str, Any]:
    """An online registration: validated like the counter form, answered with a booking code."""
    errors: list[tuple[str, str]] = []
    f = {k: (v or "").strip() for k, v in form.items()}
    today = clock.today()
    with db.transaction() as tx:
        try:
            site = get_site(tx, f.get("site", ""))["code"]
        except PortalError as exc:
            raise ValidationError("site", str(exc)) from None
        row = tx.one("SELECT data FROM services WHERE site_code = ? AND code = ?", (site, f.get("service", "").upper()))
        service = json.loads(row["data"]) if row else None
        if service is None or "online" not in service.get("channels", []):
            errors.append(("service", "pilih layanan yang bisa didaftarkan secara daring"))
        day = None
        try:
            day = clock.parse_date(f.get("date", ""), "date")
        except ValidationError as exc:
            errors.extend(exc.errors)
        if day is not None:
            calendar = site_calendar(tx, site, service["week"] if service else 5)
            reason = calendar.reason_closed(day)
            if day < today or day > today + timedelta(days=BOOKING_DAYS_AHEAD):
                errors.append(("date", f"tanggal kedatangan harus antara hari ini dan {BOOKING_DAYS_AHEAD} hari ke depan"))
            elif reason and calendar.is_estimated(day):
                name = reason.replace(" (perkiraan)", "")
                errors.append(("date", f"{tanggal(day)} diperkirakan libur ({name}); tanggalnya belum "
                                       "ditetapkan pemerintah, jadi pilih hari lain"))
            elif reason:
                errors.append(("date", f"{tanggal(day)} bukan hari kerja ({reason})"))
        if not f.get("name"):
            errors.append(("name", "Nama pemohon wajib diisi"))
        sex = f.get("sex", "").upper() or None
        if sex not in (None, "L", "P"):
            errors.append(("sex", "jenis kelamin harus L atau P"))
            sex = None
        birth = None
        if f.get("birth_date"):
            try:
                birth = clock.parse_date(f["birth_date"], "birth_date")
            except ValidationError as exc:
                errors.extend(exc.errors)
        nik = phone = None
        try:
            nik = validate_nik(f.get("nik", ""), sex=sex, birth_date=birth)
        except ValidationError as exc:
            errors.extend(exc.errors)
        if f.get("phone"):
            try:
                phone = validate_phone(f["phone"])
            except ValidationError as exc:
                errors.extend(exc.errors)
        if errors:
            raise ValidationError.many(errors)
        code = _new_code(tx)
        payload = {
            "code": code, "service": service["code"], "date": day.isoformat(), "name": f["name"][:120],
            "nik": nik, "sex": sex, "birth_date": birth.isoformat() if birth else None,
            "birth_place": f.get("birth_place") or None, "address": f.get("address") or None, "phone": phone,
            "at": clock.iso(clock.now()),
        }
        append_portal_event(tx, site, "booking_created", code, payload)
    return {**payload, "site": site, "service_name": service["name"]}


def _new_code(tx: Tx) -> str:
    while True:
        raw = "".join(secrets.choice(BOOKING_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if tx.one("SELECT 1 AS x FROM bookings WHERE code = ?", (code,)) is None:
            return code


# --------------------------------------------------------------- SKM and status
def record_skm(db: Database, form: dict[str, str]) -> dict[str, Any]:
    """An online SKM response (Permenpan RB 14/2017, nine elements scored 1–4)."""
    f = {k: (v or "").strip() for k, v in form.items()}
    errors: list[tuple[str, str]] = []
    scores: dict[str, int | None] = {}
    for element in SKM_ELEMENTS:
        value = f.get(element, "")
        if value in ("", "-"):
            scores[element] = None
        elif value in ("1", "2", "3", "4"):
            scores[element] = int(value)
        else:
            errors.append((element, "nilai harus 1, 2, 3 atau 4"))
    if not errors and all(v is None for v in scores.values()):
        errors.append(("scores", "isi paling sedikit satu unsur penilaian"))
    profile: dict[str, Any] = {"age": None, "sex": f.get("sex") or None, "education": f.get("education") or None,
                               "occupation": f.get("occupation") or None}
    if f.get("age"):
        if f["age"].isdigit() and 10 <= int(f["age"]) <= 120:
            profile["age"] = int(f["age"])
        else:
            errors.append(("age", "umur harus angka 10–120"))
    for key, allowed in (("sex", ("L", "P")), ("education", EDUCATION), ("occupation", OCCUPATION)):
        if profile[key] is not None and profile[key] not in allowed:
            errors.append((key, f"pilihan: {', '.join(allowed)}"))
    with db.transaction() as tx:
        registration_id, site = None, None
        code = f.get("code", "").upper()
        if code:
            app = find_application(tx, code)
            if app is not None:
                tx.lock_site(app["site_code"])  # one answer per code, even two at once
            if app is None or not _second_factor(tx, app, code, f.get("birth_date", "")):
                # one answer whether the code is unknown or the birth date wrong: nothing to probe
                errors.append(("code", f"kode '{code}' dengan tanggal lahir itu tidak dikenal portal; periksa"
                                       " keduanya, atau kosongkan kode untuk mengisi tanpa kode"))
            elif tx.one("SELECT 1 AS x FROM online_skm WHERE site_code = ? AND code = ?",
                        (app["site_code"], app["id"])):
                errors.append(("code", f"permohonan {app['id']} sudah punya jawaban SKM daring; satu jawaban"
                                       " untuk satu permohonan"))
            else:
                registration_id, site = app["id"], app["site_code"]
                f.setdefault("service", app["service_code"])
                f["service"] = f["service"] or app["service_code"]
        try:
            site = site or get_site(tx, f.get("site", ""))["code"]
        except PortalError as exc:
            errors.append(("site", str(exc)))
        service = f.get("service", "").upper()
        if site and not tx.one("SELECT 1 AS x FROM services WHERE site_code = ? AND code = ?", (site, service)):
            errors.append(("service", "pilih layanan yang diterima"))
        if errors:
            raise ValidationError.many(errors)
        payload = {
            "questionnaire_version": 1, "scores": scores, "service": service, "registration_id": registration_id,
            "profile": profile, "suggestion": f.get("suggestion") or None, "entry_mode": "online",
            "paper_form_no": None, "at": clock.iso(clock.now()),
        }
        from counter_app.events import uuid7

        event = append_portal_event(tx, site, "skm_recorded", uuid7(), payload)
        if registration_id:
            tx.execute("INSERT INTO online_skm (site_code, code, event_id, at) VALUES (?, ?, ?, ?)",
                       (site, registration_id, event["id"], payload["at"]))
        name = _service_name(tx, site, service)
    return {"id": event["entity_id"], "site": site, **payload, "service_name": name}


def _service_name(tx: Tx, site: str, code: str | None) -> str:
    """What a citizen reads for a service: its name, not the code (the code if unknown)."""
    row = tx.one("SELECT data FROM services WHERE site_code = ? AND code = ?", (site, code or ""))
    return json.loads(row["data"]).get("name", code) if row else (code or "")


def find_application(tx: Tx, code: str) -> dict[str, Any] | None:
    """The application a registration number or booking code names, in the site the number
    itself names (``MPP01-…`` is MPP01's) or the booking's site: never another site's row."""
    code = (code or "").strip().upper()
    app = tx.one("SELECT * FROM applications WHERE id = ? AND substr(id, 1, length(site_code) + 1) = site_code || '-'",
                 (code,))
    if app is not None:
        return app
    booking = tx.one("SELECT * FROM bookings WHERE code = ?", (code,))
    if booking is None:
        return None
    return tx.one("SELECT * FROM applications WHERE site_code = ? AND (booking_code = ? OR id = ?)"
                  " ORDER BY updated_at LIMIT 1", (booking["site_code"], code, booking["registration_id"] or ""))


def change_status(db: Database, reg_id: str, status: str, note: str | None = None) -> dict[str, Any]:
    """A back-office status change, sent down to the counters as an event."""
    if status not in STATUSES:
        raise ValidationError("status", f"status '{status}' tidak dikenal (pilihan: {', '.join(STATUSES)})")
    with db.transaction() as tx:
        app = find_application(tx, reg_id)
        if app is None or app["id"] != (reg_id or "").strip().upper():
            raise ValidationError("registration_id", f"permohonan '{reg_id}' belum ada di portal")
        tx.lock_site(app["site_code"])
        if status not in TRANSITIONS[app["status"]]:
            raise ValidationError("status", f"status {app['status']} tidak bisa diubah ke {status}")
        payload = {"from": app["status"], "to": status, "at": clock.iso(clock.now()),
                   "note": (note or "").strip() or None}
        append_portal_event(tx, app["site_code"], "application_status_changed", app["id"], payload)
    return lookup(db, app["id"])


def _second_factor(tx: Tx, app: dict[str, Any] | None, code: str, birth_text: str) -> bool:
    """Whether ``birth_text`` is the birth date of the applicant behind ``code`` (the
    application's, else the booking's)."""
    try:
        birth = clock.parse_date(birth_text, "birth_date") if birth_text else None
    except ValidationError:
        return False
    if birth is None:
        return False
    if app is not None and birth_matches(app["id"], app.get("birth_check"), birth):
        return True
    booking = tx.one("SELECT code, birth_check FROM bookings WHERE code = ?", (app["booking_code"] if app and
                                                                             app.get("booking_code") else code,))
    return booking is not None and birth_matches(booking["code"], booking["birth_check"], birth)


def public_lookup(db: Database, code: str, birth_text: str) -> dict[str, Any] | None:
    """The public status page: an application's or booking's status only for its code together
    with the applicant's birth date (None for a wrong date and for an unknown code alike)."""
    code = (code or "").strip().upper()
    with db.read() as tx:
        app = find_application(tx, code)
        booking = tx.one("SELECT code FROM bookings WHERE code = ?", (code,))
        if (app is None and booking is None) or not _second_factor(tx, app, code, birth_text):
            return None
    return lookup(db, code)


def lookup(db: Database, code: str) -> dict[str, Any] | None:
    """Status of an application or booking (no personal data), for the back office; the
    public page goes through :func:`public_lookup`."""
    code = (code or "").strip().upper()
    with db.read() as tx:
        app = find_application(tx, code)
        booking = tx.one("SELECT * FROM bookings WHERE code = ?", (code,))
        row = app if app is not None else booking
        name = _service_name(tx, row["site_code"], row["service_code"]) if row is not None else ""
    if app is not None:
        return {"kind": "application", "code": app["id"], "site": app["site_code"], "service": app["service_code"],
                "service_name": name, "status": app["status"],
                "status_label": STATUSES.get(app["status"], app["status"]), "deadline": app["deadline"],
                "booking_code": app["booking_code"]}
    if booking is not None:
        return {"kind": "booking", "code": booking["code"], "site": booking["site_code"],
                "service": booking["service_code"], "service_name": name,
                "date": booking["day"], "status": "dipesan",
                "status_label": "Sudah dipesan, belum datang ke loket" if not booking["registration_id"]
                else "Sudah datang ke loket"}
    return None
