"""``loket skm record|index|breakdown|questionnaire``: the satisfaction survey from the command line."""

from __future__ import annotations

import click

from .. import skm
from ..errors import ValidationError
from ..formatting import angka, tanggal, tanggal_pendek
from ..i18n import _
from ..reports.tables import period_text
from ..skm_sample import sample_line
from ._common import DATE, cli, emit, json_option, session


@cli.group("skm")
def skm_group():
    """Survei Kepuasan Masyarakat (SKM) dan Indeks Kepuasan Masyarakat (IKM)."""


@skm_group.command("record")
@click.option("--scores", required=True, help="Sembilan nilai U1–U9 dipisah koma, 1–4 atau kosong, mis. 4,3,,4,4,3,4,4,3.")
@click.option("--service", help="Kode layanan yang dinilai.")
@click.option("--registration", "registration_id", help="Nomor registrasi terkait.")
@click.option("--age", help="Usia responden (tahun).")
@click.option("--sex", help="Jenis kelamin: L atau P.")
@click.option("--education", help=f"Pendidikan: {', '.join(skm.questionnaire()['profile']['education']['options'])}.")
@click.option("--occupation", help="Pekerjaan: PNS, TNI, POLRI, Swasta, Wirausaha, Lainnya.")
@click.option("--suggestion", help="Saran dan masukan.")
@click.option("--paper-form", "paper_form_no", help="Nomor kuesioner kertas (mode transkripsi).")
@json_option
def skm_record(scores, service, registration_id, age, sex, education, occupation, suggestion,
               paper_form_no, as_json):
    """Catat satu kuesioner SKM (tanpa nama)."""
    result = skm.record_response(
        session(), scores, service=service, registration_id=registration_id,
        profile={"age": age, "sex": sex, "education": education, "occupation": occupation},
        suggestion=suggestion, entry_mode="paper" if paper_form_no else "kiosk",
        paper_form_no=paper_form_no,
    )
    shown = ",".join("" if v is None else str(v) for v in result["scores"].values())
    emit(result, as_json, _("SKM tercatat ({mode}): {scores}").format(mode=result["entry_mode"], scores=shown))


def _period(r: dict) -> str:
    """The days an index covers, as the reports name them: an index over all answers names its
    first and last day, so it is not mistaken for the daily report's figure."""
    chosen, days = r["filters"], r["days"]
    if chosen["from"] and chosen["to"]:
        return period_text(chosen["from"], chosen["to"])
    if chosen["from"]:
        return _("sejak {date}").format(date=tanggal(chosen["from"]))
    if chosen["to"]:
        return _("sampai {date}").format(date=tanggal(chosen["to"]))
    if days["first"] is None:
        return _("semua jawaban")
    return _("semua jawaban ({period})").format(period=period_text(days["first"], days["last"]))


def _sample(r: dict) -> str:
    s = r["sample"]
    given = "" if s["population_source"] == "recorded" else _("; jumlah pengguna layanan dari --population")
    return f"{sample_line(s)}{given}"


def _human(r: dict) -> str:
    head = _("Periode: {period}").format(period=_period(r)) + "\n" + _("Responden: {count}").format(
        count=r["respondents"])
    if r["nik"] is None:
        return head + _(" (belum ada jawaban)") + f"\n{_sample(r)}"
    nrr = "  ".join(f"{u} {angka(v, 2)}" if v is not None else f"{u} -" for u, v in r["nrr"].items())
    legacy = _("  [bobot lama 0,11]") if r["legacy_weights"] else ""
    index = _("IKM {ikm}  NIK {nik}  mutu {grade} ({performance})").format(
        ikm=angka(r["ikm"], 4), nik=angka(r["nik"], 2), grade=r["mutu"], performance=r["kinerja"])
    return f"{head}\nNRR: {nrr}\n{index}{legacy}\n{_sample(r)}"


@skm_group.command("index")
@click.option("--date", "day", type=DATE,
              help="Satu hari (DD-MM-YYYY atau YYYY-MM-DD), sama dengan rekap harian hari itu.")
@click.option("--from", "date_from", type=DATE, help="Dari tanggal (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, help="Sampai tanggal (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--service", help="Satu layanan.")
@click.option("--agency", help="Satu penyelenggara (instansi).")
@click.option("--legacy-weights", is_flag=True, help="Bobot cetak 0,11 (hanya untuk mencocokkan spreadsheet lama).")
@click.option("--population", metavar="N",
              help="Jumlah pengguna layanan pada periode untuk kecukupan sampel (bawaan: yang tercatat di "
                   "aplikasi: tiket dilayani + pendaftaran tanpa tiket dilayani).")
@json_option
def skm_index(day, date_from, date_to, service, agency, legacy_weights, population, as_json):
    """Indeks Kepuasan Masyarakat untuk lokasi, layanan atau penyelenggara dan periode
    (bawaan: semua jawaban), dengan kecukupan jumlah responden (tabel Krejcie & Morgan,
    Permenpan RB 14/2017)."""
    from ..clock import parse_date

    if day:
        if date_from or date_to:
            raise ValidationError("date", _("--date tidak bisa digabung dengan --from/--to"))
        date_from = date_to = day
    r = skm.ikm_index(
        session(), date_from=parse_date(date_from, "from") if date_from else None,
        date_to=parse_date(date_to, "to") if date_to else None, service=service, agency=agency,
        legacy_weights=legacy_weights, population=population,
    )
    emit(r, as_json, _human(r))


@skm_group.command("breakdown")
@click.option("--by", type=click.Choice(["service", "agency", "month"]), default="service", show_default=True,
              help="Kelompokkan per layanan, penyelenggara atau bulan.")
@click.option("--from", "date_from", type=DATE, help="Dari tanggal (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, help="Sampai tanggal (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--legacy-weights", is_flag=True, help="Bobot cetak 0,11 (hanya untuk mencocokkan spreadsheet lama).")
@json_option
def skm_breakdown(by, date_from, date_to, legacy_weights, as_json):
    """IKM per layanan, per penyelenggara atau per bulan."""
    rows = skm.ikm_breakdown(session(), by, date_from=date_from, date_to=date_to, legacy_weights=legacy_weights)
    emit(rows, as_json, "\n".join(
        f"{r[by]:<40} " + _("{count} resp.").format(count=f"{r['respondents']:>5}")
        + f"  NIK {angka(r['nik'], 2):>6}  {r['mutu']}" for r in rows
    ) or _("(belum ada jawaban)"))


@skm_group.command("questionnaire")
@json_option
def skm_questionnaire(as_json):
    """Tampilkan kuesioner (unsur, pertanyaan, pilihan jawaban)."""
    q = skm.questionnaire()
    lines = [q["title"]]
    for u in q["unsur"]:
        lines.append(f"{u['code']} {u['name']}: {u['question']}")
        lines.append("    " + " / ".join(f"{i}. {a}" for i, a in enumerate(u["answers"], 1)))
    emit(q, as_json, "\n".join(lines))


@skm_group.command("list")
@click.option("--from", "date_from", type=DATE, help="Dari tanggal (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, help="Sampai tanggal (DD-MM-YYYY atau YYYY-MM-DD).")
@click.option("--paper", is_flag=True, help="Hanya transkripsi kuesioner kertas.")
@json_option
def skm_list(date_from, date_to, paper, as_json):
    """Jawaban SKM untuk dicocokkan dengan kuesioner kertas (tanpa profil responden)."""
    rows = skm.list_responses(session(), date_from=date_from, date_to=date_to,
                              entry_mode="paper" if paper else None)
    emit(rows, as_json, "\n".join(
        f"{r['id']}  {tanggal_pendek(r['day'])}  {r['entry_mode']:<6} {r['paper_form_no'] or '-':<16} "
        + ",".join("" if v is None else str(v) for v in r["scores"].values()) + f"  ({r['actor']})"
        for r in rows
    ) or _("(tidak ada)"))


@skm_group.command("void")
@click.argument("response_id")
@click.option("--reason", required=True, help="Alasan, mis. 'salah ketik U3, formulir SKM-0117'.")
@json_option
def skm_void(response_id, reason, as_json):
    """Batalkan jawaban yang salah dimasukkan (tetap tercatat di log beserta alasannya)."""
    r = skm.void_response(session(), response_id, reason)
    emit(r, as_json, _("jawaban {response} dibatalkan: {reason}").format(response=r["response_id"], reason=r["reason"]))
