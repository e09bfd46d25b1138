"""``loket-portal``: run the reference portal and administer it (sites, devices, imports).

Every command takes the same ``--db PATH`` (SQLite, the default) or ``--database-url
postgresql://...`` (also ``LOKET_PORTAL_DB`` / ``LOKET_PORTAL_DATABASE_URL``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from counter_app import clock
from counter_app.errors import LoketError

from .. import bundle
from ..protocol import WireEvent
from .db import Database, open_database
from .service import PortalError, device_by_key_id, push, site_events, site_keys

EXIT_INVALID = 2
# The portal logs to stdout (the service manager or container keeps it): the loket.* loggers
# from INFO, the server's errors with their tracebacks, no access log; in every worker process.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {
        "format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                            "formatter": "plain"}},
    "loggers": {
        "loket": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "uvicorn": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": [], "propagate": False},
    },
}


class PortalState:
    def __init__(self, db: str | None, url: str | None):
        self.db_path, self.url = db, url
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.db_path, self.url)
        return self._db


def _db() -> Database:
    return click.get_current_context().find_object(PortalState).db


def _emit(data: Any, as_json: bool, human: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else human)


@click.group()
@click.option("--db", envvar="LOKET_PORTAL_DB", type=click.Path(dir_okay=False),
              help="Berkas SQLite portal (bawaan: portal.sqlite3).")
@click.option("--database-url", envvar="LOKET_PORTAL_DATABASE_URL", help="URL PostgreSQL, mis. postgresql://u@h/db.")
@click.pass_context
def main_group(ctx: click.Context, db: str | None, database_url: str | None) -> None:
    """Portal pusat rujukan Loket."""
    ctx.obj = PortalState(db, database_url)


@main_group.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, type=int, show_default=True)
@click.option("--workers", default=1, type=click.IntRange(1, 64), show_default=True,
              help="Jumlah proses server; lebih dari 1 cocok untuk PostgreSQL.")
@click.option("--db", "serve_db", type=click.Path(dir_okay=False),
              help="Sama dengan --db sebelum 'serve' (boleh ditulis di sini juga).")
@click.option("--database-url", "serve_url", help="Sama dengan --database-url sebelum 'serve'.")
@click.option("--ssl-certfile", type=click.Path(exists=True, dir_okay=False),
              help="Sertifikat TLS (PEM, dengan rantai CA-nya): portal melayani https://.")
@click.option("--ssl-keyfile", type=click.Path(exists=True, dir_okay=False), help="Kunci privat sertifikat TLS (PEM).")
def serve(host: str, port: int, workers: int, serve_db: str | None, serve_url: str | None,
          ssl_certfile: str | None, ssl_keyfile: str | None) -> None:
    """Jalankan server portal (API sinkronisasi + halaman publik)."""
    if bool(ssl_certfile) != bool(ssl_keyfile):
        raise click.UsageError("--ssl-certfile dan --ssl-keyfile harus diberikan bersama")
    import uvicorn

    from .app import create_app

    state = click.get_current_context().find_object(PortalState)
    if serve_db or serve_url:  # 'loket-portal serve --db PATH' as well as 'loket-portal --db PATH serve'
        state.db_path, state.url, state._db = serve_db or state.db_path, serve_url or state.url, None
    where = state.url.split("@")[-1] if state.url else (state.db_path or "portal.sqlite3")
    scheme = "https" if ssl_certfile else "http"
    click.echo(f"portal mendengarkan di {scheme}://{host}:{port} (database {where}, {workers} proses)")

    options = dict(host=host, port=port, log_config=LOG_CONFIG, log_level="warning",
                   timeout_graceful_shutdown=2)
    if ssl_certfile:
        options.update(ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)
    if workers == 1:
        uvicorn.run(create_app(_db()), **options)
        return
    # Each worker process opens the database itself (see worker_app); the schema is created
    # once here, before they start.
    state.db.close()
    for name, value in (("LOKET_PORTAL_DB", state.db_path), ("LOKET_PORTAL_DATABASE_URL", state.url)):
        if value:
            os.environ[name] = str(value)
        else:
            os.environ.pop(name, None)
    uvicorn.run("sync.portal.cli:worker_app", factory=True, workers=workers, **options)


def worker_app():
    """The app of one ``serve --workers N`` process, on the database named in the environment."""
    from .app import create_app

    return create_app(open_database(os.environ.get("LOKET_PORTAL_DB"),
                                    os.environ.get("LOKET_PORTAL_DATABASE_URL")))


@main_group.group()
def site() -> None:
    """Lokasi layanan (MPP atau titik satelit)."""


@site.command("add")
@click.argument("code")
@click.argument("name")
def site_add(code: str, name: str) -> None:
    from .service import add_site

    result = add_site(_db(), code, name)
    click.echo(f"lokasi {result['site']} ditambahkan")


@main_group.group()
def device() -> None:
    """Perangkat loket yang terdaftar."""


@device.command("enrol")
@click.option("--site", "site_code", required=True)
@click.option("--name", required=True, help="Nama perangkat, mis. K1.")
@click.option("--relay", is_flag=True, help="Hub lokasi: juga meneruskan event perangkat lain di lokasinya.")
@click.option("--json", "as_json", is_flag=True)
def device_enrol(site_code: str, name: str, relay: bool, as_json: bool) -> None:
    """Daftarkan perangkat; token hanya ditampilkan sekali."""
    from .service import enrol_device

    r = enrol_device(_db(), site_code, name, relay=relay)
    _emit(r, as_json, f"perangkat {r['device']} di {r['site']} (seri tiket {r['series']})\ntoken: {r['token']}\n"
          "Simpan token ini sekarang: portal hanya menyimpan hash-nya.")


@device.command("revoke")
@click.option("--site", "site_code", required=True)
@click.option("--name", required=True)
def device_revoke(site_code: str, name: str) -> None:
    """Cabut token perangkat (data yang sudah masuk tetap ada)."""
    from .service import revoke_device

    r = revoke_device(_db(), site_code, name)
    click.echo(f"token {r['revoked']} di {r['site']} dicabut")


@main_group.group()
def catalog() -> None:
    """Katalog layanan (standar pelayanan)."""


@catalog.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_code", help="Hanya untuk lokasi ini (bawaan: semua lokasi).")
def catalog_import(file: Path, site_code: str | None) -> None:
    from .content import import_catalog

    r = import_catalog(_db(), file, site_code)
    click.echo(json.dumps(r, ensure_ascii=False))


@main_group.group()
def calendar() -> None:
    """Kalender hari libur."""


@calendar.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_code", help="Hanya untuk lokasi ini (bawaan: semua lokasi).")
def calendar_import(file: Path, site_code: str | None) -> None:
    from .content import import_calendar

    click.echo(json.dumps(import_calendar(_db(), file, site_code), ensure_ascii=False))


@main_group.group()
def application() -> None:
    """Permohonan (back office)."""


@application.command("status")
@click.argument("reg_id")
@click.argument("status")
@click.option("--note")
def application_status(reg_id: str, status: str, note: str | None) -> None:
    """Ubah status permohonan; loket menerimanya saat sinkron."""
    from .content import change_status

    r = change_status(_db(), reg_id, status, note)
    click.echo(f"{r['code']}: {r['status_label']}")


@main_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def import_bundle(file: Path, as_json: bool) -> None:
    """Impor bundel USB dari loket lewat logika push yang sama (impor ulang tidak menggandakan)."""
    doc = bundle.read_bundle(file)
    db = _db()
    if len(doc["signatures"]) != 1:
        raise bundle.BundleError("bundel loket harus ditandatangani tepat satu perangkat")
    dev = device_by_key_id(db, next(iter(doc["signatures"])))
    body = bundle.verify(doc, dev.bundle_key)
    if body.get("kind") != bundle.KIND_EVENTS or body.get("site") != dev.site:
        raise bundle.BundleError(f"bundel bukan kiriman event untuk lokasi {dev.site}")
    events, invalid = [], []
    for raw in body["events"]:
        try:
            events.append(WireEvent.model_validate(raw).model_dump())
        except ValidationError:
            invalid.append({"id": str(raw.get("id") if isinstance(raw, dict) else ""), "status": "rejected",
                            "reason": "event tidak sah"})
    results = push(db, dev, events) + invalid
    counts = {s: sum(r["status"] == s for r in results) for s in ("accepted", "duplicate", "rejected")}
    _emit({"device": dev.name, "site": dev.site, **counts,
           "rejected_events": [r for r in results if r["status"] == "rejected"]}, as_json,
          f"{dev.site}/{dev.name}: {counts['accepted']} diterima, {counts['duplicate']} duplikat,"
          f" {counts['rejected']} ditolak")


@main_group.command("export")
@click.option("--site", "site_code", required=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export_bundle(site_code: str, out: Path) -> None:
    """Tulis bundel bertanda tangan berisi event lokasi (katalog, libur, pendaftaran daring, ...)."""
    db = _db()
    code = site_code.strip().upper()
    events, last = site_events(db, code)
    keys = list(site_keys(db, code).values())
    bundle.write_bundle(out, {"kind": bundle.KIND_SITE, "site": code, "created_at": clock.iso(clock.now()),
                              "last_seq": last, "events": events}, keys)
    click.echo(f"{len(events)} event lokasi {code} ditulis ke {out}")


def main(argv: list[str] | None = None) -> None:
    try:
        main_group.main(args=argv, prog_name="loket-portal", standalone_mode=False)
    except (PortalError, bundle.BundleError) as exc:
        click.echo(f"galat: {exc}", err=True)
        sys.exit(1)
    except LoketError as exc:
        click.echo(f"galat: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INVALID)
    except click.Abort:
        sys.exit(1)


__all__ = ["main"]
