"""Supervisors' reports rendered from the core's report dicts: PDF, XLSX, CSV and JSON.

``render(report, fmt, path)`` is the one entry point; the dict comes from
``counter_app.reports`` (daily_summary, period_report, signoff_report).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from counter_app.errors import ValidationError
from counter_app.i18n import _

FORMATS = ("pdf", "xlsx", "csv", "json")


def render_json(report: dict[str, Any], path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def render(report: dict[str, Any], fmt: str, path: Path | str) -> list[Path]:
    """Write ``report`` as ``fmt`` to ``path``; returns the files written."""
    if fmt == "pdf":
        from .pdf import render_pdf

        return [render_pdf(report, path)]
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return [render_xlsx(report, path)]
    if fmt == "csv":
        from .csv import render_csv

        return render_csv(report, path)
    if fmt == "json":
        return [render_json(report, path)]
    raise ValidationError("format", _("format '{format}' tidak dikenal (pilihan: {choices})").format(
        format=fmt, choices=", ".join(FORMATS)))
