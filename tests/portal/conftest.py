"""Fixtures for portal tests: the real portal in a subprocess, real counters, a fault proxy.

The portal runs as ``python -m sync.portal serve`` on a free loopback port, on SQLite or,
when ``LOKET_TEST_PG_URL`` is set, also on PostgreSQL (a fresh schema per portal). Counters
are separate SQLite files driven through the core and the real sync client over HTTP.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import requests

from counter_app.catalog import demo_catalog_rows
from counter_app.session import Session
from counter_app.site import init_site
from sync.client import RetryPolicy, run_sync
from sync.portal import content, service
from sync.portal.db import Database

MONDAY = "2026-03-16T08:00:00+07:00"  # the same fixed day as the counters (tests/conftest.py)
ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("LOKET_TEST_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not PG_URL, reason="LOKET_TEST_PG_URL not set: PostgreSQL portal tests need a server (.ci/run starts one)"))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_schema_url(base: str) -> str:
    """A fresh schema on the test server, named in the URL's search_path."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


class Portal:
    """The real portal server process plus direct access to its database for admin and checks."""

    def __init__(self, backend: str, tmp: Path):
        self.backend = backend
        self.url_arg = (["--database-url", pg_schema_url(PG_URL)] if backend == "postgres"
                        else ["--db", str(tmp / "portal.sqlite3")])
        self.db = Database(self.url_arg[1])
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.log = tmp / f"portal-{uuid.uuid4().hex[:6]}.log"

    scheme = "http"
    host = "127.0.0.1"
    verify: bool | str = True

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self, *serve_args: str, **env: str) -> Portal:
        """Serve on a free port; ``serve_args`` go to ``serve`` (e.g. the TLS options, then set
        ``scheme``, ``host`` and ``verify`` to reach it)."""
        self.port = free_port()
        full_env = {**os.environ, "LOKET_NOW": MONDAY, **env, "PYTHONPATH": str(ROOT)}
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync.portal", *self.url_arg, "serve", "--port", str(self.port), *serve_args],
                cwd=ROOT, env=full_env, stdout=log, stderr=log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"portal exited: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/api/v1/health", timeout=1, verify=self.verify).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("portal did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "sync.portal", *self.url_arg, *args], cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"loket-portal {args} failed: {result.stderr}")
        return result

    def event_ids(self, site: str | None = None) -> list[str]:
        with self.db.read() as tx:
            if site:
                return [r["id"] for r in tx.all("SELECT id FROM events WHERE site_code = ? ORDER BY seq", (site,))]
            return [r["id"] for r in tx.all("SELECT id FROM events ORDER BY seq")]

    def new_site(self, name: str = "MPP Uji") -> str:
        code = f"S{uuid.uuid4().hex[:6].upper()}"
        service.add_site(self.db, code, name)
        return code

    def enrol(self, site: str, device: str) -> dict:
        return service.enrol_device(self.db, site, device)


@pytest.fixture(params=BACKENDS, scope="module")
def portal(request, tmp_path_factory):
    p = Portal(request.param, tmp_path_factory.mktemp("portal")).start()
    yield p
    p.stop()
    p.db.close()


class Counter:
    """One counter PC: its own database file, enrolled on a site of the portal."""

    def __init__(self, path: Path, site: str, device_code: str, series: int, token: str, portal_url: str):
        self.path = path
        self.session = Session.open(path)
        init_site(self.session, site_code=site, site_name="MPP Uji", device_code=device_code, series=series)
        self.token, self.portal_url = token, portal_url
        self.sleeps: list[float] = []

    def policy(self, attempts: int = 4) -> RetryPolicy:
        return RetryPolicy(attempts=attempts, base_s=0.01, cap_s=0.05, sleep=self._sleep)

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        time.sleep(min(seconds, 0.05))

    def sync(self, url: str | None = None, token: str | None = None, attempts: int = 4, **kw) -> dict:
        return run_sync(self.session, portal=url or self.portal_url, token=token or self.token,
                        policy=self.policy(attempts), **kw)

    def event_ids(self) -> set[str]:
        return {r[0] for r in self.session.store.query("SELECT id FROM events")}

    def own_event_ids(self) -> set[str]:
        return {r[0] for r in self.session.store.query(
            "SELECT id FROM events WHERE device_id = (SELECT device_id FROM device)")}

    def acked(self) -> set[str]:
        return {r[0] for r in self.session.store.query("SELECT event_id FROM event_acks")}

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def site(portal, tmp_path, fixed_now):
    """A new site on the portal with the demo catalogue."""
    code = portal.new_site()
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(portal.db, catalog, code)
    return code


@pytest.fixture
def make_counter(tmp_path, fixed_now):
    made: list[Counter] = []

    def make(portal: Portal, site: str, device_code: str, url: str | None = None) -> Counter:
        enrolment = portal.enrol(site, device_code)
        counter = Counter(tmp_path / f"{device_code}-{uuid.uuid4().hex[:4]}.sqlite3", site, device_code,
                          enrolment["series"], enrolment["token"], url or portal.url)
        made.append(counter)
        return counter

    yield make
    for c in made:
        c.close()


class FaultProxy(ThreadingHTTPServer):
    """A loopback HTTP proxy in front of the portal that misbehaves on a plan.

    ``plan(path_part, *actions)`` queues actions for matching requests, in order: "pass",
    "drop" (forward, let the portal commit, then cut the connection: response lost),
    "dup" (forward twice), "captive" (a 200 HTML login page), "503:N"/"500"/"413" (that
    status, with ``Retry-After: N`` if given), "lose:N" (a pull page with N of its events
    taken out, the rest of the answer as the portal gave it). Every push body is recorded for
    later replay.
    """

    daemon_threads = True

    def __init__(self, upstream_port: int):
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream_port = upstream_port
        self.plans: list[tuple[str, deque]] = []
        self.pushes: list[tuple[dict, bytes]] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def plan(self, path_part: str, *actions: str) -> None:
        with self.lock:
            self.plans.append((path_part, deque(actions)))

    def next_action(self, path: str) -> str:
        with self.lock:
            for part, actions in self.plans:
                if part in path and actions:
                    return actions.popleft()
        return "pass"

    def forward(self, method: str, path: str, headers: dict, body: bytes) -> tuple[int, list, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()

    def replay_pushes(self, reverse: bool = True) -> list[int]:
        """Send every recorded push again (a network delivering stale copies out of order)."""
        items = list(reversed(self.pushes)) if reverse else list(self.pushes)
        return [self.forward("POST", "/api/v1/sync/push", h, b)[0] for h, b in items]

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        server: FaultProxy = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        if self.path.startswith("/api/v1/sync/push"):
            server.pushes.append((headers, body))
        action = server.next_action(self.path)
        if action == "captive":
            page = b"<html><body><h1>Login Wi-Fi Gratis</h1><form>...</form></body></html>"
            return self._reply(200, [("Content-Type", "text/html")], page)
        if action[:3] in ("413", "500", "503"):
            code, _, after = action.partition(":")
            extra = [("Retry-After", after)] if after else []
            return self._reply(int(code), [("Content-Type", "text/plain"), *extra], b"busy")
        status, resp_headers, data = server.forward(self.command, self.path, headers, body)
        if action == "dup":
            status, resp_headers, data = server.forward(self.command, self.path, headers, body)
        if action.startswith("lose:") and status == 200:
            page = json.loads(data)
            n = int(action.partition(":")[2])
            page["events"] = page["events"][:1] + page["events"][1 + n:]  # a hop hiding events
            data = json.dumps(page).encode()
        if action == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        keep = [(k, v) for k, v in resp_headers if k.lower() not in ("content-length", "connection", "transfer-encoding")]
        self._reply(status, keep, data)

    def _reply(self, status: int, headers: list, data: bytes) -> None:
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def proxy(portal):
    p = FaultProxy(portal.port)
    yield p
    p.close()
