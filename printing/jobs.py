"""Print a ticket, a receipt or a complaint slip without ever losing it: reserve, render, send
within a timeout, record.

The flow is split so a GUI can run the slow middle part in a worker: :func:`prepare`
(reserve the job in the core and render the bytes, caller's thread), :func:`deliver`
(send the bytes, no database, any thread, bounded by the timeout) and :func:`finish`
(confirm or record the failure, caller's thread). :func:`print_ticket`,
:func:`print_receipt` and :func:`print_complaint` run all three. A failure keeps the ticket, says why
(in the run's language: counter_app.i18n) and offers a reprint or a PDF.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app import printjobs
from counter_app.errors import LoketError
from counter_app.i18n import N_, _
from counter_app.session import Session
from counter_app.site import get_setting, site_info

from . import complaint_slip, connections, escpos_render, escpos_ticket
from .connections import PrinterError

# The PDF's title stays Indonesian (it is a document); messages translate the noun.
NOUNS = {"ticket": N_("Tiket"), "receipt": N_("Tanda terima"), "complaint": N_("Tanda terima pengaduan")}


@dataclass(frozen=True)
class Prepared:
    """A reserved job and the exact bytes to send."""

    job_id: str
    kind: str
    label: str
    ref: str
    data: bytes
    width: int
    reprint: bool
    target: str


@dataclass
class PrintOutcome:
    ok: bool
    kind: str
    label: str
    job: dict[str, Any]
    message: str
    width: int
    pdf: Path | None = None
    offers: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "kind": self.kind, "label": self.label, "job_id": self.job["id"],
                "status": self.job["status"], "reprint": self.job["reprint"], "target": self.job["target"],
                "error": self.job["error"], "message": self.message, "width": self.width,
                "pdf": str(self.pdf) if self.pdf else None, "offers": list(self.offers)}


def paper_width(session: Session, width: int | None = None) -> int:
    """The paper width to use: given, else this device's ``printer_width@<DEVICE>``, else the site's."""
    if width is None:
        try:
            width = get_setting(session, f"printer_width@{site_info(session).device_code}")
        except KeyError:
            width = get_setting(session, "printer_width")
    escpos_ticket.columns(int(width))
    return int(width)


def _render(session: Session, kind: str, ref: str, width: int, reprint: bool) -> tuple[str, str, bytes]:
    """(ref, label, bytes) for a ticket, a receipt or a complaint slip; ``reprint`` decides the
    CETAK ULANG mark."""
    if kind == "ticket":
        slip = printjobs.ticket_slip(session, ref)
        return slip["ticket_id"], slip["number"], escpos_ticket.ticket_bytes(slip, width, reprint)
    if kind == "complaint":
        slip = printjobs.complaint_slip(session, ref)
        number = slip["tracking_number"]
        return number, number, complaint_slip.complaint_bytes(slip, width, reprint)
    slip = printjobs.receipt_slip(session, ref)
    return slip["registration_id"], slip["registration_id"], escpos_ticket.receipt_bytes(slip, width, reprint)


def prepare(session: Session, kind: str, ref: str, target: str, *, width: int | None = None,
            reprint: bool = False) -> Prepared:
    """Reserve the print job (before any printer is touched) and render its bytes."""
    width = paper_width(session, width)
    key, label, _bytes = _render(session, kind, ref, width, reprint)  # resolves the ref, fails early
    job = printjobs.reserve_print(session, kind, key, label, target, reprint)
    data = _render(session, kind, key, width, job["reprint"])[2]
    return Prepared(job["id"], kind, label, key, data, width, job["reprint"], target)


def deliver(spec: str, data: bytes, timeout: float) -> None:
    """Send bytes to the printer in a worker thread; raise ``PrinterError`` after ``timeout`` seconds.

    The worker is a daemon thread: a printer that hangs keeps only that thread, never the caller.
    """
    parsed = connections.parse_spec(spec)
    outcome: dict[str, BaseException | bool] = {}

    def work() -> None:
        try:
            connections.send(parsed, data, timeout=timeout)
            outcome["done"] = True
        except BaseException as exc:  # reported to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name=f"loket-print-{parsed.kind}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise PrinterError(_(
            "{printer} tidak menjawab dalam {seconds} detik (mati, kertas habis, atau "
            "tutup terbuka). Bila tiket akhirnya keluar, tidak perlu cetak ulang").format(
            printer=parsed.describe, seconds=f"{timeout:g}"))
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error


def finish(session: Session, prepared: Prepared, error: BaseException | None) -> PrintOutcome:
    """Record the outcome of :func:`deliver` and word it for the counter."""
    noun = _(NOUNS[prepared.kind])
    if error is None:
        job = printjobs.confirm_print(session, prepared.job_id)
        done = _("{what} {label} tercetak (cetak ulang)") if prepared.reprint else _("{what} {label} tercetak")
        return PrintOutcome(True, prepared.kind, prepared.label, job,
                            done.format(what=noun, label=prepared.label), prepared.width)
    reason = str(error) if isinstance(error, LoketError) else _("galat printer: {error}").format(error=error)
    job = printjobs.fail_print(session, prepared.job_id, reason)
    keep = {"ticket": _("Tiket {label} tetap tercatat di antrean"),
            "receipt": _("Registrasi {label} tetap tersimpan"),
            "complaint": _("Pengaduan {label} tetap tersimpan")}[prepared.kind].format(label=prepared.label)
    return PrintOutcome(False, prepared.kind, prepared.label, job,
                        _("{what} {label} gagal dicetak: {reason}. {kept}; cetak ulang setelah printer siap, "
                          "atau simpan sebagai PDF.").format(what=noun, label=prepared.label, reason=reason,
                                                              kept=keep),
                        prepared.width, offers=("reprint", "pdf"))


def _print(session: Session, kind: str, ref: str, printer: str | None, width: int | None,
           reprint: bool, timeout: float | None, fallback_pdf: Path | str | None) -> PrintOutcome:
    spec = printer if printer is not None else printjobs.printer_spec(session)
    timeout = printjobs.print_timeout(session) if timeout is None else timeout
    prepared = prepare(session, kind, ref, spec or "(belum diatur)", width=width, reprint=reprint)
    error: BaseException | None = None
    try:
        deliver(spec, prepared.data, timeout)
    except LoketError as exc:  # PrinterError, or a ValidationError for a bad spec
        error = exc
    outcome = finish(session, prepared, error)
    if not outcome.ok and fallback_pdf is not None:
        pdf = to_pdf(session, kind, prepared.ref, fallback_pdf, width=prepared.width)
        outcome.pdf = pdf.pdf
        outcome.message += " " + _("PDF disimpan: {path}").format(path=pdf.pdf)
    return outcome


def print_ticket(session: Session, ref: str, *, printer: str | None = None, width: int | None = None,
                 reprint: bool = False, timeout: float | None = None,
                 fallback_pdf: Path | str | None = None) -> PrintOutcome:
    """Print a queue ticket (number or id) on ``printer`` (default: this device's setting)."""
    return _print(session, "ticket", ref, printer, width, reprint, timeout, fallback_pdf)


def print_receipt(session: Session, reg_id: str, *, printer: str | None = None, width: int | None = None,
                  reprint: bool = False, timeout: float | None = None,
                  fallback_pdf: Path | str | None = None) -> PrintOutcome:
    """Print a registration receipt (tanda terima) on the thermal printer."""
    return _print(session, "receipt", reg_id, printer, width, reprint, timeout, fallback_pdf)


def print_complaint(session: Session, tracking_number: str, *, printer: str | None = None,
                    width: int | None = None, reprint: bool = False, timeout: float | None = None,
                    fallback_pdf: Path | str | None = None) -> PrintOutcome:
    """Print the complainant's slip (tanda terima pengaduan) on the thermal printer."""
    return _print(session, "complaint", tracking_number, printer, width, reprint, timeout, fallback_pdf)


def to_pdf(session: Session, kind: str, ref: str, path: Path | str, *, width: int | None = None,
           reprint: bool = False) -> PrintOutcome:
    """The thermal slip as a roll-width PDF drawn from its ESC/POS bytes (recorded as a print job)."""
    path = Path(path)
    prepared = prepare(session, kind, ref, f"pdf:{path.name}", width=width, reprint=reprint)
    try:
        escpos_render.render_pdf(prepared.data, prepared.width, path, title=f"{NOUNS[kind]} {prepared.label}")
    except OSError as exc:
        outcome = finish(session, prepared, PrinterError(_("PDF {path} tidak bisa ditulis: {error}").format(
            path=path, error=exc.strerror)))
        outcome.offers = ("reprint",)
        return outcome
    outcome = finish(session, prepared, None)
    outcome.pdf = path
    outcome.message = _("{what} {label} disimpan sebagai PDF: {path}").format(
        what=_(NOUNS[kind]), label=prepared.label, path=path)
    return outcome
