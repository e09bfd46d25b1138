"""One payload schema per event type, and the limits every event must keep, for both ends.

The portal checks every pushed event with :func:`check_event` before storing it; a counter
checks an event from elsewhere the same way before projecting it. A schema is strict on the
keys its projector reads with ``payload["key"]`` (present, of the right JSON type, and inside
the values the counter's tables accept) and permissive on the ones read with ``.get``; keys
it does not know are allowed, so a newer app may add fields without breaking older ones.
An event type with no schema here is refused ("jenis event tidak dikenal"): the portal is
upgraded before the counters that make a new type (docs/sync-protocol.md, event schemas).

``import counter_app.events`` does not import this module (nor pydantic): it is loaded only
where events from elsewhere are checked.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .actors import ROLES
from .queue import SERIES_SIZE, format_number

MAX_PAYLOAD_BYTES = 64 * 1024  # canonical JSON of one payload, UTF-8
MAX_DEPTH = 16                 # nesting of objects/lists in a payload (the payload itself is 1)
MAX_INT = 2**63 - 1            # what SQLite and PostgreSQL can bind as an integer

# For an event that changes an entity, the event types that create it: the portal refuses the
# change when it holds none of them for that entity on the site (a counter could not apply it).
REQUIRES_ENTITY: dict[str, tuple[str, ...]] = {
    "application_status_changed": ("registration_created",),
    **{t: ("ticket_issued",) for t in (
        "ticket_called", "ticket_recalled", "ticket_skipped", "ticket_noshow", "ticket_finished",
        "ticket_cancelled", "ticket_restored", "ticket_transferred")},
    **{t: ("complaint_filed",) for t in ("complaint_responded", "complaint_forwarded", "complaint_closed")},
    **{t: ("user_created",) for t in (
        "user_password_changed", "user_disabled", "user_enabled", "user_role_changed")},
    "print_confirmed": ("print_reserved",),
    "print_failed": ("print_reserved",),
    "skm_voided": ("skm_recorded",),
    "booking_checked_in": ("booking_created",),
}
# What the entity made by a creating type is called, for the reason given.
ENTITY_NAMES = {
    "registration_created": "registrasi", "ticket_issued": "tiket", "complaint_filed": "pengaduan",
    "user_created": "akun", "print_reserved": "pekerjaan cetak", "skm_recorded": "jawaban SKM",
    "booking_created": "pemesanan",
}


# ------------------------------------------------------------------ value types
def _day(text: str) -> str:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError("bukan tanggal YYYY-MM-DD")
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError("bukan tanggal yang ada di kalender") from None
    return text


def _timestamp(text: str) -> str:
    if len(text) > 64:
        raise ValueError("terlalu panjang untuk waktu ISO 8601")
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("bukan waktu ISO 8601 (mis. 2026-03-16T08:00:00+07:00)") from None
    return text


def _zone(name: str) -> str:
    if not _known_zone(name):
        raise ValueError("bukan nama zona waktu yang dikenal (mis. Asia/Jakarta)")
    return name


@lru_cache(maxsize=64)
def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except Exception:  # noqa: BLE001 - not found, or not even a valid key
        return False
    return True


Text = Annotated[str, Field(min_length=1)]
Day = Annotated[str, AfterValidator(_day)]
At = Annotated[str, AfterValidator(_timestamp)]
Int = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
Count = Annotated[int, Field(ge=1, le=MAX_INT)]
Score = Annotated[int, Field(ge=1, le=4)]
Role = Literal[ROLES]  # type: ignore[valid-type]
Ident = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]
Zone = Annotated[str, AfterValidator(_zone)]


class Payload(BaseModel):
    """A payload: JSON types exactly (no "5" for 5), unknown keys allowed."""

    model_config = ConfigDict(extra="allow", strict=True)


# ------------------------------------------------------------------ site, settings, calendar
class SiteConfigured(Payload):
    code: Text
    name: Text
    tier: Literal["manual", "2.0", "2.1", "2.2"]
    timezone: Zone


class SettingChanged(Payload):
    key: Text
    value: Any


class CalendarClosed(Payload):
    day: Day
    reason: Text
    kind: Literal["closed", "holiday"] = "closed"


class CalendarReopened(Payload):
    day: Day


class CalendarConfirmed(Payload):
    """An estimated national holiday settled: the day is a holiday (named) or a working day."""
    day: Day
    kind: Literal["holiday", "working"]
    reason: str | None = None
    at: At

    @model_validator(mode="after")
    def _holiday_is_named(self) -> CalendarConfirmed:
        if self.kind == "holiday" and not (self.reason or "").strip():
            raise ValueError("reason: nama hari libur wajib diisi")
        return self


class ServiceData(Payload):
    code: Text
    name: Text
    agency: Text
    prefix: Text
    requirements: list[str]
    days: Int | None = None
    fee: Int = 0
    week: Literal[5, 6] = 5
    gerai: str | None = None
    procedure: list[str] = []
    channels: list[str] = []
    legal_basis: list[str] = []


class ServiceDefined(Payload):
    version: Annotated[int, Field(ge=0, le=MAX_INT)]
    service: ServiceData


# ------------------------------------------------------------------ staff accounts
class UserCreated(Payload):
    role: Role
    password_hash: Text
    full_name: str | None = None


class UserPasswordChanged(Payload):
    password_hash: Text


class UserRoleChanged(Payload):
    role: Role


class UserLocked(Payload):
    until: At | None = None
    failures: Int | None = None


# ------------------------------------------------------------------ queue
class TicketIssued(Payload):
    day: Day
    number: Text
    prefix: Text
    series: Annotated[int, Field(ge=0, le=MAX_INT)]
    seq_no: Annotated[int, Field(ge=1, le=SERIES_SIZE - 1)]
    service: Text
    priority: str | None
    at: At

    @model_validator(mode="after")
    def _number_is_its_parts(self) -> TicketIssued:
        # a number is found through its parts (migration 0025): it must be the one they make
        expected = format_number(self.prefix, self.series, self.seq_no)
        if self.number != expected:
            raise ValueError(f"number: '{self.number}' bukan nomor dari prefix, series dan seq_no ({expected})")
        return self


class TicketCalled(Payload):
    counter: Text
    reason: str | None
    reason_code: str | None = None
    at: At


class TicketRecalled(Payload):
    counter: str | None
    at: At


class TicketClosed(Payload):
    """Skipped, no-show, finished, cancelled."""

    counter: str | None = None
    at: At


class TicketRestored(Payload):
    at: At


class TicketTransferred(Payload):
    from_: Text = Field(alias="from")
    to: Text
    counter: str | None = None
    at: At


# ------------------------------------------------------------------ registrations
class RegistrationCreated(Payload):
    # every key is bound by name in the projector's INSERT: present, even when null
    day: Day
    seq_no: Count
    service: Text
    service_version: Int
    name: str
    nik: str
    sex: Literal["L", "P"] | None
    birth_place: str | None
    birth_date: Day | None
    address: str | None
    phone: str | None
    channel: Literal["walk_in", "satellite", "online"]
    entry_mode: Literal["direct", "paper"]
    paper_form_no: str | None
    paper_date: Day | None
    booking_code: str | None
    ticket_id: str | None
    requirements: list[str]
    requirements_complete_on: Day | None
    days: Int
    week: Literal[5, 6]
    deadline: Day | None
    deadline_estimated: list[Day] | None = None
    at: At


class ApplicationDeadlineChanged(Payload):
    """A provisional deadline recomputed once the calendar was confirmed."""
    from_: Day | None = Field(alias="from")
    deadline: Day
    deadline_estimated: list[Day]
    requirements_complete_on: Day
    settled: list[Day] = []
    at: At


class ApplicationStatusChanged(Payload):
    from_: str | None = Field(alias="from")
    to: Text
    at: At
    note: str | None = None
    clock_stopped: bool | None = None
    deadline: Day | None = None
    requirements_complete_on: Day | None = None
    requirements: list[str] | None = None
    deadline_estimated: list[Day] | None = None

    @model_validator(mode="after")
    def _deadline_comes_with_its_start(self) -> ApplicationStatusChanged:
        if self.deadline and (self.requirements_complete_on is None or self.requirements is None):
            raise ValueError("deadline diisi tanpa requirements_complete_on dan requirements")
        return self


class BookingCreated(Payload):
    code: Text
    service: Text
    date: Day
    name: str
    at: At


class BookingCheckedIn(Payload):
    code: Text
    registration_id: Text
    at: At


# ------------------------------------------------------------------ SKM and complaints
class SkmProfile(Payload):
    age: Int | None = None
    sex: Literal["L", "P"] | None = None
    education: str | None = None
    occupation: str | None = None


class SkmRecorded(Payload):
    at: At
    questionnaire_version: Int = 1
    scores: dict[str, Score | None] | None = None
    profile: SkmProfile | None = None
    service: str | None = None
    registration_id: str | None = None
    suggestion: str | None = None
    entry_mode: Literal["kiosk", "paper", "online"] = "online"
    paper_form_no: str | None = None


class SkmVoided(Payload):
    reason: str | None = None
    at: At | None = None


class ComplaintFiled(Payload):
    type: Literal["pengaduan", "kritik", "saran", "apresiasi"]
    channel: Text
    text: Text
    service: str | None
    component: str | None
    anonymous: bool
    name: str | None
    phone: str | None
    email: str | None
    day: Day
    seq_no: Count
    deadline: Day
    at: At


ComplaintStatus = Literal["baru", "diproses", "selesai", "ditutup"]


class PersonalDataErased(Payload):
    """Records whose personal data was erased and the keys that sealed it (personal.py)."""
    entities: Annotated[list[Ident], Field(max_length=1000)]
    keys: Annotated[list[Ident], Field(max_length=5000)]
    reason: Literal["request", "retention"]
    note: Annotated[str, Field(max_length=500)] | None = None
    at: At


class ComplaintResponded(Payload):
    to: ComplaintStatus
    at: At
    text: str | None = None
    final: bool | None = None


class ComplaintForwarded(Payload):
    to: ComplaintStatus
    at: At
    lapor_ref: Text
    note: str | None = None


class ComplaintClosed(Payload):
    to: ComplaintStatus
    at: At
    note: str | None = None


# ------------------------------------------------------------------ printing, sign-off, misc
class PrintReserved(Payload):
    kind: Literal["ticket", "receipt", "form", "complaint"]
    ref: str
    label: str
    reprint: bool
    target: str
    at: At


class PrintFinished(Payload):
    at: At
    error: str | None = None


class PaperFormsIssued(Payload):
    kind: Literal["registration", "skm", "complaint"]
    day: Day
    first: Count
    numbers: list[Text]
    service: str | None
    at: At


class DaySignedOff(Payload):
    day: Day
    supervisor: str
    verifier: str
    note: str | None
    totals: Any
    digest: str
    at: At


class ConflictResolved(Payload):
    note: Text
    at: At


class HubEpoch(Payload):
    epoch: Annotated[int, Field(ge=1, le=MAX_INT)]
    device_id: Ident
    at: At


class ServiceLeased(Payload):
    service: Ident
    device_id: Ident
    counter: str | None = None
    at: At


class ServiceReleased(Payload):
    service: Ident
    device_id: Ident
    at: At


PAYLOADS: dict[str, type[Payload]] = {
    "site_configured": SiteConfigured,
    "setting_changed": SettingChanged,
    "calendar_closed": CalendarClosed,
    "calendar_reopened": CalendarReopened,
    "calendar_confirmed": CalendarConfirmed,
    "service_defined": ServiceDefined,
    "user_created": UserCreated,
    "user_password_changed": UserPasswordChanged,
    "user_disabled": Payload,
    "user_enabled": Payload,
    "user_role_changed": UserRoleChanged,
    "user_locked": UserLocked,
    "user_unlocked": Payload,
    "ticket_issued": TicketIssued,
    "ticket_called": TicketCalled,
    "ticket_recalled": TicketRecalled,
    "ticket_skipped": TicketClosed,
    "ticket_noshow": TicketClosed,
    "ticket_finished": TicketClosed,
    "ticket_cancelled": TicketClosed,
    "ticket_restored": TicketRestored,
    "ticket_transferred": TicketTransferred,
    "registration_created": RegistrationCreated,
    "application_status_changed": ApplicationStatusChanged,
    "application_deadline_changed": ApplicationDeadlineChanged,
    "booking_created": BookingCreated,
    "booking_checked_in": BookingCheckedIn,
    "skm_recorded": SkmRecorded,
    "skm_voided": SkmVoided,
    "complaint_filed": ComplaintFiled,
    "complaint_responded": ComplaintResponded,
    "complaint_forwarded": ComplaintForwarded,
    "complaint_closed": ComplaintClosed,
    "personal_data_erased": PersonalDataErased,
    "print_reserved": PrintReserved,
    "print_confirmed": PrintFinished,
    "print_failed": PrintFinished,
    "paper_forms_issued": PaperFormsIssued,
    "day_signed_off": DaySignedOff,
    "backup_restored": Payload,
    "conflict_resolved": ConflictResolved,
    "hub_started": HubEpoch,
    "hub_promoted": HubEpoch,
    "service_leased": ServiceLeased,
    "service_released": ServiceReleased,
}
EVENT_TYPES = frozenset(PAYLOADS)


# ------------------------------------------------------------------ the envelope
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Envelope(BaseModel):
    """Every field of an event but the payload's content (see ``counter_app.events.Event``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: Annotated[str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    device_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    device_seq: Annotated[int, Field(ge=1, le=2**53)]
    hlc: Annotated[str, Field(pattern=r"^[0-9]{15}-[0-9]{5}$")]  # clock.format_hlc
    recorded_at: At
    type: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    entity_id: Ident
    payload: dict[str, Any]
    actor: Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[^\x00-\x1f\x7f]+$")]
    prev_hash: Hex64
    hash: Hex64
    keys: dict[Ident, Annotated[str, Field(max_length=64)]] | None = None  # wire only (personal.py)


class Sealed(BaseModel):
    """The sealed personal fields of a payload (counter_app/personal.py)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    v: Literal[1]
    key: Ident
    fields: list[Annotated[str, Field(pattern=r"^[a-z_]{1,40}$")]]
    box: Annotated[str, Field(max_length=64 * 1024)]


# ------------------------------------------------------------------ checks
def check_event(data: Any) -> str | None:
    """Why ``data`` (an event as a dict, e.g. ``Event.as_dict()``) may not be stored or
    applied, naming the field; None when it is a well-formed event of a known type."""
    if not isinstance(data, dict):
        return "event harus berupa objek JSON"
    reason = check_limits(data)
    if reason:
        return reason
    try:
        Envelope.model_validate(data)
    except ValidationError as exc:
        return _reason(exc)
    model = PAYLOADS.get(data["type"])
    if model is None:
        return f"type: jenis event tidak dikenal: {data['type']} (portal atau aplikasi perlu diperbarui)"
    payload = data["payload"]
    if "sealed" in payload:
        # Still sealed (checked without its key): the box's shape, and the rest of the payload
        # with the personal fields as they read once erased.
        from .personal import SEALED_FIELDS, open_sealed

        if data["type"] not in SEALED_FIELDS:
            return f"payload.sealed: jenis event {data['type']} tidak membawa data pribadi tersegel"
        try:
            Sealed.model_validate(payload["sealed"])
        except ValidationError as exc:
            return _reason(exc, "payload.sealed")
        payload = open_sealed(data["type"], payload, None)
    try:
        model.model_validate(payload)
    except ValidationError as exc:
        return _reason(exc, "payload")
    return None


def check_limits(data: dict[str, Any]) -> str | None:
    """Size, nesting and text limits of an event, before any schema: text that is valid
    UTF-8 in every field (no lone surrogate), numbers JSON and the databases can hold,
    a payload nested at most ``MAX_DEPTH`` deep whose canonical JSON is at most
    ``MAX_PAYLOAD_BYTES``. Never recurses, so any input is safe to check."""
    stack: list[tuple[Any, str, int]] = [(data[k], k, 0) for k in reversed(list(data))]
    for key in data:
        if not isinstance(key, str) or not _utf8(key):
            return f"{_show(key)}: nama kolom bukan teks UTF-8 yang sah"
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            if not _utf8(value):
                return f"{path}: bukan teks UTF-8 yang sah (ada surrogate tunggal)"
        elif value is None or isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if not -MAX_INT <= value <= MAX_INT:
                return f"{path}: bilangan terlalu besar"
        elif isinstance(value, float):
            if not math.isfinite(value):
                return f"{path}: bukan bilangan yang sah (NaN atau tak hingga)"
        elif isinstance(value, dict | list):
            if depth + 1 > MAX_DEPTH:
                top = path.split(".", 1)[0].split("[", 1)[0]
                return f"{top}: bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"
            if isinstance(value, dict):
                for key in value:
                    if not isinstance(key, str) or not _utf8(key):
                        return f"{path}: nama kolom {_show(key)} bukan teks UTF-8 yang sah"
                stack.extend((v, f"{path}.{k}", depth + 1) for k, v in value.items())
            else:
                stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
        else:
            return f"{path}: jenis nilai {type(value).__name__} bukan nilai JSON"
    payload = data.get("payload")
    if isinstance(payload, dict):
        size = len(json.dumps(payload, sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode("utf-8"))
        if size > MAX_PAYLOAD_BYTES:
            return (f"payload: terlalu besar ({_thousands(size)} byte;"
                    f" batas {_thousands(MAX_PAYLOAD_BYTES)} byte)")
    return None


def _utf8(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _show(value: Any) -> str:
    """Text fit for a reason whatever it holds (a lone surrogate becomes its escape)."""
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")[:80]


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


_MESSAGES = {
    "missing": "wajib ada",
    "string_type": "harus berupa teks",
    "int_type": "harus bilangan bulat",
    "bool_type": "harus true atau false",
    "dict_type": "harus berupa objek",
    "model_type": "harus berupa objek",
    "model_attributes_type": "harus berupa objek",
    "list_type": "harus berupa daftar",
    "string_too_short": "tidak boleh kosong",
    "string_too_long": "terlalu panjang (paling banyak {max_length} karakter)",
    "string_pattern_mismatch": "formatnya tidak sah",
    "greater_than_equal": "paling kecil {ge}",
    "less_than_equal": "paling besar {le}",
    "literal_error": "harus salah satu dari {expected}",
    "extra_forbidden": "kolom tidak dikenal",
}


def _reason(exc: ValidationError, prefix: str = "") -> str:
    error = exc.errors(include_url=False)[0]
    parts = [prefix] if prefix else []
    for part in error["loc"]:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{part}]"]
        else:
            parts.append(_show(part))
    field = ".".join(parts) or "event"
    ctx = error.get("ctx") or {}
    if error["type"] == "value_error" and "error" in ctx:
        return f"{field}: {ctx['error']}"
    if error["type"] == "literal_error":
        ctx = {"expected": str(ctx.get("expected", "")).replace(" or ", " atau ")}
    template = _MESSAGES.get(error["type"])
    message = template.format(**ctx) if template else error["msg"]
    return f"{field}: {message}"
