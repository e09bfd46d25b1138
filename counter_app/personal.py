"""Personal data in the immutable log, and its erasure (UU 27/2022, Pelindungan Data Pribadi).

The log is append-only and replicated to every device of the site and to the portal, so
personal data written into it in plain text could never be erased. Instead each event that
carries personal data is **sealed**: its personal fields are taken out of the payload and
encrypted (XChaCha20-Poly1305, libsodium through PyNaCl) with a key made for that event
alone. The log stores and hashes only the sealed form::

    {"service": "DUK-KTP", ..., "sealed": {"v": 1, "key": KEY_ID, "fields": [...], "box": B64}}

The keys live in ``record_keys``, a mutable table that is not part of the log: they travel
beside the events (push, pull, the site hub, bundles) and are never hashed. Deleting a key
erases its event's personal data on every device that deleted it, while the hash chain
still verifies (crypto-shredding). An erasure is itself an event
(``personal_data_erased``, no personal data in it) listing the keys and the records, so
every device and the portal delete the same keys; an erased key id is remembered in
``erased_keys``, so a copy of the key that arrives later is refused.

An event whose key is gone opens with :data:`ERASED` in place of its personal fields: the
projections show the record (its number, service, dates, status) without the person.

This module holds the cryptography and the rules (which fields of which event are
personal). Storing keys is the caller's: the counter's store below, the portal's own table.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from nacl import bindings

VERSION = 1
ERASED_TEXT = "(dihapus)"

# For each event type that carries personal data: its personal fields, each with the value
# it takes once the person's data is erased (a value its payload schema accepts).
SEALED_FIELDS: dict[str, dict[str, Any]] = {
    "registration_created": {"name": ERASED_TEXT, "nik": "", "birth_place": None, "birth_date": None,
                             "address": None, "phone": None},
    "booking_created": {"name": ERASED_TEXT, "nik": None, "birth_place": None, "birth_date": None,
                        "address": None, "phone": None},
    "complaint_filed": {"name": None, "phone": None, "email": None, "text": ERASED_TEXT},
    # An officer's password verifier: kept for the current password only (users.py shreds
    # the key of every older one), so old hashes do not travel the site forever.
    "user_created": {"password_hash": ERASED_TEXT},
    "user_password_changed": {"password_hash": ERASED_TEXT},
}


def is_sealed(payload: dict[str, Any]) -> bool:
    return isinstance(payload.get("sealed"), dict)


def new_key() -> bytes:
    return os.urandom(bindings.crypto_aead_xchacha20poly1305_ietf_KEYBYTES)


def key_text(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def key_bytes(text: str) -> bytes | None:
    """A key as it travels (base64), or None when it is not a key."""
    try:
        key = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        return None
    return key if len(key) == bindings.crypto_aead_xchacha20poly1305_ietf_KEYBYTES else None


def _aad(event_type: str, key_id: str) -> bytes:
    return f"loket-sealed-v{VERSION}|{event_type}|{key_id}".encode()


def seal(event_type: str, payload: dict[str, Any], key_id: str, key: bytes) -> dict[str, Any]:
    """The payload to store: its personal fields encrypted under ``key``. Types without
    personal data (and payloads without those fields) are returned as they are."""
    fields = SEALED_FIELDS.get(event_type)
    if not fields:
        return payload
    secret = {f: payload[f] for f in fields if f in payload}
    if not secret or all(v is None for v in secret.values()):
        return payload
    nonce = os.urandom(bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    plain = json.dumps(secret, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    box = nonce + bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, _aad(event_type, key_id), nonce, key)
    stored = {k: v for k, v in payload.items() if k not in secret}
    stored["sealed"] = {"v": VERSION, "key": key_id, "fields": sorted(secret),
                        "box": base64.b64encode(box).decode("ascii")}
    return stored


def sealed_key_id(payload: dict[str, Any]) -> str | None:
    sealed = payload.get("sealed")
    if isinstance(sealed, dict) and isinstance(sealed.get("key"), str):
        return sealed["key"]
    return None


def _unseal(event_type: str, sealed: dict[str, Any], key: bytes) -> dict[str, Any] | None:
    """The sealed fields the box holds, or None when ``key`` does not open it."""
    try:
        box = base64.b64decode(sealed.get("box", ""), validate=True)
        nonce_bytes = bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
        plain = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            box[nonce_bytes:], _aad(event_type, str(sealed.get("key"))), box[:nonce_bytes], key)
        secret = json.loads(plain)
    except Exception:  # noqa: BLE001 - any failure: not this box's key
        return None
    return secret if isinstance(secret, dict) else None


def opens(event_type: str, payload: dict[str, Any], key: bytes) -> bool:
    """Whether ``key`` opens the payload's sealed box: a receiver keeps only a key that
    belongs to its event (:func:`open_sealed` reads a failed open as erased)."""
    sealed = payload.get("sealed")
    return isinstance(sealed, dict) and _unseal(event_type, sealed, key) is not None


def open_sealed(event_type: str, payload: dict[str, Any], key: bytes | None) -> dict[str, Any]:
    """The payload with its personal fields back, or with the erased values when the key
    is gone (or does not open the box: the same as erased, never an exception)."""
    sealed = payload.get("sealed")
    if not isinstance(sealed, dict):
        return payload
    names = sealed.get("fields") if isinstance(sealed.get("fields"), list) else []
    erased = SEALED_FIELDS.get(event_type, {})
    opened = {k: v for k, v in payload.items() if k != "sealed"}
    secret = _unseal(event_type, sealed, key) if key is not None else None
    for name in names:
        if not isinstance(name, str):
            continue
        opened[name] = secret[name] if secret is not None and name in secret else erased.get(name)
    return opened


# ------------------------------------------------------------------ the counter's key store
def store_key(conn: sqlite3.Connection, key_id: str, key: bytes, entity_id: str, at: str) -> bool:
    """Keep a key (made here or received); False when its record was erased (key refused)."""
    if conn.execute("SELECT 1 FROM erased_keys WHERE key_id = ?", (key_id,)).fetchone():
        return False
    conn.execute("INSERT INTO record_keys (key_id, key, entity_id, created_at) VALUES (?, ?, ?, ?)"
                 " ON CONFLICT (key_id) DO NOTHING", (key_id, key, entity_id, at))
    return True


def lookup_key(conn: sqlite3.Connection, key_id: str) -> bytes | None:
    row = conn.execute("SELECT key FROM record_keys WHERE key_id = ?", (key_id,)).fetchone()
    return bytes(row[0]) if row else None


def keys_for(conn: sqlite3.Connection, key_ids: Iterable[str]) -> dict[str, str]:
    """The keys (base64) this device holds among ``key_ids``, to send beside their events."""
    wanted = sorted(set(key_ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in conn.execute(f"SELECT key_id, key FROM record_keys WHERE key_id IN ({','.join('?' * len(chunk))})",
                                chunk):
            found[row[0]] = key_text(bytes(row[1]))
    return found


def shred(conn: sqlite3.Connection, key_ids: Iterable[str], at: str) -> int:
    """Delete keys for good and remember them as erased. Returns how many were held here."""
    count = 0
    for key_id in sorted(set(key_ids)):
        count += conn.execute("DELETE FROM record_keys WHERE key_id = ?", (key_id,)).rowcount
        conn.execute("INSERT INTO erased_keys (key_id, erased_at) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING",
                     (key_id, at))
    return count
