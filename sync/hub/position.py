"""The citizen's page behind the ticket's QR, served by the hub on the mall's Wi-Fi: the
ticket's place in the queue and the current calls. Nothing personal: numbers and counters."""

from __future__ import annotations

from html import escape

from counter_app import queue
from counter_app.errors import NotFound
from counter_app.formatting import loket, tanggal
from counter_app.session import Session
from counter_app.site import site_info

STATUS = {
    "waiting": "menunggu dipanggil", "called": "sedang dipanggil", "finished": "selesai dilayani",
    "skipped": "dilewati: hubungi petugas", "noshow": "tidak hadir saat dipanggil: hubungi petugas",
    "cancelled": "dibatalkan",
}


def render_position(session: Session, ticket_id: str) -> str:
    info = site_info(session)
    try:
        ticket = queue.get_ticket(session, (ticket_id or "")[:64])
    except NotFound:
        body = "<p class=big>Tiket tidak ditemukan untuk hari ini.</p>"
    else:
        ahead = queue.waiting_before(session, ticket) if ticket.status == "waiting" else None
        line = (f"<p class=big>{ahead} antrean di depan Anda</p>" if ahead is not None else
                f"<p class=big>{escape(STATUS.get(ticket.status, ticket.status))}"
                + (f" di {escape(loket(ticket.counter))}" if ticket.status == "called" and ticket.counter else "")
                + "</p>")
        body = f"<h1>{escape(ticket.number)}</h1><p>{escape(ticket.service_code)}</p>{line}"
    calls = queue.last_calls(session, 8)
    rows = "".join(f"<tr><td>{escape(c['number'])}</td><td>{escape(loket(c['counter']))}</td></tr>"
                   for c in calls) or "<tr><td colspan=2>belum ada panggilan</td></tr>"
    return f"""<!doctype html><html lang=id><head><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1"><meta http-equiv=refresh content=10>
<title>Antrean {escape(info.name)}</title>
<style>body{{font-family:sans-serif;margin:1.2em;max-width:30em}}h1{{font-size:3.2em;margin:.2em 0}}
.big{{font-size:1.5em}}table{{border-collapse:collapse;width:100%}}td{{border-bottom:1px solid #ccc;padding:.4em}}</style>
</head><body><p>{escape(info.name)} · {escape(tanggal(session.today().isoformat()))}</p>{body}
<h2>Panggilan terakhir</h2><table>{rows}</table>
<p><small>Halaman ini diperbarui sendiri setiap 10 detik.</small></p></body></html>"""
