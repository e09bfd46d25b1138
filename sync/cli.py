"""``loket sync run|status|quarantine|retry-quarantine|export|import``: sync with the
central portal, over the network or a USB file.

Plugged into ``loket`` through the ``loket.commands`` entry point (pyproject.toml), so the
core never imports sync. Light to import: the client (requests) and the bundle code load
inside the command that needs them.
"""

from __future__ import annotations

from pathlib import Path

import click

from counter_app.cli._common import emit, json_option, session
from counter_app.i18n import _


@click.group("sync")
def sync_group():
    """Sinkronisasi dengan portal pusat (jaringan atau berkas USB)."""


@sync_group.command("run")
@click.option("--portal", help="Alamat portal, mis. https://portal.example.go.id (disimpan).")
@click.option("--token", help="Token perangkat dari admin portal (disimpan).")
@click.option("--ca-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Berkas CA (PEM) untuk memeriksa sertifikat portal, mis. CA internal pemda "
                   "(tanpa ini: CA sistem; sama dengan LOKET_PORTAL_CA_FILE).")
@click.option("--insecure-http", is_flag=True,
              help="Izinkan http:// tanpa enkripsi ke portal di mesin lain: hanya untuk jaringan uji "
                   "(sama dengan LOKET_PORTAL_INSECURE_HTTP=1).")
@json_option
def sync_run(portal, token, ca_file, insecure_http, as_json):
    """Satu putaran: kirim semua event tertunda, lalu tarik sampai lengkap."""
    from sync.client import run_sync

    r = run_sync(session(), portal=portal, token=token, ca_file=str(ca_file) if ca_file else None,
                 insecure_http=True if insecure_http else None)
    human = _("terkirim {accepted} (duplikat {duplicate}, ditolak {rejected}); diterima {applied} event baru; "
              "kursor {cursor}; tertunda {pending}").format(
        accepted=r["accepted"], duplicate=r["duplicate"], rejected=r["rejected"], applied=r["applied"],
        cursor=r["cursor"], pending=r["pending"])
    if not r["series_matches"]:
        human += "\n" + _("peringatan: portal memberi perangkat ini seri tiket {series}; atur dengan "
                          "'loket init --series'").format(series=r["series"])
    emit(r, as_json, human)


@sync_group.command("status")
@json_option
def sync_status(as_json):
    """Event tertunda, sukses terakhir, kursor dan selisih jam dengan portal."""
    from counter_app import syncstate

    s = syncstate.status(session())
    if as_json:
        emit({k: s[k] for k in ("pending", "last_success", "cursor", "clock_offset_s", "quarantined",
                                 "last_error")}, True)
        return
    offset = "-" if s["clock_offset_s"] is None else _("{seconds} detik").format(
        seconds=f"{s['clock_offset_s']:+.0f}")
    lines = [_("tertunda: {count}").format(count=s["pending"]),
             _("sukses terakhir: {when}").format(when=s["last_success"] or _("belum pernah")),
             _("kursor: {cursor}").format(cursor=s["cursor"]),
             _("selisih jam dengan portal: {offset}").format(offset=offset),
             _("portal: {url}").format(url=s["portal"] or "-")]
    if s["last_error"]:
        lines.append(_("galat terakhir: {error}").format(error=s["last_error"]))
    if s["rejected"]:
        lines.append(_("ditolak portal: {count} event").format(count=s["rejected"]))
    if s["quarantined"]:
        lines.append(_("dikarantina: {count} event (lihat 'loket sync quarantine')").format(count=s["quarantined"]))
    emit(s, False, "\n".join(lines))


@sync_group.command("quarantine")
@json_option
def sync_quarantine(as_json):
    """Event yang diterima tetapi belum bisa diterapkan di perangkat ini, dan sebabnya."""
    from counter_app import syncstate

    rows = syncstate.quarantined(session())
    emit(rows, as_json, "\n".join(f"{r['event_id']}  {r['type']:<26} {r['entity_id']}: {r['error']}"
                                  for r in rows) or _("(karantina kosong)"))


@sync_group.command("retry-quarantine")
@json_option
def sync_retry_quarantine(as_json):
    """Coba terapkan lagi event yang dikarantina (mis. setelah aplikasi diperbarui)."""
    from counter_app import syncstate

    r = syncstate.retry_quarantined(session())
    emit(r, as_json, _("{applied} dari {before} event berhasil diterapkan; masih dikarantina {quarantined}").format(
        applied=r["applied"], before=r["before"], quarantined=r["quarantined"]))


@sync_group.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Berkas bundel yang ditulis.")
@click.option("--token", help="Token perangkat (disimpan) untuk menandatangani bundel.")
@json_option
def sync_export(out, token, as_json):
    """Tulis bundel bertanda tangan berisi event yang belum tersinkron (untuk USB)."""
    from sync.bundle import export_outbox

    r = export_outbox(session(), out, token)
    emit(r, as_json, _("{events} event ditulis ke {file}").format(events=r["events"], file=out))


@sync_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--token", help="Token perangkat (disimpan) untuk memeriksa tanda tangan.")
@json_option
def sync_import(file, token, as_json):
    """Terapkan bundel dari portal (katalog, libur, pendaftaran daring, ...)."""
    from sync.bundle import import_site_bundle

    r = import_site_bundle(session(), file, token)
    emit(r, as_json, _("{applied} event baru dari {events} di bundel; kursor {cursor}").format(
        applied=r["applied"], events=r["events"], cursor=r["cursor"]))
