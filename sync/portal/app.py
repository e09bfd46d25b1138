"""The portal's HTTP API (FastAPI): health, device info, push and pull, plus the public pages.

Every ``/api/v1`` answer, errors included, is a JSON body with the protocol envelope; the
request body is capped (413) before it is read into memory.
"""


import json
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from counter_app import clock

from .. import protocol
from .db import Database
from .service import AuthError, Device, DeviceTaken, authenticate, present, pull, push, receipt

bearer = HTTPBearer(auto_error=False, description="Token perangkat dari `loket-portal device enrol`.")


class BadBody(Exception):
    """A push body that is not ``{"events": [...]}`` in valid UTF-8 JSON (answered 422)."""


async def raw_body(request: Request) -> bytes:
    return await request.body()


def parse_push_body(raw: bytes) -> list[Any]:
    """The events of a push body, each left as parsed: ``service.push`` judges them one by one.

    Parsed here rather than by a request model so that nothing in the body (nesting deeper
    than the parser goes, a lone surrogate in an escape, NaN) can make the answer a 5xx.
    """
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadBody("isi permintaan bukan teks UTF-8 yang sah") from None
    except RecursionError:
        raise BadBody("isi permintaan bersarang terlalu dalam") from None
    except ValueError as exc:
        raise BadBody(f"isi permintaan bukan JSON yang sah: {str(exc)[:120]}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        raise BadBody('isi permintaan harus {"events": [event, ...]}')
    if len(doc["events"]) > protocol.MAX_BATCH_EVENTS:
        raise BadBody(f"events: paling banyak {protocol.MAX_BATCH_EVENTS} event per push")
    return doc["events"]


# The body is parsed by hand (above); the OpenAPI description still says what it must be.
PUSH_BODY_SCHEMA = {
    "type": "object", "required": ["events"],
    "properties": {"events": {"type": "array", "maxItems": protocol.MAX_BATCH_EVENTS,
                              "items": protocol.WireEvent.model_json_schema()}},
}


class BodyLimit:
    """ASGI middleware: a body larger than the limit gets 413 before the app reads it."""

    def __init__(self, app, limit: int = protocol.MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await self._reject(send)
        seen = 0
        too_big = False

        async def limited():
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    too_big = True
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._reject(send)

    async def _reject(self, send) -> None:
        body = json.dumps(protocol.error_body(
            "payload_too_large", f"isi permintaan melebihi batas {self.limit} byte; kirim batch lebih kecil")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def _error(status: int, error: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(protocol.error_body(error, detail), status_code=status, headers=headers)


def create_app(db: Database) -> FastAPI:
    app = FastAPI(
        title="Loket portal", version=str(protocol.VERSION),
        description="Portal pusat rujukan: sinkronisasi loket dan halaman publik semi-digital.",
    )
    app.state.db = db
    app.add_middleware(BodyLimit)

    def device(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Device:
        return authenticate(db, creds.credentials if creds else None)

    @app.exception_handler(AuthError)
    async def _auth_error(request: Request, exc: AuthError):
        return _error(401, "unauthorized", str(exc), {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(DeviceTaken)
    async def _device_taken(request: Request, exc: DeviceTaken):
        return _error(403, "device_taken", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:10])
        return _error(422, "invalid_request", detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith(protocol.API_PREFIX):
            return _error(exc.status_code, "http_error", str(exc.detail))
        from .pages import error_page

        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        return _error(500, "server_error", f"galat server: {type(exc).__name__}")

    @app.get(f"{protocol.API_PREFIX}/health", response_model=protocol.Health, tags=["sync"])
    def health() -> dict[str, Any]:
        """Protocol version and server time (the client measures its clock offset from it)."""
        return protocol.Health(server_time=clock.iso(clock.now())).model_dump()

    @app.get(f"{protocol.API_PREFIX}/device", response_model=protocol.DeviceInfo, tags=["sync"],
             responses={401: {"model": protocol.ErrorBody}, 403: {"model": protocol.ErrorBody}})
    def device_info(dev: Annotated[Device, Depends(device)],
                    x_loket_device_id: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        """Who the token belongs to: site, device name and its ticket series. A counter names
        its own device id in ``X-Loket-Device-Id``: the first time, the token is bound to it
        for good; a token bound to another device, or an id another token holds, gets 403."""
        dev = present(db, dev, x_loket_device_id)
        with db.read() as tx:
            name = tx.scalar("SELECT name FROM sites WHERE code = ?", (dev.site,))
        return protocol.DeviceInfo(site=dev.site, site_name=name, device=dev.name, series=dev.series,
                                   server_time=clock.iso(clock.now())).model_dump()

    @app.exception_handler(BadBody)
    async def _bad_body(request: Request, exc: BadBody):
        return _error(422, "invalid_request", str(exc))

    @app.post(f"{protocol.API_PREFIX}/sync/push", response_model=protocol.PushResponse, tags=["sync"],
              responses={401: {"model": protocol.ErrorBody}, 413: {"model": protocol.ErrorBody},
                         422: {"model": protocol.ErrorBody}},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": PUSH_BODY_SCHEMA}}}})
    def push_events(dev: Annotated[Device, Depends(device)],
                    raw: Annotated[bytes, Depends(raw_body)],
                    x_loket_device_id: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        """Store a batch of events, idempotent by event id; a result per event (a rejected one
        with the reason, naming the field). A site hub enrolled as a relay names its own device
        in ``X-Loket-Device-Id`` and may also send its site's other devices' events."""
        results = push(db, dev, parse_push_body(raw), x_loket_device_id)
        signed = receipt(db, dev)
        return protocol.PushResponse(site=dev.site, results=results, receipt=signed).model_dump()

    @app.get(f"{protocol.API_PREFIX}/sync/pull", response_model=protocol.PullResponse, tags=["sync"],
             responses={401: {"model": protocol.ErrorBody}, 422: {"model": protocol.ErrorBody}})
    def pull_events(
        dev: Annotated[Device, Depends(device)],
        cursor: Annotated[int, Query(ge=0, le=2**62, description="Nomor urut server terakhir yang sudah diterapkan.")] = 0,
        limit: Annotated[int, Query(ge=1, le=protocol.MAX_PULL_LIMIT)] = protocol.DEFAULT_PULL_LIMIT,
    ) -> dict[str, Any]:
        """The site's events after ``cursor`` in server sequence order, and the next cursor."""
        return protocol.PullResponse(**pull(db, dev, cursor, limit)).model_dump()

    from .pages import register_pages

    register_pages(app, db)
    return app
