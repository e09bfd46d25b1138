"""The site hub's rules, without any HTTP: roles, member tokens, leases, epochs.

One installation of the site serves the hall (``loket hub serve``, sync/hub/server.py); the
others join it. This module holds what the hub and its members decide with the database
alone: who may act (hashed device tokens bound to one device id), which counter holds which
service's lease for mode mandiri, and the hub's epoch (fencing). docs/site-hub.md explains
the whole design.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from . import clock
from .errors import NotFound, PermissionDenied, StateError, ValidationError
from .events import Event, order_key, projection_tables, projector, with_keys
from .i18n import _
from .session import Session

projection_tables("service_leases", "hub_epochs", keys={"service_leases": "entity_id"})

ROLES = ("none", "member", "hub")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# ------------------------------------------------------------------ this device's role
def state(session: Session) -> dict[str, Any]:
    return dict(session.store.one("SELECT * FROM hub_state"))


def set_role(session: Session, role: str) -> None:
    if role not in ROLES:
        raise ValidationError("role", _("peran hub harus salah satu dari {choices}").format(choices=", ".join(ROLES)))
    with session.transaction():
        session.store.conn.execute("UPDATE hub_state SET role = ?", (role,))


def join(session: Session, url: str, token: str, hub_device_id: str, ca_file: str | None = None) -> None:
    """Remember the hub (device-local, not an event). The caller has checked that the hub
    answers for this site."""
    url = (url or "").strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValidationError("url", _("alamat hub harus diawali http:// atau https://"))
    if not (token or "").strip():
        raise ValidationError("token", _("token perangkat dari hub wajib diisi"))
    with session.transaction():
        session.store.conn.execute(
            "UPDATE hub_state SET role = 'member', url = ?, token = ?, hub_device_id = ?, cursor = 0,"
            " acked_seq = 0, last_contact = NULL, last_error = NULL, ca_file = ?",
            (url, token.strip(), hub_device_id, ca_file))


def leave(session: Session) -> None:
    with session.transaction():
        session.store.conn.execute(
            "UPDATE hub_state SET role = 'none', url = NULL, token = NULL, hub_device_id = NULL,"
            " cursor = 0, acked_seq = 0, last_contact = NULL, last_error = NULL")


def mark_contact(session: Session, *, error: str | None = None) -> None:
    with session.transaction():
        if error is None:
            session.store.conn.execute("UPDATE hub_state SET last_contact = ?, last_error = NULL",
                                       (clock.iso(clock.now()),))
        else:
            session.store.conn.execute("UPDATE hub_state SET last_error = ?", (error[:500],))


def pending_count(session: Session) -> int:
    """This device's events the hub does not hold yet (pushed in device_seq order)."""
    return session.store.scalar(
        "SELECT count(*) FROM events WHERE device_id = (SELECT device_id FROM device)"
        " AND device_seq > (SELECT acked_seq FROM hub_state)")


def outbox(session: Session, limit: int) -> list[Event]:
    rows = session.store.query(
        "SELECT * FROM events WHERE device_id = (SELECT device_id FROM device)"
        " AND device_seq > (SELECT acked_seq FROM hub_state) ORDER BY device_seq LIMIT ?", (limit,))
    return with_keys(session.store.conn, [Event.from_row(r) for r in rows])


def mark_pushed(session: Session, device_seq: int) -> None:
    with session.transaction():
        session.store.conn.execute("UPDATE hub_state SET acked_seq = max(acked_seq, ?)", (device_seq,))


def apply_hub_events(session: Session, events: list[Event], cursor: int) -> int:
    """Apply a page from the hub and move the hub cursor in the same transaction; own events
    coming back count as held by the hub."""
    from .syncstate import device_id

    own = device_id(session)
    applied = 0
    with session.transaction():
        conn = session.store.conn
        top = 0
        for event in events:
            applied += session.log.apply_remote(event)
            if event.device_id == own:
                top = max(top, int(event.device_seq))
        conn.execute("UPDATE hub_state SET cursor = max(cursor, ?), last_contact = ?, last_error = NULL"
                     + (", acked_seq = max(acked_seq, ?)" if top else ""),
                     (cursor, clock.iso(clock.now()), *((top,) if top else ())))
    from .erasure import scrub_after

    scrub_after(session, events)
    return applied


# ------------------------------------------------------------------ members (on the hub)
def enrol(session: Session, name: str) -> dict[str, Any]:
    """A new member token for this hub, shown once (only its hash is kept)."""
    from .users import require

    require(session, "settings.manage")
    name = " ".join((name or "").split())
    if not name or len(name) > 40:
        raise ValidationError("name", _("nama perangkat wajib diisi (maksimal 40 karakter)"))
    token = secrets.token_urlsafe(32)
    with session.transaction():
        session.store.conn.execute(
            "INSERT INTO hub_devices (token_hash, name, enrolled_at) VALUES (?, ?, ?)",
            (_hash(token), name, clock.iso(clock.now())))
    return {"token": token, "name": name}


def revoke(session: Session, name: str) -> dict[str, Any]:
    from .users import require

    require(session, "settings.manage")
    with session.transaction():
        cur = session.store.conn.execute(
            "UPDATE hub_devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
            (clock.iso(clock.now()), name))
    if not cur.rowcount:
        raise NotFound(_("perangkat hub '{name}' tidak ada atau sudah dicabut").format(name=name))
    return {"name": name, "revoked": cur.rowcount}


def members(session: Session) -> list[dict[str, Any]]:
    return [dict(r) for r in session.store.query(
        "SELECT name, device_id, enrolled_at, last_seen, revoked_at FROM hub_devices ORDER BY enrolled_at")]


class HubAuthError(PermissionDenied):
    """A request without a valid member token (the hub never says which part was wrong)."""


def authenticate(session: Session, token: str | None, device_id: str | None = None) -> dict[str, Any]:
    """The member a token belongs to. With ``device_id`` (the hello), binds an unbound token
    to that device; a token bound to another device, or a device bound to another token, is
    refused."""
    row = session.store.one("SELECT * FROM hub_devices WHERE token_hash = ? AND revoked_at IS NULL",
                            (_hash(token or ""),))
    if row is None:
        raise HubAuthError(_("token perangkat tidak dikenal hub ini atau sudah dicabut"))
    member = dict(row)
    if device_id is not None and member["device_id"] != device_id:
        if member["device_id"] is not None:
            raise HubAuthError(_("token ini milik perangkat lain"))
        with session.transaction():
            taken = session.store.one("SELECT name FROM hub_devices WHERE device_id = ? AND revoked_at IS NULL",
                                      (device_id,))
            if taken is not None:
                raise HubAuthError(_("perangkat ini sudah terdaftar di hub dengan token lain"))
            session.store.conn.execute("UPDATE hub_devices SET device_id = ? WHERE token_hash = ?",
                                       (device_id, member["token_hash"]))
        member["device_id"] = device_id
    return member


TOUCH_EVERY_S = 30


def touch(session: Session, member: dict[str, Any], *, force: bool = False) -> None:
    """Note when a member was last heard from (at most every TOUCH_EVERY_S: it is a write)."""
    now = clock.now()
    last = member.get("last_seen")
    if not force and last and (now - datetime.fromisoformat(last)).total_seconds() < TOUCH_EVERY_S:
        return
    with session.transaction():
        session.store.conn.execute("UPDATE hub_devices SET last_seen = ? WHERE token_hash = ?",
                                   (clock.iso(now), member["token_hash"]))


REQUESTS_KEPT_S = 24 * 3600


def remember_request(session: Session, request_id: str, device_id: str, response: str) -> None:
    """Inside the decision's transaction: the answer, for a resend of the same request."""
    now = clock.now()
    conn = session.store.conn
    conn.execute("INSERT INTO hub_requests (request_id, device_id, response, at) VALUES (?, ?, ?, ?)",
                 (request_id, device_id, response, clock.iso(now)))
    if secrets.randbelow(200) == 0:  # now and then, forget what no resend can still ask for
        conn.execute("DELETE FROM hub_requests WHERE at < ?",
                     (clock.iso(now - timedelta(seconds=REQUESTS_KEPT_S)),))


# ------------------------------------------------------------------ epochs (fencing)
def current_epoch(session: Session) -> dict[str, Any] | None:
    row = session.store.one("SELECT * FROM hub_epochs ORDER BY epoch DESC LIMIT 1")
    return dict(row) if row else None


def start_serving(session: Session, *, promote: bool = False) -> int:
    """Make this installation the hub. A first start (or ``promote`` on a standby) claims a
    new epoch; restarting the hub of the current epoch keeps it. Refuses when another device
    holds the newest epoch, unless promoted on purpose."""
    own = session.store.scalar("SELECT device_id FROM device")
    with session.transaction():
        top = current_epoch(session)
        if top is not None and top["device_id"] == own and not promote:
            epoch = top["epoch"]
        elif top is not None and not promote:
            raise StateError(_(
                "perangkat lain ({device}) adalah hub epoch {epoch}; jadikan perangkat"
                " ini hub dengan 'loket hub promote' hanya bila hub itu benar-benar mati").format(
                device=top["device_id"], epoch=top["epoch"]))
        else:
            epoch = (top["epoch"] if top else 0) + 1
            session.append("hub_promoted" if promote else "hub_started", f"hub-epoch:{epoch}",
                           {"epoch": epoch, "device_id": own, "at": session.now().isoformat(timespec="seconds")})
        session.store.conn.execute("UPDATE hub_state SET role = 'hub', url = NULL, token = NULL")
    return epoch


def set_public_url(session: Session, url: str) -> None:
    """On the hub: the address members and the citizens' phones reach it at (for the QR)."""
    with session.transaction():
        session.store.conn.execute("UPDATE hub_state SET url = ? WHERE role = 'hub'", (url.rstrip("/"),))


def fenced(session: Session, epoch: int) -> bool:
    """True when a newer epoch than ``epoch`` is known here: this hub must stop deciding."""
    top = current_epoch(session)
    return top is not None and top["epoch"] > epoch


@projector("hub_started", "hub_promoted", refold=False)
def _epoch(conn, event: Event) -> None:
    p = event.payload
    conn.execute(
        "INSERT INTO hub_epochs (epoch, device_id, event_id, order_key, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (epoch) DO UPDATE SET device_id = excluded.device_id, event_id = excluded.event_id,"
        " order_key = excluded.order_key, at = excluded.at WHERE excluded.order_key < hub_epochs.order_key",
        (p["epoch"], p["device_id"], event.id, order_key(event), p["at"]))


# ------------------------------------------------------------------ leases (mode mandiri)
def leases(session: Session) -> dict[str, dict[str, Any]]:
    return {r["service_code"]: dict(r) for r in session.store.query("SELECT * FROM service_leases")}


def grant_leases(session: Session, services: list[str], device_id: str, counter: str) -> list[str]:
    """On the hub, inside the call's transaction: give the caller each free service's lease."""
    taken = {r["service_code"] for r in session.store.query("SELECT service_code FROM service_leases")}
    granted = []
    for code in services:
        if code not in taken:
            session.append("service_leased", f"lease:{code}", {
                "service": code, "device_id": device_id, "counter": counter,
                "at": session.now().isoformat(timespec="seconds")})
            granted.append(code)
    return granted


def release_leases(session: Session, device_id: str, services: list[str] | None = None,
                   *, force: bool = False) -> list[str]:
    """Give back a device's leases (log-out, closing the console, leaving the hub). ``force``
    (an administrator, for a PC that is really gone) releases another device's leases."""
    if force:
        from .users import require

        require(session, "settings.manage")
    held = [r for r in session.store.query("SELECT * FROM service_leases WHERE device_id = ?", (device_id,))
            if services is None or r["service_code"] in services]
    released = []
    with session.transaction():
        for r in held:
            session.append("service_released", r["entity_id"], {
                "service": r["service_code"], "device_id": device_id, "forced": force,
                "at": session.now().isoformat(timespec="seconds")})
            released.append(r["service_code"])
    return released


def standalone_filter(session: Session, device_id: str):
    """The mode-mandiri rule as a predicate on waiting tickets: a ticket of a service this
    device holds the lease of, or one this device issued of a service nobody holds."""
    held = leases(session)

    def allowed(ticket) -> bool:
        lease = held.get(ticket.service_code)
        if lease is not None:
            return lease["device_id"] == device_id
        return ticket.device_id == device_id

    return allowed


@projector("service_leased")
def _leased(conn, event: Event) -> None:
    p = event.payload
    held = conn.execute("SELECT device_id, event_id FROM service_leases WHERE entity_id = ?",
                        (event.entity_id,)).fetchone()
    if held is not None:
        from . import conflicts

        if held["device_id"] != p["device_id"]:
            conflicts.record(conn, event, "invalid_transition", held["event_id"], service=p["service"],
                             held_by=held["device_id"])
        return
    conn.execute(
        "INSERT INTO service_leases (entity_id, service_code, device_id, counter, granted_at, event_id)"
        " VALUES (?, ?, ?, ?, ?, ?)", (event.entity_id, p["service"], p["device_id"], p.get("counter"),
                                       p["at"], event.id))


@projector("service_released")
def _released(conn, event: Event) -> None:
    conn.execute("DELETE FROM service_leases WHERE entity_id = ? AND device_id = ?",
                 (event.entity_id, event.payload["device_id"]))
