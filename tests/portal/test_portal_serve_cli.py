"""'loket-portal serve' says where it listens, and takes --db after the subcommand too."""

from __future__ import annotations

import subprocess
import sys

import requests
from hosts import wait_port  # tests/hosts.py


def test_serve_takes_db_after_the_subcommand_and_prints_its_address(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = tmp_path / "portal.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "sync.portal", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_port("127.0.0.1", port, 30)
        assert requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).json()["status"] == "ok"
        assert db.exists()  # the database named after 'serve' is the one served
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert f"portal mendengarkan di http://127.0.0.1:{port}" in out and str(db) in out
