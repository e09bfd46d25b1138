"""The multi-host harness itself (tests/hosts.py), in both modes: a real HTTP server on one
host fetched from another by address, a cable pulled and plugged back, a frozen server, and
nothing left behind."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import pytest
from hosts import LinkCutUnavailable, Network, _tag, wait_port

MONDAY = "2026-03-16T08:00:00+07:00"
PORT = 8000
FETCH = ("import sys, urllib.request; "
         "print(urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2])).read().decode())")


@pytest.fixture(params=["namespaces", "loopback"])
def lan(request, tmp_path):
    with Network(tmp_path, real=None if request.param == "namespaces" else False) as net:
        if request.param == "namespaces" and not net.real:
            pytest.skip(f"network namespaces unavailable: {net.reason}")
        yield net


def fetch(host, url: str, timeout: float = 10.0) -> subprocess.CompletedProcess:
    """GET ``url`` from a process on ``host``; a fetch meant to fail passes a short timeout."""
    return host.run([sys.executable, "-c", FETCH, url, str(timeout)], timeout=timeout + 30)


def fetch_until_ok(host, url: str, deadline_s: float = 15.0) -> str:
    deadline = time.monotonic() + deadline_s
    while True:
        result = fetch(host, url)
        if result.returncode == 0 or time.monotonic() > deadline:
            assert result.returncode == 0, result.stderr
            return result.stdout.strip()


def serve(host):
    """``python -m http.server`` on the host's own address, serving a file only it holds."""
    token = uuid.uuid4().hex
    (host.dir / "whoami.txt").write_text(f"{host.name} {token}")
    server = host.popen([sys.executable, "-m", "http.server", "-b", host.address, str(PORT)],
                        name="http", port=PORT)
    return server, f"{host.name} {token}", host.url(PORT, "/whoami.txt")


def dead(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")  # zombie of an init that
    except FileNotFoundError:                                             # does not reap
        return True


def test_each_host_has_its_own_address_and_reaches_the_others(lan):
    kiosk, counter = lan.add_host("kiosk"), lan.add_host("counter")
    assert kiosk.address != counter.address
    _, body, url = serve(kiosk)
    assert fetch(counter, url).stdout.strip() == body
    assert fetch(kiosk, url).stdout.strip() == body
    if lan.real:  # really separate machines: a host cannot take another's address
        taken = counter.run([sys.executable, "-c", "import socket, sys; "
                             "socket.create_server((sys.argv[1], 8001))", kiosk.address])
        assert taken.returncode != 0 and "Cannot assign requested address" in taken.stderr


def test_processes_on_a_host_get_the_environment_and_the_project_commands(lan):
    host = lan.add_host("counter", env={"LOKET_DB": "loket.sqlite3"})
    env = host.run([sys.executable, "-c", "import os; print(os.environ['LOKET_NOW'], "
                    "os.environ['LOKET_DB'], os.getcwd())"], env={"LOKET_NOW": MONDAY}, check=True)
    assert env.stdout.split() == [MONDAY, "loket.sqlite3", str(host.dir)]
    assert "Penggunaan" in host.run(["loket", "--help"], check=True).stdout


def test_a_pulled_cable_cuts_the_host_off_until_it_is_plugged_back(lan):
    if not lan.real:
        pytest.skip(f"a link can be cut only with network namespaces ({lan.reason})")
    hub, counter = lan.add_host("hub"), lan.add_host("counter")
    server, body, url = serve(hub)
    assert fetch(counter, url).stdout.strip() == body
    hub.link_down()
    cut = fetch(counter, url, timeout=0.5)
    assert cut.returncode != 0 and ("timed out" in cut.stderr or "No route" in cut.stderr)
    with pytest.raises(TimeoutError):  # the test process cannot reach it either
        wait_port(hub.address, PORT, timeout=0.5)
    assert server.poll() is None  # cut off, not dead
    hub.link_up()
    assert fetch_until_ok(counter, url) == body


def test_link_down_in_loopback_mode_says_it_cannot(lan):
    if lan.real:
        pytest.skip("namespaces: links can be cut")
    with pytest.raises(LinkCutUnavailable, match="loopback"):
        lan.add_host("hub").link_down()


def test_a_frozen_server_answers_nothing_until_it_is_resumed(lan):
    hub, counter = lan.add_host("hub"), lan.add_host("counter")
    server, body, url = serve(hub)
    server.stop()
    frozen = fetch(counter, url, timeout=0.5)
    assert frozen.returncode != 0 and "timed out" in frozen.stderr
    server.cont()
    assert fetch(counter, url).stdout.strip() == body


def test_isolate_cuts_a_host_off_in_either_mode_and_rejoin_brings_it_back(lan):
    hub, counter = lan.add_host("hub"), lan.add_host("counter")
    _, body, url = serve(hub)
    lan.isolate(hub)
    assert fetch(counter, url, timeout=0.5).returncode != 0
    lan.rejoin(hub)
    assert fetch_until_ok(counter, url) == body


def test_a_killed_server_stays_dead(lan):
    hub, counter = lan.add_host("hub"), lan.add_host("counter")
    server, _, url = serve(hub)
    server.stop()
    assert server.kill() == -9  # a frozen process dies too
    refused = fetch(counter, url, timeout=0.5)
    assert refused.returncode != 0 and "refused" in refused.stderr


@pytest.mark.parametrize("real", [None, False], ids=["namespaces", "loopback"])
def test_closing_the_network_kills_every_process_and_removes_namespaces_and_bridge(tmp_path, real):
    with Network(tmp_path, real=real) as lan:
        host = lan.add_host("hub")
        # A child in the background as well, like a server's worker.
        proc = host.popen(["sh", "-c", "sleep 300 & echo $!; exec sleep 300"], name="sh")
        wait_until(lambda: proc.output().strip())
        child = int(proc.output())
        frozen = host.popen(["sleep", "300"])
        frozen.stop()
        tag, was_real = lan.tag, lan.real
    assert dead(proc.pid) and dead(frozen.pid)  # reaped
    wait_until(lambda: dead(child))  # SIGKILLed; an orphan goes once it is scheduled
    if was_real:
        assert tag not in subprocess.run(["ip", "netns", "list"], capture_output=True,
                                         text=True, check=True).stdout
        assert tag not in subprocess.run(["ip", "-o", "link", "show"], capture_output=True,
                                         text=True, check=True).stdout


def test_a_failure_inside_the_network_still_cleans_up(tmp_path):
    with pytest.raises(RuntimeError, match="a test failing"), Network(tmp_path) as lan:
        server = lan.add_host("hub").popen(["sleep", "300"])
        tag, was_real = lan.tag, lan.real
        raise RuntimeError("a test failing")
    assert dead(server.pid)
    if was_real:
        assert tag not in subprocess.run(["ip", "netns", "list"], capture_output=True,
                                         text=True, check=True).stdout


def test_leftovers_of_a_killed_run_are_removed(tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()  # its pid now names a run that no longer exists
    with Network(tmp_path) as probe:
        if not probe.real:
            pytest.skip(f"network namespaces unavailable: {probe.reason}")
    stale = _tag(gone.pid, 0)
    subprocess.run(["ip", "netns", "add", f"{stale}-hub"], check=True)
    subprocess.run(["ip", "link", "add", f"{stale}b", "type", "bridge"], check=True)
    with Network(tmp_path) as lan:
        lan.add_host("hub")
        names = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
        links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout
    assert stale not in names and stale not in links
    assert lan.tag in names  # while it was open, its own were there


def wait_until(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)

