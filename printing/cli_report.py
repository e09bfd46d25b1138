"""``loket report daily|period|signoff|target``: the supervisor's reports as files.

Plugged into ``loket`` through the ``loket.commands`` entry point (pyproject.toml): the
files are rendered by ``printing.reports`` (reportlab, openpyxl), imported only by the
command that writes one.
"""

from __future__ import annotations

from pathlib import Path

import click

from counter_app.cli._common import DATE, emit, json_option, session
from counter_app.errors import ValidationError
from counter_app.i18n import _

FORMATS = ("pdf", "xlsx", "csv", "json")
OUT = click.option("--out", "out", required=True, type=click.Path(path_type=Path),
                   help="Berkas keluaran (CSV: berkas .zip atau direktori).")


def _write(report: dict, fmt: str, out: Path) -> None:
    from printing.reports import render

    for path in render(report, fmt, out):
        click.echo(str(path))


@click.group("report")
def report_group():
    """Laporan penanggung jawab: rekap harian, laporan periode, berita acara."""


@report_group.command("daily")
@click.option("--date", "day", type=DATE, help="Tanggal (DD-MM-YYYY atau YYYY-MM-DD; bawaan: hari ini).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="pdf", show_default=True,
              help="Format berkas.")
@OUT
def report_daily(day, fmt, out):
    """Rekap harian per layanan, instansi, loket dan petugas."""
    from counter_app import reports
    from counter_app.clock import parse_date

    s = session()
    _write(reports.daily_summary(s, parse_date(day, "date") if day else None), fmt, out)


@report_group.command("period")
@click.option("--from", "date_from", type=DATE, help="Tanggal awal (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, help="Tanggal akhir (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--week", "week_of", type=DATE,
              help="Minggu (Senin–Minggu) yang memuat tanggal ini (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--month", "month", help="Bulan YYYY-MM.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="pdf", show_default=True,
              help="Format berkas.")
@OUT
def report_period(date_from, date_to, week_of, month, fmt, out):
    """Laporan periode (minggu, bulan atau rentang) dengan tren harian dan perbandingan."""
    from counter_app import reports
    from counter_app.clock import parse_date

    chosen = sum(bool(x) for x in ((date_from or date_to), week_of, month))
    if chosen != 1:
        raise ValidationError("period", _("pilih salah satu: --from/--to, --week atau --month"))
    if week_of:
        start, end = reports.week_range(parse_date(week_of, "week"))
    elif month:
        start, end = reports.month_range(parse_date(f"{month}-01", "month"))
    else:
        if not (date_from and date_to):
            raise ValidationError("to", _("--from dan --to wajib diisi berdua"))
        start, end = parse_date(date_from, "from"), parse_date(date_to, "to")
    _write(reports.period_report(session(), start, end), fmt, out)


@report_group.command("signoff")
@click.option("--date", "day", type=DATE, help="Tanggal (DD-MM-YYYY atau YYYY-MM-DD; bawaan: hari ini).")
@click.option("--sign", is_flag=True, help="Catat penandatanganan hari ini (event day_signed_off).")
@click.option("--supervisor", help="Nama penanggung jawab yang menandatangani (dengan --sign).")
@click.option("--verifier", help="Nama pemeriksa transkripsi kertas (dengan --sign).")
@click.option("--note", help="Catatan pada berita acara (dengan --sign).")
@click.option("--with-open", is_flag=True,
              help="Tandatangani walau masih ada tiket menunggu/dipanggil (dicatat pada berita acara).")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Berkas PDF keluaran.")
def report_signoff(day, sign, supervisor, verifier, note, with_open, out):
    """Berita acara penutupan harian (PDF); dengan --sign sekaligus ditandatangani."""
    from counter_app import reports
    from counter_app.clock import parse_date

    if with_open and not sign:
        raise ValidationError("with-open", _("--with-open hanya berlaku bersama --sign"))
    s = session()
    when = parse_date(day, "date") if day else s.today()
    if sign:
        report = reports.sign_off_day(s, when, supervisor_name=supervisor or "", verifier_name=verifier or "",
                                      note=note, with_open=with_open)
    else:
        report = reports.signoff_report(s, when)
    _write(report, "pdf", out)


@report_group.command("target")
@click.argument("metric", required=False)
@click.argument("value", required=False, type=click.FloatRange(-1e9, 1e9))
@click.option("--clear", is_flag=True, help="Hapus target METRIC.")
@json_option
def report_target(metric, value, clear, as_json):
    """Tampilkan target harian, atau tetapkan METRIC VALUE (kolom Target/Realisasi/Gap)."""
    from counter_app import reports

    s = session()
    if metric is None:
        targets = reports.get_targets(s)
    elif clear:
        targets = reports.set_target(s, metric, None)
    elif value is None:
        raise ValidationError("value", _("nilai target wajib diisi (atau --clear)"))
    else:
        targets = reports.set_target(s, metric, int(value) if value.is_integer() else value)
    emit(targets, as_json, "\n".join(f"{k}: {v}" for k, v in targets.items()) or _("(belum ada target)"))
