"""The semi-digital public pages: online registration, online SKM, application status.

Plain server-rendered HTML forms (no JavaScript) so they work on a cheap phone and a slow
connection. Forms are parsed from ``application/x-www-form-urlencoded`` bodies directly.

The public reaches these from the mall's Wi-Fi, so every form post is guarded (issue 15):
same origin only (``Origin``/``Referer``), a CSRF token (double submit: a random cookie and
the same value in the form), rate limits per client address (slowapi) and per value typed
(one NIK's bookings, one code's status lookups, through ``limits``), one online SKM answer
per registration, and the status of a code only with the applicant's birth date.
"""


import hmac
import io
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

import qrcode
import qrcode.image.svg
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address

from counter_app import clock
from counter_app.errors import ValidationError
from counter_app.formatting import tanggal
from counter_app.skm import questionnaire

from . import content
from .db import Database
from .service import list_sites

TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
)
MAX_FORM_FIELD = 500
QUESTIONNAIRE = questionnaire()  # the same questions and answers as the paper form
CSRF_COOKIE = "loket_csrf"
CSRF_MAX_AGE_S = 2 * 3600

# Per client address (a mall's Wi-Fi is one address for many phones: generous enough for a
# hall, far below a flood), then per value typed. Memory storage: per server process.
LIMITS = {
    "daftar": "10/hour",          # bookings from one address
    "skm": "30/hour",             # SKM answers carrying a code, from one address
    "skm_anonymous": "10/hour",   # SKM answers without a code, from one address
    "status": "10/minute;60/hour",  # status lookups from one address
}
PER_VALUE = {
    "nik": parse("3/day"),        # bookings for one NIK
    "code": parse("5/hour"),      # status lookups of one code (a birth date guessed)
}


def render(name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=http_status)


def error_page(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    response = render("error.html", status, title="Galat", status=status, detail=detail)
    response.headers.update(headers or {})
    return response


class Refused(Exception):
    """A public form post refused before it is read: cross-origin, no CSRF token, too many."""

    def __init__(self, status: int, detail: str, retry_after: int | None = None):
        super().__init__(detail)
        self.status, self.detail, self.retry_after = status, detail, retry_after


TOO_MANY = ("Terlalu banyak permintaan dari {what}. Demi keadilan bagi semua pemohon, coba lagi"
            " sekitar {minutes} menit lagi.")


def same_origin(request: Request) -> bool:
    """A post from a page of this portal: its ``Origin`` (else its ``Referer``) names this
    host; one with neither (not a browser) still needs the CSRF token."""
    own = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() == own
    referer = request.headers.get("referer")
    if referer is not None:
        return (referer.lower() + "/").startswith(own + "/")
    return True


def csrf_token(request: Request) -> str:
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if 20 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum() \
        else secrets.token_urlsafe(32)


def with_csrf(request: Request, response: HTMLResponse, token: str) -> HTMLResponse:
    response.set_cookie(CSRF_COOKIE, token, max_age=CSRF_MAX_AGE_S, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


def check_post(request: Request, form: dict[str, str]) -> None:
    if not same_origin(request):
        raise Refused(403, "Formulir ditolak: dikirim dari situs lain. Buka formulir dari portal ini lalu kirim lagi.")
    cookie, sent = request.cookies.get(CSRF_COOKIE, ""), form.get("csrf", "")
    if not cookie or not sent or not hmac.compare_digest(cookie.encode(), sent.encode()):
        raise Refused(403, "Formulir kedaluwarsa atau tidak berasal dari portal ini (token CSRF tidak cocok)."
                           " Muat ulang halaman formulir lalu kirim lagi.")


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode("utf-8").split("?>", 1)[-1]


async def form_data(request: Request) -> dict[str, str]:
    body = (await request.body()).decode("utf-8", errors="replace")
    parsed = parse_qs(body, keep_blank_values=True)
    return {k[:50]: v[0].replace("\x00", "")[:MAX_FORM_FIELD] for k, v in parsed.items() if v}


def register_pages(app: FastAPI, db: Database) -> None:
    limiter = Limiter(key_func=get_remote_address)
    app.state.limiter = limiter
    per_value = MovingWindowRateLimiter(MemoryStorage())

    def value_limit(kind: str, value: str, what: str) -> None:
        if value and not per_value.hit(PER_VALUE[kind], kind, value.upper()):
            reset = per_value.get_window_stats(PER_VALUE[kind], kind, value.upper()).reset_time
            wait = max(1, int(reset - clock.now().timestamp()))
            raise Refused(429, TOO_MANY.format(what=what, minutes=max(1, wait // 60)), wait)

    def anonymous_skm_limit(request: Request) -> str:
        return get_remote_address(request)

    @app.exception_handler(RateLimitExceeded)
    async def _too_many(request: Request, exc: RateLimitExceeded):
        minutes = 60 if "hour" in str(exc.detail) else 1
        return error_page(request, 429, TOO_MANY.format(what="alamat Anda", minutes=minutes),
                          {"Retry-After": str(minutes * 60)})

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused):
        return error_page(request, exc.status, exc.detail,
                          {"Retry-After": str(exc.retry_after)} if exc.retry_after else None)

    def common(form: dict[str, str] | None = None, channel: str | None = "online") -> dict[str, Any]:
        sites = list_sites(db)
        form = dict(form or {})
        if not form.get("site") and len(sites) == 1:
            form["site"] = sites[0]["code"]
        services = content.site_services(db, form["site"], channel) if form.get("site") else []
        chosen = next((s for s in services if s["code"] == form.get("service", "").upper()), None)
        closed = content.closed_days_ahead(db, form["site"], chosen["week"] if chosen else 5) if form.get("site") else []
        return {"sites": sites, "form": form, "services": services, "today": clock.today().isoformat(),
                "closed_days": closed, "booking_days": content.BOOKING_DAYS_AHEAD}

    def form_page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        token = csrf_token(request)
        return with_csrf(request, render(name, status, csrf=token, **context), token)

    async def posted(request: Request) -> dict[str, str]:
        form = await form_data(request)
        check_post(request, form)
        return form

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home():
        return render("home.html", title="Layanan publik", **common())

    @app.get("/daftar", response_class=HTMLResponse, include_in_schema=False)
    def daftar_form(request: Request):
        form = {k: v[:MAX_FORM_FIELD] for k, v in request.query_params.items()}
        return form_page(request, "daftar.html", title="Pendaftaran daring", errors={}, **common(form))

    @app.post("/daftar", response_class=HTMLResponse, include_in_schema=False)
    @limiter.limit(LIMITS["daftar"])
    async def daftar_submit(request: Request):
        form = await posted(request)
        value_limit("nik", form.get("nik", "").strip(), "NIK ini")
        try:
            booking = content.create_booking(db, form)
        except ValidationError as exc:
            errors = {field: message for field, message in reversed(exc.errors)}
            return form_page(request, "daftar.html", 422, title="Pendaftaran daring", errors=errors, **common(form))
        return render("daftar_ok.html", title="Kode pendaftaran", booking=booking, qr=qr_svg(booking["code"]),
                      date_label=tanggal(clock.parse_date(booking["date"])))

    def skm_page(request: Request, form: dict[str, str], errors: dict, status: int = 200) -> HTMLResponse:
        return form_page(request, "skm.html", status, title="Survei Kepuasan Masyarakat", errors=errors,
                         unsur=QUESTIONNAIRE["unsur"], education=content.EDUCATION, occupation=content.OCCUPATION,
                         **common(form, channel=None))

    @app.get("/skm", response_class=HTMLResponse, include_in_schema=False)
    def skm_form(request: Request):
        return skm_page(request, {k: v[:MAX_FORM_FIELD] for k, v in request.query_params.items()}, {})

    @app.post("/skm", response_class=HTMLResponse, include_in_schema=False)
    @limiter.limit(LIMITS["skm"])
    async def skm_submit(request: Request):
        form = await posted(request)
        if not form.get("code", "").strip():  # anonymous answers weigh on the IKM with no one behind them
            anonymous(request)
        try:
            response = content.record_skm(db, form)
        except ValidationError as exc:
            errors = {field: message for field, message in reversed(exc.errors)}
            return skm_page(request, form, errors, 422)
        return render("skm_ok.html", title="Terima kasih", response=response)

    anonymous_window = parse(LIMITS["skm_anonymous"])

    def anonymous(request: Request) -> None:
        address = anonymous_skm_limit(request)
        if not per_value.hit(anonymous_window, "skm-anonymous", address):
            raise Refused(429, TOO_MANY.format(what="alamat Anda (SKM tanpa nomor)", minutes=60), 3600)

    @app.get("/status", response_class=HTMLResponse, include_in_schema=False)
    def status_form(request: Request):
        code = request.query_params.get("code", "").strip()[:80]
        if code:
            return RedirectResponse(f"/status/{quote(code.upper(), safe='')}", status_code=303)
        return form_page(request, "status.html", title="Cek status permohonan", result=None, code="", asked=False)

    @app.get("/status/{code}", response_class=HTMLResponse, include_in_schema=False)
    def status_page(request: Request, code: str):
        # the code alone shows nothing: the same form for a known and an unknown one
        return form_page(request, "status.html", title="Status permohonan", result=None, code=code[:80].upper(),
                         asked=False)

    @app.post("/status", response_class=HTMLResponse, include_in_schema=False)
    @limiter.limit(LIMITS["status"])
    async def status_lookup(request: Request):
        form = await posted(request)
        code = form.get("code", "").strip()[:80].upper()
        value_limit("code", code, "kode ini")
        result = content.public_lookup(db, code, form.get("birth_date", ""))
        return form_page(request, "status.html", 200 if result else 404, title="Status permohonan", result=result,
                         code=code, asked=True)
