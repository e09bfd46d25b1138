"""Building blocks of the hub tests: one site's databases, the hub server process, the CLI."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from counter_app import catalog, hub
from counter_app.session import Session
from counter_app.site import init_site

SITE = "MPP-HUB"
CLI = [sys.executable, "-c", "from counter_app.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_device(path: Path, code: str, series: int, *, demo: bool = False) -> Path:
    s = Session.open(path)
    try:
        init_site(s, site_code=SITE, site_name="MPP Uji Hub", device_code=code, series=series)
        if demo:
            catalog.import_services(s, catalog.demo_catalog_rows())
    finally:
        s.close()
    return path


def enrol(hub_db: Path, name: str) -> str:
    s = Session.open(hub_db)
    try:
        return hub.enrol(s, name)["token"]
    finally:
        s.close()


def loket(db: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    run = subprocess.run([*CLI, "--db", str(db), *args], capture_output=True, text=True, timeout=120,
                         env={**os.environ, **(env or {})})
    if check and run.returncode != 0:
        raise AssertionError(f"loket {' '.join(args)} -> {run.returncode}\n{run.stdout}\n{run.stderr}")
    return run


def loket_json(db: Path, *args: str, **kw):
    run = loket(db, *args, "--json", **kw)
    return json.loads(run.stdout), run


class HubServer:
    """``loket hub serve`` in its own process on 127.0.0.1 (or a host of tests/hosts.py)."""

    def __init__(self, db: Path, port: int | None = None, host: str = "127.0.0.1"):
        self.db, self.host, self.port = db, host, port or free_port()
        self.proc: subprocess.Popen | None = None
        self.log = db.with_suffix(".hub.log")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, *extra: str, timeout: float = 30.0) -> HubServer:
        out = open(self.log, "ab")
        self.proc = subprocess.Popen([*CLI, "--db", str(self.db), "hub", *(extra or ("serve",)), "--host", self.host,
                                      "--port", str(self.port), "--no-announce"],
                                     stdout=out, stderr=out, start_new_session=True)
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"hub exited {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                if requests.get(self.url + "/v1/health", timeout=0.5).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise AssertionError(f"hub did not answer in {timeout} s:\n{self.log.read_text()}")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()
