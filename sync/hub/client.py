"""A member's side of the site hub: join, act on the live queue, catch up, stream.

Every call has a short timeout: a hub that does not answer in time is *unavailable* and
the caller goes on in mode mandiri (docs/site-hub.md). A hub that answers with a refusal
(a rule of the core: nobody waiting, the ticket is not called, a bad field) raises the
same error the core would have raised locally, so the CLI and the app show it the same way.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import requests

from counter_app import hub
from counter_app.erasure import scrub_after
from counter_app.errors import LoketError, NotFound, PermissionDenied, StateError, ValidationError
from counter_app.events import INDEXED_TYPES, Event
from counter_app.i18n import _
from counter_app.session import Session
from counter_app.site import site_info

log = logging.getLogger("loket.hub")

API = "/v1"
TIMEOUT_S = 2.0          # a queue operation: after this (and one resend), mode mandiri
STREAM_READ_S = 15.0     # no byte (not even a heartbeat) for this long: the stream is dead
PUSH_BATCH = 200


class HubUnavailable(LoketError):
    """The hub did not answer (down, unreachable, too slow, fenced): act locally."""


# After the hub failed to answer, a process does not wait on it again for this long: the
# officer's next key acts at once in mode mandiri, and the background follower (which keeps
# trying) lifts the pause the moment the hub answers again.
PAUSE_AFTER_FAILURE_S = 10.0
_paused_until: dict[str, float] = {}
_pause_lock = threading.Lock()


def _pause(url: str) -> None:
    with _pause_lock:
        _paused_until[url] = time.monotonic() + PAUSE_AFTER_FAILURE_S


def hub_answered(url: str) -> None:
    with _pause_lock:
        _paused_until.pop(url, None)


def _paused(url: str) -> bool:
    with _pause_lock:
        return _paused_until.get(url, 0.0) > time.monotonic()


_ERRORS: dict[str, type[LoketError]] = {
    "NotFound": NotFound, "StateError": StateError, "PermissionDenied": PermissionDenied,
    "HubAuthError": hub.HubAuthError,
}


def _refusal(resp: requests.Response) -> LoketError:
    try:
        body = resp.json()
    except ValueError:
        return HubUnavailable(_("hub menjawab HTTP {status} yang bukan JSON").format(status=resp.status_code))
    name, detail = body.get("error"), body.get("detail", "")
    if resp.status_code == 409 and name == "Fenced":
        return HubUnavailable(detail)
    if name == "ValidationError" and body.get("errors"):
        return ValidationError.many([tuple(e) for e in body["errors"]])
    cls = _ERRORS.get(name, StateError if resp.status_code in (409, 422) else LoketError)
    return cls(detail)


class HubClient:
    def __init__(self, url: str, token: str | None, timeout: float = TIMEOUT_S, ca_file: str | None = None):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.http = requests.Session()
        # HTTPS with the site's own CA, else the system's CAs. Passed with every request: a
        # session-wide setting loses to REQUESTS_CA_BUNDLE in the environment.
        self.verify: str | bool = ca_file or True
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, *, timeout: float | None = None, **kw) -> Any:
        try:
            resp = self.http.request(method, self.url + path, timeout=timeout or self.timeout,
                                     verify=self.verify, **kw)
        except requests.RequestException as exc:
            raise HubUnavailable(_("hub {url} tidak terjangkau ({error})").format(
                url=self.url, error=type(exc).__name__)) from None
        if resp.status_code >= 500:
            raise HubUnavailable(_("hub {url} galat HTTP {status}").format(url=self.url, status=resp.status_code))
        if resp.status_code >= 400:
            raise _refusal(resp)
        try:
            return resp.json()
        except ValueError:
            raise HubUnavailable(_("jawaban dari {url} bukan dari hub Loket").format(url=self.url)) from None

    def health(self) -> dict[str, Any]:
        data = self._call("GET", f"{API}/health")
        if not isinstance(data, dict) or data.get("service") != "loket-hub":
            raise HubUnavailable(_("{url} bukan hub Loket").format(url=self.url))
        return data

    def hello(self, device_id: str) -> dict[str, Any]:
        return self._call("POST", f"{API}/hello", json={"device_id": device_id})

    def op(self, name: str, args: dict[str, Any], actor: dict[str, str], known_epoch: int = 0) -> dict[str, Any]:
        """One decision. A timeout leaves its outcome unknown: the same request (same id) is
        sent once more, and the hub answers a resend with its first answer, never a second
        decision; only then is the hub given up for mode mandiri."""
        body = {"args": args, "actor": actor, "known_epoch": known_epoch, "request_id": uuid.uuid4().hex}
        try:
            return self._call("POST", f"{API}/queue/{name}", json=body)
        except HubUnavailable as exc:
            if "Timeout" not in str(exc):
                raise
            return self._call("POST", f"{API}/queue/{name}", json=body)

    def push(self, events: list[Event], timeout: float | None = None) -> dict[str, Any]:
        return self._call("POST", f"{API}/events", json={"events": [e.as_dict() for e in events]},
                          timeout=timeout or max(self.timeout, 10.0))

    def pull(self, cursor: int, limit: int = 500) -> dict[str, Any]:
        return self._call("GET", f"{API}/events", params={"cursor": cursor, "limit": limit},
                          timeout=max(self.timeout, 10.0))

    def stream(self, cursor: int) -> Iterator[dict[str, Any] | None]:
        """Events after ``cursor`` as they happen; ``None`` for a heartbeat. Ends (raises
        HubUnavailable) when the connection drops or stays silent too long."""
        try:
            resp = self.http.get(f"{self.url}{API}/stream", params={"cursor": cursor}, stream=True,
                                 timeout=(self.timeout, STREAM_READ_S), verify=self.verify)
        except requests.RequestException as exc:
            raise HubUnavailable(_("aliran hub terputus ({error})").format(error=type(exc).__name__)) from None
        if resp.status_code != 200:
            raise _refusal(resp) if resp.status_code < 500 else HubUnavailable(f"HTTP {resp.status_code}")
        data: list[str] = []
        try:
            for raw in resp.iter_lines(decode_unicode=True):
                if raw is None:
                    continue
                if raw == "":
                    if data:
                        yield json.loads("\n".join(data))
                        data = []
                    continue
                if raw.startswith(":"):
                    yield None
                elif raw.startswith("data:"):
                    data.append(raw[5:].lstrip())
        except (requests.RequestException, ValueError) as exc:
            raise HubUnavailable(_("aliran hub terputus ({error})").format(error=type(exc).__name__)) from None
        finally:
            resp.close()
        raise HubUnavailable(_("aliran hub ditutup"))


def _events(rows: list[dict[str, Any]]) -> list[Event]:
    return [Event.from_dict(r) for r in rows]


def client_for(session: Session, timeout: float = TIMEOUT_S) -> HubClient:
    st = hub.state(session)
    if st["role"] != "member" or not st["url"]:
        raise StateError(_("perangkat ini belum bergabung dengan hub: 'loket hub join URL --token TOKEN'"))
    return HubClient(st["url"], st["token"], timeout, st.get("ca_file"))


def join(session: Session, url: str, token: str, ca_file: str | None = None) -> dict[str, Any]:
    """Check that the hub serves this site, bind the token to this device, remember the hub
    and catch up. ``ca_file``: the CA that signed an HTTPS hub's certificate."""
    client = HubClient(url, token, timeout=5.0, ca_file=ca_file)
    try:
        health = client.health()
        local = site_info(session)
        if health["site"] != local.code:
            raise ValidationError("url", _("hub itu melayani lokasi {hub_site}, bukan {site}").format(
                hub_site=health["site"], site=local.code))
        if health["hub_device_id"] == local.device_id:
            raise ValidationError("url", _("itu hub perangkat ini sendiri"))
        answer = client.hello(local.device_id)
        hub.join(session, url, token, health["hub_device_id"], ca_file)
    finally:
        client.close()
    caught = sync(session)
    return {"hub": url.rstrip("/"), "site": answer["site"], "name": answer["name"], **caught}


def push_pending(session: Session, client: HubClient, timeout: float | None = None) -> int:
    sent = 0
    while True:
        batch = hub.outbox(session, PUSH_BATCH)
        if not batch:
            return sent
        answer = client.push(batch, timeout)
        bad = [r for r in answer["results"] if r["status"] == "rejected"]
        if bad:
            raise HubUnavailable(_("hub menolak event {event}: {reason}").format(
                event=bad[0]["id"], reason=bad[0].get("reason")))
        hub.mark_pushed(session, batch[-1].device_seq)
        sent += len(batch)


def pull_all(session: Session, client: HubClient) -> tuple[int, int]:
    cursor = hub.state(session)["cursor"]
    received = applied = 0
    while True:
        page = client.pull(cursor)
        if page["next_cursor"] < cursor:
            raise HubUnavailable(_("hub mengirim kursor mundur (database hub diganti?)"))
        applied += hub.apply_hub_events(session, _events(page["events"]), page["next_cursor"])
        received += len(page["events"])
        cursor = page["next_cursor"]
        if not page["more"]:
            return received, applied


def sync(session: Session, client: HubClient | None = None) -> dict[str, Any]:
    """``loket hub sync``: push what the hub does not hold, pull what this device lacks."""
    own = client is None
    client = client or client_for(session, timeout=5.0)
    try:
        answer = client.hello(site_info(session).device_id)
        _fence_old_hub(session, client, answer["epoch"])
        pushed = push_pending(session, client)
        pulled, applied = pull_all(session, client)
    except HubUnavailable as exc:
        hub.mark_contact(session, error=str(exc))
        raise
    finally:
        if own:
            client.close()
    hub.mark_contact(session)
    hub_answered(client.url)
    return {"pushed": pushed, "pulled": pulled, "applied": applied, "cursor": hub.state(session)["cursor"],
            "pending": hub.pending_count(session)}


def _known_epoch(session: Session) -> int:
    top = hub.current_epoch(session)
    return top["epoch"] if top else 0


def _fence_old_hub(session: Session, client: HubClient, hub_epoch: int) -> None:
    """A hub older than the newest epoch this device knows must stop deciding: hand it the
    epoch events it lacks (it then refuses every decision) and do not use it."""
    known = _known_epoch(session)
    if known <= hub_epoch:
        return
    rows = session.store.query(
        f"SELECT * FROM events WHERE type IN ('hub_started', 'hub_promoted') AND {INDEXED_TYPES} ORDER BY hlc, id")
    try:
        client.push([Event.from_row(r) for r in rows])
    except LoketError as exc:
        log.warning("hub lama tidak menerima epoch baru: %s", exc)
    raise HubUnavailable(_("hub {url} (epoch {epoch}) sudah digantikan hub epoch {newer}; bergabunglah dengan "
                           "hub yang baru").format(url=client.url, epoch=hub_epoch, newer=known))


def through_hub(session: Session, op: str, args: dict[str, Any]) -> Any:
    """Run a queue operation on the hub and apply its events here at once (the stream will
    bring them again: applying twice is harmless). Raises HubUnavailable to go standalone."""
    client = client_for(session)
    try:
        if hub.pending_count(session):
            # What this device did alone reaches the hub before the hub decides for it again:
            # a ticket it called in mode mandiri is still waiting at the hub until then, and
            # would be handed out a second time.
            push_pending(session, client, client.timeout)
        answer = client.op(op, args, {"username": session.actor.username, "role": session.actor.role},
                           _known_epoch(session))
    except HubUnavailable as exc:
        hub.mark_contact(session, error=str(exc))
        if op != "release":
            _pause(client.url)
        raise
    finally:
        client.close()
    events = _events(answer["events"])
    with session.transaction():
        for event in events:
            session.log.apply_remote(event)
    scrub_after(session, events)
    hub.mark_contact(session)
    hub_answered(client.url)
    return answer["result"]


def _local(session: Session, op: str, args: dict[str, Any], alone: bool) -> Any:
    """The same operation on this device alone (no hub joined, or mode mandiri)."""
    from counter_app import queue
    from counter_app.syncstate import device_id

    if op == "issue":
        return queue.issue_ticket(session, args.get("service"), args.get("priority"))
    if op == "call":
        rule = hub.standalone_filter(session, device_id(session)) if alone else None
        return queue.call_next(session, args.get("counter"), args.get("services") or None, rule)
    if op in ("recall", "skip", "noshow", "restore", "finish", "cancel"):
        return getattr(queue, op)(session, args.get("ticket"))
    if op == "transfer":
        return queue.transfer(session, args.get("ticket"), args.get("service"))
    if op == "release":
        return {"released": []}
    raise NotFound(_("operasi antrean '{op}' tidak ada").format(op=op))


def act(session: Session, op: str, args: dict[str, Any],
        on_standalone: Callable[[str], None] | None = None) -> Any:
    """A queue operation as the hall sees it: through the hub when this device joined one;
    on this device alone when it did not, or (mode mandiri, ``on_standalone(reason)`` is told)
    when the hub does not answer. The CLI and the counter console both act through here."""
    st = hub.state(session)
    if st["role"] != "member":
        return _local(session, op, args, False)
    if _paused(st["url"]):
        if on_standalone is not None:
            on_standalone(_("hub {url} belum menjawab lagi sejak gagal terakhir").format(url=st["url"]))
        return _local(session, op, args, True)
    try:
        return through_hub(session, op, args)
    except HubUnavailable as exc:
        if on_standalone is not None:
            on_standalone(str(exc))
        return _local(session, op, args, True)


def leave(session: Session) -> dict[str, Any]:
    """``loket hub leave`` and the app's *Lepas*: give this device's service leases back
    through the hub (when it answers), then forget the hub. ``warning`` says why the leases
    stay recorded at the hub (it did not answer)."""
    released: list[str] = []
    warning = None
    if hub.state(session)["role"] == "member":
        try:
            released = through_hub(session, "release", {})["released"]
        except HubUnavailable as exc:
            warning = _("hub tidak menjawab ({error}); sewa layanan tetap tercatat di hub").format(error=exc)
    hub.leave(session)
    return {"left": True, "released": released, "warning": warning}


def status(session: Session, probe: bool = True) -> dict[str, Any]:
    """``loket hub status --json``: mode, hub, last contact, pending."""
    st = hub.state(session)
    if st["role"] == "hub":
        return {"mode": "hub", "hub": None, "last_contact": None, "pending": 0}
    if st["role"] != "member":
        return {"mode": "none", "hub": None, "last_contact": None, "pending": 0}
    mode = "standalone"
    if probe:
        client = client_for(session)
        try:
            client.health()
            hub.mark_contact(session)
            mode = "connected"
        except HubUnavailable as exc:
            hub.mark_contact(session, error=str(exc))
        finally:
            client.close()
    st = hub.state(session)
    return {"mode": mode, "hub": st["url"], "last_contact": st["last_contact"],
            "pending": hub.pending_count(session)}


class BackgroundHub:
    """Keeps a member's copy live: catches up, then applies the hub's stream as it comes and
    pushes this device's own events; reconnects with a backoff when the hub is gone. Runs on
    its own thread with its own connection. ``on_status(mode, detail)`` after each change:
    ``"connected"`` or ``"standalone"``."""

    def __init__(self, db_path, on_status: Callable[[str, str | None], None] | None = None,
                 push_every_s: float = 2.0):
        self.db_path = db_path
        self.on_status = on_status
        self.push_every_s = push_every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="loket-hub", daemon=True)
        self.mode = "standalone"
        # time.monotonic() of the hub's last sign of life (a caught-up sync, a stream item or
        # heartbeat): a watchdog reading it notices a silent hub long before STREAM_READ_S
        self.last_alive: float | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _status(self, mode: str, detail: str | None = None) -> None:
        changed = mode != self.mode
        self.mode = mode
        if self.on_status and (changed or detail):
            try:
                self.on_status(mode, detail)
            except Exception:  # noqa: BLE001 - a closed window must not end the loop
                log.exception("on_status gagal")

    def _run(self) -> None:
        backoff = 0.5
        session = None
        while not self._stop.is_set():
            try:
                if session is None:
                    session = Session.open(self.db_path)
                client = client_for(session, timeout=3.0)
                try:
                    sync(session, client)
                    self.last_alive = time.monotonic()
                    self._status("connected")
                    backoff = 0.5
                    self._follow(session, client)
                finally:
                    client.close()
            except HubUnavailable as exc:
                self._status("standalone", str(exc))
            except Exception as exc:  # noqa: BLE001 - any failure: log, back off, go on
                log.exception("sinkron hub gagal")
                self._status("standalone", f"{type(exc).__name__}: {exc}")
                if session is not None:
                    try:
                        session.close()
                    except Exception:  # noqa: BLE001
                        pass
                    session = None
            self._stop.wait(backoff)
            backoff = min(backoff * 2, 5.0)
        if session is not None:
            session.close()

    def _follow(self, session: Session, client: HubClient) -> None:
        last_push = time.monotonic()
        cursor = hub.state(session)["cursor"]
        for item in client.stream(cursor):
            self.last_alive = time.monotonic()
            if self._stop.is_set():
                return
            if item is not None:
                seq = item.pop("seq")
                hub.apply_hub_events(session, [Event.from_dict(item)], seq)
            if time.monotonic() - last_push >= self.push_every_s:
                push_pending(session, client)
                last_push = time.monotonic()
                hub.mark_contact(session)
