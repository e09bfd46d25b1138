"""Reports as CSV: UTF-8 with a BOM (so spreadsheet programs read the letters right), one
file per section, written into a ZIP (``.zip`` path) or a directory.

Each CSV is a plain table (header row first, ``.`` as the decimal point) so it can be read
by programs; ``00_laporan.csv`` in the same set states the site, period, generation time and
software version, and every file name starts with the site code and the period.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from counter_app.reports.tables import header_lines, report_tables

ENCODING = "utf-8-sig"


def _text(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(ENCODING)


def csv_files(report: dict[str, Any]) -> dict[str, bytes]:
    """File name → CSV bytes for every section of ``report``."""
    p = report["period"]
    stem = f"{report['site']['code']}_{p['from']}" + ("" if p["from"] == p["to"] else f"_{p['to']}")
    files = {f"{stem}_00_laporan.csv": _text([["keterangan", "nilai"], ["Laporan", report["report"]],
                                              *[list(pair) for pair in header_lines(report)]])}
    for i, table in enumerate(report_tables(report), 1):
        rows = [[c.label for c in table.columns], *table.values()]
        files[f"{stem}_{i:02d}_{table.name}.csv"] = _text(rows)
    return files


def render_csv(report: dict[str, Any], path: Path | str) -> list[Path]:
    """Write the CSV set to ``path``: a ZIP if it ends in ``.zip``, otherwise a directory."""
    path = Path(path)
    files = csv_files(report)
    if path.suffix.lower() == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.comment = "; ".join(f"{k}: {v}" for k, v in header_lines(report)).encode("utf-8")[:65535]
            stamp = datetime.fromisoformat(report["generated_at"]).timetuple()[:6]
            for name, data in files.items():  # entries dated when the report was made
                zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        (path / name).write_bytes(data)
        written.append(path / name)
    return written
