"""The per-connection cache of configuration reads (site, device, catalogue, settings):
never stale, whoever changes the configuration and however the change ends."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app import catalog
from counter_app.events import canonical, event_hash
from counter_app.session import Session
from counter_app.site import get_setting, init_site, set_setting, site_info


def _renamed(session: Session, code: str, name: str) -> dict:
    row = next(r for r in catalog.export_rows(session) if r["code"] == code)
    return {**row, "name": name}


def test_a_change_through_the_same_connection_is_seen_at_once(session):
    assert catalog.get_service(session, "DUK-KTP").name != "KTP Baru"
    catalog.import_services(session, [_renamed(session, "DUK-KTP", "KTP Baru")])
    assert catalog.get_service(session, "duk-ktp").name == "KTP Baru"
    set_setting(session, "max_wait_minutes", 45)
    assert get_setting(session, "max_wait_minutes") == 45


def test_a_change_by_another_connection_is_seen_at_once(session):
    """E.g. the background sync applying a catalogue update on its own connection."""
    before = catalog.get_service(session, "DUK-KTP")
    assert catalog.get_service(session, "DUK-KTP") is before  # cached
    other = Session.open(session.store.path)
    try:
        catalog.import_services(other, [_renamed(other, "DUK-KTP", "KTP Elektronik Baru")])
        init_site(other, site_code="MPP-TEST", site_name="MPP Ganti Nama", device_code="K1")
    finally:
        other.close()
    assert catalog.get_service(session, "DUK-KTP").name == "KTP Elektronik Baru"
    assert site_info(session).name == "MPP Ganti Nama"


def test_a_direct_sql_change_is_seen(session):
    """Even a write that bypasses the event log (a repair by hand, a restore tool)."""
    site_info(session)
    session.store.conn.execute("UPDATE device SET series = 7")
    assert site_info(session).series == 7


def test_a_value_read_inside_a_rolled_back_transaction_is_forgotten(session):
    catalog.get_service(session, "DUK-KTP")
    with pytest.raises(RuntimeError), session.transaction():
        session.store.conn.execute("UPDATE services SET data = json_set(data, '$.name', 'Sementara')"
                                   " WHERE code = 'DUK-KTP'")
        assert catalog.get_service(session, "DUK-KTP").name == "Sementara"
        raise RuntimeError("batal")
    assert catalog.get_service(session, "DUK-KTP").name != "Sementara"


def test_an_unknown_service_is_not_remembered_as_missing(session):
    with pytest.raises(catalog.NotFound):
        catalog.get_service(session, "BARU-01")
    row = {**next(iter(catalog.export_rows(session))), "code": "BARU-01", "name": "Layanan Baru",
           "prefix": "Z"}
    catalog.import_services(session, [row])
    assert catalog.get_service(session, "BARU-01").name == "Layanan Baru"


def test_cached_values_cannot_be_changed_by_a_caller(session):
    service = catalog.get_service(session, "DUK-KTP")
    with pytest.raises(TypeError):
        service.extra["x"] = 1  # type: ignore[index]
    value = get_setting(session, "max_wait_minutes")
    assert isinstance(value, int)


def test_a_store_without_the_schema_works_uncached(db_path):
    from counter_app.store import Store

    store = Store(db_path, migrate=False)
    try:
        assert store.cached("k", lambda: 1) == 1 and store._cache == {}
    finally:
        store.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@given(payload=st.dictionaries(st.text(max_size=8), json_values, max_size=5), actor=st.text(),
       seq=st.integers(min_value=1, max_value=2**53))
def test_hash_from_a_serialised_payload_equals_the_hash_of_all_fields(payload, actor, seq):
    """The shortcut the log uses must give the protocol's hash: SHA-256 of the canonical list."""
    import hashlib

    fields = dict(id="0190", device_id="dev", device_seq=seq, hlc="h", recorded_at="2026-11-23T08:00:00+07:00",
                  type="t", entity_id="e", payload=payload, actor=actor, prev_hash="0" * 64)
    whole = hashlib.sha256(canonical([fields[k] for k in ("device_id", "device_seq", "id", "hlc", "recorded_at",
                                                          "type", "entity_id", "payload", "actor", "prev_hash")])
                           .encode("utf-8")).hexdigest()
    assert event_hash(**fields) == whole
    assert event_hash(**fields, payload_json=canonical(json.loads(canonical(payload)))) == whole
