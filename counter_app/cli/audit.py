"""``loket audit verify|log``: check the hash chains of the event log; who did what when."""

from __future__ import annotations

import click

from .. import audit
from ..i18n import N_, _
from ._common import cli, emit, json_option, session


@cli.group("audit")
def audit_group():
    """Jejak audit: rantai hash log event."""


@audit_group.command("verify")
@click.option("--chains-only", is_flag=True, help="Hanya rantai hash (tanpa memutar ulang log ke database sementara).")
@json_option
def audit_verify(chains_only, as_json):
    """Periksa rantai hash setiap perangkat dan tabel proyeksi terhadap pemutaran ulang log;
    keluar dengan kode 1 bila ada yang rusak."""
    r = audit.verify_chains(session(), replay=not chains_only)
    if r["ok"]:
        human = (_("ok: {events} event, {devices} perangkat, rantai hash utuh, proyeksi sama dengan "
                   "pemutaran ulang log") if "projections" in r
                 else _("ok: {events} event, {devices} perangkat, rantai hash utuh")).format(
            events=r["events"], devices=len(r["devices"]))
    else:
        b = r["first_broken"]
        where = [f"{_(label)} {b[key]}" for key, label in (
            ("device_id", N_("perangkat")), ("device_seq", "device_seq"), ("expected_device_seq", N_("seharusnya")),
            ("last_present", N_("terakhir ada")), ("seq", N_("baris seq")), ("event_id", "event"),
            ("tables", N_("tabel")),
        ) if b.get(key) is not None]
        human = _("RUSAK: {reason}").format(reason=b["reason"]) + "\n  " + ", ".join(where)
    emit(r, as_json, human)
    if not r["ok"]:
        raise SystemExit(1)  # like "loket db check": non-zero when the chain is broken


@audit_group.command("log")
@click.option("--entity", help="ID entitas (mis. nomor registrasi, nomor lacak).")
@click.option("--actor", help="Nama pengguna petugas.")
@click.option("--type", "type_", help="Jenis event.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True, help="Jumlah event paling banyak.")
@json_option
def audit_log(entity, actor, type_, limit, as_json):
    """Event terbaru: waktu, petugas, jenis, entitas (tanpa isi)."""
    rows = audit.event_log(session(), entity=entity, actor=actor, type=type_, limit=limit)
    emit(rows, as_json, "\n".join(
        f"{r['recorded_at']}  {r['actor']:<12} {r['type']:<28} {r['entity_id']}" for r in rows
    ) or _("(kosong)"))
