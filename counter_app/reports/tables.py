"""A report dict as named tables (sheet, CSV file, PDF section): one layout for every format.

Each table has typed columns (``int``, ``num``, ``pct``, ``text``, ``date``), so the XLSX gets
typed cells and the PDF formats numbers the Indonesian way, from the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import complaints as _complaints
from ..formatting import angka, tanggal, tanggal_jam
from ..i18n import _
from ..registration import CHANNEL_LABELS, ENTRY_MODE_LABELS, STATUSES
from ..skm_sample import sample_line, sample_shortfall, sample_verdict
from .metrics import METRIC_BY_KEY


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # int | num | pct | text | date


@dataclass(frozen=True)
class Table:
    name: str          # file/sheet name: short, ASCII, no spaces
    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def values(self) -> list[list[Any]]:
        return [[row.get(c.key) for c in self.columns] for row in self.rows]


def _c(spec: str) -> Column:
    key, label, *kind = spec.split("|")
    return Column(key, label, kind[0] if kind else "int")


def _cols(*specs: str) -> tuple[Column, ...]:
    return tuple(_c(s) for s in specs)


VOLUME = ("issued|Terbit", "served|Dilayani", "noshow|Tidak hadir", "transferred|Dipindah",
          "cancelled|Batal", "skipped|Dilewati", "open|Belum selesai",
          "wait_mean|Tunggu rata2 (mnt)|num", "wait_median|Tunggu median|num", "wait_p90|Tunggu p90|num",
          "wait_max|Tunggu maks|num", "service_mean|Layanan rata2 (mnt)|num",
          "service_median|Layanan median|num", "service_p90|Layanan p90|num", "service_max|Layanan maks|num")
STAFF = ("called|Dipanggil", "served|Dilayani", "noshow|Tidak hadir", "service_mean|Layanan rata2 (mnt)|num",
         "service_median|Layanan median|num", "service_p90|Layanan p90|num", "service_max|Layanan maks|num")
APPLICATION = ("registration_id|No. registrasi|text", "service|Layanan|text", "applicant|Pemohon|text",
               "nik|NIK|text", "status|Status|text", "deadline|Batas waktu|date")


def _num(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else angka(value, decimals)


def summary_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The headline figures as (label, value, unit) rows."""
    t = report["tickets"]
    rows = [
        ("tickets_issued", t["totals"]["issued"]), ("tickets_served", t["totals"]["served"]),
        ("tickets_noshow", t["totals"]["noshow"]), ("tickets_transferred", t["totals"]["transferred"]),
        ("tickets_cancelled", t["totals"]["cancelled"]), ("tickets_skipped", t["totals"]["skipped"]),
        ("tickets_open", t["totals"]["open"]),
    ]
    out = [{"metric": METRIC_BY_KEY[k].label, "value": v, "unit": METRIC_BY_KEY[k].unit} for k, v in rows]
    for key, label in (("waiting_time", "Waktu tunggu"), ("service_time", "Waktu layanan")):
        for stat, name in (("mean", "rata-rata"), ("median", "median"), ("p90", "persentil 90"), ("max", "maksimum")):
            out.append({"metric": f"{label} {name}", "value": t[key][stat], "unit": "menit"})
    reg = report["registrations"]
    out.append({"metric": "Pendaftaran", "value": reg["total"], "unit": "permohonan"})
    for k, v in reg["by_channel"].items():
        out.append({"metric": f"Pendaftaran {CHANNEL_LABELS.get(k, k)}", "value": v, "unit": "permohonan"})
    for k, v in reg["by_entry_mode"].items():
        out.append({"metric": f"Pendaftaran {ENTRY_MODE_LABELS.get(k, k)}", "value": v, "unit": "permohonan"})
    comp = report["completion"]
    out += [
        {"metric": "Permohonan selesai", "value": comp["finished"], "unit": "permohonan"},
        {"metric": "Selesai tepat waktu", "value": comp["within_standard"], "unit": "permohonan"},
        {"metric": "Selesai tepat waktu (%)", "value": comp["within_standard_pct"], "unit": "%"},
        {"metric": "Melewati batas waktu (dianggap disetujui)", "value": report["deadlines"]["overdue_count"], "unit": "permohonan"},
        {"metric": "Jatuh tempo ≤ 2 hari kerja", "value": report["deadlines"]["due_soon_count"], "unit": "permohonan"},
    ]
    skm = report.get("skm")
    if skm is not None:
        out += [
            {"metric": "Responden SKM", "value": skm["respondents"], "unit": "responden"},
            {"metric": "IKM", "value": skm["ikm"], "unit": "nilai"},
            {"metric": "NIK (IKM konversi)", "value": skm["ikm_converted"], "unit": "nilai"},
            {"metric": "Mutu pelayanan", "value": skm["grade"], "unit": skm["performance"] or ""},
        ]
        sample = skm.get("sample")
        if sample is not None:
            out += [
                {"metric": METRIC_BY_KEY["skm_population"].label, "value": sample["population"], "unit": "orang"},
                {"metric": METRIC_BY_KEY["skm_sample_required"].label, "value": sample["required"],
                 "unit": "responden"},
                _sample_row(sample),
            ]
    complaints = report.get("complaints")
    if complaints is not None:
        out += [
            {"metric": "Pengaduan masuk", "value": complaints["opened"], "unit": "pengaduan"},
            {"metric": "Pengaduan dijawab", "value": complaints["answered"], "unit": "pengaduan"},
            {"metric": "Pengaduan lewat batas", "value": complaints["overdue"], "unit": "pengaduan"},
        ]
    return out


def _sample_row(sample: dict[str, Any]) -> dict[str, Any]:
    """``Jumlah responden SKM | kurang | perlu 8 lagi`` (or ``cukup``): short enough for the
    summary's value column, the whole sentence is in the SKM table's note."""
    verdict = sample_verdict(sample)
    if sample["population"] == 0 and sample["respondents"] == 0:
        return {"metric": "Jumlah responden SKM", "value": None, "unit": verdict}
    if sample["enough"]:
        return {"metric": "Jumlah responden SKM", "value": verdict, "unit": ""}
    return {"metric": "Jumlah responden SKM", "value": _("kurang"), "unit": sample_shortfall(sample)}


def _sample_note(sample: dict[str, Any] | None) -> str:
    """``. Jumlah responden kurang: perlu 128 lagi; sampel minimal 278 untuk ...``."""
    return "" if sample is None else f". {sample_line(sample)}"


def period_text(date_from: str, date_to: str) -> str:
    """``Senin, 16 Maret 2026`` or ``Senin, 28 Desember 2026 s.d. Minggu, 3 Januari 2027``."""
    return tanggal(date_from) if date_from == date_to else f"{tanggal(date_from)} s.d. {tanggal(date_to)}"


def _provisional_note(rows: list[dict[str, Any]]) -> str:
    """Says how many deadlines are provisional: they crossed a holiday the calendar only
    estimates, and move when the government fixes it (docs/calendar.md)."""
    count = sum(1 for r in rows if r.get("deadline_provisional"))
    if not count:
        return ""
    return (f"; {count} batas waktu sementara (melewati hari libur yang tanggalnya belum ditetapkan "
            "pemerintah; dihitung ulang setelah kalender dikonfirmasi)")


def _labelled(rows: list[dict[str, Any]], **maps: dict[str, str]) -> list[dict[str, Any]]:
    """Rows with codes (status, channel, ...) replaced by the words people read."""
    return [{**r, **{k: m.get(r.get(k), r.get(k)) for k, m in maps.items()}} for r in rows]


def _label(code: str) -> str:
    text = {**CHANNEL_LABELS, **ENTRY_MODE_LABELS}[code]
    return text[0].upper() + text[1:]


def report_tables(report: dict[str, Any]) -> list[Table]:
    """Every section of a daily, period or sign-off report as a table, in reading order."""
    t = report["tickets"]
    deadlines = report["deadlines"]
    tables = [
        Table("ringkasan", "Ringkasan", _cols("metric|Ukuran|text", "value|Realisasi|num", "unit|Satuan|text"),
              summary_rows(report)),
    ]
    if report.get("targets"):
        tables.append(Table("target", "Target / Realisasi / Gap", _cols(
            "label|Ukuran|text", "unit|Satuan|text", "target|Target|num", "realisasi|Realisasi|num",
            "gap|Gap|num", "met_text|Tercapai|text"),
            [{**r, "met_text": {True: "ya", False: "tidak", None: "-"}[r["met"]]} for r in report["targets"]]))
    if report.get("comparison"):
        prev = report["previous_period"]
        tables.append(Table("perbandingan", "Perbandingan dengan periode sebelumnya", _cols(
            "label|Ukuran|text", "current|Periode ini|num", "previous|Periode sebelumnya|num",
            "change|Selisih|num", "change_pct|Selisih (%)|pct"), report["comparison"],
            note=f"Periode sebelumnya: {period_text(prev['from'], prev['to'])}"))
    if report.get("trend"):
        tables.append(Table("tren_harian", "Tren harian", _cols(
            "day|Tanggal|date", "issued|Tiket terbit", "served|Dilayani", "wait_mean|Tunggu rata2 (mnt)|num",
            "registrations|Pendaftaran", "skm_respondents|Responden SKM", "ikm_converted|NIK|num"),
            report["trend"]))
    tables += [
        Table("per_layanan", "Antrean per layanan", _cols("service|Kode|text", "name|Layanan|text", *VOLUME),
              t["by_service"]),
        Table("per_instansi", "Antrean per instansi (penyelenggara)", _cols("agency|Instansi|text", *VOLUME),
              t["by_agency"]),
        Table("per_loket", "Per loket", _cols("counter|Loket|text", *STAFF), t["by_counter"]),
        Table("per_petugas", "Per petugas", _cols("officer|Petugas|text", *STAFF), t["by_officer"]),
        Table("pendaftaran", "Pendaftaran per layanan, kanal dan cara input", _cols(
            "service|Kode|text", "name|Layanan|text", "total|Jumlah",
            *(f"{code}|{_label(code)}" for code in (*CHANNEL_LABELS, *ENTRY_MODE_LABELS))),
            report["registrations"]["by_service"]),
        Table("penyelesaian", "Penyelesaian dalam standar waktu", _cols(
            "service|Layanan|text", "finished|Selesai", "within_standard|Tepat waktu",
            "within_standard_pct|Tepat waktu (%)|pct"), report["completion"]["by_service"]),
        Table("lewat_batas", "Melewati batas waktu: dianggap disetujui menurut hukum", _cols(
            *APPLICATION, "working_days_late|Terlambat (hari kerja)", "deadline_note|Keterangan|text"),
            _labelled(deadlines["overdue"], status=STATUSES),
            note=f"Posisi akhir {tanggal(deadlines['as_of'])}" + _provisional_note(deadlines["overdue"])),
        Table("jatuh_tempo", "Jatuh tempo dalam 2 hari kerja", _cols(
            *APPLICATION, "working_days_left|Sisa (hari kerja)", "deadline_note|Keterangan|text"),
            _labelled(deadlines["due_soon"], status=STATUSES),
            note=f"Sampai {tanggal(deadlines['due_soon_until'])}" + _provisional_note(deadlines["due_soon"])),
    ]
    skm = report.get("skm")
    if skm is not None:
        tables.append(Table("skm_unsur", "SKM: nilai rata-rata per unsur (NRR)", _cols(
            "unsur|Unsur|text", "name|Nama unsur|text", "answered|Menjawab", "nrr|NRR|num",
            "weighted|NRR × bobot|num"), skm["nrr"],
            note=f"Responden {skm['respondents']}; IKM {_num(skm['ikm'], 4)}; NIK {_num(skm['ikm_converted'])}; "
                 f"mutu {skm['grade'] or '–'}" + _sample_note(skm.get("sample"))))
        tables.append(Table("skm_layanan", "SKM per layanan", _cols(
            "service|Layanan|text", "respondents|Responden", "ikm_converted|NIK|num", "grade|Mutu|text"),
            skm["by_service"]))
    complaints = report.get("complaints")
    if complaints is not None:
        tables.append(Table("pengaduan", "Pengaduan masuk pada periode dan yang melewati batas waktu", _cols(
            "complaint_id|No. pengaduan|text", "filed_on|Masuk|date", "due|Batas waktu|date",
            "status|Status|text", "overdue|Lewat batas|text", "channel|Kanal|text", "category|Jenis|text",
            "service|Layanan|text"),
            _labelled(complaint_rows(complaints), status=_complaints.STATUSES, channel=_complaints.CHANNELS,
                      category=_complaints.TYPES),
            note=f"Masuk {complaints['opened']}, dijawab {complaints['answered']}, lewat batas {complaints['overdue']}"))
    if report.get("paper_records") is not None:
        tables.append(Table("transkripsi", "Catatan yang ditranskripsi dari kertas", _cols(
            "kind|Jenis|text", "form_no|No. formulir|text", "paper_date|Tgl. formulir|date",
            "record_id|No. catatan|text", "service|Layanan|text", "subject|Pemohon|text",
            "transcribed_by|Diketik oleh|text"), report["paper_records"]))
    tables.append(Table("definisi_metrik", "Lampiran: definisi ukuran", _cols(
        "label|Ukuran|text", "definition|Definisi|text", "formula|Rumus|text", "source|Sumber data|text",
        "unit|Satuan|text"), report["metrics"]))
    return tables


def complaint_rows(complaints: dict[str, Any]) -> list[dict[str, Any]]:
    """The complaints the summary counts, one row each: those filed in the period ('masuk') and
    those past their deadline ('lewat batas', filed then or earlier), each marked overdue or not."""
    overdue = {c["complaint_id"]: c for c in complaints["overdue_list"]}
    filed = complaints.get("filed_list", [])
    rows = [{**overdue.get(c["complaint_id"], c), "overdue": c["complaint_id"] in overdue} for c in filed]
    seen = {c["complaint_id"] for c in filed}
    rows += [{**c, "overdue": True} for c in complaints["overdue_list"] if c["complaint_id"] not in seen]
    return sorted(rows, key=lambda r: (r["filed_on"], r["complaint_id"]))


def header_lines(report: dict[str, Any]) -> list[tuple[str, str]]:
    """What every file states: site, period, generation time, software version."""
    p = report["period"]
    return [
        ("Lokasi", f"{report['site']['name']} ({report['site']['code']})"),
        ("Periode", period_text(p["from"], p["to"])),
        ("Dibuat", f"{tanggal_jam(report['generated_at'])} oleh {report['generated_by']}"),
        ("Versi perangkat lunak", f"Loket {report['software_version']}"),
    ]
