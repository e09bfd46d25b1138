"""``loket catalog import|export|list``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import catalog
from ..formatting import rupiah
from ..i18n import _
from ._common import cli, emit, json_option, session


@cli.group("catalog")
def catalog_group():
    """Katalog layanan (standar pelayanan)."""


@catalog_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def catalog_import(file, as_json):
    """Impor layanan dari JSON atau CSV; semua baris sah atau tidak ada yang diimpor."""
    result = catalog.import_file(session(), file)
    emit(result, as_json, _("ditambah {added}, diperbarui {updated}, tidak berubah {unchanged}").format(
        added=len(result["added"]), updated=len(result["updated"]), unchanged=len(result["unchanged"])))


@catalog_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="Format berkas.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Berkas tujuan (bawaan: stdout).")
def catalog_export(fmt, out):
    """Ekspor katalog (JSON atau CSV) dalam format yang bisa diimpor lagi."""
    s = session()
    text = catalog.export_csv(s) if fmt == "csv" else json.dumps(catalog.export_rows(s), ensure_ascii=False, indent=2)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        click.echo(text)


@catalog_group.command("list")
@json_option
def catalog_list(as_json):
    """Daftar layanan aktif."""
    services = catalog.list_services(session())
    rows = [{**s.as_dict(), "version": s.version} for s in services]
    days = _("{days} hk")  # hari kerja: working days
    lines = [f"{s.code:<14} {s.prefix:<3} {days.format(days=f'{s.effective_days:>3}')}  {rupiah(s.fee):>12}  "
             f"{s.name} ({s.agency})" for s in services]
    emit(rows, as_json, "\n".join(lines))
