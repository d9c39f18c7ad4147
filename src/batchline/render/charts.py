"""Report charts as reportlab drawings: placed in report PDFs, or shown as SVG in a notebook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

WIDTH, HEIGHT = 680.0, 260.0
# Distinguishable in print and for the common colour-vision deficiencies (Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[int | Decimal]],
    *,
    value_label: str = "",
    stacked: bool = True,
) -> Drawing:
    """Bars per category, one colour per series (stacked by default), with a legend and a title."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(String(10, HEIGHT - 16, title, fontName="Helvetica-Bold", fontSize=11))
    names = [name for name in series if any(series[name])] or list(series)[:1]
    data = [[float(v) for v in series[name]] for name in names] if categories else [[0.0]]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 60, 50, WIDTH - 200, HEIGHT - 90
    chart.data = data
    chart.categoryAxis.categoryNames = list(categories) or ["(none)"]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(categories) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(categories) > 8 else "n"
    if stacked:
        chart.categoryAxis.style = "stacked"
    top = max((sum(col) for col in zip(*data, strict=True)), default=0.0) if stacked else max(map(max, data))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.1 if top > 0 else 1
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = (lambda v: f"{v:,.0f}") if top >= 10 else (lambda v: f"{v:,.2f}")
    for n in range(len(names)):
        chart.bars[n].fillColor = colors.HexColor(PALETTE[n % len(PALETTE)])
        chart.bars[n].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = WIDTH - 125, HEIGHT - 45
    legend.fontSize, legend.alignment = 8, "right"
    legend.colorNamePairs = [
        (colors.HexColor(PALETTE[n % len(PALETTE)]), name) for n, name in enumerate(names)
    ]
    drawing.add(legend)
    if value_label:
        drawing.add(String(10, HEIGHT - 30, value_label, fontName="Helvetica", fontSize=8))
    return drawing


def to_svg(drawing: Drawing) -> str:
    """The drawing as SVG text (a notebook shows it with IPython.display.SVG)."""
    from reportlab.graphics import renderSVG

    return str(renderSVG.drawToString(drawing))
