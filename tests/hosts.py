"""Separate hosts on one LAN for multi-host tests: a hub, kiosks, counters and displays as
processes that each have their own address, and a way to cut one of them off.

Real mode (root, iproute2): a Linux bridge in the root namespace holds ``10.77.N.1/24`` (N free
on this machine) and each host is a network namespace with a veth pair on that bridge, its
own ``10.77.N.x`` address and loopback up; ``link_down()`` sets the host's cable side down.
The test process stays in the root namespace and reaches every host by its address.

Loopback fallback (not root, no ``ip``, namespaces refused, or ``LOKET_TEST_NETNS=0``): each
host gets its own ``127.77.N.x`` address (all of 127/8 is local on Linux) and processes run
as plain subprocesses; a link cannot be cut, so ``isolate()`` freezes the host's processes
with SIGSTOP instead. ``lan.real`` says which mode holds and ``lan.reason`` why not real.

Names carry the creating pid (``lk<pid>_<n>…``) so a later run removes what a killed run
left behind, and everything is removed on exit, after a failure too.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

SUBNET = "10.77"
LOOPBACK_SUBNET = "127.77"
_LEFTOVER = re.compile(r"^lk([0-9a-z]+)_")
_seq = itertools.count()
_namespaces_fail: str | None = None  # why namespaces fail here ("" they work); found once


class NetError(RuntimeError):
    """An ``ip`` command failed."""


class LinkCutUnavailable(RuntimeError):
    """A link cannot be cut in loopback mode; check ``lan.real`` and skip."""


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _tag(pid: int, seq: int) -> str:
    """Name prefix of one network; interface names must stay within 15 characters."""
    return f"lk{_b36(pid)}_{_b36(seq)}"


def _ip(*args: str, check: bool = True) -> str:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if check and result.returncode != 0:
        raise NetError(f"ip {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_netns_pids(netns: str) -> None:
    for pid in _ip("netns", "pids", netns, check=False).split():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass


def _remove_leftovers() -> None:
    """Remove namespaces and links a killed earlier run (its pid is gone) left behind."""
    def stale(name: str) -> bool:
        m = _LEFTOVER.match(name)
        return bool(m) and int(m[1], 36) != os.getpid() and not _alive(int(m[1], 36))

    for line in _ip("netns", "list", check=False).splitlines():
        name = line.split(" ", 1)[0]
        if stale(name):
            _kill_netns_pids(name)
            _ip("netns", "del", name, check=False)
    for line in _ip("-o", "link", "show", check=False).splitlines():
        name = line.split(":")[1].strip().split("@")[0]
        if stale(name):
            _ip("link", "del", name, check=False)


def wait_port(address: str, port: int, timeout: float = 15.0, proc: Proc | None = None) -> None:
    """Return once ``address:port`` accepts a TCP connection; fail early if ``proc`` exits."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection((address, port), timeout=0.5).close()
            return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.name} exited with {proc.returncode} before listening on "
                               f"{address}:{port}:\n{proc.output()[-3000:]}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing listening on {address}:{port} after {timeout} s")
        time.sleep(0.02)


class Proc:
    """A long-lived process of one host, in its own process group so signals reach its children.

    stdout and stderr go to ``log``; ``output()`` reads them.
    """

    def __init__(self, popen: subprocess.Popen, name: str, log: Path):
        self.popen, self.name, self.log = popen, name, log
        self.pid = popen.pid

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        """Freeze it (SIGSTOP): it keeps its sockets but answers nothing."""
        self._signal(signal.SIGSTOP)

    def cont(self) -> None:
        self._signal(signal.SIGCONT)

    def terminate(self, timeout: float = 5.0) -> int:
        """SIGTERM (resumed first if frozen), then SIGKILL if it is still there after ``timeout``."""
        if self.poll() is None:
            self._signal(signal.SIGTERM)
            self._signal(signal.SIGCONT)
            try:
                return self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        return self.kill()

    def kill(self) -> int:
        """SIGKILL to the whole group (stopped or not) and reap it."""
        self._signal(signal.SIGKILL)
        return self.popen.wait()

    def poll(self) -> int | None:
        return self.popen.poll()

    def wait(self, timeout: float | None = None) -> int:
        return self.popen.wait(timeout)

    @property
    def returncode(self) -> int | None:
        return self.popen.returncode

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Host:
    """One machine of the hall: an address, a working directory for its own database file,
    and the processes it runs."""

    def __init__(self, lan: Network, name: str, address: str, netns: str | None,
                 veth: str | None, directory: Path, env: dict[str, str]):
        self.lan, self.name, self.address = lan, name, address
        self.netns, self.veth, self.dir, self.env = netns, veth, directory, env
        self.procs: list[Proc] = []
        self._logs = itertools.count(1)

    def __repr__(self) -> str:
        return f"Host({self.name!r}, {self.address})"

    def url(self, port: int, path: str = "") -> str:
        return f"http://{self.address}:{port}{path}"

    def _argv(self, cmd: Sequence[str | os.PathLike]) -> list[str]:
        argv = [os.fspath(c) for c in cmd]
        return ["ip", "netns", "exec", self.netns, *argv] if self.netns else argv

    def _env(self, env: dict[str, str] | None) -> dict[str, str]:
        # The venv's bin first, so `loket` and `python` are the project's inside a namespace too.
        path = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
        return {**os.environ, "PATH": path, **self.env, **(env or {})}

    def run(self, cmd: Sequence[str | os.PathLike], *, env: dict[str, str] | None = None,
            cwd: str | os.PathLike | None = None, input: str | None = None,
            check: bool = False, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run a command on this host to completion (text output captured); ``cwd`` defaults
        to the host's directory."""
        result = subprocess.run(self._argv(cmd), env=self._env(env), cwd=cwd or self.dir,
                                input=input, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{self.name}: {shlex.join(map(os.fspath, cmd))} exited "
                                 f"{result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def popen(self, cmd: Sequence[str | os.PathLike], *, env: dict[str, str] | None = None,
              cwd: str | os.PathLike | None = None, name: str | None = None,
              port: int | None = None, timeout: float = 15.0) -> Proc:
        """Start a long-lived process on this host; with ``port``, return once it listens on
        this host's address at that port. It is killed when the network closes."""
        name = name or Path(os.fspath(cmd[0])).name
        log = self.dir / f"{name}-{next(self._logs)}.log"
        with open(log, "wb") as out:
            popen = subprocess.Popen(self._argv(cmd), env=self._env(env), cwd=cwd or self.dir,
                                     stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                     start_new_session=True)
        proc = Proc(popen, f"{self.name}/{name}", log)
        self.procs.append(proc)
        if port is not None:
            wait_port(self.address, port, timeout, proc)
        return proc

    def link_down(self) -> None:
        """Pull this host's cable: nothing reaches it or leaves it until ``link_up()``."""
        if not self.lan.real:
            raise LinkCutUnavailable(f"no link to cut in loopback mode ({self.lan.reason})")
        _ip("link", "set", self.veth, "down")

    def link_up(self) -> None:
        if not self.lan.real:
            raise LinkCutUnavailable(f"no link to cut in loopback mode ({self.lan.reason})")
        _ip("link", "set", self.veth, "up")

    def isolate(self) -> None:
        """Cut this host off: its link down, or in loopback mode its processes frozen."""
        if self.lan.real:
            self.link_down()
        else:
            for proc in self.procs:
                proc.stop()

    def rejoin(self) -> None:
        if self.lan.real:
            self.link_up()
        else:
            for proc in self.procs:
                proc.cont()

    def close(self) -> None:
        for proc in self.procs:
            proc.kill()


class Network:
    """The hall's LAN; use as a context manager. ``real=None`` picks namespaces when they
    work here (``LOKET_TEST_NETNS=0`` forces loopback), ``True`` requires them, ``False``
    uses loopback."""

    def __init__(self, workdir: str | os.PathLike | None = None, *, real: bool | None = None):
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="lan-"))
        self.hosts: dict[str, Host] = {}
        self._index = itertools.count(2)  # .1 is the bridge (the test process)
        self.tag = _tag(os.getpid(), next(_seq))
        self.bridge = f"{self.tag}b"
        self.real, self.reason, self._want = False, "", real
        self.subnet = ""
        self.gateway = ""  # where hosts reach the test process itself

    def __enter__(self) -> Network:
        want = self._want
        if want is None and os.environ.get("LOKET_TEST_NETNS") == "0":
            want = False
        if want is False:
            self.reason = "loopback asked for" if self._want is False else "LOKET_TEST_NETNS=0"
        if want is not False:
            self.reason = self._start_bridge()
            if self.reason and want:
                raise NetError(f"network namespaces unavailable: {self.reason}")
            self.real = not self.reason
        if not self.real:
            self.subnet = f"{LOOPBACK_SUBNET}.{random.randint(1, 254)}"
        self.gateway = f"{self.subnet}.1"
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start_bridge(self) -> str:
        """Make the bridge; return why namespaces cannot be used here, or ''."""
        global _namespaces_fail
        if shutil.which("ip") is None:
            return "the ip command (iproute2) is not installed"
        if os.geteuid() != 0:
            return "not root"
        if _namespaces_fail:
            return _namespaces_fail
        try:
            _remove_leftovers()
            self.subnet = self._free_subnet()
            _ip("link", "add", self.bridge, "type", "bridge", "forward_delay", "0")
            _ip("addr", "add", f"{self.subnet}.1/24", "dev", self.bridge)
            _ip("link", "set", self.bridge, "up")
            if _namespaces_fail is None:
                _namespaces_fail = self._probe()
        except (NetError, OSError, subprocess.SubprocessError) as e:
            if _namespaces_fail == "":  # they worked before in this run: a real error
                _ip("link", "del", self.bridge, check=False)
                raise
            _namespaces_fail = str(e)
        if _namespaces_fail:
            _ip("link", "del", self.bridge, check=False)
        return _namespaces_fail

    @staticmethod
    def _free_subnet() -> str:
        used = _ip("-o", "-4", "addr", "show") + _ip("-4", "route", "show", "table", "all")
        free = [n for n in range(1, 255) if f"{SUBNET}.{n}." not in used]
        if not free:
            raise NetError(f"no free {SUBNET}.N.0/24 subnet")
        return f"{SUBNET}.{random.choice(free)}"

    def _probe(self) -> str:
        """Check once that two namespaces on a bridge talk to each other (br_netfilter with a
        FORWARD DROP policy, as Docker sets, would silently eat the traffic)."""
        try:
            a = self.add_host("probe-a", _probe=True)
            b = self.add_host("probe-b", _probe=True)
            server = a.popen([sys.executable, "-c", "import socket,sys,time; "
                              "s=socket.create_server((sys.argv[1],7)); time.sleep(60)",
                              a.address], name="probe", port=7, timeout=10)
            reach = b.run([sys.executable, "-c", "import socket,sys; "
                           "socket.create_connection((sys.argv[1],7),timeout=3)", a.address])
            server.kill()
            if reach.returncode != 0:
                return ("namespaces on a bridge cannot reach each other (traffic filtered?): "
                        + reach.stderr.strip().splitlines()[-1])
            return ""
        except (RuntimeError, TimeoutError) as e:
            return f"probe failed: {e}"
        finally:
            for host in list(self.hosts.values()):
                self._remove_host(host)
                shutil.rmtree(host.dir, ignore_errors=True)
            self._index = itertools.count(2)

    def add_host(self, name: str, env: dict[str, str] | None = None, *,
                 _probe: bool = False) -> Host:
        """A new host ``name`` with its own address and directory; ``env`` is added to the
        environment of everything it runs."""
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,30}", name) or name in self.hosts:
            raise ValueError(f"host name {name!r} is invalid or taken")
        index = next(self._index)
        if index > 254:
            raise ValueError("at most 253 hosts")
        address = f"{self.subnet}.{index}"
        directory = self.workdir / name
        directory.mkdir(parents=True, exist_ok=True)
        netns = veth = None
        if self.real or _probe:
            netns, veth = f"{self.tag}-{name}", f"{self.tag}h{_b36(index)}"
            host = Host(self, name, address, netns, veth, directory, dict(env or {}))
            self.hosts[name] = host  # registered first so close() removes a half-made host
            _ip("netns", "add", netns)
            _ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", netns)
            _ip("link", "set", veth, "master", self.bridge, "up")
            _ip("-n", netns, "addr", "add", f"{address}/24", "dev", "eth0")
            _ip("-n", netns, "link", "set", "eth0", "up")
            _ip("-n", netns, "link", "set", "lo", "up")
            return host
        host = Host(self, name, address, None, None, directory, dict(env or {}))
        self.hosts[name] = host
        return host

    def isolate(self, host: Host) -> None:
        host.isolate()

    def rejoin(self, host: Host) -> None:
        host.rejoin()

    def _remove_host(self, host: Host) -> None:
        host.close()
        if host.netns:
            _kill_netns_pids(host.netns)  # anything that left the process group
            _ip("link", "del", host.veth, check=False)
            _ip("netns", "del", host.netns, check=False)
        self.hosts.pop(host.name, None)

    def close(self) -> None:
        """Kill every host's processes, remove the namespaces and the bridge."""
        for host in list(self.hosts.values()):
            self._remove_host(host)
        if self.real:
            _ip("link", "del", self.bridge, check=False)
