"""``loket backup create|restore|check|auto|list``: copies of the database and restoring one."""

from __future__ import annotations

from pathlib import Path

import click

from .. import backup
from ..i18n import _
from ..permissions import require
from ._common import cli, emit, json_option, session

_file = click.Path(dir_okay=False, path_type=Path)


@cli.group("backup")
def backup_group():
    """Cadangan (backup) dan pemulihan database."""


@backup_group.command("create")
@click.option("--out", required=True, type=_file, help="Berkas cadangan yang dibuat.")
@click.option("--force", is_flag=True, help="Timpa berkas yang sudah ada.")
@json_option
def backup_create(out, force, as_json):
    """Buat cadangan yang konsisten walau aplikasi sedang menulis."""
    info = backup.create_backup(session(), out, overwrite=force)
    emit(info, as_json, _("cadangan {file}: {events} event, skema v{version}, sha256 {sha}…").format(
        file=info["file"], events=info["events"], version=info["schema_version"], sha=info["sha256"][:16]))


@backup_group.command("check")
@click.argument("file", type=_file)
@json_option
def backup_check(file, as_json):
    """Periksa berkas cadangan tanpa memulihkannya."""
    info = backup.inspect_backup(file)
    emit(info, as_json, _("ok: {file} lokasi {site}, perangkat {device}, {events} event, skema v{version}").format(
        file=info["file"], site=info["site"], device=info["device_code"], events=info["events"],
        version=info["schema_version"]))


@backup_group.command("restore")
@click.argument("file", type=_file)
@click.option("--yes", is_flag=True, help="Jangan minta konfirmasi.")
@click.option("--other-site", is_flag=True,
              help="Izinkan cadangan lokasi lain (seluruh data lokasi ini diganti dengan data lokasi itu).")
@json_option
def backup_restore(file, yes, other_site, as_json):
    """Pulihkan database dari FILE (diperiksa dulu; data sekarang disalin sebelum diganti)."""
    s = session()
    require(s, "backup.restore")  # before looking at the file at all
    backup.inspect_backup(file)
    if not yes:
        click.confirm(_("Ganti database {db} dengan isi {file}?").format(db=s.store.path.name, file=file.name),
                      abort=True, err=True)
    info = backup.restore_backup(s, file, other_site=other_site)
    lost = info["own_events_not_in_backup"]
    human = _("dipulihkan dari {file}: {events} event; salinan data sebelumnya: {copy}").format(
        file=file.name, events=info["events"], copy=info["safety_copy"])
    if lost:
        human += "\n" + _("PERHATIAN: {count} event perangkat ini tidak ada di cadangan").format(count=lost)
    emit(info, as_json, human)


@backup_group.command("auto")
@json_option
def backup_auto(as_json):
    """Cadangan harian otomatis (sekali sehari) dengan retensi; untuk penjadwal tugas."""
    path = backup.auto_backup(session())
    emit({"created": str(path) if path else None}, as_json,
         _("dibuat: {path}").format(path=path) if path else _("cadangan hari ini sudah ada"))


@backup_group.command("list")
@json_option
def backup_list(as_json):
    """Berkas cadangan di samping database."""
    rows = backup.list_backups(session())
    emit(rows, as_json, "\n".join(f"{r['kind']:<14} {r['bytes']:>10}  {r['file']}" for r in rows) or _("(tidak ada)"))
