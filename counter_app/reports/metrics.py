"""The metric definitions appendix (definition, formula, data source) and the statistics used.

Every figure a report shows is one of these metrics; the appendix of every report is this
list, so a supervisor can check how each number was made. Times are in minutes.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str
    formula: str
    source: str
    unit: str = "tiket"
    higher_is_better: bool = True
    per_day: bool = False  # a count: a daily target is multiplied by the working days of a period

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_T = "tabel tickets (status akhir) dan ticket_history (setiap panggilan dan penutupan)"
_R = "tabel registrations dan application_history"

METRICS: tuple[Metric, ...] = (
    Metric("tickets_issued", "Tiket diterbitkan", "Nomor antrean yang diambil pada tanggal itu.",
           "jumlah tiket dengan tanggal antrean = tanggal laporan", _T, per_day=True),
    Metric("tickets_served", "Tiket dilayani", "Tiket yang pelayanannya diselesaikan di loket.",
           "jumlah tiket berstatus akhir 'finished'", _T, per_day=True),
    Metric("tickets_noshow", "Tidak hadir", "Tiket yang dipanggil tetapi pemohon tidak datang.",
           "jumlah tiket berstatus akhir 'noshow'", _T, higher_is_better=False, per_day=True),
    Metric("tickets_transferred", "Dipindah", "Tiket yang pernah dipindah ke antrean layanan lain; "
           "dihitung pada layanan tujuan akhir.", "jumlah tiket dengan transfer_count > 0", _T, per_day=True),
    Metric("tickets_cancelled", "Dibatalkan", "Tiket yang dibatalkan sebelum dipanggil.",
           "jumlah tiket berstatus akhir 'cancelled'", _T, higher_is_better=False, per_day=True),
    Metric("tickets_skipped", "Dilewati", "Tiket yang dilewati dan tidak dipulihkan.",
           "jumlah tiket berstatus akhir 'skipped'", _T, higher_is_better=False, per_day=True),
    Metric("tickets_open", "Belum selesai", "Tiket yang masih menunggu atau sedang dipanggil saat "
           "laporan dibuat.", "jumlah tiket berstatus 'waiting' atau 'called'", _T, per_day=True),
    Metric("waiting_time", "Waktu tunggu", "Dari tiket diambil sampai panggilan pertama.",
           "first_called_at − issued_at (menit), tanpa waktu istirahat dan jam tutup layanan; rata-rata, median, persentil 90 (nearest-rank: "
           "nilai ke-⌈0,9·n⌉ setelah diurutkan), maksimum", _T, "menit", higher_is_better=False),
    Metric("service_time", "Waktu layanan", "Dari panggilan terakhir sampai pelayanan selesai.",
           "waktu 'finished' − waktu 'called' terakhir sebelumnya (menit); rata-rata, median, "
           "persentil 90, maksimum", _T, "menit", higher_is_better=False),
    Metric("counter_called", "Dipanggil (loket/petugas)", "Tiket berbeda yang dipanggil oleh loket "
           "atau petugas itu.", "jumlah tiket berbeda dengan aksi 'called' di loket/oleh petugas", _T),
    Metric("registrations_total", "Pendaftaran", "Permohonan yang didaftarkan pada tanggal itu.",
           "jumlah registrasi dengan tanggal = tanggal laporan", _R, "permohonan", per_day=True),
    Metric("registrations_by_channel", "Pendaftaran per kanal", "Datang langsung ke loket (walk_in), "
           "layanan satelit (satellite) atau daring/online booking (online).", "jumlah registrasi per nilai channel", _R, "permohonan"),
    Metric("registrations_by_entry_mode", "Pendaftaran per cara input", "Input langsung di aplikasi "
           "(direct) atau transkripsi formulir kertas (paper).",
           "jumlah registrasi per nilai entry_mode", _R, "permohonan"),
    Metric("applications_finished", "Permohonan selesai", "Permohonan yang mencapai status "
           "'selesai' pada periode itu.", "jumlah perubahan status ke 'selesai' pada periode", _R,
           "permohonan", per_day=True),
    Metric("finished_within_standard_pct", "Selesai tepat waktu", "Bagian permohonan selesai yang "
           "selesai paling lambat pada batas waktu standar pelayanan (hari kerja).",
           "selesai dengan tanggal ≤ batas waktu ÷ semua yang selesai × 100", _R, "%"),
    Metric("applications_overdue", "Melewati batas waktu (dianggap disetujui)", "Permohonan yang "
           "masih terbuka (diterima/diverifikasi/diproses) setelah batas waktunya; menurut "
           "Permenpan RB 93/2021 dianggap disetujui.", "status terbuka dan batas waktu < tanggal "
           "laporan (posisi akhir tanggal laporan)", _R, "permohonan", higher_is_better=False),
    Metric("applications_due_soon", "Jatuh tempo ≤ 2 hari kerja", "Permohonan terbuka yang batas "
           "waktunya jatuh dalam 2 hari kerja berikutnya.", "tanggal laporan ≤ batas waktu ≤ tanggal "
           "laporan + 2 hari kerja", _R, "permohonan", higher_is_better=False),
    Metric("skm_respondents", "Responden SKM", "Kuesioner SKM yang tercatat (kios, kertas, daring).",
           "jumlah jawaban SKM pada periode", "tabel skm_responses (event skm_recorded)", "responden",
           per_day=True),
    Metric("skm_nrr", "NRR per unsur", "Nilai rata-rata unsur U1–U9 (skala 1–4).",
           "jumlah nilai unsur ÷ jumlah responden yang menjawab unsur itu", "tabel skm_responses", "nilai"),
    Metric("ikm", "IKM", "Indeks Kepuasan Masyarakat (Permenpan RB 14/2017).",
           "Σ NRR_i × bobot_i, bobot 1/9 (bobot tepat, bukan 0,11)", "tabel skm_responses", "nilai"),
    Metric("ikm_converted", "NIK (IKM konversi)", "IKM dalam skala 25–100; menentukan mutu A–D.",
           "IKM × 25; mutu: A ≥ 88,31, B ≥ 76,61, C ≥ 65,00, selain itu D", "tabel skm_responses", "nilai"),
    Metric("skm_population", "Pengguna layanan (populasi SKM)", "Orang yang dilayani pada periode: "
           "populasi untuk kecukupan sampel SKM.", "tiket berstatus akhir 'finished' + registrasi yang "
           "tidak dibuat dari tiket yang dilayani (daring, satelit, formulir kertas)",
           "tabel tickets dan registrations", "orang"),
    Metric("skm_sample_required", "Sampel SKM minimal", "Responden paling sedikit untuk populasi itu "
           "menurut tabel Krejcie & Morgan (Permenpan RB 14/2017); kurang = sampel minimal − responden.",
           "X²·N·P(1−P) ÷ (d²(N−1) + X²·P(1−P)), X² = 3,841, P = 0,5, d = 0,05, dibulatkan ke "
           "bilangan bulat terdekat (paling banyak 384)", "tabel tickets, registrations dan skm_responses",
           "responden"),
    Metric("complaints_opened", "Pengaduan masuk", "Pengaduan yang diterima pada periode.",
           "jumlah pengaduan dengan tanggal masuk pada periode", "tabel complaints (event complaint_filed)",
           "pengaduan", per_day=True),
    Metric("complaints_answered", "Pengaduan dijawab", "Pengaduan yang mendapat tanggapan pertama "
           "pada periode.", "jumlah pengaduan dengan tanggapan pertama (complaint_responded) pada periode",
           "tabel complaints (event complaint_responded)", "pengaduan", per_day=True),
    Metric("complaints_overdue", "Pengaduan lewat batas", "Pengaduan yang belum selesai (baru atau "
           "diproses) setelah batas waktu penyelesaian (pengaturan complaint_response_days, hari kerja).",
           "status baru/diproses dan batas waktu < tanggal laporan (posisi akhir tanggal laporan)",
           "tabel complaints dan complaint_history", "pengaduan", higher_is_better=False),
    Metric("paper_records", "Catatan transkripsi kertas", "Pendaftaran dan kuesioner SKM yang "
           "diketik ulang dari formulir kertas, dengan nomor formulirnya.",
           "registrasi entry_mode 'paper' + jawaban SKM entry_mode 'paper'",
           "tabel registrations dan skm_responses", "catatan"),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}

# Metrics a supervisor may set a target for, and where the realised value is in a report.
TARGETABLE = {
    "tickets_issued": ("tickets", "totals", "issued"),
    "tickets_served": ("tickets", "totals", "served"),
    "tickets_noshow": ("tickets", "totals", "noshow"),
    "waiting_time": ("tickets", "waiting_time", "mean"),
    "service_time": ("tickets", "service_time", "mean"),
    "registrations_total": ("registrations", "total"),
    "applications_finished": ("completion", "finished"),
    "finished_within_standard_pct": ("completion", "within_standard_pct"),
    "applications_overdue": ("deadlines", "overdue_count"),
    "skm_respondents": ("skm", "respondents"),
    "ikm_converted": ("skm", "ikm_converted"),
    "complaints_opened": ("complaints", "opened"),
    "complaints_overdue": ("complaints", "overdue"),
}


def appendix() -> list[dict[str, Any]]:
    """The metric definitions as plain rows (for every report's appendix)."""
    return [m.as_dict() for m in METRICS]


def nearest_rank(sorted_values: list[float], q: float) -> float:
    """The nearest-rank percentile: the ⌈q·n⌉-th smallest value (always an observed value)."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def duration_stats(minutes: Iterable[float]) -> dict[str, Any]:
    """count, mean, median, p90 and max of durations in minutes (2 decimals; None if empty)."""
    values = sorted(map(float, minutes))
    if not values:
        return {"count": 0, "mean": None, "median": None, "p90": None, "max": None}
    return {
        "count": len(values),
        "mean": round(statistics.fmean(values), 2),
        "median": round(statistics.median(values), 2),
        "p90": round(nearest_rank(values, 0.9), 2),
        "max": round(values[-1], 2),
    }


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None
