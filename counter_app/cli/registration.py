"""``loket register`` and ``loket application status|show|list``."""

from __future__ import annotations

import click

from .. import formatting
from .. import registration as reg
from ..i18n import _, language
from ._common import DATE, cli, emit, json_option, session


@cli.command("register")
@click.option("--service", required=True, help="Kode layanan.")
@click.option("--name", required=True, help="Nama pemohon.")
@click.option("--nik", required=True, help="NIK 16 digit.")
@click.option("--sex", type=click.Choice(["L", "P"], case_sensitive=False), help="Jenis kelamin.")
@click.option("--birth-date", type=DATE, help="Tanggal lahir (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--birth-place", help="Tempat lahir.")
@click.option("--phone", help="Nomor telepon (08… atau +628…).")
@click.option("--address", help="Alamat.")
@click.option("--ticket", help="Nomor tiket antrean yang terkait, mis. A-001.")
@click.option("--channel", type=click.Choice(list(reg.CHANNELS)), default="walk_in",
              help="Kanal pendaftaran.")
@click.option("--requirement", "requirements", multiple=True, help="Persyaratan yang diterima (boleh berulang).")
@click.option("--requirements-complete", is_flag=True, help="Semua persyaratan lengkap: batas waktu mulai hari ini.")
@click.option("--paper-form", "paper_form_no", help="Nomor formulir kertas (mode transkripsi).")
@click.option("--paper-date", type=DATE,
              help="Tanggal yang tertulis di formulir kertas (DD-MM-YYYY atau YYYY-MM-DD).")
@json_option
def register_cmd(service, name, nik, sex, birth_date, birth_place, phone, address, ticket, channel,
                 requirements, requirements_complete, paper_form_no, paper_date, as_json):
    """Daftarkan permohonan (formulir pendaftaran)."""
    data = reg.RegistrationInput(
        service=service, name=name, nik=nik, sex=sex.upper() if sex else None, birth_date=birth_date,
        birth_place=birth_place, phone=phone, address=address, ticket=ticket, channel=channel,
        requirements=tuple(requirements) if requirements else None,
        requirements_complete=requirements_complete, paper_form_no=paper_form_no, paper_date=paper_date,
    )
    result = reg.register(session(), data)
    if not result["deadline"]:
        human = _("{registration} diterima; batas waktu: menunggu persyaratan lengkap")
    elif result.get("deadline_provisional"):
        human = _("{registration} diterima; batas waktu: {deadline} (sementara: melewati libur perkiraan)")
    else:
        human = _("{registration} diterima; batas waktu: {deadline}")
    deadline = formatting.tanggal(result["deadline"], language()) if result["deadline"] else None
    emit(result, as_json, human.format(registration=result["registration_id"], deadline=deadline))


@cli.group("application")
def application_group():
    """Permohonan: status dan batas waktu."""


def _line(a: dict) -> str:
    flag = _(" ⚠ DIANGGAP DISETUJUI") if a.get("overdue") else ""
    if a.get("deadline_provisional"):  # crossed an estimated holiday (docs/calendar.md)
        flag += _(" (batas sementara: libur perkiraan {days})").format(
            days=", ".join(formatting.tanggal_pendek(d) for d in a["deadline_estimated"]))
    shown = formatting.tanggal_pendek(a["deadline"]) if a["deadline"] else "-"
    deadline = _("batas {deadline}").format(deadline=f"{shown:<10}")
    return (f"{a['registration_id']}  {reg.status_label(a['status']):<12} {deadline}  {a['service_code']:<12}"
            f" {a['name']}{flag}")


@application_group.command("status")
@click.argument("reg_id")
@click.argument("status", type=click.Choice(list(reg.STATUSES)))
@click.option("--note", help="Catatan.")
@json_option
def application_status(reg_id, status, note, as_json):
    """Ubah status permohonan REG_ID."""
    app = reg.change_status(session(), reg_id, status, note)
    emit(app, as_json, _line(app))


@application_group.command("show")
@click.argument("reg_id")
@json_option
def application_show(reg_id, as_json):
    """Rincian permohonan dengan riwayat status."""
    app = reg.get_application(session(), reg_id)
    lang = language()
    history = "\n".join(f"  {formatting.tanggal_jam_pendek(h['at'], lang)}  "
                        f"{reg.status_label(h['from_status']) if h['from_status'] else '-'}"
                        f" → {reg.status_label(h['to_status'])}  ({h['actor']})"
                        + (f" {h['note']}" if h["note"] else "") for h in app["history"])
    emit(app, as_json, _line(app) + "\n" + history)


@application_group.command("list")
@click.option("--overdue", is_flag=True, help="Hanya yang melewati batas waktu (dianggap disetujui).")
@click.option("--service", help="Kode layanan.")
@click.option("--status", type=click.Choice(list(reg.STATUSES)), help="Hanya status ini.")
@click.option("--search", "query", help="Nomor registrasi, NIK atau nama.")
@click.option("--due-within", type=click.IntRange(0, 3650), help="Jatuh tempo dalam N hari kerja.")
@json_option
def application_list(overdue, service, status, query, due_within, as_json):
    """Daftar permohonan."""
    rows = reg.list_applications(session(), overdue=overdue, service=service, status=status,
                                 query=query, due_within_days=due_within)
    emit(rows, as_json, "\n".join(_line(a) for a in rows) or _("(tidak ada)"))
