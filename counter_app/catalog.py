"""The service catalogue: each service's published standard (standar pelayanan), versioned.

A registration keeps the version in force on its day. Imports are all-or-nothing: every
bad row is reported with its row number and field, and nothing is written if any is bad.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import NotFound, ValidationError
from .events import Event, projection_tables, projector
from .i18n import _
from .service_hours import Hours, check_hours, merge
from .session import Session
from .users import require

projection_tables("services", "service_versions", keys={"services": "code", "service_versions": "code"})

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
PREFIX_RE = re.compile(r"^[A-Z]{1,3}$")
CHANNELS = ("walk_in", "satellite", "online")
LIST_FIELDS = ("requirements", "procedure", "channels", "legal_basis")
CSV_LIST_SEPARATOR = "|"


RULES_KEY = "requirement_rules"
HOURS_KEY = "hours"  # service hours (counter_app.service_hours); none: no restriction
# The words of an old catalogue row that mark a requirement as applying only in a case; rows
# with explicit ``requirement_rules`` never use this (see docs/catalog.md).
_CASE_HINT = re.compile(r"\((?:jika|bila|apabila)\s+([^()]+)\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RequirementRule:
    """When a service's requirements are complete (persyaratan lengkap): every requirement
    not named below (all of), at least one of each ``one_of`` group, and never one that
    applies only in a case (``when``: text → the case, e.g. penggantian, hilang, dikuasakan)."""

    items: tuple[str, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    when: Mapping[str, str] = field(default_factory=dict)

    @property
    def mandatory(self) -> tuple[str, ...]:
        grouped = {r for group in self.one_of for r in group}
        return tuple(r for r in self.items if r not in self.when and r not in grouped)

    def kind(self, requirement: str) -> str:
        """``wajib`` (all of), ``salah_satu`` (one of a group) or ``bila_berlaku`` (only when)."""
        if requirement in self.when:
            return "bila_berlaku"
        if any(requirement in group for group in self.one_of):
            return "salah_satu"
        return "wajib"

    def group_of(self, requirement: str) -> tuple[str, ...] | None:
        return next((g for g in self.one_of if requirement in g), None)

    def missing(self, received) -> list[str]:
        """What still keeps the application incomplete, in words: each missing mandatory
        requirement, and ``salah satu dari: A / B`` for each group with nothing received."""
        got = set(received)
        out = [r for r in self.mandatory if r not in got]
        out += [_("salah satu dari: {items}").format(items=" / ".join(g)) for g in self.one_of if not got & set(g)]
        return out

    def is_complete(self, received) -> bool:
        return not self.missing(received)

    @classmethod
    def of(cls, requirements, rules: Mapping[str, Any] | None) -> RequirementRule:
        """The rule of a catalogue row: its ``requirement_rules``; for a row without them
        (an older catalogue), a requirement ending in "(jika …)" / "(bila …)" applies only then."""
        items = tuple(requirements)
        if rules is None:
            when = {r: m.group(1).strip() for r in items if (m := _CASE_HINT.search(r))}
            return cls(items, (), MappingProxyType(when))
        return cls(items, tuple(tuple(g) for g in rules.get("one_of", ())),
                   MappingProxyType(dict(rules.get("when", {}))))


def _check_rules(value: Any, requirements: list[str], bad) -> Any:
    """Validate a row's ``requirement_rules``: {"one_of": [[text, text, ...], ...],
    "when": {text: case}}, every text one of the row's requirements, each in one place only."""
    if isinstance(value, str):  # a CSV cell holds it as JSON
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            bad(RULES_KEY, _("JSON tidak sah: {error}").format(error=exc.msg))
            return None
    if not isinstance(value, dict) or set(value) - {"one_of", "when"}:
        bad(RULES_KEY, _('harus objek dengan "one_of" (daftar kelompok) dan/atau "when" (persyaratan → keadaan)'))
        return None
    known = set(requirements)
    placed: dict[str, str] = {}

    def place(text: Any, where: str) -> None:
        if not isinstance(text, str) or text not in known:
            bad(RULES_KEY, _("{where}: '{text}' bukan salah satu persyaratan baris ini").format(where=where, text=text))
        elif text in placed:
            bad(RULES_KEY, _("'{text}' disebut dua kali ({first} dan {second})").format(
                text=text, first=placed[text], second=where))
        else:
            placed[text] = where

    groups = value.get("one_of", [])
    if not isinstance(groups, list):
        bad(RULES_KEY, _("one_of harus daftar kelompok persyaratan"))
        groups = []
    for i, group in enumerate(groups, 1):
        if not isinstance(group, list) or len(group) < 2:
            bad(RULES_KEY, _("one_of kelompok {n}: minimal dua persyaratan pilihan").format(n=i))
            continue
        for text in group:
            place(text, _("one_of kelompok {n}").format(n=i))
    when = value.get("when", {})
    if not isinstance(when, dict):
        bad(RULES_KEY, _("when harus objek: persyaratan → keadaan (mis. \"penggantian\")"))
        when = {}
    for text, case in when.items():
        place(text, "when")
        if not isinstance(case, str) or not case.strip() or len(case) > 60:
            bad(RULES_KEY, _("when: keadaan untuk '{text}' harus teks 1–60 karakter").format(text=text))
    return {k: v for k, v in (("one_of", groups), ("when", when)) if v}


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    agency: str
    prefix: str
    requirements: tuple[str, ...]
    days: int | None = None
    fee: int = 0
    week: int = 5
    gerai: str = ""
    description: str = ""
    procedure: tuple[str, ...] = ()
    product: str = ""
    payment: str = ""
    complaint_channel: str = ""
    legal_basis: tuple[str, ...] = ()
    channels: tuple[str, ...] = CHANNELS
    version: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)  # read-only: services are cached

    @property
    def requirement_rule(self) -> RequirementRule:
        """Which requirements make the application complete (all of, one of, only when)."""
        return RequirementRule.of(self.requirements, self.extra.get(RULES_KEY))

    @cached_property
    def hours(self) -> Hours | None:
        """When the service takes new tickets (None: at any time, an older catalogue).
        Parsed once per Service (a Service is immutable and cached per catalogue version):
        parsing it again took a fifth of a ticket issue's Python time."""
        data = self.extra.get(HOURS_KEY)
        return Hours.from_data(data) if data else None

    @property
    def effective_days(self) -> int:
        from .calendar import DEFAULT_DAYS

        return DEFAULT_DAYS if self.days is None else self.days

    def as_dict(self) -> dict[str, Any]:
        data = {
            "code": self.code, "name": self.name, "agency": self.agency, "prefix": self.prefix,
            "requirements": list(self.requirements), "days": self.days, "fee": self.fee,
            "week": self.week, "gerai": self.gerai, "description": self.description,
            "procedure": list(self.procedure), "product": self.product, "payment": self.payment,
            "complaint_channel": self.complaint_channel, "legal_basis": list(self.legal_basis),
            "channels": list(self.channels),
        }
        data.update(self.extra)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any], version: int = 0) -> Service:
        known = {f for f in cls.__dataclass_fields__ if f not in ("extra", "version")}
        kwargs = {k: v for k, v in data.items() if k in known}
        for key in LIST_FIELDS:
            if key in kwargs:
                kwargs[key] = tuple(kwargs[key])
        extra = MappingProxyType({k: v for k, v in data.items() if k not in known})
        return cls(**kwargs, version=version, extra=extra)


def _split(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    return [part.strip() for part in str(value).split(CSV_LIST_SEPARATOR) if part.strip()]


def _int(value: Any) -> Any:
    """Numbers as written in JSON or CSV ("50000", "50.000" is not accepted: ambiguous)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value.strip())
    return value


def validate_row(raw: dict[str, Any], row: int) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """Normalise one catalogue row; return (data, errors) with fields named 'baris N: field'."""
    errors: list[tuple[str, str]] = []

    def bad(field_name: str, message: str) -> None:
        errors.append((f"baris {row}: {field_name}", message))

    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in raw.items() if v not in (None, "")}
    for key in ("code", "name", "agency", "prefix"):
        if not data.get(key):
            bad(key, _("wajib diisi"))
    code = str(data.get("code", "")).upper()
    if code and not CODE_RE.match(code):
        bad("code", _("hanya huruf besar, angka, - dan _, maksimal 32 karakter"))
    data["code"] = code
    prefix = str(data.get("prefix", "")).upper()
    if prefix and not PREFIX_RE.match(prefix):
        bad("prefix", _("1–3 huruf A–Z (huruf nomor antrean)"))
    data["prefix"] = prefix
    for key in LIST_FIELDS:
        if key in data:
            data[key] = _split(data[key])
            if not all(isinstance(x, str) and x.strip() for x in data[key]):
                bad(key, _("harus daftar teks yang tidak kosong"))
    if "requirements" not in raw:
        bad("requirements", _("kolom wajib ada (daftar persyaratan, boleh kosong)"))
    data.setdefault("requirements", [])
    for key, low, high, default in (("days", 0, 365, None), ("fee", 0, 10**12, 0), ("week", 5, 6, 5)):
        value = _int(data.get(key, default))
        if value is None:
            data[key] = None
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            bad(key, _("harus bilangan bulat, bukan '{value}'").format(value=data.get(key)))
        elif key == "week" and value not in (5, 6):
            bad(key, _("harus 5 atau 6 hari kerja per minggu"))
        elif not low <= value <= high:
            bad(key, _("harus antara {low} dan {high}").format(low=low, high=high))
        data[key] = value
    if RULES_KEY in data:
        data[RULES_KEY] = _check_rules(data[RULES_KEY], data["requirements"], bad)
    if HOURS_KEY in data:
        data[HOURS_KEY] = check_hours(data[HOURS_KEY], bad)
    channels = data.get("channels", list(CHANNELS))
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        bad("channels", _("kanal tidak dikenal: {names} (pilihan: {choices})").format(
            names=", ".join(unknown), choices=", ".join(CHANNELS)))
    data["channels"] = channels
    return (None if errors else data), errors


def _csv_cell(key: str, value: Any) -> Any:
    """Extra CSV columns carry yes/no flags as ``true``/``false`` (as ``export_csv`` writes them)."""
    if key not in Service.__dataclass_fields__ and isinstance(value, str):
        if value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
    return value


def _csv_delimiter(text: str) -> str:
    """``,`` or, as spreadsheets in the Indonesian locale write it, ``;`` (or a tab)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def parse_file(path: Path) -> list[dict[str, Any]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("file", _("berkas harus disimpan dengan encoding UTF-8")) from None
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text), delimiter=_csv_delimiter(text))
        return [{k: _csv_cell(k, v) for k, v in row.items() if k is not None} for row in reader]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError("file", _("JSON tidak sah di baris {line}: {error}").format(
            line=exc.lineno, error=exc.msg)) from None
    return catalog_rows(data)


def catalog_rows(data: Any) -> list[dict[str, Any]]:
    """The service rows of a parsed catalogue: a list of rows, or an object with ``services``
    and optionally the gerai's ``hours``, which every row takes (a row's own ``hours`` keys
    replace the gerai's). A wrong gerai block is refused here, naming its fields."""
    gerai_hours = None
    if isinstance(data, dict) and "services" in data:
        if HOURS_KEY in data:
            errors: list[tuple[str, str]] = []
            gerai_hours = check_hours(data[HOURS_KEY], lambda f, m: errors.append((f, m)))
            if errors:
                raise ValidationError.many(errors)
        data = data["services"]
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise ValidationError("file", _("harus berupa daftar (list) objek layanan"))
    if gerai_hours is None:
        return data
    return [{**row, HOURS_KEY: merge(gerai_hours, row.get(HOURS_KEY))} for row in data]


def import_services(
    session: Session, rows: list[dict[str, Any]], *, first_row: int = 1
) -> dict[str, list[str]]:
    """Validate all rows, then define each new or changed service; all or nothing.

    Rows are numbered from ``first_row`` (2 for a CSV sheet, whose row 1 is the header).
    """
    require(session, "catalog.manage")
    errors: list[tuple[str, str]] = []
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows, start=first_row):
        data, row_errors = validate_row(raw, number)
        errors.extend(row_errors)
        if data:
            if data["code"] in seen:
                errors.append((f"baris {number}: code", _("duplikat dengan baris {n}").format(n=seen[data["code"]])))
            seen[data["code"]] = number
            cleaned.append(data)
    if not rows:
        errors.append(("file", _("tidak ada layanan di berkas")))
    if errors:
        raise ValidationError.many(errors)
    result: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": []}
    with session.transaction():
        for data in cleaned:
            service = Service.from_data(data)
            current = session.store.one("SELECT version, data FROM services WHERE code = ?", (service.code,))
            if current and json.loads(current["data"]) == service.as_dict():
                result["unchanged"].append(service.code)
                continue
            version = (current["version"] + 1) if current else 1
            session.append("service_defined", service.code, {"version": version, "service": service.as_dict()})
            result["updated" if current else "added"].append(service.code)
    return result


def import_file(session: Session, path: Path | str) -> dict[str, list[str]]:
    path = Path(path)
    return import_services(session, parse_file(path), first_row=2 if path.suffix.lower() == ".csv" else 1)


def demo_catalog_rows() -> list[dict[str, Any]]:
    text = resources.files("resources.catalog").joinpath("demo.json").read_text(encoding="utf-8")
    return catalog_rows(json.loads(text))


@projector("service_defined")
def _project_service(conn, event: Event) -> None:
    s = event.payload["service"]
    version = event.payload["version"]
    current = conn.execute("SELECT version FROM services WHERE code = ?", (s["code"],)).fetchone()
    conn.execute(
        "INSERT OR IGNORE INTO service_versions (code, version, data, valid_from) VALUES (?, ?, ?, ?)",
        (s["code"], version, json.dumps(s, ensure_ascii=False, sort_keys=True), event.recorded_at),
    )
    if current and current[0] >= version:
        return  # an older version arriving late never replaces the one in force
    conn.execute(
        "INSERT INTO services (code, version, name, agency, gerai, prefix, days, fee, week, active,"
        " data, updated_at) VALUES (:code, :version, :name, :agency, :gerai, :prefix, :days, :fee,"
        " :week, 1, :data, :at) ON CONFLICT (code) DO UPDATE SET version = :version, name = :name,"
        " agency = :agency, gerai = :gerai, prefix = :prefix, days = :days, fee = :fee,"
        " week = :week, active = 1, data = :data, updated_at = :at",
        {
            "code": s["code"], "version": version, "name": s["name"], "agency": s["agency"],
            "gerai": s.get("gerai", ""), "prefix": s["prefix"], "days": s.get("days"),
            "fee": s.get("fee", 0), "week": s.get("week", 5),
            "data": json.dumps(s, ensure_ascii=False, sort_keys=True), "at": event.recorded_at,
        },
    )


def get_service(session: Session, code: str) -> Service:
    key = (code or "").upper()
    return session.store.cached(("service", key), lambda: _read_service(session, key, code))


def _read_service(session: Session, key: str, code: str) -> Service:
    row = session.store.one("SELECT version, data FROM services WHERE code = ?", (key,))
    if row is None:
        raise NotFound(_("layanan: kode '{code}' tidak ada di katalog").format(code=code))
    return Service.from_data(json.loads(row["data"]), row["version"])


def get_service_version(session: Session, code: str, version: int) -> Service:
    row = session.store.one(
        "SELECT data FROM service_versions WHERE code = ? AND version = ?", (code, version)
    )
    if row is None:
        raise NotFound(_("layanan: {code} versi {version} tidak ada").format(code=code, version=version))
    return Service.from_data(json.loads(row["data"]), version)


def list_services(session: Session) -> list[Service]:
    rows = session.store.query("SELECT version, data FROM services WHERE active = 1 ORDER BY agency, code")
    return [Service.from_data(json.loads(r["data"]), r["version"]) for r in rows]


def export_rows(session: Session) -> list[dict[str, Any]]:
    return [s.as_dict() for s in list_services(session)]


def _csv_out(value: Any) -> Any:
    if isinstance(value, dict):  # requirement_rules: JSON in its cell, read back by validate_row
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def export_csv(session: Session) -> str:
    rows = export_rows(session)
    columns = ["code", "name", "agency", "prefix", "requirements", "days", "fee", "week"]
    for row in rows:
        columns += [k for k in row if k not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_out(v) for k, v in row.items()})
    return out.getvalue()
