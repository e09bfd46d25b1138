"""The semi-digital public pages: online registration, online SKM, application status.

Plain server-rendered HTML forms (no JavaScript) so they work on a cheap phone and a slow
connection. Forms are parsed from ``application/x-www-form-urlencoded`` bodies directly.
"""


import io
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

import qrcode
import qrcode.image.svg
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

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


def render(name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=http_status)


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    return render("error.html", status, title="Galat", status=status, detail=detail)


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

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home():
        return render("home.html", title="Layanan publik", **common())

    @app.get("/daftar", response_class=HTMLResponse, include_in_schema=False)
    def daftar_form(request: Request):
        form = {k: v[:MAX_FORM_FIELD] for k, v in request.query_params.items()}
        return render("daftar.html", title="Pendaftaran daring", errors={}, **common(form))

    @app.post("/daftar", response_class=HTMLResponse, include_in_schema=False)
    async def daftar_submit(request: Request):
        form = await form_data(request)
        try:
            booking = content.create_booking(db, form)
        except ValidationError as exc:
            errors = {field: message for field, message in reversed(exc.errors)}
            return render("daftar.html", 422, title="Pendaftaran daring", errors=errors, **common(form))
        return render("daftar_ok.html", title="Kode pendaftaran", booking=booking, qr=qr_svg(booking["code"]),
                      date_label=tanggal(clock.parse_date(booking["date"])))

    @app.get("/skm", response_class=HTMLResponse, include_in_schema=False)
    def skm_form(request: Request):
        form = {k: v[:MAX_FORM_FIELD] for k, v in request.query_params.items()}
        return render("skm.html", title="Survei Kepuasan Masyarakat", errors={}, unsur=QUESTIONNAIRE["unsur"],
                      education=content.EDUCATION, occupation=content.OCCUPATION, **common(form, channel=None))

    @app.post("/skm", response_class=HTMLResponse, include_in_schema=False)
    async def skm_submit(request: Request):
        form = await form_data(request)
        try:
            response = content.record_skm(db, form)
        except ValidationError as exc:
            errors = {field: message for field, message in reversed(exc.errors)}
            return render("skm.html", 422, title="Survei Kepuasan Masyarakat", errors=errors, unsur=QUESTIONNAIRE["unsur"],
                          education=content.EDUCATION, occupation=content.OCCUPATION,
                          **common(form, channel=None))
        return render("skm_ok.html", title="Terima kasih", response=response)

    @app.get("/status", response_class=HTMLResponse, include_in_schema=False)
    def status_form(request: Request):
        code = request.query_params.get("code", "").strip()[:80]
        if code:
            return RedirectResponse(f"/status/{quote(code.upper(), safe='')}", status_code=303)
        return render("status.html", title="Cek status permohonan", result=None, code="")

    @app.get("/status/{code}", response_class=HTMLResponse, include_in_schema=False)
    def status_page(code: str):
        result = content.lookup(db, code[:80])
        return render("status.html", 200 if result else 404, title="Status permohonan", result=result,
                      code=code[:80].upper())

