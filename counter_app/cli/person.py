"""``loket person erase|retention``: erasing applicants' personal data (UU 27/2022)."""

from __future__ import annotations

import click

from .. import erasure
from ..i18n import _
from ._common import cli, emit, json_option, session


@cli.group("person")
def person_group():
    """Data pribadi pemohon: penghapusan atas permintaan dan masa retensi (UU 27/2022)."""


def _summary(r: dict) -> str:
    return _("{regs} permohonan, {bookings} pemesanan dan {complaints} pengaduan: data pribadinya dihapus"
             " ({keys} kunci dimusnahkan)").format(
        regs=len(r["registrations"]), bookings=len(r["bookings"]), complaints=len(r["complaints"]), keys=r["keys"])


@person_group.command("erase")
@click.option("--nik", help="NIK pemohon: semua permohonan dan pemesanan dengan NIK ini.")
@click.option("--registration", help="Satu nomor permohonan.")
@click.option("--complaint", help="Satu nomor pengaduan.")
@click.option("--booking", help="Satu kode pemesanan daring.")
@click.option("--note", help="Dasar penghapusan, mis. 'permintaan tertulis 12-03-2026'.")
@json_option
def person_erase(nik, registration, complaint, booking, note, as_json):
    """Hapus data pribadi seseorang atas permintaannya (penanggung jawab atau administrator).

    Nomor, layanan, tanggal dan status tetap ada (untuk laporan dan SKM); nama, NIK, alamat,
    telepon dan isi pengaduan tidak terbaca lagi di perangkat ini, di cadangan yang dibuat
    sesudahnya, dan di perangkat lain serta portal setelah sinkronisasi.
    """
    r = erasure.erase(session(), nik=nik, registration=registration, complaint=complaint, booking=booking,
                      note=note)
    emit(r, as_json, _summary(r))


@person_group.command("retention")
@json_option
def person_retention(as_json):
    """Jalankan aturan masa retensi sekarang (aplikasi menjalankannya sekali sehari).

    Data pribadi permohonan yang sudah diserahkan, ditolak atau dicabut, dan pengaduan yang
    sudah selesai, dihapus setelah 'retention_days' hari (pengaturan lokasi, bawaan 365).
    """
    r = erasure.erase_expired(session())
    if not r["events"]:
        text = _("tidak ada data pribadi yang melewati masa retensi {days} hari").format(days=r["retention_days"])
    else:
        text = _summary(r)
    emit(r, as_json, text)
