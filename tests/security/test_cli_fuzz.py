"""Hostile input to every ``loket`` command (issue 15): fuzzed calls see only exit codes 0, 1
and 2, never a traceback, and a refused call (exit 2) leaves the database as it was.

The calls run in-process through ``counter_app.cli._common.run`` with stdout and stderr as
strict UTF-8 streams (as a terminal is), on a copy of a small initialised site; nothing leaves
the machine: HTTP is refused, the hub server and mDNS browsing do not start, no window opens.
``LOKET_FUZZ_CALLS`` sets the number of calls (10,000 by default).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.cli import cli
from counter_app.cli._common import DateParam, run

CALLS = int(os.environ.get("LOKET_FUZZ_CALLS", "10000"))
CALLS_PER_EXAMPLE = 10
NOT_UTF8 = b"\xff\xfe".decode("utf-8", "surrogateescape")  # what Python makes of such argv bytes
WORDS = ["", " ", "A-001", "DUK-KTP", "BPJSK-DAFTAR", "K1", "3273015503850003", "0812345678", "admin",
         NOT_UTF8, "x" * 300, "'; DROP TABLE events;--", "../../etc/passwd", "\u0000", "-1", "0",
         "99999999999999999999", "nan", "inf", "1e400", "9999-12-31", "16-03-2026", "2026-03",
         "9999-12", "http://127.0.0.1:9/", "net:127.0.0.1:9", "file:", "Ä€ 漢字 🙂", "--help"]
INTS = ["0", "1", "3", "50", "-1", "99999999999999999999", "1e3", NOT_UTF8]
FLOATS = ["0", "0.5", "2", "-1", "nan", "inf", "1e400", NOT_UTF8]
DATES = ["16-03-2026", "2026-03-16", "2026-03-20", "9999-12-31", "0001-01-01", "31-02-2026", "1899-12-31",
         "2200-01-01", NOT_UTF8, ""]


def _commands() -> list[tuple[list[str], click.Command]]:
    found = []

    def walk(command: click.Command, path: list[str]) -> None:
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), [*path, name])
        else:
            found.append((path, command))

    cli.load_all()
    walk(cli, [])
    return found


COMMANDS = _commands()


GIVEN_FILES = ("empty.json", "escpos.bin", "garbage.bin", "latin1.csv", "list.json")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Files to hand to commands: garbage, empty, text, JSON, and paths that do not exist."""
    base = tmp_path_factory.mktemp("files")
    (base / "garbage.bin").write_bytes(bytes(range(256)) * 3)
    (base / "empty.json").write_bytes(b"")
    (base / "latin1.csv").write_bytes("kode,nama\nX,Caf\xe9\n".encode("latin-1"))
    (base / "list.json").write_text('[{"code": "X"}]', encoding="utf-8")
    (base / "escpos.bin").write_bytes(b"\x1b@Halo\n\x1dV\x00")
    assert sorted(p.name for p in base.iterdir()) == list(GIVEN_FILES)
    return base


def _values(param: click.Parameter, files: Path, out: Path) -> st.SearchStrategy[str]:
    kind = param.type
    if isinstance(kind, click.Choice):
        return st.sampled_from([*map(str, kind.choices), *WORDS[:3], NOT_UTF8])
    if isinstance(kind, DateParam):
        return st.sampled_from(DATES)
    if isinstance(kind, click.types.IntParamType):
        return st.sampled_from(INTS)
    if isinstance(kind, click.types.FloatParamType):
        return st.sampled_from(FLOATS)
    if isinstance(kind, click.Path):
        # the names the fixture made, not the folder's listing: a fuzzed command may write into
        # that folder, and a choice list that grows between examples makes hypothesis's
        # generation inconsistent (FlakyStrategyDefinition)
        given_files = [str(files / name) for name in GIVEN_FILES]
        made = [str(out / f"keluar.{ext}") for ext in ("pdf", "png", "bin", "xlsx", "csv", "zip", "json")]
        return st.sampled_from([*given_files, *made, str(out / "tidak-ada" / "x.pdf"), str(files), NOT_UTF8])
    return st.sampled_from(WORDS)


@st.composite
def calls(draw, files: Path, out: Path) -> list[str]:
    path, command = draw(st.sampled_from(COMMANDS))
    argv = ["--lang", draw(st.sampled_from(["id", "en"]))] if draw(st.booleans()) else []
    argv += path
    for param in command.params:
        if param.name == "help" or not (param.required and draw(st.integers(0, 9))) and draw(st.booleans()):
            continue
        if isinstance(param, click.Option):
            if param.is_flag:
                argv.append(param.opts[0] if param.opts else f"--{param.name}")
                continue
            values = draw(st.lists(_values(param, files, out), min_size=1, max_size=2 if param.multiple else 1))
            for value in values:
                argv += [param.opts[0], value]
        else:
            count = 1 if param.nargs == 1 else draw(st.integers(1, 2))
            argv += [draw(_values(param, files, out)) for _ in range(count)]
    return argv


def fingerprint(db: Path) -> str:
    """Every table's rows, hashed: a refused call must leave all of them as they were."""
    conn = sqlite3.connect(db)
    try:
        digest = hashlib.sha256()
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            digest.update(table.encode())
            for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{table}"')):
                digest.update(row.encode())
        return digest.hexdigest()
    finally:
        conn.close()


class Fingerprints:
    """:func:`fingerprint` of the file's rows, hashed again only when its bytes changed: a
    refused call usually leaves the file byte for byte as it was (the rows then are too), and
    hashing every table after each of 10,000 calls was a third of the test's time."""

    def __init__(self) -> None:
        self.rows_of: dict[str, str] = {}

    def __call__(self, db: Path) -> str:
        digest = hashlib.sha256()
        for suffix in ("", "-wal"):
            part = Path(f"{db}{suffix}")
            digest.update(part.read_bytes() if part.exists() else b"-")
        state = digest.hexdigest()
        if state not in self.rows_of:
            self.rows_of[state] = fingerprint(db)
        return self.rows_of[state]


def _strict_stream() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = _strict_stream(), _strict_stream()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run(cli, argv)
        except SystemExit as exc:  # e.g. 'db check' exits 1 itself
            code = exc.code if isinstance(exc.code, int) else 1
        out.flush()
        err.flush()
    return code, err.buffer.getvalue().decode("utf-8")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A small site: the demo catalogue, a ticket, a registration, a complaint."""
    db = tmp_path_factory.mktemp("template") / "loket.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LOKET_NOW", "2026-03-16T09:00:00+07:00")
        mp.delenv("LOKET_USER", raising=False)
        for argv in (["init", "--site-code", "MPP-FZ", "--site-name", "MPP Uji", "--device-code", "K1", "--demo"],
                     ["ticket", "issue", "--service", "DUK-KTP"],
                     ["register", "--service", "DUK-KTP", "--name", "Siti", "--nik", "3273015503850003"],
                     ["complaint", "file", "--type", "pengaduan", "--channel", "loket", "--text", "antre lama", "--anonymous"]):
            code, err = _run(["--db", str(db), *argv])
            assert code == 0, (argv, err)
    return db


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No network, no server, no window, no prompt; a fixed clock."""
    import requests

    import counter_app.cli.site as site_cli
    import sync.client
    import sync.hub.discovery
    import sync.hub.server

    def no_network(*_a, **_k):
        raise requests.ConnectionError("fuzz: no network")

    monkeypatch.setattr(requests.Session, "send", no_network)
    monkeypatch.setattr(sync.client.RetryPolicy, "delay", lambda *_a: 0.0)  # no backoff waits
    monkeypatch.setattr(sync.hub.server, "serve", lambda *a, **k: None)
    monkeypatch.setattr(sync.hub.discovery, "browse", lambda *a, **k: [])
    monkeypatch.setattr(site_cli, "_has_display", lambda: False)
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T09:00:00+07:00")
    monkeypatch.setenv("LOKET_NEW_PASSWORD", "sandi-uji-yang-panjang-1")
    for name in ("LOKET_USER", "LOKET_PASSWORD", "LOKET_LANG", "LOKET_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(click, "prompt", lambda *a, **k: (_ for _ in ()).throw(click.Abort()))


@pytest.mark.slow
def test_fuzzed_calls_of_every_command_exit_cleanly_and_refusals_write_nothing(
        template, files, offline, tmp_path_factory):
    seen: dict[int, int] = {}
    work = tmp_path_factory.mktemp("fuzz")
    TEMPLATE_PRINT = [fingerprint(template)]
    rows = Fingerprints()

    @settings(max_examples=max(1, CALLS // CALLS_PER_EXAMPLE), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        db = work / "loket.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, db)
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        before = TEMPLATE_PRINT[0]
        for _ in range(CALLS_PER_EXAMPLE):
            argv = data.draw(calls(files, out))
            code, err = _run(["--db", str(db), *argv])
            seen[code] = seen.get(code, 0) + 1
            assert code in (0, 1, 2), (argv, code, err)
            assert "Traceback" not in err, (argv, err)
            after = rows(db)
            if code == 2:
                assert err.strip(), argv
                assert after == before, (argv, err)
            before = after

    check()
    assert sum(seen.values()) >= CALLS
    assert seen.get(0) and seen.get(2)  # the fuzzer reached commands that ran and ones refused


def test_a_non_utf8_argument_is_refused_naming_it(tmp_path):
    """The real console script with raw bytes in argv, as a shell passes $'\\xff\\xfe'."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env.update(LOKET_DB=str(tmp_path / "loket.sqlite3"), LOKET_NOW="2026-03-16T09:00:00+07:00",
               PYTHONIOENCODING="utf-8")
    script = [sys.executable, "-c", "from counter_app.cli import main; main()"]
    init = subprocess.run([*script, "init", "--demo"], env=env, capture_output=True, timeout=60)
    assert init.returncode == 0, init.stderr
    before = fingerprint(tmp_path / "loket.sqlite3")
    for argv, where in (([b"complaint", b"show", b"\xff\xfe"], "argumen ke-3"),
                        ([b"ticket", b"issue", b"--service", b"\xffKTP"], "--service"),
                        ([b"register", b"--service=\xfe", b"--name", b"S", b"--nik", b"1"], "--service")):
        done = subprocess.run([*(s.encode() for s in script), *argv], env=env, capture_output=True, timeout=60)
        err = done.stderr.decode("utf-8")
        assert done.returncode == 2 and done.stdout == b"", (argv, err)
        assert err.startswith(f"galat: {where}: '") and "bukan teks UTF-8 yang sah" in err, err
        assert "Traceback" not in err
    english = subprocess.run([*(s.encode() for s in script), b"--lang", b"en", b"complaint", b"show", b"\xff"],
                             env=env, capture_output=True, timeout=60)
    assert english.returncode == 2
    assert english.stderr.decode() == "error: argument 5: '\\xff' is not valid UTF-8 text\n"
    assert fingerprint(tmp_path / "loket.sqlite3") == before
