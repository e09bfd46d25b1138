"""Small helpers for reporting figures: percentiles and the one-line output format."""

from __future__ import annotations

import statistics


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(name: str, value: float, unit: str, target: str = "", note: str = "") -> None:
    """One line per figure: ``name: value unit  [target ...]  note``."""
    text = f"{name}: {value:.3f} {unit}" if isinstance(value, float) else f"{name}: {value} {unit}"
    if target:
        text += f"  [target {target}]"
    if note:
        text += f"  ({note})"
    print(text, flush=True)
