"""Staff accounts, roles and permissions (akun petugas): argon2id passwords, lock-out, ``require``.

Accounts are events (``user_created``, ``user_password_changed``, ...) so they are audited
and reach every device of the site; the count of failed log-ins is local to this device.
Permissions are checked in the core service functions, not only in the UI: a service calls
``require(session, "catalog.manage")`` before it writes (the table is the leaf module
``counter_app.permissions``). The device itself (``SYSTEM``, used for set-up) passes every
check, so the CLI acts as it only while the site has never had an account, which the event
log records (a ``DELETE FROM users`` does not bring it back).
"""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime, timedelta
from typing import Any, NoReturn

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from . import personal
from .actors import ROLES, SYSTEM, Actor
from .errors import LoketError, NotFound, StateError, ValidationError
from .events import INDEXED_TYPES, Event, Unapplicable, projection_tables, projector
from .i18n import _
from .permissions import (  # noqa: F401  (the table lives in the leaf module; kept importable here)
    PERMISSION_LABELS,
    PERMISSIONS,
    ROLE_LABELS,
    allowed,
    permission_table,
    require,
    role_label,
)
from .session import Session
from .site import get_setting

projection_tables("users", keys={"users": "username"})

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
MIN_PASSWORD = 8


def make_hasher() -> PasswordHasher:
    """argon2id with the RFC 9106 low-memory profile (t=3, m=64 MiB, p=4)."""
    return PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


_hasher = make_hasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify unknown names against, made on first use: an argon2 hash costs
    64 MiB and tens of milliseconds, which every process importing this module paid."""
    return _hasher.hash("loket-dummy-password")


class AuthenticationFailed(LoketError):
    """Wrong user name or password, a locked or a disabled account."""


class AccountLocked(AuthenticationFailed):
    """Too many failed log-ins: the account is locked for a while."""


# ----------------------------------------------------------------- permissions
def can_see_personal_data(actor: Actor) -> bool:
    """Full NIK and phone numbers only for roles that contact applicants and complainants."""
    return allowed(actor, "personal_data.view")


# ----------------------------------------------------------------- accounts
def has_users(session: Session) -> bool:
    """True once the site has had an account: one in ``users`` or a ``user_created`` event in
    the log. The log is hash-chained, so emptying the users table by hand does not make the
    device "new" again (the CLI would act as ``SYSTEM`` with every permission), and deleting
    the events shows in ``loket audit verify``."""
    return (session.store.one("SELECT 1 FROM users LIMIT 1") is not None
            or session.store.one(f"SELECT 1 FROM events WHERE type = 'user_created' AND {INDEXED_TYPES} LIMIT 1")
            is not None)


def _username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME_RE.match(name) or name == SYSTEM.username:
        raise ValidationError(
            "username", _("3–32 huruf kecil/angka/titik/-/_, diawali huruf (bukan 'system')")
        )
    return name


def _check_password(password: str, username: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError("password", _("kata sandi minimal {n} karakter").format(n=MIN_PASSWORD))
    if password.strip().lower() == username:
        raise ValidationError("password", _("kata sandi tidak boleh sama dengan nama pengguna"))


def _row(session: Session, username: str):
    row = session.store.one("SELECT * FROM users WHERE username = ?", ((username or "").strip().lower(),))
    if row is None:
        raise NotFound(_("pengguna '{user}' tidak ada").format(user=username))
    return row


def create_user(
    session: Session, username: str, password: str, role: str, *, full_name: str | None = None
) -> dict[str, Any]:
    """Create a staff account. The very first account must be an admin (no lock-out)."""
    require(session, "user.manage")
    name = _username(username)
    if role not in ROLES:
        raise ValidationError("role", _("peran harus salah satu dari {choices}").format(choices=", ".join(ROLES)))
    _check_password(password, name)
    with session.transaction():
        if not has_users(session) and role != "admin":
            raise ValidationError("role", _("akun pertama harus admin"))
        if session.store.one("SELECT 1 FROM users WHERE username = ?", (name,)):
            raise ValidationError("username", _("nama pengguna '{user}' sudah dipakai").format(user=name))
        session.append("user_created", name, {
            "role": role, "full_name": (full_name or "").strip() or None,
            "password_hash": _hasher.hash(password),
        })
    return get_user(session, name)


def create_first_admin(
    session: Session, username: str, password: str, *, full_name: str | None = None
) -> dict[str, Any]:
    """The admin made on first start; refused once any account exists."""
    if has_users(session):
        raise StateError(_("akun admin pertama sudah dibuat; masuk sebagai admin untuk menambah akun"))
    return create_user(session.as_actor(SYSTEM), username, password, "admin", full_name=full_name)


def get_user(session: Session, username: str) -> dict[str, Any]:
    row = _row(session, username)
    data = {k: row[k] for k in row.keys() if k != "password_hash"}
    data["active"] = bool(data["active"])
    data["role_label"] = role_label(row["role"])
    data["locked"] = bool(row["locked_until"]) and (
        datetime.fromisoformat(row["locked_until"]) > session.now()
    )
    return data


def list_users(session: Session) -> list[dict[str, Any]]:
    return [get_user(session, r["username"]) for r in session.store.query("SELECT username FROM users ORDER BY username")]


def change_password(
    session: Session, username: str, new_password: str, *, old_password: str | None = None
) -> None:
    """An admin resets anyone's password; a staff member changes their own with the old one."""
    row = _row(session, username)
    own = session.actor.username == row["username"]
    if own and old_password is not None:
        try:
            _hasher.verify(row["password_hash"], old_password)
        except (VerificationError, InvalidHashError):
            raise ValidationError("old_password", _("kata sandi lama salah")) from None
    else:
        require(session, "user.manage")
    _check_password(new_password, row["username"])
    with session.transaction():
        session.append("user_password_changed", row["username"], {"password_hash": _hasher.hash(new_password)})


def _active_admins(session: Session) -> int:
    return session.store.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1")


def disable_user(session: Session, username: str) -> dict[str, Any]:
    require(session, "user.manage")
    row = _row(session, username)
    if not row["active"]:
        raise StateError(_("akun {user} sudah nonaktif").format(user=row["username"]))
    if row["role"] == "admin" and _active_admins(session) <= 1:
        raise StateError(_("admin aktif terakhir tidak bisa dinonaktifkan"))
    with session.transaction():
        session.append("user_disabled", row["username"], {})
    return get_user(session, row["username"])


def enable_user(session: Session, username: str) -> dict[str, Any]:
    require(session, "user.manage")
    row = _row(session, username)
    with session.transaction():
        session.append("user_enabled", row["username"], {})
    return get_user(session, row["username"])


def set_role(session: Session, username: str, role: str) -> dict[str, Any]:
    require(session, "user.manage")
    row = _row(session, username)
    if role not in ROLES:
        raise ValidationError("role", _("peran harus salah satu dari {choices}").format(choices=", ".join(ROLES)))
    if row["role"] == "admin" and role != "admin" and _active_admins(session) <= 1:
        raise StateError(_("peran admin aktif terakhir tidak bisa diubah"))
    with session.transaction():
        session.append("user_role_changed", row["username"], {"role": role})
    return get_user(session, row["username"])


def unlock_user(session: Session, username: str) -> dict[str, Any]:
    require(session, "user.manage")
    row = _row(session, username)
    with session.transaction():
        session.store.conn.execute("DELETE FROM login_failures WHERE username = ?", (row["username"],))
        session.append("user_unlocked", row["username"], {})
    return get_user(session, row["username"])


# ----------------------------------------------------------------- log-in
def authenticate(session: Session, username: str, password: str) -> Actor:
    """Check a log-in; return the staff member as an :class:`Actor`.

    After ``login_max_failures`` wrong passwords in a row the account is locked for
    ``login_lock_minutes`` (an admin can unlock it earlier); the lock is an event. The
    decision is atomic across processes: the attempt is counted (under the write lock, in
    one transaction with the lock check) before the slow hash check, so parallel guesses
    cannot all be checked before the first failure is recorded, and at most the limit are
    checked at all; a right password is refused while the account is locked.
    """
    name = (username or "").strip().lower()
    wrong = _("nama pengguna atau kata sandi salah")
    limit = int(get_setting(session, "login_max_failures"))
    with session.transaction():  # BEGIN IMMEDIATE: one attempt at a time decides
        row = session.store.one("SELECT * FROM users WHERE username = ?", (name,))
        now = session.now()
        if row is not None:
            _refuse_if_locked(session, row, now)
            pending = session.store.scalar("SELECT failures FROM login_failures WHERE username = ?", (name,)) or 0
            if pending >= limit:  # the limit's worth of attempts are already counted (some still checking)
                raise AccountLocked(_("terlalu banyak percobaan masuk untuk akun {user}; tunggu lalu ulangi").format(
                    user=name))
            _count_attempt(session, name, now)
    if row is None:
        try:  # same work as a real check, so timing does not reveal which names exist
            _hasher.verify(_dummy_hash(), password or "")
        except VerificationError:
            pass
        raise AuthenticationFailed(wrong)
    try:
        _hasher.verify(row["password_hash"], password or "")
    except (VerifyMismatchError, InvalidHashError, VerificationError):
        _failed(session, name, limit)
    with session.transaction():
        current = session.store.one("SELECT * FROM users WHERE username = ?", (name,))
        if current is None:
            raise AuthenticationFailed(wrong)
        _refuse_if_locked(session, current, session.now())  # locked while this check ran
        session.store.conn.execute("DELETE FROM login_failures WHERE username = ?", (name,))
    if not current["active"]:
        raise AuthenticationFailed(_("akun {user} dinonaktifkan; hubungi admin").format(user=name))
    return Actor(name, current["role"])


def _refuse_if_locked(session: Session, row, now: datetime) -> None:
    if row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
        until = datetime.fromisoformat(row["locked_until"]).astimezone(session.tz)
        raise AccountLocked(_("akun {user} dikunci sampai pukul {time}; hubungi admin untuk membuka").format(
            user=row["username"], time=f"{until:%H.%M}"))


def _count_attempt(session: Session, name: str, now: datetime) -> None:
    """Count an attempt as failed before its hash is checked (a success clears the count)."""
    session.store.conn.execute(
        "INSERT INTO login_failures (username, failures, last_at) VALUES (?, 1, ?)"
        " ON CONFLICT (username) DO UPDATE SET failures = failures + 1, last_at = excluded.last_at",
        (name, now.isoformat(timespec="seconds")),
    )


def _failed(session: Session, name: str, limit: int) -> NoReturn:
    """A wrong password (already counted): lock the account once the count reaches the limit."""
    with session.transaction():
        conn = session.store.conn
        now = session.now()
        row = session.store.one("SELECT * FROM users WHERE username = ?", (name,))
        if row is not None:
            _refuse_if_locked(session, row, now)  # another attempt has locked it meanwhile
        failures = conn.execute("SELECT failures FROM login_failures WHERE username = ?", (name,)).fetchone()
        if failures is None:  # a right password or an unlock cleared the count meanwhile
            _count_attempt(session, name, now)
        failures = failures[0] if failures else 1
        if failures >= limit:
            until = now + timedelta(minutes=int(get_setting(session, "login_lock_minutes")))
            conn.execute("DELETE FROM login_failures WHERE username = ?", (name,))
            session.append("user_locked", name, {"until": until.isoformat(timespec="seconds"), "failures": failures})
    if failures >= limit:
        raise AccountLocked(_("{n} kali kata sandi salah: akun {user} dikunci sampai pukul {time}").format(
            n=failures, user=name, time=f"{until.astimezone(session.tz):%H.%M}"))
    raise AuthenticationFailed(_("nama pengguna atau kata sandi salah (sisa percobaan: {n})").format(
        n=limit - failures))


# ----------------------------------------------------------------- projectors
@projector("user_created")
def _created(conn, event: Event) -> None:
    p = event.payload
    holder = conn.execute("SELECT full_name, role, created_by FROM users WHERE username = ?",
                          (event.entity_id,)).fetchone()
    if holder is not None:
        # Accounts are site-wide, by username: the first creation (by hybrid clock) stands.
        from . import conflicts

        first = conn.execute(
            "SELECT id FROM events WHERE entity_id = ? AND type = 'user_created' ORDER BY hlc, id LIMIT 1",
            (event.entity_id,)).fetchone()
        conflicts.record(conn, event, "username_clash", first[0] if first else None,
                         username=event.entity_id, full_name=p.get("full_name"), role=p["role"],
                         kept_full_name=holder["full_name"], kept_role=holder["role"])
        return
    conn.execute(
        "INSERT INTO users (username, full_name, role, password_hash, active, created_at, created_by,"
        " updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
        (event.entity_id, p.get("full_name"), p["role"], p["password_hash"], event.recorded_at,
         event.actor, event.recorded_at),
    )


@projector("user_password_changed", "user_disabled", "user_enabled", "user_role_changed",
           "user_locked", "user_unlocked")
def _changed(conn, event: Event) -> None:
    p = event.payload
    changes = {
        "user_password_changed": ("password_hash = ?, locked_until = NULL", (p.get("password_hash"),)),
        "user_disabled": ("active = 0", ()),
        "user_enabled": ("active = 1", ()),
        "user_role_changed": ("role = ?", (p.get("role"),)),
        "user_locked": ("locked_until = ?", (p.get("until"),)),
        "user_unlocked": ("locked_until = NULL", ()),
    }
    sql, params = changes[event.type]
    cur = conn.execute(f"UPDATE users SET {sql}, updated_at = ? WHERE username = ?",
                       (*params, event.recorded_at, event.entity_id))
    if cur.rowcount == 0 and event.type not in ("user_locked", "user_unlocked"):
        # (failed log-ins lock a name whether or not it exists, so that is not a hint)
        raise Unapplicable(f"akun {event.entity_id} belum ada di perangkat ini")
    if event.type == "user_password_changed":
        _shred_older_verifiers(conn, event)


def _shred_older_verifiers(conn, event: Event) -> None:
    """An officer's older password verifiers do not travel the site forever: once a newer
    password is projected, the keys sealing the older hashes in the log are deleted here (and
    so on every device and the portal, which project the same event). The current hash stays
    readable everywhere, so the officer can log in at every counter of the site."""
    rows = conn.execute(
        "SELECT payload FROM events WHERE entity_id = ? AND type IN ('user_created', 'user_password_changed')"
        " AND (hlc < ? OR (hlc = ? AND id < ?))", (event.entity_id, event.hlc, event.hlc, event.id))
    older = [k for (payload,) in rows if (k := personal.sealed_key_id(json.loads(payload)))]
    if older:
        personal.shred(conn, older, event.recorded_at)
