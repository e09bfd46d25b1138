"""``loket complaint file|respond|forward|close|show|list``: complaints (pengaduan)."""

from __future__ import annotations

import click

from .. import complaints
from ..formatting import tanggal, tanggal_jam, tanggal_pendek
from ..i18n import N_, _
from ._common import cli, emit, json_option, session


@cli.group("complaint")
def complaint_group():
    """Pengaduan, kritik, saran dan apresiasi."""


# What a history row says in the human text; --json keeps the action codes.
_ACTION_TEXT = {"filed": N_("masuk"), "responded": N_("ditanggapi"), "forwarded": N_("diteruskan"),
                "closed": N_("ditutup")}


def _line(c: dict) -> str:
    flag = _("  ⚠ LEWAT BATAS") if c.get("overdue") else ""
    who = _("anonim") if c["anonymous"] else (c["name"] or "-")
    return (f"{c['tracking_number']}  {c['type']:<10} {c['status']:<9} "
            + _("tahap {stage}  batas {deadline}").format(stage=c["stage"], deadline=tanggal_pendek(c["deadline"]))
            + f"  {who}{flag}")


@complaint_group.command("file")
@click.option("--type", "type_", required=True, type=click.Choice(list(complaints.TYPES)), help="Jenis masukan.")
@click.option("--channel", required=True,
              type=click.Choice([*complaints.CHANNEL_ALIASES, *complaints.CHANNELS], case_sensitive=False),
              help="Kanal: loket, kotak_saran, telepon, surel, pesan, situs (atau kodenya: counter, …).")
@click.option("--text", required=True, help="Isi pengaduan.")
@click.option("--service", help="Kode layanan yang diadukan.")
@click.option("--component", type=click.Choice(list(complaints.COMPONENTS)), help="Komponen standar pelayanan.")
@click.option("--name", help="Nama pelapor.")
@click.option("--phone", help="Telepon pelapor.")
@click.option("--email", help="Surel pelapor.")
@click.option("--anonymous", is_flag=True, help="Tanpa identitas pelapor.")
@json_option
def complaint_file(type_, channel, text, service, component, name, phone, email, anonymous, as_json):
    """Catat pengaduan; pelapor menerima nomor lacak."""
    c = complaints.file_complaint(session(), type=type_, channel=channel, text=text, service=service,
                                  component=component, name=name, phone=phone, email=email,
                                  anonymous=anonymous)
    emit(c, as_json, _("Nomor lacak: {number} (tanggapan paling lambat {deadline})").format(
        number=c["tracking_number"], deadline=tanggal(c["deadline"])))


@complaint_group.command("respond")
@click.argument("tracking_number")
@click.option("--text", required=True, help="Isi tanggapan.")
@click.option("--final", is_flag=True, help="Tanggapan akhir: pengaduan selesai.")
@json_option
def complaint_respond(tracking_number, text, final, as_json):
    """Tanggapi pengaduan."""
    c = complaints.respond(session(), tracking_number, text, final=final)
    emit(c, as_json, _line(c))


@complaint_group.command("forward")
@click.argument("tracking_number")
@click.option("--lapor-ref", required=True, help="Nomor referensi SP4N-LAPOR!.")
@click.option("--note", help="Catatan.")
@json_option
def complaint_forward(tracking_number, lapor_ref, note, as_json):
    """Teruskan ke SP4N-LAPOR! (tahap 2)."""
    c = complaints.forward(session(), tracking_number, lapor_ref, note)
    emit(c, as_json, _line(c))


@complaint_group.command("close")
@click.argument("tracking_number")
@click.option("--note", help="Catatan/alasan penutupan.")
@json_option
def complaint_close(tracking_number, note, as_json):
    """Tutup pengaduan."""
    c = complaints.close(session(), tracking_number, note)
    emit(c, as_json, _line(c))


@complaint_group.command("show")
@click.argument("tracking_number")
@json_option
def complaint_show(tracking_number, as_json):
    """Rincian pengaduan dengan riwayat tanggapan."""
    c = complaints.get_complaint(session(), tracking_number)
    def action(code: str) -> str:
        return _(_ACTION_TEXT[code]) if code in _ACTION_TEXT else code

    history = "\n".join(f"  {tanggal_jam(h['at'])}  {action(h['action']):<10} → {h['status']:<9} ({h['actor']})"
                        f"  {h['text'] or ''}" for h in c["history"])
    emit(c, as_json, _line(c) + "\n" + history)


@complaint_group.command("list")
@click.option("--overdue", is_flag=True, help="Hanya yang belum selesai melewati batas waktu tanggapan.")
@click.option("--status", type=click.Choice(list(complaints.STATUSES)), help="Hanya status ini.")
@json_option
def complaint_list(overdue, status, as_json):
    """Daftar pengaduan (telepon disamarkan kecuali untuk peran yang berwenang)."""
    rows = complaints.list_complaints(session(), overdue=overdue, status=status)
    emit(rows, as_json, "\n".join(_line(c) for c in rows) or _("(tidak ada)"))
