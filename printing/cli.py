"""``loket print ticket|receipt|complaint|form|test|setup|jobs|decode``: tickets, receipts,
complaint slips and blank paper forms.

Plugged into ``loket`` through the ``loket.commands`` entry point (pyproject.toml), so the
core never imports printing. Light to import: escpos, reportlab and the core's services load
inside the command that needs them. A failed print exits 1 with the reason and the two ways
out (reprint, PDF); the ticket itself is never lost.
"""

from __future__ import annotations

from pathlib import Path

import click

from counter_app.cli._common import emit, json_option, session
from counter_app.i18n import _, ngettext

WIDTH = click.Choice(["58", "80"])
TIMEOUT = click.FloatRange(0.1, 3600)
PDF_NAMES = {"ticket": "tiket", "receipt": "tanda-terima", "complaint": "pengaduan"}


@click.group("print")
def print_group():
    """Cetak tiket antrean, tanda terima, dan formulir kertas kosong."""


def _report(outcome, as_json: bool, retry: str) -> None:
    """Print the outcome; a failure exits 1 with the reason and the two ways out on stderr."""
    from printing.connections import PrinterError

    data = outcome.as_dict()
    if outcome.ok:
        emit(data, as_json, outcome.message)
        return
    if as_json:
        emit(data, True)
    raise PrinterError("\n".join([
        outcome.message,
        _("  cetak ulang : {command}").format(command=retry),
        _("  simpan PDF  : {command}").format(
            command=f"{retry} --pdf {PDF_NAMES[outcome.kind]}-{outcome.label}.pdf"),
    ]))


def thermal_options(pdf_help: str):
    """The options every thermal print shares: printer, PDF instead, width, reprint, timeout."""

    def decorate(fn):
        for option in reversed((
            click.option("--printer", "spec", help="Spesifikasi printer, mis. net:192.168.1.50 (bawaan: pengaturan perangkat)."),
            click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), help=pdf_help),
            click.option("--width", type=WIDTH, help="Lebar kertas termal dalam mm (bawaan: pengaturan)."),
            click.option("--reprint", is_flag=True, help="Tandai sebagai CETAK ULANG."),
            click.option("--timeout", type=TIMEOUT, help="Batas tunggu printer dalam detik (bawaan: pengaturan)."),
            json_option,
        )):
            fn = option(fn)
        return fn

    return decorate


ROLL_PDF = "Simpan sebagai PDF selebar kertas, bukan ke printer."


@print_group.command("ticket")
@click.argument("ticket")
@thermal_options(ROLL_PDF)
def print_ticket(ticket, spec, width, reprint, pdf, timeout, as_json):
    """Cetak tiket antrean (nomor hari ini, mis. A-001)."""
    from printing import jobs

    s = session()
    width = int(width) if width else None
    if pdf:
        outcome = jobs.to_pdf(s, "ticket", ticket, pdf, width=width, reprint=reprint)
    else:
        outcome = jobs.print_ticket(s, ticket, printer=spec, width=width, reprint=reprint, timeout=timeout)
    _report(outcome, as_json, f"loket print ticket {outcome.label}")


@print_group.command("receipt")
@click.argument("reg_id")
@thermal_options("Tanda terima A4 sebagai PDF.")
def print_receipt(reg_id, spec, pdf, width, reprint, timeout, as_json):
    """Cetak tanda terima registrasi: ke printer termal, atau A4 PDF dengan --pdf."""
    from printing import jobs, pdf_receipt

    s = session()
    if pdf and spec:
        raise click.UsageError(_("pilih salah satu: --printer atau --pdf"))
    if pdf:
        data = pdf_receipt.write_receipt_pdf(s, reg_id, pdf, reprint=reprint)
        emit(data, as_json, _("Tanda terima {registration} disimpan: {pdf}").format(
            registration=data["registration_id"], pdf=data["pdf"]))
        return
    outcome = jobs.print_receipt(s, reg_id, printer=spec, width=int(width) if width else None,
                                 reprint=reprint, timeout=timeout)
    _report(outcome, as_json, f"loket print receipt {outcome.label}")


@print_group.command("complaint")
@click.argument("tracking_no")
@thermal_options(ROLL_PDF)
def print_complaint(tracking_no, spec, pdf, width, reprint, timeout, as_json):
    """Cetak tanda terima pengaduan untuk pelapor (nomor lacak)."""
    from printing import jobs

    s = session()
    if pdf and spec:
        raise click.UsageError(_("pilih salah satu: --printer atau --pdf"))
    width = int(width) if width else None
    if pdf:
        outcome = jobs.to_pdf(s, "complaint", tracking_no, pdf, width=width, reprint=reprint)
    else:
        outcome = jobs.print_complaint(s, tracking_no, printer=spec, width=width, reprint=reprint, timeout=timeout)
    _report(outcome, as_json, f"loket print complaint {outcome.label}")


@print_group.command("form")
@click.argument("kind", type=click.Choice(["registration", "skm", "complaint"]))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Berkas PDF keluaran.")
@click.option("--service", help="Kode layanan (formulir pendaftaran: daftar persyaratannya).")
@click.option("--copies", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="Jumlah salinan, masing-masing bernomor sendiri.")
@json_option
def print_form(kind, out, service, copies, as_json):
    """Formulir kertas kosong bernomor (tingkat manual): registration, skm, complaint."""
    from printing import pdf_forms

    data = pdf_forms.write_forms(session(), kind, out, copies=copies, service_code=service)
    nums = data["numbers"]
    span = nums[0] if len(nums) == 1 else f"{nums[0]} … {nums[-1]}"
    # Indonesian has one form; English says "1 registration form" and "2 registration forms"
    emit(data, as_json, ngettext("{copies} formulir {kind} ({numbers}) disimpan: {pdf}",
                                 "{copies} formulir {kind} ({numbers}) disimpan: {pdf}",
                                 data["copies"]).format(
        copies=data["copies"], kind=kind, numbers=span, pdf=data["pdf"]))


@print_group.command("test")
@click.option("--printer", "spec", help="Spesifikasi printer (bawaan: pengaturan perangkat).")
@click.option("--width", type=WIDTH, help="Lebar kertas dalam mm.")
@click.option("--timeout", type=TIMEOUT, help="Batas tunggu printer dalam detik.")
def print_test(spec, width, timeout):
    """Cetak halaman uji ke printer untuk memeriksa sambungan dan lebar kertas."""
    from counter_app import printjobs
    from counter_app.formatting import tanggal_jam
    from counter_app.site import site_info
    from printing import escpos_ticket, jobs

    s = session()
    spec = spec if spec is not None else printjobs.printer_spec(s)
    width = jobs.paper_width(s, int(width) if width else None)
    data = escpos_ticket.test_bytes(site_info(s).name, spec, width, tanggal_jam(s.now()))
    jobs.deliver(spec, data, timeout if timeout is not None else printjobs.print_timeout(s))
    click.echo(_("halaman uji terkirim ke {printer} ({width} mm)").format(printer=spec, width=width))


@print_group.command("setup")
@click.option("--printer", "spec", help="Spesifikasi printer perangkat ini.")
@click.option("--width", type=WIDTH, help="Lebar kertas perangkat ini (mm).")
@click.option("--timeout", type=click.IntRange(0, 3600), help="Batas tunggu printer (detik), untuk seluruh lokasi.")
@click.option("--site-wide", is_flag=True, help="Jadikan printer/lebar bawaan seluruh lokasi, bukan hanya perangkat ini.")
@json_option
def print_setup(spec, width, timeout, site_wide, as_json):
    """Atur printer per perangkat (disimpan sebagai pengaturan yang ikut tersinkron)."""
    from counter_app import printjobs
    from counter_app.site import set_setting, site_info
    from printing import connections

    s = session()
    suffix = "" if site_wide else f"@{site_info(s).device_code}"
    if spec is not None:
        connections.parse_spec(spec)
    with s.transaction():  # all the settings or none: a refused one leaves the others unwritten
        if spec is not None:
            set_setting(s, f"printer{suffix}", spec)
        if width is not None:
            set_setting(s, f"printer_width{suffix}", int(width))
        if timeout is not None:
            set_setting(s, "print_timeout_seconds", timeout)
    from printing.jobs import paper_width

    data = {"printer": printjobs.printer_spec(s), "width": paper_width(s),
            "timeout_seconds": printjobs.print_timeout(s), "device": site_info(s).device_code}
    emit(data, as_json, _("printer {printer}, kertas {width} mm, batas tunggu {timeout} detik (perangkat {device})")
         .format(printer=data["printer"] or _("(belum diatur)"), width=data["width"],
                 timeout=f"{data['timeout_seconds']:g}", device=data["device"]))


@print_group.command("jobs")
@click.option("--status", type=click.Choice(["reserved", "printed", "failed"]), help="Hanya status ini.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=20, show_default=True,
              help="Jumlah pekerjaan paling banyak.")
@json_option
def print_jobs(status, limit, as_json):
    """Riwayat pekerjaan cetak terbaru (gagal, cetak ulang, PDF)."""
    from counter_app import printjobs

    rows = printjobs.list_jobs(session(), status=status, limit=limit)
    lines = [f"{r['reserved_at'][:16]} {r['kind']:<7} {r['label']:<24} {r['status']:<8}"
             f"{_(' ulang') if r['reprint'] else ''} {r['target']}" + (f" – {r['error']}" if r["error"] else "")
             for r in rows]
    emit(rows, as_json, "\n".join(lines) or _("(belum ada)"))


def _png_path(_ctx, param: click.Parameter, value: Path | None) -> Path | None:
    if value is not None and value.suffix.lower() != ".png":
        from counter_app.errors import ValidationError

        raise ValidationError("--png", _("'{path}' bukan berkas .png").format(path=value))
    return value


@print_group.command("decode")
@click.argument("data_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path), callback=_png_path,
              help="Gambar slip seperti hasil cetak.")
@click.option("--width", type=WIDTH, default="80", show_default=True, help="Lebar kertas untuk gambar.")
def print_decode(data_file, png, width):
    """Baca berkas ESC/POS (mis. dari printer file:) sebagai teks, QR dan potong kertas."""
    from counter_app.errors import ValidationError
    from printing.escpos_decode import QR, Cut, DecodeError, Line, decode
    from printing.escpos_render import render_png

    try:
        doc = decode(data_file.read_bytes())
    except DecodeError as exc:  # not ESC/POS as our printers write it
        raise ValidationError("DATA_FILE", str(exc)) from None
    for item in doc.items:
        if isinstance(item, Line):
            size = f" x{item.style.width}" if item.style.width > 1 else ""
            click.echo(f"{item.text}{size}")
        elif isinstance(item, QR):
            click.echo(f"[QR {item.data}]")
        elif isinstance(item, Cut):
            click.echo(_("[potong]"))
    if png:
        render_png(doc, int(width), png)
        click.echo(_("gambar: {path}").format(path=png))
