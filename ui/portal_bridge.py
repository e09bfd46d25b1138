"""The central portal from the UI: its address and token (``counter_app.syncstate``) and a
sync round (``sync.client.run_sync``) that always runs in a worker.

The status bar's texts come from the recorded sync state: after a failed last round it never
says *terhubung*, whatever a later health check answers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from counter_app import i18n, syncstate
from counter_app.errors import ValidationError
from counter_app.formatting import tanggal_jam
from counter_app.session import Session
from sync.client import UNREACHABLE, PortalClient, RetryPolicy, SyncError, run_sync

from .worker import run_in_background


def _unreachable(error: str) -> bool:
    """The stored error says the portal did not answer, in whichever language it was written."""
    return any(error.startswith(i18n.in_language(lang, UNREACHABLE)) for lang in i18n.LANGUAGES)


def portal_config(session: Session) -> tuple[str, str]:
    state = syncstate.state(session)
    return state["portal_url"] or "", state["token"] or ""


def save_portal_config(session: Session, url: str, token: str) -> None:
    if url and not url.startswith(("http://", "https://")):
        raise ValidationError("portal_url", "alamat portal harus diawali http:// atau https://")
    syncstate.configure(session, url or None, token or None)


def _sync(session: Session) -> dict[str, Any]:
    return run_sync(session)


def sync_now(ctx, on_done: Callable[[str], None], on_error: Callable[[Exception], None]) -> None:
    """One sync round off the GUI thread (the background loop's next round if it runs, else a
    worker); ``on_done`` gets a one-line summary in the UI's language."""
    def summary(result: dict[str, Any]) -> None:
        on_done(QCoreApplication.translate("portal", "Sinkron selesai: {sent} event terkirim, {pulled} diterima, {pending} menunggu.").format(
            sent=result.get("accepted", 0) + result.get("duplicate", 0), pulled=result.get("pulled", 0),
            pending=result.get("pending", 0)))

    def failed(message: str) -> None:
        on_error(SyncError(message))

    runner = getattr(ctx, "sync_runner", None)
    if runner is not None and runner.request_round(summary, failed):
        return  # the background loop runs the round: never two rounds at once
    run_in_background(ctx, _sync, on_done=summary, on_error=on_error)


def last_round_failed(status: dict[str, Any]) -> bool:
    """Whether the last recorded sync attempt failed: an error is kept (every successful round
    clears it), or the last attempt is newer than the last success."""
    if status["last_error"]:
        return True
    attempt, success = status["last_attempt"], status["last_success"]
    if not attempt:
        return False
    return not success or datetime.fromisoformat(attempt) > datetime.fromisoformat(success)


def sync_summary(session: Session) -> dict[str, Any]:
    """Texts for the status bar: portal, pending events, last sync, quarantined events (local
    reads only); ``failed`` says the portal text reports a failure (shown in red)."""
    status = syncstate.status(session)
    failed = bool(status["portal"]) and last_round_failed(status)
    if not status["portal"]:
        portal = QCoreApplication.translate("portal", "Portal: tidak diatur (luring)")
    elif failed and _unreachable(status["last_error"] or ""):
        portal = QCoreApplication.translate("portal", "Portal: tidak terjangkau")
    elif failed:
        portal = QCoreApplication.translate("portal", "Portal: sinkron gagal")
    elif status["last_success"]:
        portal = QCoreApplication.translate("portal", "Portal: terhubung")
    else:
        portal = QCoreApplication.translate("portal", "Portal: belum pernah sinkron")
    last = tanggal_jam(status["last_success"]) if status["last_success"] else QCoreApplication.translate("portal", "belum pernah")
    quarantined = int(status.get("quarantined", 0) or 0)
    quarantine = quarantine_detail = ""
    if quarantined:
        quarantine = QCoreApplication.translate("portal", "Karantina: {n} event").format(
            n=quarantined)
        quarantine_detail = QCoreApplication.translate(
            "portal", "Event dari portal yang tidak bisa diterapkan di perangkat ini; tetap "
            "tersimpan. Setelah aplikasi diperbarui, jalankan 'loket sync retry-quarantine'.")
    return {
        "portal": portal,
        "failed": failed,
        "portal_detail": status["last_error"] or "",
        "pending": QCoreApplication.translate("portal", "Belum sinkron: {n} event").format(n=status["pending"]),
        "last_sync": QCoreApplication.translate("portal", "Sinkron terakhir: {when}").format(when=last),
        "quarantine": quarantine,
        "quarantine_detail": quarantine_detail,
    }


def _check(session: Session) -> tuple[str, bool]:
    url, token = portal_config(session)
    if not url:
        return QCoreApplication.translate("portal", "Portal: tidak diatur (luring)"), True
    client = PortalClient(url, token, timeout=5, policy=RetryPolicy(attempts=1))
    try:
        client.health()
    except SyncError:
        return QCoreApplication.translate("portal", "Portal: tidak terjangkau"), False
    finally:
        client.close()
    return QCoreApplication.translate("portal", "Portal: terhubung"), True


def check_portal(ctx, on_done: Callable[[str, bool], None]) -> None:
    """Whether the portal answers its health check (a worker; five seconds at most):
    ``on_done(text, answered)``. A portal that answers says nothing about the last sync round:
    the caller shows :func:`sync_summary`'s failure instead while that round failed."""
    run_in_background(ctx, _check, on_done=functools.partial(_checked, on_done),
                      on_error=functools.partial(_check_failed, on_done))


def _checked(on_done: Callable[[str, bool], None], result: tuple[str, bool]) -> None:
    on_done(*result)


def _check_failed(on_done: Callable[[str, bool], None], exc: Exception) -> None:
    text = QCoreApplication.translate("portal", "Portal: galat ({error})").format(error=exc)
    on_done(text, False)
