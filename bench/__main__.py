"""``python -m bench`` (``make bench``): run every benchmark and print one line per figure.

It reports, it does not judge: exit status is non-zero only when a figure could not be
measured. ``LOKET_BENCH_DAYS`` shrinks the year for a quick look (default 250).
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

SECTIONS = ["bench_core", "bench_reports", "bench_sync", "bench_ui"]


def main() -> int:
    print(f"# Loket benchmarks on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        context: dict = {}
        for name in SECTIONS:
            print(f"## {name}", flush=True)
            try:
                module = importlib.import_module(f"bench.{name}")
                context[name] = module.run(Path(tmp), **({"context": context} if "context" in module.run.__code__.co_varnames else {}))
            except Exception:
                failures += 1
                print(f"NOT MEASURED: {name}", flush=True)
                traceback.print_exc(file=sys.stdout)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
