"""``loket sync run|status|export|import`` and ``loket booking checkin|list``."""

from __future__ import annotations

from pathlib import Path

import click

from .. import bookings, syncstate
from ._common import cli, emit, json_option, session


@cli.group("sync")
def sync_group():
    """Sinkronisasi dengan portal pusat (jaringan atau berkas USB)."""


@sync_group.command("run")
@click.option("--portal", help="Alamat portal, mis. https://portal.example.go.id (disimpan).")
@click.option("--token", help="Token perangkat dari admin portal (disimpan).")
@json_option
def sync_run(portal, token, as_json):
    """Satu putaran: kirim semua event tertunda, lalu tarik sampai lengkap."""
    from sync.client import run_sync

    r = run_sync(session(), portal=portal, token=token)
    human = (f"terkirim {r['accepted']} (duplikat {r['duplicate']}, ditolak {r['rejected']}); "
             f"diterima {r['applied']} event baru; kursor {r['cursor']}; tertunda {r['pending']}")
    if not r["series_matches"]:
        human += f"\nperingatan: portal memberi perangkat ini seri tiket {r['series']}; atur dengan 'loket init --series'"
    emit(r, as_json, human)


@sync_group.command("status")
@json_option
def sync_status(as_json):
    """Event tertunda, sukses terakhir, kursor dan selisih jam dengan portal."""
    s = syncstate.status(session())
    if as_json:
        emit({k: s[k] for k in ("pending", "last_success", "cursor", "clock_offset_s", "quarantined",
                                 "last_error")}, True)
        return
    offset = "-" if s["clock_offset_s"] is None else f"{s['clock_offset_s']:+.0f} detik"
    lines = [f"tertunda: {s['pending']}", f"sukses terakhir: {s['last_success'] or 'belum pernah'}",
             f"kursor: {s['cursor']}", f"selisih jam dengan portal: {offset}", f"portal: {s['portal'] or '-'}"]
    if s["last_error"]:
        lines.append(f"galat terakhir: {s['last_error']}")
    if s["rejected"]:
        lines.append(f"ditolak portal: {s['rejected']} event")
    if s["quarantined"]:
        lines.append(f"dikarantina: {s['quarantined']} event (lihat 'loket sync quarantine')")
    emit(s, False, "\n".join(lines))


@sync_group.command("quarantine")
@json_option
def sync_quarantine(as_json):
    """Event yang diterima tetapi belum bisa diterapkan di perangkat ini, dan sebabnya."""
    rows = syncstate.quarantined(session())
    emit(rows, as_json, "\n".join(f"{r['event_id']}  {r['type']:<26} {r['entity_id']}: {r['error']}"
                                  for r in rows) or "(karantina kosong)")


@sync_group.command("retry-quarantine")
@json_option
def sync_retry_quarantine(as_json):
    """Coba terapkan lagi event yang dikarantina (mis. setelah aplikasi diperbarui)."""
    r = syncstate.retry_quarantined(session())
    emit(r, as_json, f"{r['applied']} dari {r['before']} event berhasil diterapkan; masih dikarantina {r['quarantined']}")


@sync_group.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--token", help="Token perangkat (disimpan) untuk menandatangani bundel.")
@json_option
def sync_export(out, token, as_json):
    """Tulis bundel bertanda tangan berisi event yang belum tersinkron (untuk USB)."""
    from sync.bundle import export_outbox

    r = export_outbox(session(), out, token)
    emit(r, as_json, f"{r['events']} event ditulis ke {out}")


@sync_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--token", help="Token perangkat (disimpan) untuk memeriksa tanda tangan.")
@json_option
def sync_import(file, token, as_json):
    """Terapkan bundel dari portal (katalog, libur, pendaftaran daring, ...)."""
    from sync.bundle import import_site_bundle

    r = import_site_bundle(session(), file, token)
    emit(r, as_json, f"{r['applied']} event baru dari {r['events']} di bundel; kursor {r['cursor']}")


@cli.group("booking")
def booking_group():
    """Pendaftaran daring (kode booking dari portal)."""


@booking_group.command("checkin")
@click.argument("code")
@click.option("--ticket", help="Nomor tiket antrean yang terkait, mis. A-001.")
@json_option
def booking_checkin(code, ticket, as_json):
    """Daftarkan pemohon dengan kode pendaftaran daring (data isian daring dipakai)."""
    r = bookings.checkin(session(), code, ticket)
    emit(r, as_json, f"{r['registration_id']} diterima dari pendaftaran daring {r['booking_code']}")


@booking_group.command("list")
@click.option("--date", "day", help="Tanggal kedatangan YYYY-MM-DD.")
@json_option
def booking_list(day, as_json):
    """Daftar pendaftaran daring yang sudah diterima perangkat ini."""
    rows = bookings.list_bookings(session(), day)
    emit(rows, as_json, "\n".join(f"{b['code']}  {b['day']}  {b['service_code']:<12} {b['name']}"
                                  f"  {b['registration_id'] or ''}" for b in rows) or "(tidak ada)")
