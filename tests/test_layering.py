"""architecture.md's layering: the core imports no user interface, Qt, HTTP or printer code.
Its command line (the composition root) also wires printing and sync, but never the user
interface: the desktop app reaches ``loket`` through the ``loket.desktop`` entry point."""

from __future__ import annotations

import ast
from importlib.metadata import entry_points
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "counter_app"
FORBIDDEN = ("ui", "PySide6", "requests", "httpx", "escpos", "printing", "sync", "reportlab")
FORBIDDEN_IN_CLI = ("ui", "PySide6")


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
        if name.split(".")[0] in (FORBIDDEN_IN_CLI if "cli" in path.relative_to(CORE).parts else FORBIDDEN)
    )
    assert offending == []


def test_the_desktop_app_is_found_through_its_entry_point():
    from counter_app.cli.site import _desktop_app
    from ui.app import run_app

    assert [e.value for e in entry_points(group="loket.desktop", name="app")] == ["ui.app:run_app"]
    assert _desktop_app() is run_app
