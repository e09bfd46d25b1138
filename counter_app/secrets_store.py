"""The device's portal token kept in the operating system's keyring where there is one.

The token lets whoever holds it push and pull as this counter, so it should not sit in the
database file beside the data (a copied file, a backup, a stolen laptop's disk). Where the
OS offers a keyring (Windows Credential Manager, the macOS Keychain, the Secret Service of a
Linux desktop: the ``keyring`` library picks it), the token is stored there and the
database keeps only :data:`IN_KEYRING` in its place. Without one (a headless PC, a service
account) it stays in the database, a file only its owner can read (0600); ``loket sync
status`` says which. ``LOKET_NO_KEYRING=1`` turns the keyring off.
"""

from __future__ import annotations

import os

from .errors import LoketError
from .i18n import _

SERVICE = "loket"
IN_KEYRING = "@keyring"  # what the database holds when the token is in the keyring


def _backend():
    """The keyring backend, or None when there is none worth using (no OS keyring)."""
    if os.environ.get("LOKET_NO_KEYRING") == "1":
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring set-up is no keyring
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    name = type(backend).__module__
    if "null" in name or "fail" in name:
        return None
    return backend


def available() -> bool:
    return _backend() is not None


def _account(site_code: str, device_id: str) -> str:
    return f"device-token:{site_code}/{device_id}"


def store_token(site_code: str, device_id: str, token: str) -> str:
    """Keep ``token``; returns what the database should hold (the marker, or the token
    itself when there is no keyring)."""
    backend = _backend()
    if backend is None:
        return token
    try:
        backend.set_password(SERVICE, _account(site_code, device_id), token)
    except Exception:  # noqa: BLE001 - a locked or broken keyring: keep it in the file
        return token
    return IN_KEYRING


def read_token(site_code: str, device_id: str, stored: str | None) -> str | None:
    """The token from what the database holds (the marker is looked up in the keyring)."""
    if stored != IN_KEYRING:
        return stored
    backend = _backend()
    token = None
    if backend is not None:
        try:
            token = backend.get_password(SERVICE, _account(site_code, device_id))
        except Exception:  # noqa: BLE001
            token = None
    if token is None:
        raise LoketError(_("token perangkat disimpan di keyring sistem, tetapi keyring tidak bisa dibaca"
                           " (log-in ke desktop, atau simpan ulang token dengan 'loket sync run --token')"))
    return token
