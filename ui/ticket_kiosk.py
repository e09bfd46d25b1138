"""The self-service ticket kiosk at the hall's entrance: a touch screen, no officer at it.

Choose the gerai, then the service, answer one plain question about priority, and the
ticket is issued and printed on the kiosk's ESC/POS printer; the number stays large on the
screen (longer when the printer failed, which it says). An online booking is checked in by
its code, typed on the on-screen keyboard or read by a keyboard-wedge QR scanner (which
types the code and Enter into whatever has focus, on any screen). Indonesian, with English
one tap away; back to the start after a spell without a touch.

Every rule is the core's: the ticket comes from :func:`issue` (one small seam, so the site
hub can take it over), the check-in from ``counter_app.bookings.checkin``, printing from
:mod:`ui.printing_bridge`; all of it runs in a worker (:func:`ui.worker.run_in_background`).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from counter_app import bookings, catalog, queue, service_hours
from counter_app.actors import Actor
from counter_app.errors import NotFound, StateError
from counter_app.formatting import tanggal_jam
from counter_app.site import site_info

from . import printing_bridge
from .call_display_parts import fit_size
from .kiosk_parts import leaves_kiosk
from .ticket_kiosk_parts import SCREENS, KioskScreens, TouchTile, kiosk_stylesheet
from .worker import run_in_background

log = logging.getLogger(__name__)

KIOSK_ACTOR = Actor("kiosk", "frontliner")  # the least a public screen needs; never an admin
IDLE_MS = 60_000        # back to the start after this long without a touch
TICKET_MS = 15_000      # the number stays this long after the ticket printed
PRINT_FAILED_MS = 60_000  # and this long when it did not: the person must note it
HOURS_MS = 15_000       # how often the service tiles look at the service hours again


# ------------------------------------------------------------------ core calls (worker thread)
def issue(session, service: str, priority: str | None) -> dict[str, Any]:
    """Issue a ticket: through the site hub when this kiosk joined one (the hall's own short
    numbers), on this kiosk in mode mandiri (its own series) when the hub does not answer."""
    from sync.hub.client import act

    return act(session, "issue", {"service": service, "priority": priority})


def find_booking(session, code: str) -> dict[str, str]:
    """The booking's code and service, nothing personal (the screen faces the hall)."""
    booking = bookings.get_booking(session, code)
    return {"code": booking["code"], "service": booking["service_code"]}


def issue_for(session, service: str, priority: str | None, booking_code: str | None = None) -> dict[str, Any]:
    """A ticket, and for a booking its check-in linked to that ticket, in one transaction:
    a check-in the core refuses leaves no ticket behind."""
    if booking_code is None:
        return issue(session, service, priority)
    booking = bookings.get_booking(session, booking_code)  # refused here: no ticket is made
    if booking["registration_id"]:
        from counter_app.errors import StateError

        raise StateError(f"kode {booking['code']} sudah didaftarkan di loket: {booking['registration_id']}")
    ticket = issue(session, service, priority)
    bookings.checkin(session, booking_code, ticket=ticket["ticket"])
    return {**ticket, "booking_code": booking_code}


class TicketKioskView(KioskScreens, QWidget):
    """The kiosk flow. ``issued`` carries the ticket dict, ``printed`` whether it printed."""

    issued = Signal(object)
    printed = Signal(bool)

    def __init__(self, ctx, idle_ms: int = IDLE_MS, ticket_ms: int = TICKET_MS,
                 print_failed_ms: int = PRINT_FAILED_MS, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_ms, self.print_failed_ms = ticket_ms, print_failed_ms
        self.services: list[catalog.Service] = []
        self.gerai_names: list[str] = []
        self.gerai: str | None = None
        self.service: catalog.Service | None = None
        self.booking: dict[str, str] | None = None
        self.ticket: dict[str, Any] | None = None
        self.print_ok: bool | None = None
        self.busy = False
        self.portrait = False
        self.unit = 7.68  # a hundredth of the shorter side, set on every resize
        self.content: QWidget | None = None
        self.setObjectName("ticketKiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.idle = QTimer(self, singleShot=True, interval=idle_ms, timeout=self.reset)
        self.done_timer = QTimer(self, singleShot=True, timeout=self.reset)
        self.clock_timer = QTimer(self, interval=10_000, timeout=self._tick)
        self.service_tiles: list[TouchTile] = []
        # a break or the cut-off starts while the service screen is up: its tiles follow
        self.hours_timer = QTimer(self, interval=HOURS_MS, timeout=self._show_hours)
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self._build()
        self.reset()
        self.clock_timer.start()
        self.hours_timer.start()

    # ------------------------------------------------------------------ flow
    @property
    def screen(self) -> str:
        return SCREENS[self.stack.currentIndex()]

    def show_screen(self, name: str) -> None:
        self.stack.setCurrentIndex(SCREENS.index(name))
        if name == "checkin":
            self.code_field.setFocus()
        else:
            self.setFocus()
        self.touched()

    def touched(self) -> None:
        """Any touch keeps the kiosk awake; the start and the ticket screens need no idle timer."""
        if self.screen in ("welcome", "ticket", "wait"):
            self.idle.stop()
        else:
            self.idle.start()

    def reset(self) -> None:
        """Forget everything, back to Indonesian and the start (nothing half-done is kept)."""
        self.done_timer.stop()
        self.gerai = self.service = self.booking = self.ticket = None
        self.print_ok = None
        self.busy = False
        self.services = catalog.list_services(self.ctx.session)  # the catalogue may have synced
        self.gerai_names = sorted({s.gerai for s in self.services}, key=_gerai_order)
        if self.language != "id":
            self.language = "id"
            self._build()
        self.code_field.clear()
        self.checkin_error.clear()
        self.show_screen("welcome")

    def switch_language(self) -> None:
        self.language = "en" if self.language == "id" else "id"
        self._rebuild()

    def _rebuild(self) -> None:
        screen, code = self.screen, self.code_field.text()
        self._build()
        self.code_field.setText(code)
        self._render(screen)

    def _render(self, screen: str) -> None:
        """Show ``screen`` with its content for the choices made so far."""
        if screen == "gerai":
            self._show_gerai()
        elif screen == "service":
            self._show_services()
        elif screen == "priority":
            self._show_priority()
        elif screen == "ticket":
            self._show_ticket()
        else:
            self.show_screen(screen)

    def _gerai_title(self, gerai: str) -> str:
        return gerai or self.tr("Layanan lain")

    def _gerai_tile(self, gerai: str) -> str:
        """On the 'Pilih gerai' screen the word is said once: 'Gerai Samsat' is 'Samsat'."""
        short = gerai.removeprefix("Gerai ").strip()
        return short or self._gerai_title(gerai)

    def start_walk_in(self) -> None:
        self.booking = None
        if len(self.gerai_names) == 1:
            self.choose_gerai(0)
        else:
            self._show_gerai()

    def _show_gerai(self) -> None:
        tiles = []
        for name in self.gerai_names:
            count = sum(1 for s in self.services if s.gerai == name)
            tiles.append(TouchTile(self._gerai_tile(name), self.tr("%n layanan", "", count)))
        self._fill(self.gerai_area, tiles, self.choose_gerai, 2 if self.portrait else 5)
        self.show_screen("gerai")

    def choose_gerai(self, index: int) -> None:
        self.gerai = self.gerai_names[index]
        self._show_services()

    def _gerai_services(self) -> list[catalog.Service]:
        return [s for s in self.services if s.gerai == self.gerai]

    def _show_services(self) -> None:
        self.service_lead.setText(self._gerai_title(self.gerai or ""))
        self.service_tiles = [TouchTile(s.name) for s in self._gerai_services()]
        self._fill(self.service_area, self.service_tiles, self.choose_service, 1 if self.portrait else 3)
        self.show_screen("service")
        self._show_hours()

    def _show_hours(self) -> None:
        """Grey out each service that takes no ticket now, saying why and when it reopens
        (the core decides: ``service_hours.service_availability``; issuing refuses the same)."""
        if self.screen != "service":
            return
        try:
            session = self.ctx.session
            for tile, service in zip(self.service_tiles, self._gerai_services(), strict=False):
                tile.set_closed(self._closed_text(service_hours.service_availability(session, service)))
        except Exception:  # the database is closing: leave the tiles as they are
            self.hours_timer.stop()

    def _closed_text(self, found: service_hours.Availability) -> str:
        if found.open:
            return ""
        when = ""
        if found.reopens is not None:
            now = self.ctx.session.now()
            when = (service_hours.hhmm(found.reopens.time(), self.language) if found.reopens.date() == now.date()
                    else tanggal_jam(found.reopens, self.language))
        if found.reason == "break" and found.break_ is not None and found.break_.name:
            text = self.tr("Istirahat %1; buka kembali %2").replace("%1", found.break_.name)
        elif found.reason == "break":
            text = self.tr("Istirahat; buka kembali %2")
        elif found.reason == "cutoff":
            text = self.tr("Pengambilan nomor sudah ditutup; buka kembali %2")
        else:
            text = self.tr("Tutup; buka kembali %2")
        return text.replace("%2", when or self.tr("belum ada jadwal"))

    def choose_service(self, index: int) -> None:
        if not self.service_tiles[index].isEnabled():
            return  # greyed out: closed now, and the tile says why
        self.service = self._gerai_services()[index]
        self._show_priority()

    def _priority_text(self, key: str) -> str:
        texts = {"lansia": self.tr("Lansia (60 tahun ke atas)"), "disabilitas": self.tr("Penyandang disabilitas"),
                 "ibu_hamil": self.tr("Ibu hamil"), "anak": self.tr("Anak-anak, atau ibu dengan balita")}
        return texts.get(key, queue.PRIORITY_CATEGORIES[key])

    def _show_priority(self, error: str = "") -> None:
        tiles = [TouchTile(self._priority_text(key)) for key in queue.PRIORITY_CATEGORIES]
        self._fill(self.priority_area, tiles, self.choose_priority, 1 if self.portrait else 4)
        self.priority_service.setText(self.service.name if self.service else "")
        self.priority_error.setText(error)
        self.show_screen("priority")

    def choose_priority(self, index: int) -> None:
        self._issue(list(queue.PRIORITY_CATEGORIES)[index])

    def choose_regular(self) -> None:
        self._issue(None)

    def back(self) -> None:
        if self.screen == "priority" and self.booking is not None:
            self.start_checkin(self.booking["code"])
        elif self.screen == "priority":
            self._show_services()
        elif self.screen == "service" and len(self.gerai_names) > 1:
            self._show_gerai()
        else:
            self.reset()

    # ------------------------------------------------------------------ booking check-in
    def start_checkin(self, text: str = "") -> None:
        self.booking = None
        self.code_field.setText(text if isinstance(text, str) else "")
        self.checkin_error.clear()
        self.show_screen("checkin")

    def type_key(self, key: str) -> None:
        if key == "⌫":
            self.code_field.backspace()
        else:
            self.code_field.insert(key)
        self.checkin_error.clear()
        self.touched()

    def _code_edited(self, text: str) -> None:
        if text != text.upper():  # a scanner or a keyboard may type lower case
            position = self.code_field.cursorPosition()
            self.code_field.setText(text.upper())
            self.code_field.setCursorPosition(position)
        self.touched()

    def submit_code(self) -> None:
        code = self.code_field.text().strip()
        if self.busy:
            return
        if not code:
            self.checkin_error.setText(self.tr("Ketik kode pendaftaran Anda dulu."))
            return
        self.busy = True
        self.show_screen("wait")
        run_in_background(self.ctx, find_booking, code, on_done=self._booking_found, on_error=self._booking_failed)

    def _booking_found(self, booking: dict[str, str]) -> None:
        self.busy = False
        service = next((s for s in self.services if s.code == booking["service"]), None)
        if service is None:  # a service this kiosk's catalogue lacks: the core will say so
            service = catalog.Service(booking["service"], booking["service"], "", "", ())
        self.booking, self.service, self.gerai = booking, service, service.gerai
        self._show_priority()

    def _booking_failed(self, exc: Exception) -> None:
        self.busy = False
        code = self.code_field.text().strip().upper()
        log.info("check-in kiosk %s ditolak: %s", code, exc)
        self.show_screen("checkin")
        self.checkin_error.setText(self._refusal(exc, code))

    def _refusal(self, exc: Exception, code: str) -> str:
        if isinstance(exc, NotFound) and self.booking is None:
            return self.tr("Kode %1 tidak ditemukan. Periksa kembali kodenya, atau tanyakan petugas "
                           "informasi.").replace("%1", code)
        if isinstance(exc, StateError) and self.booking is not None:
            return self.tr("Kode %1 sudah dipakai untuk check-in. Silakan tanyakan petugas "
                           "informasi.").replace("%1", code)
        return self.tr("Nomor antrean tidak dapat diambil: %1").replace("%1", str(exc))

    # ------------------------------------------------------------------ the ticket
    def _issue(self, priority: str | None) -> None:
        if self.busy or self.service is None:
            return  # a second tap while the first is being served must not issue a second ticket
        self.busy = True
        self.show_screen("wait")
        run_in_background(self.ctx, issue_for, self.service.code, priority,
                          self.booking["code"] if self.booking else None,
                          on_done=self._issued, on_error=self._issue_failed)

    def _issue_failed(self, exc: Exception) -> None:
        self.busy = False
        log.warning("kiosk: tiket tidak diterbitkan: %s", exc)
        message = self._refusal(exc, self.booking["code"] if self.booking else "")
        if self.booking is not None and isinstance(exc, StateError):
            self.start_checkin(self.booking["code"])
            self.checkin_error.setText(message)
        else:
            self._show_priority(message)

    def _issued(self, ticket: dict[str, Any]) -> None:
        self.busy = False
        self.ticket = ticket
        self.print_ok = None
        self.ctx.notify("queue")
        self._show_ticket()
        self.issued.emit(ticket)
        printing_bridge.print_ticket(self.ctx, ticket, self._printed, self._print_error)

    def _show_ticket(self) -> None:
        ticket = self.ticket or {}
        self.number_label.setText(ticket.get("ticket", ""))
        self._fit_number()
        self.ticket_gerai.setText(self._gerai_title(self.service.gerai) if self.service else "")
        self.ticket_service.setText(self.service.name if self.service else "")
        if ticket.get("priority"):
            self.ticket_wait.setText(self.tr("Antrean prioritas: Anda akan didahulukan."))
        else:
            self.ticket_wait.setText(self.tr("%n orang menunggu sebelum Anda.", "", int(ticket.get("waiting_before", 0))))
        self.print_status.setProperty("failed", self.print_ok is False)
        if self.print_ok is None:
            self.print_status.setText(self.tr("Mencetak tiket…"))
        elif self.print_ok:
            self.print_status.setText(self.tr("Silakan ambil tiket Anda, lalu tunggu nomor Anda dipanggil."))
        else:
            self.print_status.setText(self.tr("Tiket tidak dapat dicetak. Ingat atau foto nomor di atas: "
                                              "nomor Anda tetap tercatat di antrean."))
        self.print_status.style().unpolish(self.print_status)
        self.print_status.style().polish(self.print_status)
        self.show_screen("ticket")

    def _printed(self, outcome: printing_bridge.PrintOutcome) -> None:
        self._print_done(outcome.ok, outcome.message)

    def _print_error(self, exc: Exception) -> None:
        self._print_done(False, str(exc))

    def _print_done(self, ok: bool, message: str) -> None:
        if self.ticket is None:
            return  # reset meanwhile
        if not ok:
            log.warning("kiosk: %s", message)
        self.print_ok = ok
        self._show_ticket()
        self.done_timer.start(self.ticket_ms if ok else self.print_failed_ms)
        self.printed.emit(ok)

    # ------------------------------------------------------------------ keys and look
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        """A keyboard-wedge scanner types the code and Enter: on any screen, the first
        character opens the check-in with it; Enter there checks the code."""
        text = event.text()
        if self.screen == "checkin" and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit_code()
        elif text and (text.isalnum() or text == "-") and self.screen not in ("wait", "ticket"):
            if self.screen != "checkin":
                self.start_checkin()
            self.code_field.insert(text.upper())
            self.touched()
        elif self.screen == "checkin" and event.key() == Qt.Key.Key_Backspace:
            self.type_key("⌫")
        else:
            super().keyPressEvent(event)

    def _tick(self) -> None:
        try:
            session = self.ctx.session
            self.site_label.setText(site_info(session).name)
            self.clock_label.setText(tanggal_jam(session.now(), self.language))
        except Exception:  # the database is closing: the clock may stop
            self.clock_timer.stop()

    def _fit_number(self) -> None:
        """The number as large as the screen allows: a fifth of the height, within the width."""
        fit_size(self.number_label, min(self.height() * 0.2, self.unit * 30), self.width() * 0.85)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        unit = min(self.width(), self.height()) / 100
        self.setStyleSheet(kiosk_stylesheet(unit, portrait))
        if portrait != self.portrait or abs(unit - self.unit) > 0.5:
            self.portrait, self.unit = portrait, unit
            self._rebuild()
        self._fit_number()


def _gerai_order(name: str) -> tuple[bool, str]:
    """Alphabetical by the agency's name ("Gerai Samsat" under S); unnamed gerai last."""
    return (not name, name.lower().removeprefix("gerai ").strip())


class TicketKioskWindow(QWidget):
    """The kiosk full screen; only Ctrl+Shift+Q leaves it."""

    def __init__(self, ctx, parent: QWidget | None = None, **options):
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.view = TicketKioskView(ctx, **options)
        # "Kiosk Antrean", "Ticket kiosk": the title is in the visitor's language too
        self.setWindowTitle(self.view.windowTitle())
        self.view.windowTitleChanged.connect(self.setWindowTitle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if leaves_kiosk(event):
            self.close()
