"""Encrypted, signed transfer files for sites with no network at all (carried on a USB stick).

The body holds events, and beside each sealed one the key that opens its personal data
(counter_app/personal.py): so the body is **encrypted** for its recipients, not only signed.
Every device has a bundle key that both it and the portal derive from the device token at
enrolment (``HMAC(token, "loket-bundle-v1")``), named by its key id; nothing else is shared,
and nothing else is needed:

- the body (ASCII JSON, zlib-compressed) is encrypted with XChaCha20-Poly1305 (libsodium,
  PyNaCl) under a random content key made for this file;
- the content key is wrapped for each recipient under a key derived from that recipient's
  bundle key (BLAKE2b keyed with it, personalised ``loket-bundle-v2``): the counter's own for
  a counter's bundle (only the portal, which holds the same key, opens it), each active device
  of the site for a portal export;
- each signature is HMAC-SHA256, with a device's bundle key, over the canonical JSON of
  everything else in the file (encrypt-then-MAC): an edited, truncated or foreign file is
  refused as a whole before anything is decrypted.

A version 2 file is ``{"format", "version": 2, "cipher", "recipients", "box", "signatures"}``.
Version 1 files (signed, not encrypted: ``{"format", "version": 1, "body", "signatures"}``,
from an app older than 2026-12) are still read, so a stick written before the upgrade is not
lost; they are never written any more.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import zlib
from pathlib import Path
from typing import Any

from nacl import bindings

from counter_app.errors import LoketError
from counter_app.events import canonical
from counter_app.i18n import _
from counter_app.private_files import open_private

FORMAT = "loket-bundle"
VERSION = 2               # written: encrypted and signed
SIGNED_ONLY = 1           # still read: signed, not encrypted
CIPHER = "xchacha20poly1305-ietf+zlib"
MAX_BODY_BYTES = 1 << 30  # a body decompressed past this is refused (a signed file, but bounded all the same)
_NONCE = bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
KIND_EVENTS = "events"   # a device's unsynced events, for the portal
KIND_SITE = "site"       # a site's events from the portal (catalogue, bookings, ...), for counters


class BundleError(LoketError):
    """The file is not a valid, intact bundle; nothing was applied."""


def bundle_key(token: str) -> str:
    return hmac.new(token.encode("utf-8"), b"loket-bundle-v1", hashlib.sha256).hexdigest()


def key_id(key: str) -> str:
    return hashlib.sha256(bytes.fromhex(key)).hexdigest()[:16]


def _mac(key: str, body: dict[str, Any]) -> str:
    # surrogatepass: a lone surrogate (text that is not valid UTF-8, e.g. in a hostile event id)
    # must not crash signing or checking; valid text encodes exactly as plain UTF-8
    return hmac.new(bytes.fromhex(key), canonical(body).encode("utf-8", "surrogatepass"),
                    hashlib.sha256).hexdigest()


def _wrapping_key(key: str) -> bytes:
    """The key that wraps a bundle's content key for the device of bundle key ``key``: derived
    from it for this one use, so the signing key itself never encrypts anything."""
    return hashlib.blake2b(b"content key", key=bytes.fromhex(key), person=b"loket-bundle-v2",
                           digest_size=bindings.crypto_aead_xchacha20poly1305_ietf_KEYBYTES).digest()


def _seal(plain: bytes, key: bytes, aad: bytes) -> str:
    nonce = os.urandom(_NONCE)
    return base64.b64encode(
        nonce + bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, aad, nonce, key)).decode("ascii")


def _open(text: str, key: bytes, aad: bytes) -> bytes | None:
    try:
        box = base64.b64decode(text, validate=True)
        return bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(box[_NONCE:], aad, box[:_NONCE], key)
    except Exception:  # noqa: BLE001 - whatever is wrong, it does not open
        return None


def _signed_part(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "signatures"}


def write_bundle(path: Path | str, body: dict[str, Any], keys: list[str]) -> Path:
    """Encrypt ``body`` for every key's device, sign it with every key and write it atomically
    (temp file, fsync, rename)."""
    if not keys:
        raise BundleError(_("tidak ada kunci perangkat aktif untuk menandatangani bundel"))
    body = {**body, "count": len(body.get("events", []))}
    content_key = os.urandom(bindings.crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    # ASCII with escapes: any text, even a lone surrogate, round-trips
    plain = zlib.compress(json.dumps(body).encode("ascii"), 6)
    doc: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "cipher": CIPHER,
        "recipients": {key_id(k): _seal(content_key, _wrapping_key(k), key_id(k).encode()) for k in keys},
        "box": _seal(plain, content_key, f"{FORMAT}-v{VERSION}".encode()),
    }
    doc["signatures"] = {key_id(k): _mac(k, _signed_part(doc)) for k in keys}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open_private(tmp, "w") as out:  # encrypted, and owner only all the same
        json.dump(doc, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return path


def read_bundle(path: Path | str) -> dict[str, Any]:
    """Parse a bundle's structure (not yet its signature)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BundleError(_("berkas {path} tidak ada").format(path=path)) from None
    except (UnicodeDecodeError, ValueError):  # JSONDecodeError, or a number too long to read
        raise BundleError(_("berkas bundel rusak atau terpotong (bukan JSON utuh)")) from None
    except RecursionError:
        raise BundleError(_("berkas bundel bersarang terlalu dalam: bukan bundel Loket yang utuh")) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BundleError(_("bukan berkas bundel Loket"))
    if doc.get("version") not in (VERSION, SIGNED_ONLY) or isinstance(doc.get("version"), bool):
        raise BundleError(_("versi bundel {version} tidak didukung (hanya {supported})").format(
            version=doc.get("version"), supported=f"{SIGNED_ONLY}, {VERSION}"))
    signatures = doc.get("signatures")
    if doc["version"] == SIGNED_ONLY:
        body = doc.get("body")
        if not isinstance(body, dict) or not isinstance(signatures, dict) or not signatures:
            raise BundleError(_("bundel tidak lengkap: isi atau tanda tangan hilang"))
        _check_count(body)
        return doc
    if not (isinstance(doc.get("box"), str) and isinstance(doc.get("recipients"), dict)
            and isinstance(signatures, dict) and signatures):
        raise BundleError(_("bundel tidak lengkap: isi atau tanda tangan hilang"))
    if doc.get("cipher") != CIPHER:
        raise BundleError(_("sandi bundel {cipher} tidak didukung").format(cipher=doc.get("cipher")))
    return doc


def _check_count(body: Any) -> None:
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list) or body.get("count") != len(events):
        raise BundleError(_("bundel terpotong: jumlah event tidak sesuai"))


def verify(doc: dict[str, Any], key: str) -> dict[str, Any]:
    """The body, if ``key`` signed it (and, version 2, it was encrypted for ``key``'s device);
    otherwise :class:`BundleError`. Nothing is decrypted before the signature checks."""
    expected = doc["signatures"].get(key_id(key))
    if not isinstance(expected, str):
        raise BundleError(_("bundel tidak ditandatangani untuk perangkat ini"))
    if doc["version"] == SIGNED_ONLY:
        if not hmac.compare_digest(expected, _mac(key, doc["body"])):
            raise BundleError(_("tanda tangan bundel tidak cocok: isi berkas telah diubah"))
        return doc["body"]
    if not hmac.compare_digest(expected, _mac(key, _signed_part(doc))):
        raise BundleError(_("tanda tangan bundel tidak cocok: isi berkas telah diubah"))
    wrapped = doc["recipients"].get(key_id(key))
    content_key = _open(wrapped, _wrapping_key(key), key_id(key).encode()) if isinstance(wrapped, str) else None
    packed = _open(doc["box"], content_key, f"{FORMAT}-v{VERSION}".encode()) if content_key else None
    body = None
    if packed is not None:
        try:
            inflate = zlib.decompressobj()
            text = inflate.decompress(packed, MAX_BODY_BYTES)
            body = json.loads(text) if not inflate.unconsumed_tail and inflate.eof else None
        except (zlib.error, UnicodeDecodeError, ValueError, RecursionError):
            body = None
    if not isinstance(body, dict):
        raise BundleError(_("bundel tidak bisa dibuka dengan kunci perangkat ini"))
    _check_count(body)
    return body


# ------------------------------------------------------------------ the counter's side
def _token(session, token: str | None) -> str:
    """The token to sign or verify with: ``token`` as given, else the saved one. Nothing is
    saved here: a token is kept only once a bundle it signed has been verified or written."""
    from counter_app import syncstate

    chosen = token or syncstate.state(session)["token"]
    if not chosen:
        raise BundleError(_("token perangkat belum diatur: berikan --token (dari 'loket-portal device enrol')"))
    return chosen


def _keep(session, token: str | None) -> None:
    from counter_app import syncstate

    if token:
        syncstate.configure(session, token=token)


def export_outbox(session, path: Path | str, token: str | None = None) -> dict[str, Any]:
    """Write every unacknowledged event of this device to a signed bundle for the portal.
    The file carries applicants' personal data off the device: ``sync.export`` only."""
    from counter_app import clock, syncstate
    from counter_app.permissions import require
    from counter_app.site import site_info

    require(session, "sync.export")
    if token and token.strip() != syncstate.state(session)["token"]:
        require(session, "sync.configure")  # the token is kept after the write: refuse before it
    key = bundle_key(_token(session, token))
    info = site_info(session)
    events = [e.as_dict() for e in syncstate.outbox(session, 10**9, skip_rejected=False)]
    write_bundle(path, {"kind": KIND_EVENTS, "site": info.code, "device_id": info.device_id,
                        "created_at": clock.iso(clock.now()), "events": events}, [key])
    _keep(session, token)
    return {"events": len(events), "file": str(path)}


def import_site_bundle(session, path: Path | str, token: str | None = None) -> dict[str, Any]:
    """Apply a portal export (catalogue, holidays, bookings, other devices' events) here."""
    from counter_app import syncstate
    from counter_app.events import Event
    from counter_app.site import site_info

    doc = read_bundle(path)
    body = verify(doc, bundle_key(_token(session, token)))
    local = site_info(session).code
    if body.get("kind") != KIND_SITE or body.get("site") != local:
        raise BundleError(_("bundel ini bukan kiriman portal untuk lokasi {site}").format(site=local))
    try:
        events = [Event.from_dict(e) for e in sorted(body["events"], key=lambda e: e["seq"])]
        last_seq = int(body["last_seq"])
    except (KeyError, TypeError, ValueError):
        raise BundleError(_("isi bundel tidak sah")) from None
    applied = syncstate.apply_events(session, events, last_seq)
    _keep(session, token)  # the bundle proved the token: now it may be kept
    return {"events": len(events), "applied": applied, "cursor": syncstate.state(session)["cursor"]}
