"""ESC/POS bytes of the complainant's slip (tanda terima pengaduan).

The content comes from the core (:func:`counter_app.printjobs.complaint_slip`, display text
in Indonesian); this module only lays it out on the thermal roll, beside the ticket and the
receipt in :mod:`printing.escpos_ticket`. The PDF fallback is the same bytes drawn by
:mod:`printing.escpos_render` (see :func:`printing.jobs.to_pdf`).
"""

from __future__ import annotations

from typing import Any

from .escpos_ticket import Slip


def complaint_bytes(slip: dict[str, Any], width_mm: int = 80, reprint: bool = False) -> bytes:
    """Tracking number (large, and as a QR), what was filed, the answer deadline, SP4N-LAPOR!."""
    s = Slip(width_mm)
    if reprint:
        s.line(" CETAK ULANG ", align="center", bold=True, size=2, invert=True)
    s.line("TANDA TERIMA PENGADUAN", align="center", bold=True)
    s.line(slip["site_name"], align="center")
    s.rule()
    s.line("Nomor lacak", align="center")
    tracking = slip["tracking_number"]
    s.line(tracking, align="center", bold=True, size=2 if len(tracking) * 2 <= s.cols else 1)
    s.rule()
    s.pair("Jenis", slip["type"])
    s.pair("Diterima", slip["filed_at"])
    s.pair("Melalui", slip["channel"])
    if slip.get("service_name"):
        s.pair("Layanan", slip["service_name"])
    s.pair("Pelapor", slip["complainant"])
    s.pair("Status", slip["status"])
    if slip.get("lapor_ref"):
        s.pair("SP4N-LAPOR!", slip["lapor_ref"])
    s.pair("Dijawab", f"paling lambat {slip['deadline']}")
    s.feed()
    s.qr(tracking, size=5 if width_mm == 80 else 4)
    s.line("Sebutkan nomor lacak ini untuk menanyakan tindak lanjut pengaduan Anda, "
           "atau lapor melalui SP4N-LAPOR! (lapor.go.id).", align="center")
    return s.finish()
