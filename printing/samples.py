"""Make the documentation pictures from a throw-away demo database: ``python -m printing.samples DIR``.

Tickets are drawn from their real ESC/POS bytes (decoded); the A4 receipt and the blank
forms are the real PDFs rendered with ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SAMPLE_TIME = "2026-11-23T08:15:00+07:00"


def make_samples(out_dir: Path | str, dpi: int = 110) -> list[Path]:
    """Write ticket-58/80, receipt-a4 and form-* PNGs to ``out_dir``; returns their paths."""
    from counter_app import catalog, printjobs, queue, registration
    from counter_app.session import Session
    from counter_app.site import init_site

    from . import escpos_render, escpos_ticket, pdf_forms, pdf_receipt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("LOKET_NOW")
    os.environ["LOKET_NOW"] = SAMPLE_TIME
    made: list[Path] = []
    try:
        with tempfile.TemporaryDirectory() as tmp, Session.open(Path(tmp) / "demo.sqlite3") as s:
            init_site(s, site_code="MPP-BDG", site_name="Mal Pelayanan Publik Kota Bandung", device_code="K1")
            catalog.import_services(s, catalog.demo_catalog_rows())
            for _ in range(6):
                queue.issue_ticket(s, "DUK-KTP")
            ticket = queue.issue_ticket(s, "DUK-KTP")
            slip = printjobs.ticket_slip(s, ticket["ticket"])
            for width in (58, 80):
                data = escpos_ticket.ticket_bytes(slip, width, reprint=width == 58)
                made.append(out / f"ticket-{width}.png")
                escpos_render.render_png(data, width, made[-1])
            reg = registration.register(s, registration.RegistrationInput(
                service="IMI-EPASPOR", name="Siti Aminah Nuraini", nik="3273015708900003",
                requirements=("KTP-el asli", "Kartu Keluarga asli",
                              "Akta kelahiran, ijazah, buku nikah, atau surat baptis asli (memuat nama, "
                              "tempat/tanggal lahir, dan nama orang tua)")))
            pdfs = {"receipt-a4": Path(tmp) / "receipt.pdf"}
            pdf_receipt.write_receipt_pdf(s, reg["registration_id"], pdfs["receipt-a4"])
            for kind, service in (("registration", "DUK-KK"), ("skm", "DUK-KTP"), ("complaint", None)):
                pdfs[f"form-{kind}"] = Path(tmp) / f"{kind}.pdf"
                pdf_forms.write_forms(s, kind, pdfs[f"form-{kind}"], service_code=service)
            for name, pdf in pdfs.items():
                subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(out / name)],
                               check=True)
                made.append(out / f"{name}.png")
    finally:
        if previous is None:
            os.environ.pop("LOKET_NOW", None)
        else:
            os.environ["LOKET_NOW"] = previous
    return made


if __name__ == "__main__":
    for path in make_samples(sys.argv[1] if len(sys.argv) > 1 else "docs/images"):
        print(path)
