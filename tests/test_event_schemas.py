"""The payload schema of every event type: what the app writes passes, what a projector could
not apply is refused with a reason naming the field, and limits hold whatever the input."""

from __future__ import annotations

import copy
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from counter_app import (
    calendar,
    catalog,
    complaints,
    printjobs,
    registration,
    skm,
    users,
)
from counter_app import queue as q
from counter_app.clock import format_hlc
from counter_app.event_schemas import (
    EVENT_TYPES,
    MAX_DEPTH,
    MAX_PAYLOAD_BYTES,
    PAYLOADS,
    check_event,
    check_limits,
)
from counter_app.events import GENESIS, Event, canonical, event_hash, load_domain, opened, uuid7
from counter_app.reports.signoff import sign_off_day
from counter_app.session import Session
from counter_app.site import init_site, set_setting

ROOT = Path(__file__).resolve().parents[1]
MONDAY = "2026-03-16T08:00:00+07:00"
NIK = "3273011508900001"

# The keys each projector reads as payload["key"] (read from the projectors, not the schemas):
# without any of them, or with a value of the wrong JSON type, a counter could not apply it.
REQUIRED = {
    "site_configured": ["code", "name", "tier", "timezone"],
    "setting_changed": ["key", "value"],
    "calendar_closed": ["day", "reason"],
    "calendar_reopened": ["day"],
    "calendar_confirmed": ["day", "kind", "at"],
    "application_deadline_changed": ["deadline", "requirements_complete_on", "at"],
    "service_defined": ["version", "service"],
    "user_created": ["role", "password_hash"],
    "user_password_changed": ["password_hash"],
    "user_role_changed": ["role"],
    "ticket_issued": ["day", "number", "prefix", "series", "seq_no", "service", "priority", "at"],
    "ticket_called": ["counter", "at", "reason"],
    "ticket_recalled": ["counter", "at"],
    "ticket_skipped": ["at"], "ticket_noshow": ["at"], "ticket_finished": ["at"],
    "ticket_cancelled": ["at"], "ticket_restored": ["at"],
    "ticket_transferred": ["from", "to", "at"],
    "registration_created": [
        "day", "seq_no", "service", "service_version", "name", "nik", "sex", "birth_place",
        "birth_date", "address", "phone", "channel", "entry_mode", "paper_form_no", "paper_date",
        "booking_code", "ticket_id", "requirements", "requirements_complete_on", "days", "week",
        "deadline", "at"],
    "application_status_changed": ["from", "to", "at"],
    "booking_created": ["code", "service", "date", "name", "at"],
    "booking_checked_in": ["code", "registration_id", "at"],
    "skm_recorded": ["at"],
    "complaint_filed": ["type", "channel", "text", "service", "component", "anonymous", "name",
                        "phone", "email", "day", "seq_no", "deadline", "at"],
    "complaint_responded": ["to", "at"], "complaint_closed": ["to", "at"],
    "complaint_forwarded": ["to", "at", "lapor_ref"],
    "print_reserved": ["kind", "ref", "label", "reprint", "target", "at"],
    "print_confirmed": ["at"], "print_failed": ["at"],
    "paper_forms_issued": ["kind", "day", "first", "numbers", "service", "at"],
    "day_signed_off": ["day", "supervisor", "verifier", "note", "totals", "digest", "at"],
    "conflict_resolved": ["note", "at"],
}
ANY_VALUE = {("setting_changed", "value"), ("day_signed_off", "totals")}  # any JSON goes
ENVELOPE = ["id", "device_id", "device_seq", "hlc", "recorded_at", "type", "entity_id", "payload",
            "actor", "prev_hash", "hash"]


def _made_by_hand() -> list[dict]:
    """Events of the types a lone counter does not make in this corpus, as their producers
    write them (bookings.checkin, backup.restore, conflicts.resolve)."""
    payloads = {
        "booking_created": {"code": "ABCD-EFGH", "service": "DUK-KK", "date": "2026-03-17", "name": "Siti",
                            "nik": NIK, "sex": "P", "birth_date": None, "birth_place": None,
                            "address": None, "phone": None, "at": MONDAY},
        "booking_checked_in": {"code": "ABCD-EFGH", "registration_id": "MPP-TEST-260316-K1-0009",
                               "at": MONDAY},
        "backup_restored": {"file": "loket.bak", "sha256": "ab" * 32, "schema_version": 10, "events": 3,
                            "safety_copy": "x.sqlite3", "own_events_not_in_backup": 0},
        "conflict_resolved": {"note": "sudah dicek bersama petugas", "at": MONDAY},
    }
    events = []
    for seq, (type_, payload) in enumerate(payloads.items(), start=1):
        fields = dict(id=uuid7(), device_id=str(uuid.uuid4()), device_seq=seq, hlc=format_hlc(1773622800000, seq),
                      recorded_at=MONDAY, type=type_, entity_id=f"E{seq}", payload=payload, actor="sari",
                      prev_hash=GENESIS)
        events.append({**fields, "hash": event_hash(**fields)})
    return events


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[dict]:
    """Every event a counter writes through the real core for a busy day, plus a few made by hand."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LOKET_NOW", MONDAY)
        s = Session.open(tmp_path_factory.mktemp("schemas") / "loket.sqlite3")
        try:
            init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
            catalog.import_services(s, catalog.demo_catalog_rows())
            codes = [svc.code for svc in catalog.list_services(s)][:2]
            set_setting(s, "complaint_response_days", 3)
            calendar.close_day(s, date(2026, 3, 27), "rapat kerja")
            calendar.reopen_day(s, date(2026, 3, 27))
            users.create_user(s, "sari", "rahasia-sekali", "admin", full_name="Sari")
            users.create_user(s, "budi", "rahasia-budi1", "frontliner")
            users.change_password(s, "budi", "rahasia-budi2")
            users.set_role(s, "budi", "supervisor")
            users.disable_user(s, "budi")
            users.enable_user(s, "budi")
            for _ in range(10):
                try:
                    users.authenticate(s, "budi", "salah")
                except Exception:  # noqa: BLE001 - wrong passwords until the account locks
                    pass
            users.unlock_user(s, "budi")
            tickets = [q.issue_ticket(s, codes[0], priority=p) for p in (None, "lansia", None, None, None)]
            called = q.call_next(s, "L1")
            q.recall(s, called["id"])
            q.finish(s, called["id"])
            called = q.call_next(s, "L1")
            q.skip(s, called["id"])
            q.restore(s, called["id"])
            waiting = [t["id"] for t in q.list_queue(s, status="waiting")]
            q.cancel(s, waiting[-1])
            q.transfer(s, waiting[-2], codes[1])
            q.noshow(s, q.call_next(s, "L2")["id"])
            reg = registration.register(s, registration.RegistrationInput(
                service=codes[0], name="Budi Santoso", nik=NIK, sex="L", phone="0812-3456-7890",
                ticket=tickets[0]["ticket"]))
            registration.change_status(s, reg["registration_id"], "diverifikasi")
            registration.change_status(s, reg["registration_id"], "dikembalikan", note="KK kurang")
            registration.register(s, registration.RegistrationInput(
                service=codes[0], name="Sri", nik="3273015508900002", sex="P", requirements_complete=True,
                paper_form_no="F-1", paper_date="2026-03-15"))
            c = complaints.file_complaint(s, type="pengaduan", channel="counter", text="Antrean lama",
                                          name="Rahmat", phone="0812-3456-7890")
            complaints.respond(s, c["tracking_number"], "Sedang ditangani")
            complaints.forward(s, c["tracking_number"], "LAPOR-123", note="diteruskan")
            complaints.close(s, c["tracking_number"], note="selesai di LAPOR")
            response = skm.record_response(s, [3, 4, 3, 2, 4, 3, 3, 4, 4], service=codes[0],
                                           profile={"age": 30, "sex": "L"}, suggestion="Bagus")
            skm.void_response(s, response["response_id"], "salah ketik")
            job = printjobs.reserve_print(s, "ticket", tickets[0]["id"], tickets[0]["ticket"], "dummy")
            printjobs.confirm_print(s, job["id"])
            job = printjobs.reserve_print(s, "ticket", tickets[0]["id"], tickets[0]["ticket"], "dummy")
            printjobs.fail_print(s, job["id"], "kertas habis")
            printjobs.issue_form_numbers(s, "skm", 2)
            sign_off_day(s, date(2026, 3, 16), supervisor_name="Sari", verifier_name="Budi", with_open=True)
            from counter_app import hub

            hub.start_serving(s)
            hub.start_serving(s, promote=True)
            with s.transaction():
                hub.grant_leases(s, [codes[0]], "device-k2", "2")
            hub.release_leases(s, "device-k2")
            # before an estimated Idul Fitri: a provisional deadline, recomputed on confirmation
            mp.setenv("LOKET_NOW", "2027-03-05T08:00:00+07:00")
            slow = next(svc.code for svc in catalog.list_services(s) if svc.effective_days >= 5)
            registration.register(s, registration.RegistrationInput(
                service=slow, name="Rina", nik="3273015508900002", sex="P", requirements_complete=True))
            calendar.confirm_days(s, [(date(2027, 3, 10), "working", None), (date(2027, 3, 9), "holiday", None)])
            from counter_app import erasure

            erasure.erase(s, registration=reg["registration_id"], note="permintaan subjek data")
            # as a receiver checks them: sealed personal data opened with the key sent beside it
            rows = s.store.query("SELECT * FROM events ORDER BY seq")
            made = [opened(s.store.conn, Event.from_row(r)).as_dict() for r in rows]
            sealed.extend(Event.from_row(r).as_dict() for r in rows if '"sealed"' in r["payload"])
        finally:
            s.close()
    return made + _made_by_hand()


sealed: list[dict] = []  # the corpus's events as stored, for the sealed-form checks below


def test_sealed_events_pass_as_stored_and_a_bad_box_is_refused(corpus):
    assert {e["type"] for e in sealed} >= {"registration_created", "complaint_filed", "user_created"}
    for event in sealed:
        assert check_event(event) is None, event["type"]
        assert "nik" not in event["payload"] and "password_hash" not in event["payload"]
    bad = copy.deepcopy(sealed[0])
    bad["payload"]["sealed"]["v"] = 2
    assert check_event(bad).startswith("payload.sealed.v:")
    bad = copy.deepcopy(sealed[0])
    bad["payload"]["sealed"]["fields"] = ["NIK!"]
    assert check_event(bad).startswith("payload.sealed.fields")


def test_every_type_a_projector_applies_has_a_schema():
    from counter_app.events import _PROJECTORS

    load_domain()
    assert set(_PROJECTORS) - EVENT_TYPES == set()


def test_every_event_the_app_writes_passes(corpus):
    assert {e["type"] for e in corpus} == EVENT_TYPES  # the corpus covers every type
    refused = {e["type"]: check_event(e) for e in corpus if check_event(e)}
    assert refused == {}


def test_importing_the_event_log_does_not_load_pydantic():
    code = ("import sys, counter_app.events as e; e.load_domain();"
            " print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------ generated inputs
json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False,
               allow_infinity=False) | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10)
ident_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200)


def _fields(type_: str) -> set[str]:
    model = PAYLOADS[type_]
    return {f.alias or name for name, f in model.model_fields.items()}


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_valid_events_pass_whatever_extra_keys_and_envelope_values(corpus, data):
    event = copy.deepcopy(corpus[data.draw(st.integers(0, len(corpus) - 1), label="corpus index")])
    extra = data.draw(st.dictionaries(st.text(min_size=1, max_size=12), json_values, max_size=4))
    event["payload"].update({k: v for k, v in extra.items() if k not in _fields(event["type"])})
    event.update(
        id=str(uuid.UUID(int=data.draw(st.integers(0, 2**128 - 1)))),
        device_seq=data.draw(st.integers(1, 2**53)),
        hlc=format_hlc(data.draw(st.integers(0, 10**15 - 1)), data.draw(st.integers(0, 99999))),
        entity_id=data.draw(ident_text),
        actor=data.draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120)),
    )
    assert check_event(event) is None


def _deep(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def _strings(value, path=()):
    """Paths to every string value and key in a JSON value."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield (*path, ("key", k))
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


def _put_surrogate(event: dict, path: tuple) -> None:
    *parents, last = path
    target = event
    for p in parents:
        target = target[p]
    if isinstance(last, tuple):  # a key
        key = last[1]
        target[key[:1] + "\ud800" + key[1:]] = target.pop(key)
    else:
        target[last] = target[last][:1] + "\udc80" + target[last][1:]


MUTATIONS = ["drop_required", "wrong_type", "too_deep", "surrogate", "too_big", "unknown_type",
             "bad_envelope", "drop_envelope", "not_finite", "huge_int"]


@settings(max_examples=400, deadline=None)
@given(data=st.data(), mutation=st.sampled_from(MUTATIONS))
def test_mutated_events_are_refused_with_a_reason_naming_the_field(corpus, data, mutation):
    event = copy.deepcopy(corpus[data.draw(st.integers(0, len(corpus) - 1), label="corpus index")])
    payload, type_ = event["payload"], event["type"]
    field = None
    if mutation in ("drop_required", "wrong_type"):
        keys = [k for k in REQUIRED.get(type_, []) if mutation == "drop_required" or (type_, k) not in ANY_VALUE]
        assume(keys)
        key = data.draw(st.sampled_from(keys))
        if mutation == "drop_required":
            payload.pop(key, None)
        else:
            payload[key] = data.draw(st.sampled_from([[[1]], {"x": [1]}, 1.5]))
        field = f"payload.{key}"
    elif mutation == "too_deep":
        payload[data.draw(st.text(min_size=1, max_size=5))] = _deep(data.draw(st.integers(MAX_DEPTH, 900)))
        field = "payload"
    elif mutation == "surrogate":
        path = data.draw(st.sampled_from(sorted(_strings(event), key=repr)))
        _put_surrogate(event, path)
    elif mutation == "too_big":
        payload["zz_blob"] = "x" * data.draw(st.integers(MAX_PAYLOAD_BYTES, 4 * MAX_PAYLOAD_BYTES))
        field = "payload"
    elif mutation == "unknown_type":
        name = data.draw(st.from_regex(r"[a-z][a-z0-9_]{0,30}", fullmatch=True))
        assume(name not in EVENT_TYPES)
        event["type"] = name
        field = "type"
    elif mutation == "bad_envelope":
        key, bad = data.draw(st.sampled_from([
            ("id", "not-a-uuid"), ("id", str(uuid.uuid4()).upper()), ("device_seq", 0), ("device_seq", "1"),
            ("hlc", "2026-03-16"), ("hlc", "001773622800000-0000"), ("recorded_at", "kemarin"),
            ("entity_id", ""), ("entity_id", "x" * 201), ("entity_id", "a\nb"), ("actor", ""),
            ("prev_hash", "0" * 63), ("hash", "A" * 64), ("payload", []), ("type", "Ticket")]))
        event[key] = bad
        field = key
    elif mutation == "drop_envelope":
        field = data.draw(st.sampled_from(ENVELOPE))
        del event[field]
    elif mutation == "not_finite":
        payload["zz_number"] = data.draw(st.sampled_from([float("nan"), float("inf"), float("-inf")]))
        field = "payload.zz_number"
    elif mutation == "huge_int":
        payload["zz_number"] = data.draw(st.integers(2**63, 2**200) | st.integers(-(2**200), -(2**63)))
        field = "payload.zz_number"
    reason = check_event(event)
    assert isinstance(reason, str) and reason
    reason.encode("utf-8")  # a reason can always be sent back, whatever the input held
    if field:
        assert reason.startswith((f"{field}:", f"{field}[", f"{field}.")), reason


def test_reasons_are_indonesian_and_name_the_field(corpus):
    ticket = copy.deepcopy(next(e for e in corpus if e["type"] == "ticket_issued"))
    ticket["payload"]["series"] = "1"
    assert check_event(ticket) == "payload.series: harus bilangan bulat"
    ticket["payload"].pop("series")
    assert check_event(ticket) == "payload.series: wajib ada"
    user = copy.deepcopy(next(e for e in corpus if e["type"] == "user_created"))
    user["payload"]["role"] = "bos"
    assert check_event(user).startswith("payload.role: harus salah satu dari 'frontliner'")
    user["type"] = "user_merged"
    assert check_event(user).startswith("type: jenis event tidak dikenal: user_merged")


def test_limits_never_recurse_and_bound_the_canonical_size(corpus):
    event = copy.deepcopy(corpus[0])
    event["payload"] = {"a": _deep(100_000)}  # deeper than any recursive check could go
    assert check_limits(event) == f"payload: bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"
    event["payload"] = {"k": "é" * (MAX_PAYLOAD_BYTES // 2)}  # two bytes each in UTF-8
    over = len(canonical(event["payload"]).encode("utf-8"))
    assert over > MAX_PAYLOAD_BYTES and check_limits(event).startswith("payload: terlalu besar")
    event["payload"] = {"k": "é" * (MAX_PAYLOAD_BYTES // 2 - 10)}
    assert check_limits(event) is None
