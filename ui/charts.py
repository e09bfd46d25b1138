"""Small QtCharts helpers for the dashboard: a labelled bar chart whose values tests can read."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter

PALETTE = ("#0b3d91", "#27ae60", "#e67e22", "#8e44ad")


class BarChart(QChartView):
    """Grouped bars: one category per label, one set per series (name, values)."""

    def __init__(self, title: str, value_title: str = "", horizontal_labels: bool = True):
        self._chart = QChart()
        super().__init__(self._chart)
        self._chart.setTitle(title)
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self.value_title = value_title
        self.horizontal_labels = horizontal_labels
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.labels: list[str] = []
        self.series_values: dict[str, list[float]] = {}

    def set_data(self, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.labels = list(labels)
        self.series_values = {name: [float(v or 0) for v in values] for name, values in series}
        bars = QBarSeries()
        top = 0.0
        for i, (name, values) in enumerate(self.series_values.items()):
            bar_set = QBarSet(name)
            bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
            bar_set.append(values)
            bars.append(bar_set)
            top = max([top, *values])
        chart.addSeries(bars)
        bars.setLabelsVisible(True)
        bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        bars.setLabelsFormat("@value")
        x = QBarCategoryAxis()
        x.append([_short(label) for label in self.labels] or [""])
        if not self.horizontal_labels:
            x.setLabelsAngle(-35)
        y = QValueAxis()
        y_top = _nice_top(top)
        y.setRange(0, y_top)
        y.setTickType(QValueAxis.TickType.TicksDynamic)
        y.setTickAnchor(0)
        y.setTickInterval(_tick(y_top))
        y.setLabelFormat("%d")
        y.setTitleText(self.value_title)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x)
        bars.attachAxis(y)
        chart.legend().setVisible(len(self.series_values) > 1)


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tick(top: float) -> float:
    """A whole-number step giving at most about six gridlines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 6:
            return step
    return top / 5


def _nice_top(value: float) -> float:
    """An axis top a fifth above the tallest bar, on a round number (room for the labels)."""
    if value <= 0:
        return 1
    target = value * 1.2
    step = max(1.0, 10 ** math.floor(math.log10(target)) / 2)
    return math.ceil(target / step) * step
