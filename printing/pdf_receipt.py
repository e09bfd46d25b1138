"""The A4 receipt (tanda terima) of a registration: what was received, fee, deadline, QR, signatures.

The applicant keeps it to collect the result and to complain; the NIK is masked. Its
content comes from :func:`counter_app.printjobs.receipt_slip`, the same as the thermal
receipt, and printing it is recorded as a print job like any other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from counter_app import printjobs, users
from counter_app.errors import NotFound
from counter_app.session import Session

from . import fonts
from .style import (
    GREY,
    LINE,
    NAVY,
    SHADE,
    STYLES,
    Letterhead,
    build_document,
    qr_drawing,
    table_style,
)

TITLE = "TANDA TERIMA PERMOHONAN LAYANAN"


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(str(text)), STYLES[style])


def receipt_story(slip: dict[str, Any], *, reprint: bool = False, officer: str | None = None) -> list:
    """The flowables of the receipt (reusable inside other documents); ``officer`` is the
    name printed under the officer's signature (default: the slip's account name)."""
    fonts.register()
    story: list = []
    title = TITLE + (" — CETAK ULANG" if reprint else "")
    head = Table(
        [[[_p(title, "title"), _p(f"{slip['agency']} · {slip['site_name']}", "subtitle"),
           Spacer(1, 3 * mm), _p("Nomor pendaftaran", "label"),
           Paragraph(escape(slip["registration_id"]), STYLES["title"])],
          qr_drawing(slip["registration_id"], 30 * mm)]],
        colWidths=[None, 34 * mm],
    )
    head.setStyle(table_style(*[("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story += [head, Spacer(1, 4 * mm)]

    rows = [
        ("Layanan", f"{slip['service_name']} ({slip['service_code']})"),
        ("Produk layanan", slip["product"] or "-"),
        ("Nama pemohon", slip["name"]),
        ("NIK", slip["nik_masked"]),
        ("Diterima pada", slip["received_at"]),
        ("Biaya/tarif", slip["fee"]),
        ("Jangka waktu", f"{slip['days']} hari kerja"),
        ("Perkiraan selesai", slip["deadline"]),
    ]
    table = Table([[_p(k, "label"), _p(v, "value")] for k, v in rows], colWidths=[42 * mm, None])
    table.setStyle(table_style(*[
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    story += [table, Spacer(1, 2 * mm)]

    story.append(_p("Persyaratan", "h2"))
    items = [("☑", r, "diterima") for r in slip["requirements_received"]]
    items += [("☐", r, "belum diserahkan") for r in slip["requirements_missing"]]
    items += [("–", r, "tidak berlaku") for r in slip.get("requirements_not_applicable", ())]
    if items:
        req = Table([[_p(mark), _p(text), _p(state, "small")] for mark, text, state in items],
                    colWidths=[7 * mm, None, 30 * mm])
        req.setStyle(table_style(*[("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE)]))
        story.append(req)
    else:
        story.append(_p("Layanan ini tanpa persyaratan dokumen."))
    if slip["requirements_missing"]:
        story.append(_p("Jangka waktu penyelesaian dihitung sejak persyaratan lengkap.", "small"))

    story.append(_p("Pengaduan", "h2"))
    story.append(_p(f"Bila layanan tidak sesuai standar pelayanan, sampaikan pengaduan melalui: "
                    f"{slip['complaint_channel']}. Sebutkan nomor pendaftaran di atas."))
    story.append(_p("Bila batas waktu terlewati, permohonan dianggap disetujui menurut hukum "
                    "(Permenpan RB No. 93 Tahun 2021).", "small"))
    story.append(Spacer(1, 10 * mm))
    story.append(KeepTogether(signature_table(
        [("Pemohon", slip["name"]), ("Petugas loket", officer or slip["officer"])])))
    return story


def signature_table(people: list[tuple[str, str]]) -> Table:
    """Signature blocks side by side: role, space to sign, a line, the printed name."""
    gap = Spacer(1, 1)
    roles, names = [], []
    for i, (role, name) in enumerate(people):
        if i:
            roles.append(gap)
            names.append(gap)
        roles.append(_p(role, "center"))
        names.append(Paragraph(f"( {escape(name)} )", STYLES["center"]))
    spaces = [Spacer(1, 20 * mm)] * len(roles)
    widths = [w for i in range(len(people)) for w in ((16 * mm,) if i else ()) + (62 * mm,)]
    table = Table([roles, spaces, names], colWidths=widths)
    table.setStyle(table_style(*[("LINEABOVE", (c, 2), (c, 2), 0.6, NAVY) for c in range(0, len(roles), 2)],
                               ("TEXTCOLOR", (0, 0), (-1, -1), GREY)))
    return table


def officer_name(session: Session, username: str) -> str:
    """The full name a person signs with (the users table), else the account name."""
    try:
        return users.get_user(session, username).get("full_name") or username
    except NotFound:  # an account this device has not seen (yet)
        return username


def write_receipt_pdf(session: Session, reg_id: str, path: Path | str, *, reprint: bool = False) -> dict[str, Any]:
    """Write the A4 receipt of ``reg_id`` to ``path``; recorded as a (confirmed) print job."""
    path = Path(path)
    slip = printjobs.receipt_slip(session, reg_id)
    job = printjobs.reserve_print(session, "receipt", slip["registration_id"], slip["registration_id"],
                                  f"pdf:{path.name}", reprint)
    head = Letterhead(slip["site_name"], slip["site_code"], "Tanda terima", slip["registration_id"],
                      printed_at=_now_text(session))
    try:
        build_document(path, receipt_story(slip, reprint=job["reprint"],
                                           officer=officer_name(session, slip["officer"])), head)
    except OSError as exc:
        printjobs.fail_print(session, job["id"], f"PDF {path} tidak bisa ditulis: {exc.strerror}")
        raise
    job = printjobs.confirm_print(session, job["id"])
    return {"registration_id": slip["registration_id"], "pdf": str(path), "job_id": job["id"],
            "reprint": job["reprint"]}


def _now_text(session: Session) -> str:
    from counter_app.formatting import tanggal_jam

    return tanggal_jam(session.now())
