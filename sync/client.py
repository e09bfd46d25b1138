"""The counter's sync client: one round pushes every pending event, then pulls until caught up.

Transport rules: each request is retried on network errors, timeouts, 429 and 5xx with
exponential backoff and full jitter, honouring ``Retry-After``; a timeout is an unknown
outcome and the resend is safe because push is idempotent by event id. A 200 whose body is
not a protocol answer (a captive-portal login page) is a failure, never a success. An auth
failure stops the round and keeps every event in the outbox.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError

from counter_app import clock, receipts, syncstate
from counter_app.errors import LoketError
from counter_app.events import Event
from counter_app.i18n import N_, _
from counter_app.registration import recompute_deadlines
from counter_app.session import Session
from counter_app.site import DEFAULT_SETTINGS, get_setting, site_info

from . import protocol

M = TypeVar("M", bound=BaseModel)
MAX_RETRY_AFTER_S = 300.0
# How a round that reached no portal begins its message (translated where it is written).
UNREACHABLE = N_("portal tidak bisa dihubungi")
LOOP_BACKOFF_CAP_S = 300.0  # a failing background loop waits at most this long between rounds

log = logging.getLogger("loket.sync")


class SyncError(LoketError):
    """A sync round that did not complete; nothing local was lost."""


class AuthFailed(SyncError):
    pass


class PayloadTooLarge(SyncError):
    pass


class NotProtocol(SyncError):
    """The answer was not from a Loket portal (e.g. a captive-portal page)."""


class InsecureTransport(SyncError):
    """Plain HTTP to a portal elsewhere, or a certificate that does not verify: nothing sent."""


def _tls_reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("CERTIFICATE_VERIFY_FAILED", "certificate verify failed", "hostname mismatch", "self-signed",
                  "self signed", "unable to get local issuer certificate", "certificate has expired"):
        if known in text:
            return known
    return type(exc).__name__


class GapDetected(SyncError):
    """A pulled page lacks events the portal numbered in it (something on the way dropped them)."""


MAX_GAP_LISTED = 1000


def page_gaps(page: protocol.PullResponse, cursor: int) -> list[int]:
    """The sequence numbers a page should hold but does not: from the portal's ``gap_free_after``
    on, every number up to ``next_cursor`` is an event sent or one named in ``left_out``. An
    older portal (no ``gap_free_after``) cannot be checked."""
    if page.gap_free_after is None:
        return []
    start = max(cursor, page.gap_free_after)
    present = {e.seq for e in page.events} | set(page.left_out)
    expected = page.next_cursor - start
    if expected <= 0 or expected == sum(1 for n in present if start < n <= page.next_cursor):
        return []
    missing = []
    for n in range(start + 1, page.next_cursor + 1):
        if n not in present:
            missing.append(n)
            if len(missing) >= MAX_GAP_LISTED:
                break
    return missing


@dataclass
class RetryPolicy:
    attempts: int = 5
    base_s: float = 0.5
    cap_s: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), MAX_RETRY_AFTER_S)
        return random.uniform(0, min(self.cap_s, self.base_s * 2**attempt))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(when.tzinfo)).total_seconds())


# The transport settings (docs/sync-protocol.md, "Transport"): a CA bundle to verify the
# portal's certificate with (else the system's), and the one way to allow plain HTTP to a
# portal that is not on this machine (a test network only).
CA_FILE_ENV = "LOKET_PORTAL_CA_FILE"
INSECURE_HTTP_ENV = "LOKET_PORTAL_INSECURE_HTTP"


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http_refusal(url: str, insecure_http: bool) -> str | None:
    """Why the client will not talk to ``url``: plain HTTP to a host that is not this machine
    (the token and every applicant's data would cross the network readable and changeable)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and (insecure_http or is_loopback(parts.hostname))):
        return None
    if parts.scheme != "http":
        return _("alamat portal harus diawali https:// (bukan {url})").format(url=url)
    return _("portal {url} memakai http:// tanpa enkripsi: token dan data pemohon bisa dibaca dan diubah di "
             "jaringan; pakai https://, atau hanya untuk jaringan uji setel {env}=1").format(
        url=url, env=INSECURE_HTTP_ENV)


class PortalClient:
    def __init__(self, url: str, token: str | None, *, timeout: float = 15.0, policy: RetryPolicy | None = None,
                 ca_file: str | None = None, insecure_http: bool | None = None):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.policy = policy or RetryPolicy()
        self.http = requests.Session()
        self.http.trust_env = False  # a system proxy must not silently reroute the sync
        # verify= is passed on every request: never taken from the environment's CA settings
        self.verify: bool | str = ca_file or os.environ.get(CA_FILE_ENV) or True
        self.insecure_http = (os.environ.get(INSECURE_HTTP_ENV) == "1") if insecure_http is None else insecure_http

    def close(self) -> None:
        self.http.close()

    def _request(self, method: str, path: str, model: type[M], *, auth: bool = True,
                 headers: dict[str, str] | None = None, **kwargs) -> M:
        refusal = plain_http_refusal(self.url, self.insecure_http)
        if refusal:  # before anything, the token included, leaves this machine
            raise InsecureTransport(refusal)
        headers = {"Accept": "application/json", **(headers or {})}
        if auth:
            headers["Authorization"] = f"Bearer {self.token}"
        last = _("tidak ada jawaban")
        for attempt in range(self.policy.attempts):
            retry_after = None
            try:
                resp = self.http.request(method, self.url + path, headers=headers, timeout=self.timeout,
                                         verify=self.verify, **kwargs)
            except requests.exceptions.SSLError as exc:  # not transient: a retry meets the same certificate
                raise InsecureTransport(_("sertifikat TLS portal {url} tidak bisa diverifikasi ({error}); periksa "
                                          "alamatnya, atau berkas CA di {env}").format(
                    url=self.url, error=_tls_reason(exc), env=CA_FILE_ENV)) from None
            except requests.RequestException as exc:
                last = _("jaringan: {error}").format(error=type(exc).__name__)
            else:
                if resp.status_code == 200:
                    return _parse(resp, model)
                detail = _detail(resp)
                if resp.status_code in (401, 403):
                    raise AuthFailed(_("token perangkat ditolak portal ({status}: {detail})").format(
                        status=resp.status_code, detail=detail))
                if resp.status_code == 413:
                    raise PayloadTooLarge(_("batch terlalu besar untuk portal (413): {detail}").format(detail=detail))
                if resp.status_code != 429 and resp.status_code < 500:
                    raise SyncError(_("portal menolak permintaan ({status}): {detail}").format(
                        status=resp.status_code, detail=detail))
                last = f"portal {resp.status_code}: {detail}"
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            if attempt + 1 < self.policy.attempts:
                self.policy.sleep(self.policy.delay(attempt, retry_after))
        raise SyncError(_("{unreachable} setelah {attempts} percobaan ({last})").format(
            unreachable=_(UNREACHABLE), attempts=self.policy.attempts, last=last))

    def health(self) -> tuple[protocol.Health, float]:
        """The portal's health and this device's clock offset (server minus local, seconds)."""
        before = clock.now().timestamp()
        started = time.monotonic()
        health = self._request("GET", f"{protocol.API_PREFIX}/health", protocol.Health, auth=False)
        local = before + (time.monotonic() - started) / 2
        server = datetime.fromisoformat(health.server_time).timestamp()
        return health, round(server - local, 3)

    def device(self, device_id: str | None = None) -> protocol.DeviceInfo:
        """Whom the token belongs to; ``device_id`` presents this counter, which binds an unbound
        token to it once (the portal refuses a token bound to another device: 403)."""
        headers = {"X-Loket-Device-Id": device_id} if device_id else None
        return self._request("GET", f"{protocol.API_PREFIX}/device", protocol.DeviceInfo, headers=headers)

    def push(self, events: list[Event], sender: str | None = None) -> protocol.PushResponse:
        body = {"events": [e.as_dict() for e in events]}
        headers = {"X-Loket-Device-Id": sender} if sender else None
        return self._request("POST", f"{protocol.API_PREFIX}/sync/push", protocol.PushResponse, json=body,
                             headers=headers)

    def pull(self, cursor: int, limit: int = protocol.DEFAULT_PULL_LIMIT) -> protocol.PullResponse:
        return self._request("GET", f"{protocol.API_PREFIX}/sync/pull", protocol.PullResponse,
                             params={"cursor": cursor, "limit": limit})


def _parse(resp: requests.Response, model: type[M]) -> M:
    kind = resp.headers.get("Content-Type", "")
    if "json" not in kind:
        raise NotProtocol(_("jawaban 200 bukan dari portal Loket (Content-Type {kind}); "
                            "mungkin halaman login Wi-Fi (captive portal)").format(kind=kind or "-"))
    try:
        return model.model_validate(resp.json())
    except (ValueError, ValidationError):
        raise NotProtocol(_("jawaban 200 bukan jawaban protokol loket-sync yang sah")) from None


def _detail(resp: requests.Response) -> str:
    try:
        body = resp.json()
        if isinstance(body, dict) and body.get("protocol") == protocol.PROTOCOL:
            return str(body.get("detail") or body.get("error"))
    except ValueError:
        pass
    return resp.reason or _("tanpa keterangan")


def run_sync(
    session: Session, *, portal: str | None = None, token: str | None = None, batch: int = 200,
    pull_limit: int = protocol.DEFAULT_PULL_LIMIT, policy: RetryPolicy | None = None,
    ca_file: str | None = None, insecure_http: bool | None = None,
) -> dict[str, Any]:
    """One sync round. Raises :class:`SyncError` (outbox intact) if it could not finish; any
    other exception (a locked database, a projector's bug) is recorded as a failed attempt in
    the same way and raised as it is."""
    started = time.monotonic()
    if portal:  # refused before it is saved: a later round must not go there either
        allow = (os.environ.get(INSECURE_HTTP_ENV) == "1") if insecure_http is None else insecure_http
        refusal = plain_http_refusal(portal.strip(), allow)
        if refusal:
            raise InsecureTransport(refusal)
    syncstate.configure(session, portal, token)
    state = syncstate.state(session)
    if not state["portal_url"]:
        raise SyncError(_("alamat portal belum diatur: jalankan 'loket sync run --portal URL --token TOKEN'"))
    if not state["token"]:
        raise SyncError(_("token perangkat belum diatur: minta token ke admin portal ('loket-portal device enrol')"))
    client = PortalClient(state["portal_url"], state["token"], policy=policy, ca_file=ca_file,
                          insecure_http=insecure_http)
    offset = None
    try:
        offset = client.health()[1]
        info = client.device(syncstate.device_id(session))
        local = site_info(session)
        if info.site != local.code:
            raise SyncError(_("token ini milik lokasi {token_site}, perangkat ini lokasi {site}").format(
                token_site=info.site, site=local.code))
        pushed = _push_all(session, client, batch)
        pulled, cursor = _pull_all(session, client, pull_limit)
        if pulled["applied"]:  # a calendar confirmation may have come (docs/calendar.md)
            recompute_deadlines(session, own_only=True)
    except SyncError as exc:
        message = str(exc)
        if isinstance(exc, AuthFailed):
            message += _("; {count} event tetap tersimpan di perangkat ini").format(
                count=syncstate.pending_count(session))
            exc = AuthFailed(message)
        log.warning("sync round failed after %.2f s: %s", time.monotonic() - started, message)
        syncstate.mark_attempt(session, error=message, clock_offset_s=offset)
        raise exc from None
    except Exception as exc:  # the caller logs the traceback; the status must show the failure
        if isinstance(exc, LoketError):
            log.warning("sync round failed after %.2f s: %s", time.monotonic() - started, exc)
        record_failure(session, failure_message(exc), clock_offset_s=offset)
        raise
    finally:
        client.close()
    syncstate.mark_attempt(session, error=None, clock_offset_s=offset, success=True)
    result = {**pushed, **pulled, "cursor": cursor, "clock_offset_s": offset,
              "series": info.series, "series_matches": info.series == local.series,
              "pending": syncstate.pending_count(session)}
    log.info("sync round ok in %.2f s: pushed accepted=%d duplicate=%d rejected=%d, "
             "pulled=%d applied=%d, cursor=%d pending=%d", time.monotonic() - started,
             result["accepted"], result["duplicate"], result["rejected"], result["pulled"],
             result["applied"], cursor, result["pending"])
    return result


def failure_message(exc: BaseException) -> str:
    """What the officer reads about a failed round: our own errors say it themselves; anything
    else (a locked database, a bug) is named by its type only, the technical text goes to the
    log."""
    if isinstance(exc, LoketError):
        return str(exc)
    return _("sinkron gagal karena galat internal ({error}); data di perangkat ini aman dan sinkron dicoba "
             "lagi otomatis; rincian teknis ada di berkas log").format(error=type(exc).__name__)


def record_failure(session: Session, message: str, *, clock_offset_s: float | None = None) -> None:
    """Record a failed attempt; if even that fails (the database is locked), say so in the log
    instead of hiding the first error behind the second."""
    try:
        syncstate.mark_attempt(session, error=message, clock_offset_s=clock_offset_s)
    except Exception:
        log.exception("could not record the failed sync attempt (%s)", message)


def _push_all(session: Session, client: PortalClient, batch: int) -> dict[str, int]:
    """Push the outbox in batches. An event the portal holds back (``retry``: its chain
    predecessor has not reached it) stays in the outbox for a later round; a batch that moved
    nothing forward ends the pushing for this round."""
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0, "held": 0}
    while True:
        events = syncstate.outbox(session, batch)
        if not events:
            return counts
        try:
            response = client.push(events, syncstate.device_id(session))
        except PayloadTooLarge:
            if batch == 1:
                raise
            batch = max(1, batch // 2)
            continue
        by_id = {r.id: r for r in response.results}
        if set(by_id) != {e.id for e in events}:
            raise NotProtocol(_("jawaban push tidak memuat hasil untuk setiap event yang dikirim"))
        held = [i for i, r in by_id.items() if r.status == "rejected" and r.retry]
        syncstate.ack(session, [i for i, r in by_id.items() if r.status in ("accepted", "duplicate")])
        if response.receipt is not None:  # the portal's countersignature (counter_app/receipts.py)
            try:
                syncstate.record_receipt(session, response.receipt.model_dump())
            except receipts.BadReceipt as exc:
                raise NotProtocol(str(exc)) from None
        syncstate.record_rejections(session, [(i, r.reason or "ditolak") for i, r in by_id.items()
                                              if r.status == "rejected" and not r.retry])
        for r in by_id.values():
            counts["held" if r.retry and r.status == "rejected" else r.status] += 1
        if len(held) == len(events):
            return counts  # the rest waits for its predecessor


def _pull_all(session: Session, client: PortalClient, limit: int) -> tuple[dict[str, int], int]:
    cursor = syncstate.state(session)["cursor"]
    received = applied = 0
    while True:
        page = client.pull(cursor, limit)
        if page.next_cursor < cursor or any(e.seq <= cursor for e in page.events):
            raise NotProtocol(_("portal mengirim kursor mundur"))
        missing = page_gaps(page, cursor)
        if missing:  # fetch the page again once: a hop that lost events may not lose them twice
            log.warning("pull after %d: %d event(s) missing from the page, fetching it again", cursor, len(missing))
            page = client.pull(cursor, limit)
            missing = page_gaps(page, cursor) if page.next_cursor >= cursor else missing
        if missing:
            shown = ", ".join(str(n) for n in missing[:10]) + (" …" if len(missing) > 10 else "")
            raise GapDetected(_("halaman dari portal kehilangan {count} event (nomor {numbers}) setelah kursor "
                                "{cursor}; halaman itu tidak diterapkan dan kursor tetap, sinkron berikutnya "
                                "mengambilnya lagi").format(count=len(missing), numbers=shown, cursor=cursor))
        events = [Event.from_dict(e.model_dump()) for e in page.events]
        applied += syncstate.apply_events(session, events, page.next_cursor)
        received += len(events)
        cursor = page.next_cursor
        if not page.more:
            return {"pulled": received, "applied": applied}, cursor


class BackgroundSync:
    """Runs :func:`run_sync` every ``interval_s`` (default: the site setting
    ``sync_interval_seconds``) on its own thread and its own database connection (for the
    desktop app: never on the GUI thread). Calls ``on_result(summary, None)`` or
    ``on_result(None, message)`` after each round; rounds are skipped until a portal is set.
    :meth:`trigger` starts the next round now instead of at the end of the interval.

    The loop survives any exception: a failed round is recorded (``syncstate.mark_attempt``),
    logged with its traceback, reported through ``on_result`` and followed by a pause that
    grows with each consecutive failure (full jitter, at least the interval, at most
    ``backoff_cap_s``); the first successful round brings the interval back."""

    def __init__(self, db_path, on_result: Callable[[dict | None, str | None], None],
                 interval_s: float | None = None, backoff_cap_s: float = LOOP_BACKOFF_CAP_S):
        self.db_path, self.interval_s, self.on_result = db_path, interval_s, on_result
        self.backoff_cap_s = backoff_cap_s
        self.failures = 0  # consecutive failed rounds
        self.round = 0  # rounds begun (the one being reported is this number)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="loket-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def trigger(self) -> None:
        """Run a round as soon as the current one (if any) has finished."""
        self._wake.set()

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop after the current round; wait at most ``timeout`` seconds (0: do not wait)."""
        self._stop.set()
        self._wake.set()
        if timeout != 0 and self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stop.is_set()

    def pause_s(self, interval: float) -> float:
        """How long to wait before the next round after ``self.failures`` failures in a row."""
        if self.failures == 0:
            return interval
        backoff = RetryPolicy(base_s=interval, cap_s=max(interval, self.backoff_cap_s))
        return max(interval, backoff.delay(self.failures, None))

    def _loop(self) -> None:
        session: Session | None = None
        try:
            while not self._stop.is_set():
                interval = self.interval_s or DEFAULT_SETTINGS["sync_interval_seconds"]
                # a trigger from now on asks for a round after this one: cleared before the
                # round, not after the pause (a trigger between those two was lost)
                self._wake.clear()
                self.round += 1
                try:
                    if session is None:
                        session = Session.open(self.db_path)
                    interval = self.interval_s or get_setting(session, "sync_interval_seconds")
                    if syncstate.state(session)["portal_url"]:
                        summary = run_sync(session, policy=RetryPolicy(attempts=2))
                        self.failures = 0
                        self._report(summary, None)
                except LoketError as exc:  # recorded and logged by run_sync
                    self.failures += 1
                    self._report(None, str(exc))
                except Exception as exc:
                    self.failures += 1
                    log.exception("background sync round failed (%d in a row)", self.failures)
                    message = failure_message(exc)
                    if session is not None:
                        record_failure(session, message)
                        _close_quietly(session)
                        session = None  # the next round starts on a fresh connection
                    self._report(None, message)
                self._wake.wait(self.pause_s(interval))
        finally:
            if session is not None:
                _close_quietly(session)

    def _report(self, summary: dict | None, error: str | None) -> None:
        try:
            self.on_result(summary, error)
        except Exception:  # whoever listens must not end the loop
            log.exception("the sync result callback failed")


def _close_quietly(session: Session) -> None:
    try:
        session.close()
    except Exception:
        log.exception("closing the sync thread's database connection failed")
