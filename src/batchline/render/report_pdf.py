"""A report as a plain PDF document: a title, a few lines under it, then titled tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

_FONT_SIZE = 7.5
_MAX_COLUMN_WEIGHT = 48  # characters: wider columns wrap instead of squeezing the others
_MAX_ROWS = 2000  # a table this long belongs in the CSV; the PDF says how many were left out


@dataclass(frozen=True, slots=True)
class ReportTable:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def write_report_pdf(
    path: Path,
    title: str,
    lines: Sequence[str],
    tables: Sequence[ReportTable],
    charts: Sequence[Any] = (),
) -> Path:
    """Title, lines, then each chart (a reportlab Drawing), then each table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=_FONT_SIZE, leading=_FONT_SIZE * 1.2)
    head = cell.clone("head", fontName="Helvetica-Bold")
    margin = 0.5 * inch
    document = SimpleDocTemplate(
        str(path),
        pagesize=landscape(letter),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author="Batchline",
        invariant=True,
    )
    story: list[object] = [Paragraph(escape(title), styles["Title"])]
    story += [Paragraph(escape(line), styles["BodyText"]) for line in lines]
    for chart in charts:
        story += [Spacer(1, 0.15 * inch), chart]
    for table in tables:
        story += [Spacer(1, 0.15 * inch), Paragraph(escape(table.title), styles["Heading3"])]
        if not table.rows:
            story.append(Paragraph("None.", cell))
            continue
        rows = table.rows[:_MAX_ROWS]
        data = [[Paragraph(escape(c), head) for c in table.columns]]
        data += [[Paragraph(escape(value), cell) for value in row] for row in rows]
        grid = Table(data, colWidths=_widths(table, document.width), repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.Color(0.7, 0.7, 0.7)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(grid)
        if len(table.rows) > len(rows):
            story.append(Paragraph(f"{len(table.rows) - len(rows)} more rows in the CSV file.", cell))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.build(story)
    return path


def _widths(table: ReportTable, width: float) -> list[float]:
    weights = [
        min(max([len(name), *(len(row[i]) for row in table.rows)]), _MAX_COLUMN_WEIGHT) + 2
        for i, name in enumerate(table.columns)
    ]
    return [width * w / sum(weights) for w in weights]
