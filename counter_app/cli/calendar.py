"""``loket calendar close|reopen|list|deadline``."""

from __future__ import annotations

import click

from .. import calendar
from ..clock import parse_date
from ._common import cli, emit, json_option, session


@cli.group("calendar")
def calendar_group():
    """Kalender hari kerja: libur nasional, cuti bersama, penutupan lokal."""


@calendar_group.command("close")
@click.argument("day")
@click.option("--reason", required=True, help="Alasan penutupan.")
def calendar_close(day, reason):
    """Tandai DAY (YYYY-MM-DD) sebagai hari tutup lokal."""
    calendar.close_day(session(), parse_date(day, "date"), reason)
    click.echo(f"{day} ditutup: {reason}")


@calendar_group.command("reopen")
@click.argument("day")
def calendar_reopen(day):
    """Batalkan penutupan lokal DAY."""
    calendar.reopen_day(session(), parse_date(day, "date"))
    click.echo(f"{day} dibuka kembali")


@calendar_group.command("list")
@json_option
def calendar_list(as_json):
    """Hari tutup lokal dan libur dari portal."""
    rows = calendar.closures(session())
    emit(rows, as_json, "\n".join(f"{r['day']}  {r['kind']:<8} {r['reason']}" for r in rows) or "(tidak ada)")


@calendar_group.command("deadline")
@click.option("--from", "start", required=True, help="Hari ke-0 (YYYY-MM-DD).")
@click.option("--days", type=int, required=True, help="Jumlah hari kerja.")
@click.option("--week", type=click.Choice(["5", "6"]), default="5", help="Hari kerja per minggu.")
@json_option
def calendar_deadline(start, days, week, as_json):
    """Cetak tanggal batas waktu: hari kerja ke-N setelah --from."""
    begin = parse_date(start, "from")
    due = calendar.working_day_deadline(session(), begin, days, int(week))
    emit({"from": begin.isoformat(), "days": days, "week": int(week), "deadline": due.isoformat()},
         as_json, due.isoformat())
