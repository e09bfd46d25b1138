"""``loket calendar close|reopen|list|deadline|estimated|confirm|recompute``."""

from __future__ import annotations

from datetime import timedelta

import click

from .. import calendar
from ..clock import parse_date
from ..i18n import _
from ..registration import recompute_deadlines
from ._common import DATE, cli, emit, json_option, session


@cli.group("calendar")
def calendar_group():
    """Kalender hari kerja: libur nasional, cuti bersama, penutupan lokal."""


@calendar_group.command("close")
@click.argument("day", type=DATE)
@click.option("--reason", required=True, help="Alasan penutupan.")
def calendar_close(day, reason):
    """Tandai DAY (DD-MM-YYYY atau YYYY-MM-DD) sebagai hari tutup lokal."""
    calendar.close_day(session(), parse_date(day, "date"), reason)
    click.echo(_("{day} ditutup: {reason}").format(day=day, reason=reason))


@calendar_group.command("reopen")
@click.argument("day", type=DATE)
def calendar_reopen(day):
    """Batalkan penutupan lokal DAY."""
    calendar.reopen_day(session(), parse_date(day, "date"))
    click.echo(_("{day} dibuka kembali").format(day=day))


@calendar_group.command("list")
@json_option
def calendar_list(as_json):
    """Hari tutup lokal, libur dari portal dan tanggal libur perkiraan yang dikonfirmasi."""
    s = session()
    rows = calendar.closures(s) + [{**r, "confirmed": True} for r in calendar.confirmations(s)]
    rows.sort(key=lambda r: (r["day"], bool(r.get("confirmed"))))
    lines = [f"{r['day']}  {r['kind']:<8} {r['reason'] or _('hari kerja')}"
             + (_(" (perkiraan dikonfirmasi)") if r.get("confirmed") else "") for r in rows]
    emit(rows, as_json, "\n".join(lines) or _("(tidak ada)"))


@calendar_group.command("deadline")
@click.option("--from", "start", type=DATE, required=True, help="Hari ke-0 (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--days", type=click.IntRange(0, 3650), required=True, help="Jumlah hari kerja.")
@click.option("--week", type=click.Choice(["5", "6"]), default="5", help="Hari kerja per minggu.")
@json_option
def calendar_deadline(start, days, week, as_json):
    """Cetak tanggal batas waktu: hari kerja ke-N setelah --from."""
    begin = parse_date(start, "from")
    due, estimated = calendar.site_calendar(session(), int(week)).deadline(begin, days)
    text = due.isoformat()
    if estimated:
        text = _("{deadline} (sementara: melewati libur perkiraan {days})").format(
            deadline=text, days=", ".join(d.isoformat() for d in estimated))
    data = {"from": begin.isoformat(), "days": days, "week": int(week), "deadline": due.isoformat()}
    if estimated:
        data.update(deadline_provisional=True, estimated=[d.isoformat() for d in estimated])
    emit(data, as_json, text)


@calendar_group.command("estimated")
@click.option("--from", "start", type=DATE, help="Mulai (DD-MM-YYYY atau YYYY-MM-DD; bawaan: hari ini).")
@click.option("--days", type=click.IntRange(1, 3650), default=400, show_default=True, help="Rentang hari ke depan.")
@json_option
def calendar_estimated(start, days, as_json):
    """Libur nasional yang tanggalnya masih perkiraan dan belum dikonfirmasi."""
    s = session()
    begin = parse_date(start, "from") if start else s.today()
    rows = calendar.estimated_days(s, begin, begin + timedelta(days=days))
    emit(rows, as_json, "\n".join(f"{r['day']}  {r['name']}" for r in rows) or _("(tidak ada)"))


@calendar_group.command("confirm")
@click.argument("day", type=DATE)
@click.option("--holiday", "kind", flag_value="holiday", help="DAY memang hari libur.")
@click.option("--working", "kind", flag_value="working", help="DAY ternyata hari kerja.")
@click.option("--reason", help="Nama hari libur (bawaan: nama libur nasional pada DAY).")
@json_option
def calendar_confirm(day, kind, reason, as_json):
    """Konfirmasi tanggal libur perkiraan (mis. Idul Fitri setelah sidang isbat); batas waktu
    yang bergantung padanya dihitung ulang."""
    if kind is None:
        raise click.UsageError(_("pilih --holiday atau --working"))
    result = calendar.confirm_days(session(), [(parse_date(day, "date"), kind, reason)])
    if kind == "holiday":
        head = _("{day} dikonfirmasi sebagai hari libur") if result["confirmed"] else \
            _("{day} dikonfirmasi sebagai hari libur (sudah tercatat)")
    else:
        head = _("{day} dikonfirmasi sebagai hari kerja") if result["confirmed"] else \
            _("{day} dikonfirmasi sebagai hari kerja (sudah tercatat)")
    lines = [head.format(day=day)]
    lines += ["  " + _recomputed(r) + (_(" (masih sementara)") if r["provisional"] else "")
              for r in result["recomputed"]]
    emit(result, as_json, "\n".join(lines))


@calendar_group.command("recompute")
@json_option
def calendar_recompute(as_json):
    """Hitung ulang batas waktu sementara permohonan perangkat ini dengan kalender terkini."""
    changed = recompute_deadlines(session(), own_only=True)
    emit(changed, as_json, "\n".join(_recomputed(r) for r in changed) or _("(tidak ada yang berubah)"))


def _recomputed(r: dict) -> str:
    return _("{registration}: batas waktu {old} → {new}").format(
        registration=r["registration_id"], old=r["from"], new=r["to"])
