"""``loket init``, ``loket status``, ``loket db ...``, the default start and the hall device
modes (``loket display``, ``loket kiosk``: the desktop app without an officer logging in)."""

from __future__ import annotations

import os
import sys
from importlib.metadata import entry_points

import click

from .. import catalog, overview
from ..errors import LoketError, ValidationError
from ..events import rebuild
from ..i18n import _
from ..site import MAX_SERIES, TIERS, init_site
from . import qt_libraries
from ._common import cli, emit, json_option, session, state


@cli.command("init")
@click.option("--site-code", help="Kode lokasi, mis. MPP-BDG.")
@click.option("--site-name", help="Nama lokasi, mis. 'MPP Kota Bandung'.")
@click.option("--device-code", help="Kode perangkat ini, mis. K1 atau SAT2.")
@click.option("--series", type=int,
              help=f"Seri nomor antrean perangkat (0–{MAX_SERIES}), unik di antara perangkat aktif satu"
                   " lokasi: seri 0 mencetak A-001, seri 15 mencetak A-15001.")
@click.option("--tier", type=click.Choice(TIERS), help="Tingkat layanan: manual, 2.0, 2.1, 2.2.")
@click.option("--timezone", help="Zona waktu, mis. Asia/Jakarta, Asia/Makassar, Asia/Jayapura.")
@click.option("--demo", is_flag=True, help="Muat katalog demo bila katalog masih kosong.")
@json_option
def init_cmd(site_code, site_name, device_code, series, tier, timezone, demo, as_json):
    """Buat atau perbarui database, lokasi dan perangkat (idempoten)."""
    s = session(require_init=False)
    info = init_site(s, site_code=site_code, site_name=site_name, device_code=device_code,
                     tier=tier, series=series, timezone=timezone)
    loaded = None
    if demo and not catalog.list_services(s):
        loaded = catalog.import_services(s, catalog.demo_catalog_rows())
    data = {**info.as_dict(), "database": str(s.store.path),
            "demo_loaded": len(loaded["added"]) if loaded else 0}
    lines = [_("Lokasi {code} ({name}), perangkat {device}, tingkat {tier}").format(
                 code=info.code, name=info.name, device=info.device_code, tier=info.tier),
             _("Database: {path}").format(path=s.store.path)]
    if loaded:
        lines.append(_("Katalog demo dimuat: {count} layanan").format(count=data["demo_loaded"]))
    emit(data, as_json, "\n".join(lines))


@cli.command("status")
@json_option
def status_cmd(as_json):
    """Ringkasan lokasi, perangkat dan angka hari ini."""
    data = overview.status(session())
    t = data["today"]
    emit(data, as_json, "\n".join([
        _("Lokasi     : {code} – {name} (tingkat {tier})").format(
            code=data["site"]["code"], name=data["site"]["name"], tier=data["tier"]),
        _("Perangkat  : {code} (seri {series})").format(code=data["device"]["code"],
                                                       series=data["device"]["series"]),
        _("Database   : {path} (skema v{version})").format(path=data["database"],
                                                          version=data["schema_version"]),
        _("Hari ini   : {date}: {tickets} tiket, {waiting} menunggu, {registrations} registrasi").format(
            date=t["date"], tickets=t["tickets_issued"], waiting=t["tickets_waiting"],
            registrations=t["registrations"]),
        _("Permohonan : {open} berjalan, {overdue} lewat batas waktu").format(
            open=t["applications_open"], overdue=t["applications_overdue"]),
        _("Belum sinkron: {count} event").format(count=t["pending_events"]),
    ]))


@cli.command("start", hidden=True)
def start_app():
    """Buka aplikasi: pada awal pertama, siapkan database dengan katalog demo."""
    failures: list[ImportError] = []
    run_app = _desktop_app(failures)
    # a file an update left at an older schema is migrated by the app, behind its progress
    # window: opening it here would migrate it first, with nothing on screen
    if not (run_app is not None and _has_display() and _older_schema(state().db)):
        s = session(require_init=False)
        if not s.initialized:
            init_site(s, site_code=None, site_name=None)
            catalog.import_services(s, catalog.demo_catalog_rows())
    explained = next(filter(None, map(qt_libraries.import_failure_message, failures)), None)
    if explained:  # Qt's libraries are there but a system library they need is not
        click.echo(explained, err=True)
    if run_app is None or not _has_display():
        if run_app is not None:
            click.echo(_("Tidak ada layar (DISPLAY/WAYLAND_DISPLAY kosong): aplikasi desktop tidak dibuka. "
                         "Semua fungsi tersedia lewat perintah 'loket --help'."), err=True)
        click.get_current_context().invoke(status_cmd, as_json=False)
        return
    raise SystemExit(run_app(state().db))


@cli.command("display")
@click.option("--gerai", multiple=True, help="Hanya gerai ini (boleh diulang); disimpan untuk PC ini.")
@click.option("--service", "services", multiple=True, help="Hanya layanan ini, mis. DUK-KTP (boleh diulang).")
@click.option("--all", "everything", is_flag=True, help="Tampilkan lagi semua gerai dan layanan.")
def display_cmd(gerai, services, everything):
    """Buka layar panggilan aula, layar penuh, tanpa log-in petugas."""
    s = _hall_device_session()
    known = {svc.gerai for svc in catalog.list_services(s)}
    for name in gerai:
        if name not in known:
            raise ValidationError("gerai", _("gerai '{name}' tidak ada di katalog (pilihan: {choices})").format(
                name=name, choices=", ".join(sorted(known))))
    for code in services:
        catalog.get_service(s, code)
    zones = {"gerai": list(gerai), "services": [c.upper() for c in services]} if gerai or services or everything else {}
    _run_mode("display", zones)


@cli.command("kiosk")
def kiosk_cmd():
    """Buka kiosk tiket mandiri (layar sentuh), layar penuh, tanpa log-in petugas."""
    _hall_device_session()
    _run_mode("kiosk", {})


def _older_schema(db) -> bool:
    from ..store import Store

    if not os.path.exists(db):
        return False
    with Store(db, migrate=False) as store:
        return bool(store.pending_migrations())


def _hall_device_session():
    state().gui = True  # no officer logs in on a hall device
    return session()


def _run_mode(mode: str, options: dict) -> None:
    """Start the desktop app in a hall device mode (``run_app(db, mode=..., options=...)``)."""
    run_app = _desktop_app()
    if run_app is None:
        raise LoketError(_("aplikasi desktop (paket ui) tidak terpasang: mode ini membutuhkannya"))
    if not _has_display():
        raise LoketError(_("tidak ada layar (DISPLAY/WAYLAND_DISPLAY kosong): mode ini membutuhkan layar"))
    raise SystemExit(run_app(state().db, mode=mode, options=options))


def _desktop_app(failures: list[ImportError] | None = None):
    """The desktop app's ``run_app(db_path) -> exit code``, when a package provides one
    (entry point group ``loket.desktop``, declared in pyproject.toml). The core never imports
    the user interface by name: without it, ``loket`` stays a command line. ``failures``
    collects why it did not import (a system library missing, say)."""
    for entry in entry_points(group="loket.desktop", name="app"):
        try:
            return entry.load()
        except ImportError as exc:  # installed without its Qt libraries
            if failures is not None:
                failures.append(exc)
            return None
    return None


def _has_display() -> bool:
    """A screen Qt can open: X11/Wayland on Linux, always elsewhere, or an explicit platform."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@cli.group("db")
def db_group():
    """Perawatan database."""


@db_group.command("rebuild")
@json_option
def db_rebuild(as_json):
    """Bangun ulang semua tabel proyeksi dari log event (urutan jam hibrida)."""
    s = session()
    count = rebuild(s)
    held = s.store.scalar("SELECT count(*) FROM quarantine")
    human = (_("{count} event diputar ulang; {held} event dikarantina") if held
             else _("{count} event diputar ulang")).format(count=count, held=held)
    emit({"events_replayed": count, "quarantined": held}, as_json, human)


@db_group.command("migrate")
@json_option
def db_migrate(as_json):
    """Terapkan migrasi skema yang tertunda, dengan bilah kemajuan bila lama (database besar)."""
    from ..store import Store

    with Store(state().db, migrate=False) as store, _MigrationBars(not as_json) as bars:
        done = store.migrate(progress=bars.update)
        version = store.schema_version()
    human = (_("{count} migrasi diterapkan, skema sekarang versi {version}") if done
             else _("tidak ada migrasi tertunda, skema versi {version}")).format(count=len(done), version=version)
    emit({"applied": done, "schema_version": version}, as_json, human)


class _MigrationBars:
    """A click progress bar for each long step of a migration (the copy of the file before it,
    the rows of a big table it rewrites); a short step shows nothing."""

    LONG = 10_000  # pages (40 MB) or rows

    def __init__(self, enabled: bool):
        self.enabled, self.step, self.bar, self.at = enabled, None, None, 0

    def update(self, step: str, done: int, total: int) -> None:
        if step != self.step:
            self.close()
            self.step = step
            if self.enabled and total >= self.LONG and (step == "backup" or ":" in step):
                label = (_("Menyalin database sebelum migrasi") if step == "backup"
                         else _("Memproses tabel {table}").format(table=step.split(":", 1)[1]))
                self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.at)
        self.at = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        self.step, self.bar, self.at = None, None, 0

    def __enter__(self) -> _MigrationBars:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@db_group.command("digest")
@json_option
def db_digest(as_json):
    """Sidik (SHA-256) semua tabel proyeksi: dua perangkat dengan event yang sama sama sidiknya."""
    from ..digest import projection_digest

    r = projection_digest(session())
    emit(r, as_json, "\n".join([_("sidik: {digest}").format(digest=r["digest"])]
                                + [f"  {t:<22} {h[:16]}" for t, h in r["tables"].items()]))


@db_group.command("check")
@json_option
def db_check(as_json):
    """PRAGMA integrity_check pada berkas database."""
    result = [r[0] for r in session().store.query("PRAGMA integrity_check")]
    ok = result == ["ok"]
    emit({"ok": ok, "details": result}, as_json, "ok" if ok else "\n".join(result))
    if not ok:
        raise SystemExit(1)
