"""The site hub's HTTP server (``loket hub serve``): one live, atomic queue for a hall.

A thin layer over the core, like the CLI: every queue operation is the same core function
(``counter_app.queue``) run on the hub's own database inside one ``BEGIN IMMEDIATE``
transaction, so two counters pressing *call next* at once get two different tickets and a
counter never holds two. The events a decision appended are returned with the answer (the
member applies them at once) and streamed to every member (Server-Sent Events). Members'
own events (registrations, SKM, what they did in mode mandiri) are pushed here and folded
like any remote event. docs/site-hub.md describes the protocol.
"""


import asyncio
import json
import logging
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from counter_app import hub, queue
from counter_app.actors import ROLES, Actor
from counter_app.catalog import get_service
from counter_app.erasure import scrub_after
from counter_app.errors import LoketError, NotFound, StateError, ValidationError
from counter_app.events import Event, with_keys
from counter_app.i18n import _
from counter_app.session import Session
from counter_app.site import site_info

log = logging.getLogger("loket.hub")

API = "/v1"
SERVICE = "loket-hub"
HEARTBEAT_S = 5.0
RESTART_GRACE_S = 60.0
PAGE_LIMIT = 500


class Fenced(LoketError):
    """A newer hub epoch exists: this hub no longer decides."""


class Sessions:
    """One Session per server thread (one SQLite connection per thread)."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self._local = threading.local()
        self._all: list[Session] = []
        self._lock = threading.Lock()

    def get(self) -> Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = Session.open(self.db_path)
            self._local.session = s
            with self._lock:
                self._all.append(s)
        return s

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                try:
                    s.close()
                except Exception:  # noqa: BLE001 - a connection of a finished thread
                    pass
            self._all.clear()


class Changes:
    """Wakes the event streams when this process committed events (other writers to the
    file, e.g. the hub PC's own window, are noticed by a poll of the log's newest seq).

    A stream notes ``version`` before it reads a page and then waits only if nothing was
    committed since: a commit made while it was reading or sending wakes it at once. (One
    shared event, cleared by whichever stream woke first, let a stream that was busy at
    that moment sleep the whole poll interval with the commit unsent.)"""

    def __init__(self):
        self.loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self.version = 0

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._event = asyncio.Event()

    def notify(self) -> None:
        if self.loop is not None and self._event is not None:
            self.loop.call_soon_threadsafe(self._bump)

    def _bump(self) -> None:  # on the event loop
        self.version += 1
        woken, self._event = self._event, asyncio.Event()
        woken.set()

    async def wait(self, timeout: float, since: int) -> None:
        """Until a commit after ``since`` (a ``version`` read earlier), at most ``timeout``."""
        if self._event is None:
            await asyncio.sleep(timeout)
            return
        if self.version != since:
            return
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return


def _event_rows(s: Session, rows) -> list[dict[str, Any]]:
    """Rows of the log as sent to members, each sealed event with the key that opens its
    personal data while the hub holds it (counter_app/personal.py)."""
    events = with_keys(s.store.conn, [Event.from_row(r) for r in rows])
    return [{**e.as_dict(), "seq": r["seq"]} for e, r in zip(events, rows, strict=True)]


def _error(status: int, exc: Exception) -> JSONResponse:
    body: dict[str, Any] = {"error": type(exc).__name__, "detail": str(exc)}
    if isinstance(exc, ValidationError):
        body["errors"] = [list(e) for e in exc.errors]
    return JSONResponse(body, status_code=status)


def create_app(db_path: Path | str, epoch: int) -> FastAPI:
    db_path = Path(db_path)
    sessions = Sessions(db_path)
    changes = Changes()
    app = FastAPI(title="Loket site hub", version="1", openapi_url="/openapi.json")
    app.state.sessions = sessions
    app.state.epoch = epoch
    # One writer at a time inside this process: the request threads queue on this lock
    # instead of in SQLite's busy handler, which sleeps and polls (with 60 counters pressing
    # at once, a call waited there for seconds while the hub's CPU idled).
    writer = threading.Lock()
    # Right after the hub starts, a lease holder may still hold tickets it called alone while
    # the hub was away, not pushed yet: its services' tickets go to nobody else until it has
    # been heard from (or the grace period is over), so they are not handed out twice.
    started = time.monotonic()
    heard: set[str] = set()

    def holders_not_back(s: Session, device_id: str):
        if time.monotonic() - started > RESTART_GRACE_S:
            return None
        away = {code for code, lease in hub.leases(s).items()
                if lease["device_id"] != device_id and lease["device_id"] not in heard}
        if not away:
            return None
        return lambda ticket: ticket.service_code not in away

    @app.on_event("startup")
    async def _startup() -> None:
        changes.bind(asyncio.get_running_loop())

    @app.on_event("shutdown")
    async def _shutdown() -> None:
        sessions.close()

    @app.exception_handler(hub.HubAuthError)
    async def _auth(request: Request, exc: hub.HubAuthError):
        return _error(401, exc)

    @app.exception_handler(Fenced)
    async def _fenced(request: Request, exc: Fenced):
        return _error(409, exc)

    @app.exception_handler(LoketError)
    async def _domain(request: Request, exc: LoketError):
        return _error(422 if exc.exit_code == 2 else 409, exc)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("hub: %s %s gagal", request.method, request.url.path)
        return JSONResponse({"error": "internal", "detail": _("galat di hub; lihat log hub")}, status_code=500)

    def member(authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        token = (authorization or "").removeprefix("Bearer ").strip()
        return hub.authenticate(sessions.get(), token)

    def deciding(s: Session) -> None:
        if hub.fenced(s, app.state.epoch):
            top = hub.current_epoch(s)
            raise Fenced(_("hub ini (epoch {epoch}) sudah digantikan hub epoch {newer}").format(
                epoch=app.state.epoch, newer=top["epoch"]))

    def seq(s: Session) -> int:
        return s.store.scalar("SELECT coalesce(max(seq), 0) FROM events")

    @app.get(f"{API}/health")
    def health() -> dict[str, Any]:
        s = sessions.get()
        info = site_info(s)
        from counter_app import clock

        return {"service": SERVICE, "site": info.code, "site_name": info.name,
                "hub_device_id": info.device_id, "epoch": app.state.epoch,
                "fenced": hub.fenced(s, app.state.epoch), "seq": seq(s),
                "server_time": clock.iso(clock.now())}

    @app.post(f"{API}/hello")
    def hello(body: Annotated[dict[str, Any], Body()],
              authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        s = sessions.get()
        device_id = body.get("device_id")
        if not isinstance(device_id, str) or not device_id.strip():
            raise ValidationError("device_id", _("id perangkat wajib dikirim"))
        token = (authorization or "").removeprefix("Bearer ").strip()
        with writer:
            m = hub.authenticate(s, token, device_id)
            with s.transaction():
                hub.touch(s, m, force=True)
        heard.add(device_id)
        info = site_info(s)
        return {"site": info.code, "site_name": info.name, "hub_device_id": info.device_id,
                "epoch": app.state.epoch, "name": m["name"], "seq": seq(s)}

    def _actor(body: dict[str, Any]) -> Actor:
        a = body.get("actor") or {}
        username, role = a.get("username"), a.get("role")
        if not isinstance(username, str) or not username or len(username) > 64:
            raise ValidationError("actor", _("petugas (username) wajib dikirim"))
        if role not in ROLES and role != "system":
            raise ValidationError("actor", _("peran petugas tidak dikenal: {role}").format(role=role))
        return Actor(username, role)

    def _bound(m: dict[str, Any]) -> str:
        if not m["device_id"]:
            raise hub.HubAuthError(_("perangkat belum menyapa hub (hello)"))
        return m["device_id"]

    def _run_op(m: dict[str, Any], op: str, body: dict[str, Any]) -> dict[str, Any]:
        s0 = sessions.get()
        device_id = _bound(m)
        heard.add(device_id)  # a member pushes what it did alone before it asks (client.through_hub)
        s = s0.as_actor(_actor(body))
        args = body.get("args") or {}
        if not isinstance(args, dict):
            raise ValidationError("args", _("argumen harus objek JSON"))
        known = body.get("known_epoch")
        if isinstance(known, int) and known > app.state.epoch:
            raise Fenced(_("perangkat ini mengenal hub epoch {newer}; hub ini (epoch {epoch}) sudah digantikan").format(
                newer=known, epoch=app.state.epoch))
        request_id = body.get("request_id")
        if request_id is not None and (not isinstance(request_id, str) or not 8 <= len(request_id) <= 64):
            raise ValidationError("request_id", _("id permintaan harus teks 8–64 karakter"))
        with writer, s.transaction():
            if request_id:  # a resend after a timeout: the same answer, not a second decision
                done = s0.store.one("SELECT response FROM hub_requests WHERE request_id = ? AND device_id = ?",
                                    (request_id, device_id))
                if done is not None:
                    return json.loads(done["response"])
            mark = seq(s0)  # under the write lock: only this decision's events come after it
            deciding(s)
            if op == "issue":
                result: Any = queue.issue_ticket(s, args.get("service"), args.get("priority"))
            elif op == "call":
                services = args.get("services") or None
                result = queue.call_next(s, args.get("counter"), services, holders_not_back(s, device_id))
                if result is not None:
                    wanted = [get_service(s, c).code for c in services] if services else [result["service"]]
                    hub.grant_leases(s, wanted, device_id, result["counter"])
            elif op in ("recall", "skip", "noshow", "restore", "finish", "cancel"):
                result = getattr(queue, op)(s, args.get("ticket"))
            elif op == "transfer":
                result = queue.transfer(s, args.get("ticket"), args.get("service"))
            elif op == "release":
                result = {"released": hub.release_leases(s, device_id, args.get("services") or None)}
            else:
                raise NotFound(_("operasi antrean '{op}' tidak ada").format(op=op))
            rows = s.store.query(
                "SELECT * FROM events WHERE seq > ? AND device_id = (SELECT device_id FROM device)"
                " ORDER BY seq", (mark,))
            answer = {"result": result, "events": _event_rows(s, rows)}
            if request_id:
                hub.remember_request(s0, request_id, device_id, json.dumps(answer, ensure_ascii=True, default=str))
            hub.touch(s0, m)
        changes.notify()
        return answer

    @app.post(API + "/queue/{op}")
    def queue_op(op: str, body: Annotated[dict[str, Any], Body()],
                 m: Annotated[dict[str, Any], Depends(member)]) -> dict[str, Any]:
        return _run_op(m, op, body)

    @app.get(f"{API}/queue")
    def queue_list(m: Annotated[dict[str, Any], Depends(member)], status: str | None = None) -> list[dict]:
        return queue.list_queue(sessions.get(), status=status)

    @app.post(f"{API}/events")
    def push(body: Annotated[dict[str, Any], Body()],
             m: Annotated[dict[str, Any], Depends(member)]) -> dict[str, Any]:
        from counter_app import syncstate  # noqa: F401 - loads the domain's projectors

        s = sessions.get()
        device_id = _bound(m)
        items = body.get("events")
        if not isinstance(items, list) or len(items) > PAGE_LIMIT:
            raise ValidationError("events", _("events harus daftar (paling banyak {limit})").format(limit=PAGE_LIMIT))
        results, applied = [], []
        with writer, s.transaction():
            for item in items:
                try:
                    event = Event.from_dict(item)
                except (KeyError, TypeError, AttributeError):
                    results.append({"id": str(item.get("id") if isinstance(item, dict) else None),
                                    "status": "rejected", "reason": _("bukan event yang utuh")})
                    continue
                if event.device_id != device_id and event.type not in ("hub_started", "hub_promoted"):
                    results.append({"id": event.id, "status": "rejected",
                                    "reason": _("perangkat hanya mengirim event miliknya sendiri")})
                    continue
                new = s.log.apply_remote(event)
                applied.append(event)
                held = s.store.one("SELECT error FROM quarantine WHERE event_id = ?", (event.id,))
                status = "quarantined" if held else ("accepted" if new else "duplicate")
                results.append({"id": event.id, "status": status, **({"reason": held["error"]} if held else {})})
            hub.touch(s, m)
        scrub_after(s, applied)  # an erasure among them: the hub's file keeps no copy either
        heard.add(device_id)
        changes.notify()
        return {"results": results, "seq": seq(s)}

    def _page(cursor: int, limit: int) -> dict[str, Any]:
        s = sessions.get()
        rows = s.store.query("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (cursor, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        return {"events": _event_rows(s, rows), "next_cursor": rows[-1]["seq"] if rows else cursor,
                "more": more}

    @app.get(f"{API}/events")
    def pull(m: Annotated[dict[str, Any], Depends(member)], cursor: Annotated[int, Query(ge=0)] = 0,
             limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT)] = PAGE_LIMIT) -> dict[str, Any]:
        return _page(cursor, limit)

    @app.get(f"{API}/stream")
    async def stream(request: Request, m: Annotated[dict[str, Any], Depends(member)],
                     cursor: Annotated[int, Query(ge=0)] = 0,
                     last_event_id: Annotated[str | None, Header()] = None) -> StreamingResponse:
        start = int(last_event_id) if last_event_id and last_event_id.isdigit() else cursor

        async def events() -> AsyncIterator[bytes]:
            position = start
            yield b": loket-hub\n\n"
            while not await request.is_disconnected():
                seen = changes.version  # before the read: a commit after it is not missed
                page = await run_in_threadpool(_page, position, PAGE_LIMIT)
                for e in page["events"]:
                    yield f"id: {e['seq']}\nevent: event\ndata: {json.dumps(e, ensure_ascii=True)}\n\n".encode()
                position = page["next_cursor"]
                if page["more"]:
                    continue
                await changes.wait(0.5, seen)  # woken at once by this process's commits; polls other writers
                if not page["events"]:
                    yield b": heartbeat\n\n"

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @app.get("/q/{ticket_id}", response_class=HTMLResponse)
    def position(ticket_id: str) -> HTMLResponse:
        from .position import render_position

        return HTMLResponse(render_position(sessions.get(), ticket_id))

    return app


def serve(db_path: Path | str, host: str, port: int, *, promote: bool = False,
          ssl_certfile: str | None = None, ssl_keyfile: str | None = None,
          announce: bool = True, on_ready=None, upstream_every: float | None = None) -> None:
    """Run the hub on this installation's database until stopped."""
    import uvicorn

    s = Session.open(db_path)
    try:
        if not s.initialized:
            raise StateError(_("database belum diinisialisasi: jalankan 'loket init' dulu"))
        epoch = hub.start_serving(s, promote=promote)
        info = site_info(s)
        from .discovery import lan_addresses

        scheme = "https" if ssl_certfile else "http"
        hub.set_public_url(s, f"{scheme}://{lan_addresses(host)[0]}:{port}")
    finally:
        s.close()
    app = create_app(db_path, epoch)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning",
                            ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    if on_ready:
        on_ready(info, epoch)
    announcer = None
    if announce:
        try:
            from .discovery import Announcer

            announcer = Announcer(info.code, info.name, port, host)
            announcer.start()
        except Exception as exc:  # noqa: BLE001 - the LAN may forbid multicast: the hub still serves
            log.warning("pengumuman mDNS tidak jalan: %s", exc)
            announcer = None
    upstream = _upstream(db_path, upstream_every)
    try:
        server.run()
    finally:
        if announcer:
            announcer.stop()
        if upstream:
            upstream.stop()


def _upstream(db_path, every: float | None):
    """The hub relays the hall's events to the central portal and brings the portal's down
    (catalogue, calendar, bookings, online SKM) while it serves, when a portal is set
    (``loket sync run --portal URL --token T`` on the hub, with a token enrolled ``--relay``)."""
    from counter_app import syncstate
    from sync.client import BackgroundSync

    s = Session.open(db_path)
    try:
        state = syncstate.state(s)
    finally:
        s.close()
    if not (state["portal_url"] and state["token"]):
        return None

    def report(summary, error):
        if error:
            log.warning("hub -> portal: %s", error)

    loop = BackgroundSync(db_path, report, interval_s=every)
    loop.start()
    return loop
