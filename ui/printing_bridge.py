"""Tickets, receipts, complaint slips and test prints from the UI: always in a worker, never
on the GUI thread.

Each call hands the job to :mod:`printing.jobs` through :func:`ui.worker.run_in_background`.
A printer fault never loses the ticket or the registration: the job is recorded as failed
and the slip is saved as a PDF beside the database (folder ``cetak``) for a later print.
The printing modules are imported here, on the GUI thread, never first inside a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from counter_app import printjobs
from counter_app.formatting import tanggal_jam
from counter_app.session import Session
from counter_app.site import site_info
from printing import escpos_ticket, jobs

from .worker import run_in_background


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    message: str
    pdf: str | None = None


def pdf_folder(session: Session) -> Path:
    return Path(session.store.path).parent / "cetak"


def _outcome(result: Any) -> PrintOutcome:
    return PrintOutcome(bool(result.ok), result.message, str(result.pdf) if result.pdf else None)


def _print_ticket(session: Session, ticket_id: str, number: str, reprint: bool = False) -> PrintOutcome:
    pdf = pdf_folder(session) / f"tiket-{number}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    return _outcome(jobs.print_ticket(session, ticket_id, fallback_pdf=pdf, reprint=reprint))


def _print_receipt(session: Session, reg_id: str, reprint: bool = False) -> PrintOutcome:
    pdf = pdf_folder(session) / f"tanda-terima-{reg_id}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    return _outcome(jobs.print_receipt(session, reg_id, fallback_pdf=pdf, reprint=reprint))


def _print_complaint(session: Session, tracking: str) -> PrintOutcome:
    pdf = pdf_folder(session) / f"pengaduan-{tracking}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    return _outcome(jobs.print_complaint(session, tracking, fallback_pdf=pdf))


def _test_print(session: Session, spec: str) -> PrintOutcome:
    """The printing package's test slip straight to the printer (not a ticket: nothing recorded)."""
    data = escpos_ticket.test_bytes(site_info(session).name, spec, jobs.paper_width(session),
                                    tanggal_jam(session.now()))
    jobs.deliver(spec, data, printjobs.print_timeout(session))
    return PrintOutcome(True, QCoreApplication.translate("printing", "Cetak uji terkirim ke {spec}.").format(spec=spec))


class _Reported:
    """Hands a print's outcome to the page, then tells the app a print finished (the status
    bar's printer state follows the last print). A plain object kept only until delivered."""

    def __init__(self, ctx, on_done: Callable[[PrintOutcome], None], on_error: Callable[[Exception], None]):
        self.ctx, self.on_done, self.on_error = ctx, on_done, on_error

    def done(self, outcome: PrintOutcome) -> None:
        try:
            self.on_done(outcome)
        finally:
            self._notify()

    def failed(self, exc: Exception) -> None:
        try:
            self.on_error(exc)
        finally:
            self._notify()

    def _notify(self) -> None:
        try:
            self.ctx.notify("print")
        except RuntimeError:  # the context is gone (the app is closing)
            pass


def _run(ctx, fn, *args, on_done, on_error) -> None:
    report = _Reported(ctx, on_done, on_error)
    run_in_background(ctx, fn, *args, on_done=report.done, on_error=report.failed)


def print_ticket(ctx, ticket: dict[str, Any], on_done: Callable[[PrintOutcome], None],
                 on_error: Callable[[Exception], None], reprint: bool = False) -> None:
    """``reprint``: the slip says CETAK ULANG (after a printer fault, or a lost slip)."""
    _run(ctx, _print_ticket, ticket["id"], ticket["ticket"], reprint, on_done=on_done, on_error=on_error)


def print_receipt(ctx, reg_id: str, on_done: Callable[[PrintOutcome], None],
                  on_error: Callable[[Exception], None], reprint: bool = False) -> None:
    """The registration's receipt (tanda terima) on the thermal printer, as ``loket print
    receipt [--reprint]`` does; ``reprint`` marks it CETAK ULANG."""
    _run(ctx, _print_receipt, reg_id, reprint, on_done=on_done, on_error=on_error)


def print_complaint(ctx, tracking: str, on_done: Callable[[PrintOutcome], None],
                    on_error: Callable[[Exception], None]) -> None:
    """The complainant's slip (tanda terima pengaduan), recorded as a print job like a ticket."""
    _run(ctx, _print_complaint, tracking, on_done=on_done, on_error=on_error)


def test_print(ctx, spec: str, on_done: Callable[[PrintOutcome], None],
               on_error: Callable[[Exception], None]) -> None:
    run_in_background(ctx, _test_print, spec, on_done=on_done, on_error=on_error)


def printer_state(session: Session) -> tuple[str, bool, str]:
    """(status-bar text, failed, detail) for this device's printer: the outcome of its last
    print on paper. A failure stays until a print succeeds; the PDF saved in place of a
    failed slip is not a print on paper and changes nothing."""
    spec = printjobs.printer_spec(session)
    if not spec:
        return QCoreApplication.translate("printing", "Printer: belum diatur (PDF)"), False, ""
    device = site_info(session).device_id
    last = next((job for job in printjobs.list_jobs(session, limit=50)
                 if job["device_id"] == device and job["status"] in ("printed", "failed")
                 and not str(job["target"]).startswith("pdf:")), None)
    if last is None:
        return QCoreApplication.translate("printing", "Printer: {spec}").format(spec=spec), False, ""
    if last["status"] == "failed":
        text = QCoreApplication.translate("printing", "Printer: {spec} – gagal mencetak {label}").format(
            spec=spec, label=last["label"])
        return text, True, str(last["error"] or "")
    return QCoreApplication.translate("printing", "Printer: {spec} – siap").format(spec=spec), False, ""


def printer_status(session: Session) -> str:
    """The status-bar text alone (see :func:`printer_state`)."""
    return printer_state(session)[0]
