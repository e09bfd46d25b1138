"""The ``loket`` command line: a thin layer over the core services (the composition root).

Global ``--db PATH`` (or ``LOKET_DB``). ``--json`` prints one JSON object or list on
stdout. Exit 0 ok, 2 invalid input (message on stderr, nothing written), 1 other failure.
"""

from __future__ import annotations

import importlib
import sys

from ._common import cli

# Each module adds its commands to ``cli``.
COMMAND_MODULES = ["site", "catalog", "calendar", "queue", "registration", "report", "sync", "skm", "complaint", "user", "audit", "backup", "print", "conflicts", "hub"]
for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")


def main(argv: list[str] | None = None) -> None:
    from ._common import run

    sys.exit(run(cli, argv))


__all__ = ["cli", "main"]
