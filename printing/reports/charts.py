"""Report charts drawn with reportlab's own graphics (vector, no image files): bars for
volumes, lines for waiting time and IKM."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.units import mm

from .. import fonts
from ..style import GREY, NAVY, SERIES


def _label_step(n: int, room: int) -> int:
    return max(1, -(-n // max(room, 1)))


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(String(0, drawing.height - 9, text, fontName=fonts.SANS_BOLD, fontSize=9, fillColor=NAVY))


def _axes(chart, labels: Sequence[str]) -> None:
    step = _label_step(len(labels), int(chart.width // 24))
    chart.categoryAxis.categoryNames = [lab if i % step == 0 else "" for i, lab in enumerate(labels)]
    chart.categoryAxis.labels.fontName = fonts.SANS
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30 if len(labels) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 8 else "n"
    chart.valueAxis.labels.fontName = fonts.SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.strokeColor = GREY
    chart.categoryAxis.strokeColor = GREY


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
              width: float = 250 * mm, height: float = 62 * mm) -> Drawing:
    """Grouped bars, one colour per series, with a legend."""
    fonts.register()
    d = Drawing(width, height)
    _title(d, title)
    chart = VerticalBarChart()
    _place(chart, width, height)
    chart.data = [list(values) or [0] for _, values in series]
    chart.barSpacing = 0.5
    chart.groupSpacing = 4
    for i in range(len(series)):
        chart.bars[i].fillColor = SERIES[i % len(SERIES)]
        chart.bars[i].strokeColor = None
    _axes(chart, labels)
    d.add(chart)
    d.add(_legend([name for name, _ in series]))
    return d


def line_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
               width: float = 250 * mm, height: float = 55 * mm, value_max: float | None = None) -> Drawing:
    """Lines over days; a day without data (None) gets no point (the line joins the days
    measured) instead of a false zero."""
    fonts.register()
    d = Drawing(width, height)
    _title(d, title)
    if all(v is None for _, values in series for v in values):  # nothing measured: say so
        d.add(String(width / 2, height / 2, "Tidak ada data pada periode ini", fontName=fonts.SANS,
                     fontSize=8, fillColor=GREY, textAnchor="middle"))
        return d
    chart = HorizontalLineChart()
    _place(chart, width, height)
    chart.data = [list(values) or [None] for _, values in series]
    # reportlab joins a row's measured points into one line, which needs two of them:
    # a series with fewer shows its marker only
    chart.joinedLines = 0
    for i, (_, values) in enumerate(series):
        if sum(v is not None for v in values) >= 2:
            chart.lines[i].lineStyle = "joinedLine"
        chart.lines[i].strokeColor = SERIES[i % len(SERIES)]
        chart.lines[i].strokeWidth = 1.5
        chart.lines[i].symbol = makeMarker("FilledCircle", size=3)
    _axes(chart, labels)
    if value_max is not None:
        chart.valueAxis.valueMax = value_max
    d.add(chart)
    d.add(_legend([name for name, _ in series]))
    return d


def _place(chart, width: float, height: float) -> None:
    """Plot area: room on the left for values, below for (slanted) day labels and the legend."""
    chart.x, chart.y = 28, 46
    chart.width, chart.height = width - 36, height - 60


def _legend(names: Sequence[str]) -> Legend:
    """One row of coloured boxes under the plot."""
    legend = Legend()
    legend.x, legend.y = 28, 2
    legend.fontName = fonts.SANS
    legend.fontSize = 7
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.dx = legend.dy = 6
    legend.alignment = "right"
    legend.colorNamePairs = [(SERIES[i % len(SERIES)], name) for i, name in enumerate(names)]
    legend.boxAnchor = "sw"
    return legend
