"""The desktop app as a member of a real site hub: ``loket hub serve`` in its own process on a
free loopback port, on a hub database of the same site; the app (offscreen, logged in) on a
member database joined with an enrolled token; a second member acting through the CLI.

A ticket issued elsewhere appears on the counter console without a click; F2 calls through
the hub without ever freezing the window; a frozen or killed hub turns the status bar to
*Mode mandiri* within seconds while F2 goes on locally under the lease rule; the restarted
hub brings the status back and every device ends with the same projections."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication

from counter_app import catalog, hub, queue, users
from counter_app.actors import Actor
from counter_app.digest import projection_digest
from counter_app.session import Session
from counter_app.site import init_site
from sync.hub import client
from ui.app import AppController, install_translators
from ui.context import AppContext

SITE = "MPP-TEST"
CLI = [sys.executable, "-c", "from counter_app.cli import main; main()"]
CONNECTED = "Hub: terhubung"
STANDALONE = "Mode mandiri: hub tidak menjawab"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_device(path: Path, code: str, series: int, demo: bool = False) -> Path:
    s = Session.open(path)
    try:
        init_site(s, site_code=SITE, site_name="MPP Uji Coba", device_code=code, series=series)
        if demo:
            catalog.import_services(s, catalog.demo_catalog_rows())
    finally:
        s.close()
    return path


def loket_json(db: Path, *args: str):
    run = subprocess.run([*CLI, "--db", str(db), *args, "--json"], capture_output=True, text=True,
                         timeout=120, env=dict(os.environ))
    assert run.returncode == 0, f"loket {' '.join(args)}: {run.stdout}\n{run.stderr}"
    return json.loads(run.stdout)


class HubProcess:
    """``loket hub serve`` on 127.0.0.1; restartable on the same port (members keep its URL)."""

    def __init__(self, db: Path):
        self.db, self.port = db, free_port()
        self.proc: subprocess.Popen | None = None
        self.log = db.with_suffix(".hub.log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, user: str | None = None, password: str = "") -> HubProcess:
        """``user``: once the site has staff accounts (they reached the hub from a member),
        the CLI serves only for a signed-in officer."""
        login = ["--user", user] if user else []
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [*CLI, "--db", str(self.db), *login, "hub", "serve", "--host", "127.0.0.1",
                 "--port", str(self.port), "--no-announce"], stdout=out, stderr=out,
                env={**os.environ, "LOKET_PASSWORD": password}, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"hub exited:\n{self.log.read_text()}"
            try:
                if requests.get(self.url + "/v1/health", timeout=0.5).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise AssertionError(f"hub did not answer:\n{self.log.read_text()}")

    def signal(self, sig: int) -> None:
        os.kill(self.proc.pid, sig)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(10)


class Hall:
    def __init__(self, tmp: Path):
        self.hub_db = make_device(tmp / "hub.sqlite3", "HUB", 1, demo=True)
        self.k1 = make_device(tmp / "k1.sqlite3", "K1", 2)
        self.k2 = make_device(tmp / "k2.sqlite3", "K2", 3)
        with Session.open(self.hub_db) as s:
            self.tokens = {name: hub.enrol(s, name)["token"] for name in ("K1", "K2")}
        self.hub = HubProcess(self.hub_db).start()
        for name, db in (("K1", self.k1), ("K2", self.k2)):
            with Session.open(db) as s:
                client.join(s, self.hub.url, self.tokens[name])
        with Session.open(self.k1) as s:
            users.create_first_admin(s, "admin", "rahasia-admin")
            users.create_user(s.as_actor(Actor("admin", "admin")), "rina", "rahasia-rina", "frontliner")

    def issue(self, service: str) -> str:
        """A ticket issued by the other member, through the hub (the CLI)."""
        return loket_json(self.k2, "ticket", "issue", "--service", service)["ticket"]

    def tickets(self, db: Path) -> dict[str, dict]:
        with Session.open(db) as s:
            return {t["ticket"]: t for t in queue.list_queue(s)}


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


@pytest.fixture
def hall(tmp_path, fixed_now):
    made = Hall(tmp_path)
    yield made
    made.hub.kill()


@pytest.fixture
def console(qtbot, hall):
    """The app on the first member, rina logged in, its counter console shown."""
    ctx = AppContext(hall.k1)
    ctx.set_pref("counter/name", "Loket 1")
    ctx.set_pref("counter/services", ["DUK-KTP", "DUK-KK"])
    ctl = AppController(ctx, QApplication.instance())
    ctl.start()
    ctl.login.username.setText("rina")
    ctl.login.password.setText("rahasia-rina")
    ctl.login.login_button.click()
    qtbot.waitUntil(lambda: ctl.window is not None and ctl.window.isVisible(), timeout=10000)
    assert ctl.window.current_key() == "counter"
    qtbot.waitUntil(lambda: ctl.window.hub_status.text() == CONNECTED, timeout=10000)
    yield ctl
    app = QApplication.instance()
    ctl.quit()
    app.removeEventFilter(ctl.idle)
    for widget in (ctl.window, ctl.login, ctl.wizard):
        if widget is not None:
            widget.close()
            widget.deleteLater()
    ctx.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    install_translators(app, "id")


def numbers(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def press(qtbot, page, key) -> None:
    qtbot.keyClick(page, key)
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)


def test_a_ticket_issued_at_another_member_appears_on_the_console_without_a_click(qtbot, hall, console):
    window = console.window
    page = window.page("counter")
    assert numbers(page) == []
    assert window.hub_status.styleSheet().startswith("color: #1e6b34")  # green
    # bookkeeping by another connection (the stream's last contact, say) wakes no page:
    # only new events do
    runner = console.hub
    with Session.open(hall.k1) as s, Session.open(hall.hub_db) as h:
        def caught_up() -> bool:  # every event of the hall is here, and ours are at the hub
            top = h.store.scalar("SELECT max(seq) FROM events")
            return hub.state(s)["cursor"] == top and hub.pending_count(s) == 0

        qtbot.waitUntil(caught_up, timeout=10000)
        runner.poll_data_version()
        before = runner._version
        told: list[str] = []
        console.ctx.changed.connect(told.append)
        hub.mark_contact(s, error="uji")  # a real change of hub_state, no event
        assert runner.poll_data_version() is False
        assert runner._version != before  # the commit was seen, and woke nobody
        assert told == []
    number = hall.issue("DUK-KK")
    assert number == "B-1001"  # the hub decided it, from the hub's own series
    # hub -> stream -> this PC's file -> data_version -> the page's refresh: nobody clicks
    qtbot.waitUntil(lambda: numbers(page) == ["B-1001"], timeout=5000)
    assert page.waiting_label.text() == "Antrean menunggu: 1"
    assert "queue" in told
    number = hall.issue("DUK-KTP")
    qtbot.waitUntil(lambda: numbers(page) == ["A-1001", "B-1001"], timeout=5000)


def test_f2_calls_through_the_hub_and_a_frozen_hub_never_freezes_the_window(qtbot, hall, console):
    window = console.window
    page = window.page("counter")
    hall.issue("DUK-KTP")
    qtbot.waitUntil(lambda: numbers(page) == ["A-1001"], timeout=5000)
    press(qtbot, page, Qt.Key.Key_F2)
    assert page.banner.text() == "Memanggil A-1001 ke Loket 1"
    at_hub = hall.tickets(hall.hub_db)["A-1001"]
    assert (at_hub["status"], at_hub["counter"]) == ("called", "Loket 1")  # the hub decided the call
    with Session.open(hall.hub_db) as s:
        leases = {code: row["counter"] for code, row in hub.leases(s).items()}
    assert leases == {"DUK-KTP": "Loket 1", "DUK-KK": "Loket 1"}  # this counter's, for mode mandiri
    # the hub freezes (a hung PC): the recall waits on it in a worker, never on the window
    hall.hub.signal(signal.SIGSTOP)
    try:
        qtbot.keyClick(page, Qt.Key.Key_F3)
        assert page.busy
        seen: list[bool] = []
        QTimer.singleShot(50, lambda: seen.append(page.busy))
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        assert seen == [True]  # the event loop ran while the operation was still waiting
        qtbot.waitUntil(lambda: not page.busy, timeout=10000)
        assert page.banner.text() == "Mode mandiri (hub tidak menjawab): Memanggil ulang A-1001"
        assert page.banner.kind == "warn" and "tidak terjangkau" in page.banner.toolTip()
        assert window.hub_status.text() == STANDALONE  # told at once, not after the stream's timeout
        assert window.hub_status.styleSheet().startswith("color: #b00020")  # red
    finally:
        hall.hub.signal(signal.SIGCONT)
    # the hub thaws: its stream speaks again and the recall made alone reaches it
    qtbot.waitUntil(lambda: window.hub_status.text() == CONNECTED, timeout=10000)
    with Session.open(hall.k1) as s:
        qtbot.waitUntil(lambda: hub.pending_count(s) == 0, timeout=10000)
    assert hall.tickets(hall.hub_db)["A-1001"]["call_count"] >= 2


def test_a_silent_hub_is_mode_mandiri_within_seconds_without_a_click(qtbot, hall, console):
    """A hung hub PC or a pulled cable sends no FIN: the stream just goes quiet. The bar says
    so after a few silent seconds (the watchdog), long before the stream's read timeout."""
    window = console.window
    hall.hub.signal(signal.SIGSTOP)
    try:
        qtbot.waitUntil(lambda: window.hub_status.text() == STANDALONE, timeout=10000)
        assert window.hub_status.toolTip() == "hub tidak mengirim apa pun selama 6 detik"
    finally:
        hall.hub.signal(signal.SIGCONT)
    qtbot.waitUntil(lambda: window.hub_status.text() == CONNECTED, timeout=10000)


def test_a_killed_hub_means_mode_mandiri_under_the_lease_rule_and_all_merges_when_it_is_back(
        qtbot, hall, console):
    window = console.window
    page = window.page("counter")
    runner = console.hub
    # the other member's counter serves DUK-KK through the hub first: it holds that lease
    hall.issue("DUK-KK")
    called = loket_json(hall.k2, "queue", "call", "--counter", "Loket 9", "--service", "DUK-KK")
    assert called["ticket"] == "B-1001"
    hall.issue("DUK-KTP")
    qtbot.waitUntil(lambda: numbers(page) == ["A-1001", "B-1001"], timeout=5000)
    press(qtbot, page, Qt.Key.Key_F2)  # through the hub: this PC gets the free lease, DUK-KTP
    press(qtbot, page, Qt.Key.Key_F7)
    assert page.banner.text() == "A-1001 selesai dilayani"
    hall.issue("DUK-KK")    # B-1002: its lease is the other counter's
    hall.issue("DUK-KTP")   # A-1002: this counter's lease
    qtbot.waitUntil(lambda: numbers(page) == ["A-1002", "B-1001", "B-1002"], timeout=5000)
    assert runner.stale_reason() is None

    hall.hub.kill()
    qtbot.waitUntil(lambda: window.hub_status.text() == STANDALONE, timeout=5000)  # no click needed
    assert window.hub_status.toolTip()
    assert runner.stale_reason() is not None  # the hall display's stale mark
    press(qtbot, page, Qt.Key.Key_F2)
    # B-1002 waited longer, but only the lease holder may call it while the hub is away
    assert page.banner.text() == "Mode mandiri (hub tidak menjawab): Memanggil A-1002 ke Loket 1"
    assert hall.tickets(hall.k1)["A-1002"]["status"] == "called"
    assert hall.tickets(hall.k1)["B-1002"]["status"] == "waiting"
    press(qtbot, page, Qt.Key.Key_F7)
    press(qtbot, page, Qt.Key.Key_F2)
    assert page.banner.text().startswith("Mode mandiri (hub tidak menjawab): Tidak ada antrean yang boleh")
    assert hall.tickets(hall.hub_db)["A-1002"]["status"] == "waiting"  # the hub does not know yet

    hall.hub.start("admin", "rahasia-admin")  # the same file, the same port
    qtbot.waitUntil(lambda: window.hub_status.text() == CONNECTED, timeout=20000)
    qtbot.waitUntil(lambda: hall.tickets(hall.hub_db)["A-1002"]["status"] == "finished", timeout=10000)
    for db in (hall.k1, hall.k2):
        with Session.open(db) as s:
            client.sync(s)
    digests = {}
    for db in (hall.hub_db, hall.k1, hall.k2):
        with Session.open(db) as s:
            digests[db.name] = projection_digest(s)["digest"]
    assert len(set(digests.values())) == 1, digests
    at_hub = hall.tickets(hall.hub_db)
    assert {n: t["status"] for n, t in at_hub.items()} == {
        "A-1001": "finished", "A-1002": "finished", "B-1001": "called", "B-1002": "waiting"}


@pytest.fixture
def settings_on_k3(qtbot, hall, tmp_path):
    """The admin's settings page on a third PC of the site that has not joined the hub yet."""
    k3 = make_device(tmp_path / "k3.sqlite3", "K3", 4)
    with Session.open(k3) as s:
        users.create_first_admin(s, "admin3", "rahasia-admin")
    with Session.open(hall.hub_db) as s:
        token = hub.enrol(s, "K3")["token"]
    ctx = AppContext(k3, Actor("admin3", "admin"))
    from ui.pages.settings import SettingsPage

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    yield page, token
    qtbot.waitUntil(lambda: page.hub_join_button.isEnabled() or page.hub_leave_button.isEnabled(),
                    timeout=10000)
    ctx.close()


def test_settings_join_names_the_field_then_joins_and_leaves(qtbot, hall, settings_on_k3, monkeypatch):
    page, token = settings_on_k3
    session = page.ctx.session
    assert page.hub_summary.text().startswith("Tidak memakai hub")
    assert not page.hub_leave_button.isEnabled()
    # 'Cari' lists this site's hubs announced on the LAN (the listening itself is
    # sync.hub.discovery's; here it answers with the hall's hub) and fills the address
    from sync.hub import discovery

    monkeypatch.setattr(discovery, "browse", lambda seconds, site=None: [
        discovery.FoundHub(site, "MPP Uji Coba", hall.hub.url, "127.0.0.1")])
    page.hub_find_button.click()
    qtbot.waitUntil(page.hub_find_button.isEnabled, timeout=10000)
    assert page.hub_found.currentText() == f"MPP Uji Coba (MPP-TEST) · {hall.hub.url}"
    assert page.hub_url.text() == hall.hub.url

    def join(url: str, tok: str) -> None:
        page.hub_url.setText(url)
        page.hub_token.setText(tok)
        page.hub_join_button.click()
        qtbot.waitUntil(page.hub_join_button.isEnabled, timeout=15000)

    join("", "")
    assert page.hub_errors["url"].text() == "alamat hub wajib diisi, mis. http://192.168.1.10:8766"
    assert page.hub_errors["token"].text() == "token perangkat dari hub wajib diisi"
    assert page.banner.kind == "error"
    join(hall.hub.url, "bukan-token")
    assert page.hub_errors["url"].text() == ""
    assert "token perangkat tidak dikenal" in page.hub_errors["token"].text()
    join(f"127.0.0.1:{free_port()}", token)  # typed without http://, and nobody listens there
    assert page.hub_errors["url"].text().startswith("hub tidak menjawab di alamat ini")
    assert hub.state(session)["role"] == "none"
    join(hall.hub.url.removeprefix("http://"), token)
    assert page.banner.text().startswith(f"Bergabung dengan hub MPP-TEST di {hall.hub.url} sebagai K3;")
    assert hub.state(session)["role"] == "member" and page.hub_token.text() == ""
    assert page.hub_summary.text().startswith(f"Hub {hall.hub.url}: belum tersambung;")
    assert page.hub_leave_button.isEnabled()
    # this PC calls once through the hub (it gets the lease), then leaves: the lease goes back
    hall.issue("DUK-AKL")
    # (the officer at the counter calls: an admin joins the PC to the hub but does not serve)
    with Session.open(session.store.path, Actor("rina3", "frontliner")) as s:
        assert client.act(s, "call", {"counter": "Loket 3", "services": ["DUK-AKL"]})["ticket"] == "C-1001"
    with Session.open(hall.hub_db) as s:
        assert "DUK-AKL" in hub.leases(s)
    page.hub_leave_button.click()
    qtbot.waitUntil(lambda: page.banner.text().startswith("Hub dilepas"), timeout=10000)
    assert page.banner.text() == "Hub dilepas; sewa layanan dikembalikan: DUK-AKL."
    assert hub.state(session)["role"] == "none"
    with Session.open(hall.hub_db) as s:
        assert "DUK-AKL" not in hub.leases(s)


def test_the_hub_texts_are_english_in_the_english_app(qtbot, hall, console):
    app = QApplication.instance()
    window = console.window
    assert install_translators(app, "en")
    window.show_hub()
    assert window.hub_status.text() == "Hub: connected"
    hall.hub.kill()
    qtbot.waitUntil(lambda: window.hub_status.text() == "Standalone mode: the hub does not answer",
                    timeout=5000)


def test_a_display_pc_follows_the_hub_without_a_login_and_marks_its_data_stale(qtbot, hall):
    """What a hall TV runs (ui.hall_display.HallDeviceMode): a HubRunner with no officer
    logged in, and the display's ``stale_reason`` hook, None while the stream is live."""
    from ui import hub_bridge

    ctx = AppContext(hall.k1, Actor("hall-display", "frontliner"))
    try:
        runner = ctx.hub_runner = hub_bridge.HubRunner(ctx)
        assert runner.start()
        stale = hub_bridge.stale_reason_for(ctx)
        qtbot.waitUntil(lambda: runner.mode == "connected", timeout=10000)
        assert stale() is None
        told: list[str] = []
        ctx.changed.connect(told.append)
        hall.issue("DUK-KTP")
        qtbot.waitUntil(lambda: "queue" in told, timeout=5000)  # a display redraws from this
        hall.hub.kill()
        qtbot.waitUntil(lambda: stale() is not None, timeout=5000)
        assert stale() == hub.state(ctx.session)["last_contact"]  # "Data belum diperbarui sejak …"
    finally:
        ctx.close()
    assert runner.loop is None  # ctx.close() stopped it


def test_the_status_bar_says_nothing_without_a_hub_and_hub_lokasi_ini_on_the_hub_pc(qtbot, session):
    from ui.main_window import MainWindow

    ctx = AppContext(session.store.path, Actor("sari", "supervisor"))
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        assert window.hub_status.isHidden()  # role none: the bar is as it always was
        hub.set_role(session, "hub")
        window.refresh_status()
        qtbot.waitUntil(lambda: not window.status_loading, timeout=5000)  # read in a worker
        assert window.hub_status.isVisible() and window.hub_status.text() == "Hub lokasi ini"
        window.close()
    finally:
        ctx.close()


def test_log_out_and_quit_give_this_counters_leases_back(qtbot, hall, console):
    page = console.window.page("counter")

    def leases() -> dict[str, str]:
        with Session.open(hall.hub_db) as s:
            return {code: row["counter"] for code, row in hub.leases(s).items()}

    hall.issue("DUK-KTP")
    hall.issue("DUK-KTP")
    qtbot.waitUntil(lambda: len(numbers(page)) == 2, timeout=5000)
    press(qtbot, page, Qt.Key.Key_F2)
    assert leases() == {"DUK-KTP": "Loket 1", "DUK-KK": "Loket 1"}
    press(qtbot, page, Qt.Key.Key_F7)
    console.window.logout_requested.emit()
    assert not console.hub.running and console.hub.mode == "none"
    qtbot.waitUntil(lambda: leases() == {}, timeout=10000)  # another counter may take them now
    console.login.username.setText("rina")
    console.login.password.setText("rahasia-rina")
    console.login.login_button.click()
    qtbot.waitUntil(lambda: console.window.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: console.window.hub_status.text() == CONNECTED, timeout=10000)
    page = console.window.page("counter")  # the next shift starts with fresh pages
    page.buttons["call"].click()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert page.banner.text() == "Memanggil A-1002 ke Loket 1"
    assert leases() == {"DUK-KTP": "Loket 1", "DUK-KK": "Loket 1"}
    console.quit()  # closing the app
    assert leases() == {}
