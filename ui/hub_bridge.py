"""The site hub from the desktop app (docs/site-hub.md): the live stream, the status bar's
hub text, queue operations through the hub, joining and leaving.

:class:`HubRunner` owns one :class:`sync.hub.client.BackgroundHub` (its own thread and
database connection) while someone is logged in and this installation is a member of a
hub; it is restarted when the hub settings change (``ctx.notify("hub")``) and stopped on
log-out, on quit and before the database closes. Its mode is what the status bar shows:

- ``connected``: the hub's stream delivered something (an event or a heartbeat, every
  half second or so) within the last :data:`SILENT_S` seconds;
- ``standalone`` (*mode mandiri*): the stream broke, stayed silent longer than that (a
  pulled cable is noticed by this watchdog long before the stream's own read timeout), or
  a queue operation just fell back to this device alone;
- ``hub``: this PC serves the hall; ``none``: no hub joined.

While the role is ``member`` or ``hub`` it also notices commits of other connections to
the database (the stream's thread, the hub server process on the hub PC, a worker) by
polling ``PRAGMA data_version`` (which reads no table), and when one brought new events
tells the pages through ``ctx.notify("queue")``: a ticket issued anywhere in the hall
appears on the counter console without a click. (The stream's bookkeeping alone, e.g. the
last contact written every few seconds, wakes no page.)

The hub thread never creates or frees a Qt object: it calls a signal's ``emit`` bound once
on the GUI thread, and a stopped loop's late reports are dropped by generation number.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from counter_app import hub
from counter_app.errors import ValidationError
from counter_app.formatting import tanggal_jam
from counter_app.session import Session
from counter_app.site import site_info
from sync.hub import client
from sync.hub.client import BackgroundHub, HubUnavailable

from .worker import run_in_background

log = logging.getLogger("loket.ui.hub")

SILENT_S = 6.0        # no stream item for this long: mode mandiri on the status bar
WATCHDOG_MS = 500
DATA_VERSION_MS = 250  # how often the database is asked whether another connection committed
QUIT_WAIT_S = 5.0
FIND_SECONDS = 2.0     # how long 'Cari' listens for hubs on the LAN

GREEN = "color: #1e6b34; font-weight: bold;"
RED = "color: #b00020; font-weight: bold;"


def role_of(session: Session) -> str:
    try:
        return hub.state(session)["role"]
    except (sqlite3.Error, TypeError):  # a closed or broken database: no hub to speak of
        return "none"


class HubRunner(QObject):
    """The member's live link to the hub, and the mode the status bar shows."""

    status_changed = Signal(str, str)          # mode, detail (a reason while standalone)
    _from_thread = Signal(int, str, object)    # generation, mode, detail

    def __init__(self, ctx, parent: QObject | None = None, silent_s: float = SILENT_S):
        super().__init__(parent)
        self.ctx = ctx
        self.silent_s = silent_s
        self.loop: BackgroundHub | None = None
        self.generation = 0
        self.mode = "none"
        self.detail = ""
        self._loop_mode = "connecting"   # what the hub thread last reported
        self._loop_detail = ""
        self._fallback_at: float | None = None  # a queue operation went standalone then
        self._fallback_reason = ""
        self._version: int | None = None
        self._top_seq: int | None = None
        self._from_thread.connect(self._deliver)
        self._emit = self._from_thread.emit  # bound here, on the GUI thread, once
        self.watchdog = QTimer(self)
        self.watchdog.setInterval(WATCHDOG_MS)
        self.watchdog.timeout.connect(self._evaluate)
        self.data_watch = QTimer(self)
        self.data_watch.setInterval(DATA_VERSION_MS)
        self.data_watch.timeout.connect(self.poll_data_version)

    # ------------------------------------------------------------------ lifecycle
    @property
    def running(self) -> bool:
        return self.loop is not None and self.loop.running

    def start(self) -> bool:
        """Follow the hub if this installation joined one (a no-op while running); True if a
        hub role applies (member or hub)."""
        role = role_of(self.ctx.session)
        if role == "none":
            self._set("none", "")
            return False
        if not self.data_watch.isActive():
            self._version = self._top_seq = None
            self.poll_data_version()
            self.data_watch.start()
        if role == "hub":
            self._set("hub", "")
            return True
        if self.running:
            return True
        self.generation += 1
        self._loop_mode, self._loop_detail = "connecting", ""
        self._fallback_at = None
        on_status = functools.partial(self._on_status, self.generation)
        self.loop = BackgroundHub(self.ctx.db_path, on_status)
        self.loop.start()
        self.watchdog.start()
        self._set("connecting", "")
        return True

    def stop(self, wait_s: float = 0) -> None:
        """Stop following the hub; the thread ends at its next stream item (half a second or
        so) on its own (``wait_s``: how long to wait for it, a few seconds at quit)."""
        loop, self.loop = self.loop, None
        self.generation += 1
        self.watchdog.stop()
        self.data_watch.stop()
        if loop is not None:
            loop.stop(timeout=wait_s)
        self._set("none", "")  # not following: nothing to claim about the hub until started

    def restart(self) -> bool:
        """After joining or leaving a hub."""
        self.stop()
        return self.start()

    def release_leases(self) -> None:
        """Give this device's service leases back through the hub (log-out, closing the
        console), in a worker; a hub that does not answer keeps them recorded."""
        if role_of(self.ctx.session) == "member":
            run_in_background(self.ctx, _release, on_done=_released, on_error=_release_failed)

    def release_leases_now(self, session: Session) -> None:
        """The same on ``session`` at once (quitting: no event loop is left for a worker)."""
        if role_of(session) == "member":
            try:
                _released(_release(session))
            except Exception as exc:  # noqa: BLE001 - quitting must not fail on the network
                _release_failed(exc)

    # ------------------------------------------------------------------ mode
    def _on_status(self, generation: int, mode: str, detail: str | None) -> None:
        # the hub thread: only the pre-bound emit, never a Qt object made or freed here
        self._emit(generation, mode, detail)

    def _deliver(self, generation: int, mode: str, detail: str | None) -> None:
        if generation != self.generation:
            return  # a stopped loop's last report
        self._loop_mode = mode
        self._loop_detail = detail or ""
        self._evaluate()

    def report_standalone(self, reason: str) -> None:
        """A queue operation did not get an answer and ran on this device alone."""
        if self.mode in ("none", "hub"):
            return
        self._fallback_at = time.monotonic()
        self._fallback_reason = reason
        self._evaluate()

    def _evaluate(self) -> None:
        loop = self.loop
        if loop is None:
            return
        alive = loop.last_alive
        now = time.monotonic()
        if self._loop_mode == "connecting":
            mode, detail = "connecting", ""
        elif self._loop_mode != "connected":
            mode, detail = "standalone", self._loop_detail
        elif alive is None or now - alive > self.silent_s:
            mode = "standalone"
            detail = QCoreApplication.translate(
                "hub", "hub tidak mengirim apa pun selama {n} detik").format(n=int(self.silent_s))
        elif self._fallback_at is not None and alive <= self._fallback_at:
            mode, detail = "standalone", self._fallback_reason
        else:
            self._fallback_at = None
            mode, detail = "connected", ""
        self._set(mode, detail)

    def _set(self, mode: str, detail: str) -> None:
        if (mode, detail) == (self.mode, self.detail):
            return
        if mode != self.mode:
            log.info("hub: %s%s", mode, f" ({detail})" if detail else "")
        self.mode, self.detail = mode, detail
        self.status_changed.emit(mode, detail)

    def stale_reason(self) -> Any:
        """For the hall display's stale mark (``CallDisplayView(stale_reason=...)``): None
        while the data is live (or no hub is used), else the last contact with the hub (an
        ISO time) or a text."""
        if self.mode in ("none", "hub", "connected", "connecting"):
            return None
        try:
            last = hub.state(self.ctx.session)["last_contact"]
        except (sqlite3.Error, TypeError):
            last = None
        return last or QCoreApplication.translate("hub", "Hub tidak menjawab")

    # ------------------------------------------------------------------ other writers
    def note_own_commit(self) -> None:
        """This app's own worker just committed and says so itself (``ui.worker.run_write``):
        take the database's new mark without telling the pages a second time."""
        if self.data_watch.isActive():
            self._version = self._top_seq = None
            self.poll_data_version()

    def poll_data_version(self) -> bool:
        """Tell the pages when another connection committed new events since the last look."""
        store = self.ctx.session.store
        try:
            version = store.scalar("PRAGMA data_version")
            if version == self._version:
                return False
            top = store.scalar("SELECT coalesce(max(seq), 0) FROM events")
        except sqlite3.ProgrammingError:  # the database was closed: nothing left to watch
            self.data_watch.stop()
            return False
        moved = self._top_seq is not None and top != self._top_seq
        self._version, self._top_seq = version, top
        if moved:
            self.ctx.notify("queue")
        return moved


def stale_reason_for(ctx):
    """The hall display's ``stale_reason`` hook for ``ctx``: asks whichever runner the
    context has when asked (None without one: no hub, nothing to be stale about)."""
    return functools.partial(_stale_reason, ctx)


def _stale_reason(ctx) -> Any:
    runner = getattr(ctx, "hub_runner", None)
    return runner.stale_reason() if runner is not None else None


def _release(session: Session) -> list[str]:
    return client.through_hub(session, "release", {})["released"]


def _released(released: list[str]) -> None:
    if released:
        log.info("sewa layanan dikembalikan ke hub: %s", ", ".join(released))


def _release_failed(exc: Exception) -> None:
    log.warning("sewa layanan tidak bisa dikembalikan ke hub: %s", exc)


# ------------------------------------------------------------------ status texts
def hub_info(session: Session) -> tuple[str, str]:
    """(role, the joined hub's address) for the status bar: read in its worker."""
    role = role_of(session)
    return role, (joined_url(session) if role == "member" else "")


def status_text(ctx, info: tuple[str, str] | None = None) -> tuple[str, str, str]:
    """The status bar's hub part: (text, style, tooltip); an empty text hides it. ``info``:
    :func:`hub_info` as the status bar's worker read it (else it is read here)."""
    runner = getattr(ctx, "hub_runner", None)
    mode = runner.mode if runner is not None else None
    role, url = info if info is not None else hub_info(ctx.session)
    if role == "none":
        return "", "", ""
    if role == "hub":
        tip = QCoreApplication.translate(
            "hub", "Perangkat ini melayani antrean seluruh lokasi (loket hub serve).")
        return QCoreApplication.translate("hub", "Hub lokasi ini"), GREEN, tip
    if mode == "connected":
        return QCoreApplication.translate("hub", "Hub: terhubung"), GREEN, url
    if mode == "standalone":
        text = QCoreApplication.translate("hub", "Mode mandiri: hub tidak menjawab")
        return text, RED, runner.detail
    return QCoreApplication.translate("hub", "Hub: menghubungkan…"), "", url


def summary(ctx) -> str:
    """One line for *Pengaturan → Hub*: mode, hub, last contact, pending."""
    st = client.status(ctx.session, probe=False)
    runner = getattr(ctx, "hub_runner", None)
    if st["mode"] == "none":
        return QCoreApplication.translate(
            "hub", "Tidak memakai hub: perangkat ini bekerja sendiri dan sinkron lewat portal.")
    if st["mode"] == "hub":
        return QCoreApplication.translate("hub", "Perangkat ini adalah hub lokasi.")
    mode = runner.mode if runner is not None else ""
    if mode == "connected":
        label = QCoreApplication.translate("hub", "terhubung")
    elif mode == "standalone":
        label = QCoreApplication.translate("hub", "mode mandiri (hub tidak menjawab)")
    else:
        label = QCoreApplication.translate("hub", "belum tersambung")
    last = (tanggal_jam(st["last_contact"]) if st["last_contact"]
            else QCoreApplication.translate("hub", "belum pernah"))
    return QCoreApplication.translate(
        "hub", "Hub {url}: {mode}; kontak terakhir {last}; belum terkirim {n} event.").format(
        url=st["hub"], mode=label, last=last, n=st["pending"])


# ------------------------------------------------------------------ worker functions
def act(session: Session, op: str, args: dict[str, Any]) -> tuple[Any, str | None]:
    """A queue operation through the hub or, without one, here (in a worker):
    (result, the reason it ran in mode mandiri or None)."""
    reasons: list[str] = []
    result = client.act(session, op, args, reasons.append)
    return result, (reasons[0] if reasons else None)


def join(session: Session, url: str, token: str) -> dict[str, Any]:
    """Join the hub at ``url`` with a device token (in a worker). A missing field is named
    before anything goes on the network; a hub that does not answer is named as the address."""
    url, token = (url or "").strip(), (token or "").strip()
    missing = []
    if not url:
        missing.append(("url", QCoreApplication.translate(
            "hub", "alamat hub wajib diisi, mis. http://192.168.1.10:8766")))
    if not token:
        missing.append(("token", QCoreApplication.translate(
            "hub", "token perangkat dari hub wajib diisi")))
    if missing:
        raise ValidationError.many(missing)
    if not url.startswith(("http://", "https://")):
        url = "http://" + url  # what an officer types from the hub's screen: 192.168.1.10:8766
    try:
        return client.join(session, url, token)
    except hub.HubAuthError as exc:
        raise ValidationError("token", str(exc)) from None
    except HubUnavailable as exc:
        raise ValidationError("url", QCoreApplication.translate(
            "hub", "hub tidak menjawab di alamat ini: {error}").format(error=exc)) from None


def leave(session: Session) -> dict[str, Any]:
    return client.leave(session)


def find_hubs(site: str, seconds: float = FIND_SECONDS) -> list[Any]:
    """The hubs of ``site`` announcing themselves on the LAN (in a worker, no session)."""
    from sync.hub.discovery import browse

    return browse(seconds, site=site)


def joined_url(session: Session) -> str:
    return hub.state(session)["url"] or ""


def this_site(session: Session) -> str:
    return site_info(session).code
