"""architecture.md's layering: the core, its command line included, imports no user interface,
Qt, HTTP, printer or sync code. The desktop app reaches ``loket`` through the ``loket.desktop``
entry point; the commands that wire printing and sync plug in through ``loket.commands`` and
the queue commands reach a site hub through ``loket.hub``."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import click

CORE = Path(__file__).resolve().parents[1] / "counter_app"
FORBIDDEN = ("ui", "PySide6", "requests", "httpx", "escpos", "printing", "sync", "reportlab", "openpyxl",
             "fastapi", "uvicorn", "zeroconf", "qrcode")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_the_core_imports_no_outer_layer():
    offending = sorted(
        f"{path.relative_to(CORE.parent)}: {name}"
        for path in CORE.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN
    )
    assert offending == []


def test_the_desktop_app_is_found_through_its_entry_point():
    from counter_app.cli.site import _desktop_app
    from ui.app import run_app

    assert [e.value for e in entry_points(group="loket.desktop", name="app")] == ["ui.app:run_app"]
    assert _desktop_app() is run_app


def test_printing_and_sync_commands_plug_in_from_their_own_packages():
    from counter_app.cli import cli

    plugged = {e.name: e.value for e in entry_points(group="loket.commands")}
    assert plugged == {"print": "printing.cli:print_group", "report": "printing.cli_report:report_group",
                       "sync": "sync.cli:sync_group", "hub": "sync.cli_hub:hub_group"}
    ctx = click.Context(cli)
    for name, value in plugged.items():
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Group) and command.callback.__module__ == value.split(":")[0]
    hub_side = {e.name: e.value for e in entry_points(group="loket.hub")}
    assert hub_side == {"act": "sync.hub.client:act", "catch_up": "sync.cli_hub:catch_up"}


def _modules_after(*argv: str) -> set[str]:
    """The modules a fresh ``loket ARGV`` process has imported when it finishes."""
    code = ("import sys\nfrom counter_app.cli._common import run\nfrom counter_app.cli import cli\n"
            f"code = run(cli, {list(argv)!r})\nsys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
            "sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


HEAVY = ("ui", "PySide6", "requests", "httpx", "escpos", "reportlab", "openpyxl", "fastapi", "uvicorn",
         "zeroconf", "qrcode")
PLUGIN_MODULES = {"printing", "printing.cli", "printing.cli_report", "sync", "sync.cli", "sync.cli_hub"}


def _heavy(modules: set[str]) -> list[str]:
    """Heavy libraries, and any printing or sync module beyond the light command modules."""
    return sorted(m for m in modules - PLUGIN_MODULES if m.split(".")[0] in (*HEAVY, "printing", "sync"))


def test_help_imports_no_heavy_module_and_no_core_service():
    modules = _modules_after("--help")
    assert _heavy(modules) == []
    # Listing the commands needs none of their modules: the core's stay unimported.
    assert not {"counter_app.session", "counter_app.queue", "counter_app.catalog",
                "counter_app.cli.queue", "counter_app.cli.site"} & modules


def test_a_queue_command_imports_only_what_it_uses(tmp_path, monkeypatch):
    db = tmp_path / "loket.sqlite3"
    monkeypatch.setenv("LOKET_NOW", "2026-03-16T08:00:00+07:00")
    monkeypatch.delenv("LOKET_USER", raising=False)
    init = subprocess.run([sys.executable, "-m", "counter_app.cli", "--db", str(db), "init", "--site-code",
                           "MPP-X", "--site-name", "X", "--demo"], capture_output=True, text=True, timeout=60)
    assert init.returncode == 0, init.stderr
    modules = _modules_after("--db", str(db), "ticket", "issue", "--service", "DUK-KTP")
    assert _heavy(modules) == []  # no hub joined: the hub client and its HTTP library stay out
    assert "counter_app.cli.complaint" not in modules and "counter_app.cli.queue" in modules
