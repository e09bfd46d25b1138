"""The portal's side of sealed personal data (counter_app/personal.py): its key store, per site.

The log the portal keeps holds personal data only sealed, as the counters hashed it. The keys
that open it are kept beside the log in ``record_keys`` (migration 0007), keyed by site: a
key came beside the pushed event that names it (and only that event's key is kept), or the
portal made it for an event of its own (an online booking). Pull and site bundles send each
sealed event with its key while the portal holds it. A ``personal_data_erased`` event deletes
the keys it names (and every key of the records it names) for its site and remembers them in
``erased_keys``, so a copy arriving later is refused; what the portal projected from them is
blanked (sync/portal/projections.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from counter_app import personal

from .db import Tx


def opens(event_type: str, payload: dict[str, Any], key: bytes) -> bool:
    """Whether ``key`` opens the payload's sealed box, so a key that does not belong to the
    event is never kept (:func:`counter_app.personal.opens`)."""
    return personal.opens(event_type, payload, key)


def offered_key(event: dict[str, Any]) -> tuple[str, bytes | None] | None:
    """The key an incoming event brings for its own sealed payload: ``(key_id, key)`` (key
    None when the text is not a key), or None when it brings none (keys for other ids are
    ignored: a sender attaches only its event's key)."""
    key_id = personal.sealed_key_id(event["payload"]) if isinstance(event.get("payload"), dict) else None
    keys = event.get("keys")
    if key_id is None or not isinstance(keys, dict) or not isinstance(keys.get(key_id), str):
        return None
    return key_id, personal.key_bytes(keys[key_id])


def erased(tx: Tx, site: str, key_id: str) -> bool:
    return tx.one("SELECT 1 AS x FROM erased_keys WHERE site_code = ? AND key_id = ?", (site, key_id)) is not None


def store_key(tx: Tx, site: str, key_id: str, key: bytes, entity_id: str, at: str) -> bool:
    """Keep a key of ``site``; False (and nothing kept) when its record was erased there."""
    if erased(tx, site, key_id):
        return False
    tx.execute("INSERT INTO record_keys (site_code, key_id, key, entity_id, created_at) VALUES (?, ?, ?, ?, ?)"
               " ON CONFLICT (site_code, key_id) DO NOTHING", (site, key_id, key, entity_id, at))
    return True


def lookup_key(tx: Tx, site: str, key_id: str) -> bytes | None:
    row = tx.one("SELECT key FROM record_keys WHERE site_code = ? AND key_id = ?", (site, key_id))
    return bytes(row["key"]) if row else None


def opened(tx: Tx, site: str, event_type: str, payload: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The payload as a projector reads it, and whether its personal data is readable: a
    sealed payload opened with the site's key, or with the erased values when the portal does
    not hold it (erased, or never sent)."""
    key_id = personal.sealed_key_id(payload)
    if key_id is None:
        return payload, True
    key = lookup_key(tx, site, key_id)
    return personal.open_sealed(event_type, payload, key), key is not None


def keys_for(tx: Tx, site: str, key_ids: Iterable[str]) -> dict[str, str]:
    """The keys (base64) the portal holds of ``site`` among ``key_ids``, to send beside their events."""
    wanted = sorted(set(key_ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in tx.all(f"SELECT key_id, key FROM record_keys WHERE site_code = ? AND key_id IN"
                          f" ({','.join('?' * len(chunk))})", (site, *chunk)):
            found[row["key_id"]] = personal.key_text(bytes(row["key"]))
    return found


def with_keys(tx: Tx, site: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``events`` (wire dicts), each sealed one with the key that opens it when the portal holds it."""
    wanted = {i: k for i, e in enumerate(events)
              if isinstance(e.get("payload"), dict) and (k := personal.sealed_key_id(e["payload"]))}
    if not wanted:
        return events
    held = keys_for(tx, site, wanted.values())
    return [{**e, "keys": {wanted[i]: held[wanted[i]]}} if wanted.get(i) in held else e
            for i, e in enumerate(events)]


def shred(tx: Tx, site: str, key_ids: Iterable[str], entities: Iterable[str], at: str) -> int:
    """Delete ``site``'s keys named, and every key it holds of ``entities``, and remember them
    as erased. Returns how many keys the portal held."""
    entities = sorted(set(entities))
    ids = set(key_ids)
    for start in range(0, len(entities), 500):
        chunk = entities[start:start + 500]
        ids |= {r["key_id"] for r in tx.all(
            f"SELECT key_id FROM record_keys WHERE site_code = ? AND entity_id IN ({','.join('?' * len(chunk))})",
            (site, *chunk))}
    count = 0
    for key_id in sorted(ids):
        count += tx.execute("DELETE FROM record_keys WHERE site_code = ? AND key_id = ?", (site, key_id)).rowcount
        tx.execute("INSERT INTO erased_keys (site_code, key_id, erased_at) VALUES (?, ?, ?)"
                   " ON CONFLICT (site_code, key_id) DO NOTHING", (site, key_id, at))
    return count
