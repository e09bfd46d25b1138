"""``python -m bench`` (``make bench``): run every benchmark and print one line per figure.

It reports, it does not judge: exit status is non-zero only when a figure could not be
measured, or when a section says its figures are wrong (``run`` returning ``{"failed": why}``,
as the hall simulation does when devices end with different data). ``LOKET_BENCH_DAYS``
shrinks the year for a quick look (default 250). ``python -m bench hall sync`` runs only the
named sections (``bench_`` may be left off).
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

SECTIONS = ["bench_core", "bench_reports", "bench_sync", "bench_ui", "bench_ui_scale", "bench_hall", "bench_hub", "bench_portal_scale"]


def main(argv: list[str] | None = None) -> int:
    wanted = {a if a.startswith("bench_") else f"bench_{a}" for a in (sys.argv[1:] if argv is None else argv)}
    unknown = wanted - set(SECTIONS)
    if unknown:
        print(f"unknown section(s): {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
        return 2
    print(f"# Loket benchmarks on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        context: dict = {}
        for name in [s for s in SECTIONS if not wanted or s in wanted]:
            print(f"## {name}", flush=True)
            try:
                module = importlib.import_module(f"bench.{name}")
                context[name] = module.run(Path(tmp), **({"context": context} if "context" in module.run.__code__.co_varnames else {}))
            except Exception:
                failures += 1
                print(f"NOT MEASURED: {name}", flush=True)
                traceback.print_exc(file=sys.stdout)
                continue
            result = context[name]
            if isinstance(result, dict) and result.get("failed"):
                failures += 1
                print(f"FAILED: {name}: {result['failed']}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
