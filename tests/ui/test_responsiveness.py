"""The window keeps handling events while a slow operation runs in the worker: a print to a
printer that never answers, and a sync with a portal that answers late and wrongly."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PySide6.QtCore import QTimer

from counter_app import syncstate
from counter_app.actors import Actor
from counter_app.site import set_setting
from ui.context import AppContext
from ui.pages.counter import CounterPage
from ui.pages.settings import SettingsPage


@pytest.fixture
def ctx(session, qtbot):
    context = AppContext(session.store.path, Actor("rina", "frontliner"))
    yield context
    context.close()


class Ticker:
    """A 20 ms timer on the GUI thread that notes what the screen showed at each tick."""

    def __init__(self, read):
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(lambda: self.seen.append(read()))
        self.timer.start(20)


@pytest.fixture
def silent_printer():
    """A loopback 'printer' whose accept backlog is full: a new connection just hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    filler = socket.create_connection(server.getsockname())
    yield server.getsockname()[1]
    filler.close()
    server.close()


def test_issuing_a_ticket_stays_responsive_while_the_printer_hangs(qtbot, ctx, session, silent_printer):
    set_setting(session, "printer@K1", f"net:127.0.0.1:{silent_printer}")
    set_setting(session, "print_timeout_seconds", 2)
    page = CounterPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.walk_in_service.setCurrentIndex(page.walk_in_service.findData("DUK-KTP"))
    ticker = Ticker(page.banner.text)
    started = time.monotonic()
    page.issue_button.click()
    # The ticket is in the queue as soon as its worker reports; the print is still under way.
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert page.model.rowCount() == 1
    assert page.banner.text().endswith("Mencetak…")
    qtbot.waitUntil(lambda: page.banner.kind == "warn", timeout=20000)
    elapsed = time.monotonic() - started
    printing = [text for text in ticker.seen if text.endswith("Mencetak…")]
    # The event loop kept ticking all through the print (≥ 2 s of waiting on the printer).
    assert elapsed >= 2
    assert len(printing) >= 20
    assert "Tiket A-001 gagal dicetak" in page.banner.text()
    ticker.timer.stop()


class LatePage(BaseHTTPRequestHandler):
    """A captive-portal style answer: slow, 200, and HTML instead of the sync protocol."""

    delay = 1.5

    def do_GET(self):  # noqa: N802 (http.server API)
        time.sleep(self.delay)
        body = b"<html><body>Login Wi-Fi</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def late_portal():
    server = ThreadingHTTPServer(("127.0.0.1", 0), LatePage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_settings_stay_responsive_while_a_sync_waits_on_the_portal(qtbot, ctx, session, late_portal):
    ctx.set_actor(Actor("admin", "admin"))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.portal_url.setText(late_portal)
    page.portal_token.setText("token-perangkat")
    page.save_portal()
    assert syncstate.state(session)["portal_url"] == late_portal
    ticker = Ticker(page.banner.text)
    page.sync_button.click()
    assert not page.sync_button.isEnabled()
    qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=20000)
    waiting = [text for text in ticker.seen if text == "Sinkronisasi berjalan…"]
    assert len(waiting) >= 20  # ≥ 1.5 s of portal delay, ticking every 20 ms
    assert page.banner.text().startswith("Sinkronisasi gagal: jawaban 200 bukan dari portal Loket")
    assert syncstate.status(session)["last_error"]
    ticker.timer.stop()
