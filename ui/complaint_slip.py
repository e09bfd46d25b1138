"""The complainant's slip (tanda terima pengaduan): tracking number, what was filed, the answer date.

Drawn with the printing package's thermal-slip writer and sent through its bounded
``deliver``; it runs in a worker (:func:`print_slip`), and when no printer is set or the
printer fails the same slip is saved as a PDF beside the database so it can be handed over
or printed later. The printing modules are imported at the top, on the GUI thread: a first
import inside a worker thread races PySide6's import hook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_app import catalog, complaints, printjobs
from counter_app.errors import LoketError
from counter_app.formatting import tanggal, tanggal_jam
from counter_app.session import Session
from counter_app.site import site_info
from printing import escpos_render, jobs
from printing.escpos_ticket import Slip

from .worker import run_in_background


@dataclass(frozen=True)
class SlipOutcome:
    ok: bool
    message: str
    pdf: str | None = None


def slip_bytes(complaint: dict[str, Any], site_name: str, width_mm: int = 80, service_name: str = "") -> bytes:
    """ESC/POS bytes of the slip for one complaint (as returned by ``get_complaint``)."""
    s = Slip(width_mm)
    s.line("TANDA TERIMA PENGADUAN", align="center", bold=True)
    s.line(site_name, align="center")
    s.rule()
    s.line("Nomor lacak", align="center")
    s.line(complaint["tracking_number"], align="center", bold=True, size=2 if len(complaint["tracking_number"]) * 2 <= s.cols else 1)
    s.rule()
    s.pair("Jenis", complaints.TYPES.get(complaint["type"], complaint["type"]))
    s.pair("Diterima", tanggal_jam(complaint["filed_at"]))
    s.pair("Melalui", complaints.CHANNELS.get(complaint["channel"], complaint["channel"]))
    if complaint.get("service_code"):
        s.pair("Layanan", service_name or complaint["service_code"])
    s.pair("Pelapor", "Anonim" if complaint["anonymous"] else (complaint.get("name") or "-"))
    s.pair("Status", complaints.STATUSES.get(complaint["status"], complaint["status"]))
    if complaint.get("lapor_ref"):
        s.pair("SP4N-LAPOR!", complaint["lapor_ref"])
    s.pair("Dijawab", f"paling lambat {tanggal(complaint['deadline'])}")
    s.feed()
    s.qr(complaint["tracking_number"], size=5 if width_mm == 80 else 4)
    s.line("Sebutkan nomor lacak ini untuk menanyakan tindak lanjut pengaduan Anda, "
           "atau lapor melalui SP4N-LAPOR! (lapor.go.id).", align="center")
    return s.finish()


def _pdf_path(session: Session, tracking: str) -> Path:
    folder = Path(session.store.path).parent / "cetak"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"pengaduan-{tracking}.pdf"


def make_slip(session: Session, tracking: str) -> SlipOutcome:
    """Print the slip on this device's printer; else (or on a fault) save it as a PDF. Worker thread."""
    complaint = complaints.get_complaint(session, tracking)
    width = jobs.paper_width(session)
    service = catalog.get_service(session, complaint["service_code"]).name if complaint.get("service_code") else ""
    data = slip_bytes(complaint, site_info(session).name, width, service)
    spec = printjobs.printer_spec(session)
    reason = "printer belum diatur"
    if spec:
        try:
            jobs.deliver(spec, data, printjobs.print_timeout(session))
            return SlipOutcome(True, f"Tanda terima pengaduan {complaint['tracking_number']} tercetak.")
        except LoketError as exc:
            reason = str(exc)
    pdf = _pdf_path(session, complaint["tracking_number"])
    escpos_render.render_pdf(data, width, pdf, title=f"Tanda terima pengaduan {complaint['tracking_number']}")
    return SlipOutcome(False, f"Tanda terima pengaduan {complaint['tracking_number']} tidak tercetak "
                              f"({reason}); disimpan sebagai PDF: {pdf}", str(pdf))


def print_slip(ctx, tracking: str, on_done: Callable[[SlipOutcome], None],
               on_error: Callable[[Exception], None]) -> None:
    run_in_background(ctx, make_slip, tracking, on_done=on_done, on_error=on_error)
