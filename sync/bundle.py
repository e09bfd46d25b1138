"""Signed transfer files for sites with no network at all (carried on a USB stick).

A bundle is one JSON document ``{"format", "version", "body", "signatures"}``. The body
holds events; each signature is HMAC-SHA256 over the canonical JSON of the body with a
device's bundle key, which both the device and the portal derive from the device token at
enrolment (``HMAC(token, "loket-bundle-v1")``) and which is named by its key id. A file
that was edited, truncated or signed by an unknown key is refused as a whole.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

from counter_app.errors import LoketError
from counter_app.events import canonical
from counter_app.i18n import _
from counter_app.private_files import open_private

FORMAT = "loket-bundle"
VERSION = 1
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


def write_bundle(path: Path | str, body: dict[str, Any], keys: list[str]) -> Path:
    """Sign ``body`` with every key and write it atomically (temp file, fsync, rename)."""
    if not keys:
        raise BundleError(_("tidak ada kunci perangkat aktif untuk menandatangani bundel"))
    body = {**body, "count": len(body.get("events", []))}
    doc = {"format": FORMAT, "version": VERSION, "body": body,
           "signatures": {key_id(k): _mac(k, body) for k in keys}}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open_private(tmp, "w") as out:  # personal data: owner only
        json.dump(doc, out)  # ASCII with escapes: any text, even a lone surrogate, round-trips
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
    if doc.get("version") != VERSION:
        raise BundleError(_("versi bundel {version} tidak didukung (hanya {supported})").format(
            version=doc.get("version"), supported=VERSION))
    body, signatures = doc.get("body"), doc.get("signatures")
    if not isinstance(body, dict) or not isinstance(signatures, dict) or not signatures:
        raise BundleError(_("bundel tidak lengkap: isi atau tanda tangan hilang"))
    events = body.get("events")
    if not isinstance(events, list) or body.get("count") != len(events):
        raise BundleError(_("bundel terpotong: jumlah event tidak sesuai"))
    return doc


def verify(doc: dict[str, Any], key: str) -> dict[str, Any]:
    """The body, if ``key`` signed it; otherwise :class:`BundleError`."""
    expected = doc["signatures"].get(key_id(key))
    if not isinstance(expected, str):
        raise BundleError(_("bundel tidak ditandatangani untuk perangkat ini"))
    if not hmac.compare_digest(expected, _mac(key, doc["body"])):
        raise BundleError(_("tanda tangan bundel tidak cocok: isi berkas telah diubah"))
    return doc["body"]


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
