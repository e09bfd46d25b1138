"""The ``loket`` command line: a thin layer over the core services (the composition root).

Global ``--db PATH`` (or ``LOKET_DB``). ``--json`` prints one JSON object or list on
stdout. Exit 0 ok, 2 invalid input (message on stderr, nothing written), 1 other failure.
"""

from __future__ import annotations

import sys

# The root group imports each command's module when that command is asked for
# (``_group.CORE_COMMANDS``); printing, reports and sync plug in through the ``loket.commands``
# entry points, so the core imports neither printing nor sync nor Qt nor HTTP.
from ._common import cli


def main(argv: list[str] | None = None) -> None:
    from ._common import run

    sys.exit(run(cli, argv))


__all__ = ["cli", "main"]
