"""``loket booking checkin|list``: online registrations (booking codes from the portal)."""

from __future__ import annotations

import click

from .. import bookings
from ..i18n import _
from ._common import DATE, cli, emit, json_option, session


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
    emit(r, as_json, _("{registration} diterima dari pendaftaran daring {code}").format(
        registration=r["registration_id"], code=r["booking_code"]))


@booking_group.command("list")
@click.option("--date", "day", type=DATE, help="Tanggal kedatangan (DD-MM-YYYY atau YYYY-MM-DD).")
@json_option
def booking_list(day, as_json):
    """Daftar pendaftaran daring yang sudah diterima perangkat ini."""
    rows = bookings.list_bookings(session(), day)
    emit(rows, as_json, "\n".join(f"{b['code']}  {b['day']}  {b['service_code']:<12} {b['name']}"
                                  f"  {b['registration_id'] or ''}" for b in rows) or _("(tidak ada)"))
