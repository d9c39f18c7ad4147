"""A report as people get it: markdown (a Prefect artifact or an email), CSV, Parquet and a PDF with charts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from batchline.reports.files import write_csv

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, eq=False, slots=True)
class Section:
    name: str  # the file stem: <report>/<name>.csv
    title: str
    frame: pd.DataFrame
    shown: pd.DataFrame | None = None  # what the markdown and PDF show, when shorter than the files


@dataclass(frozen=True, slots=True)
class ReportFiles:
    pdf: Path
    markdown: Path
    csv: tuple[Path, ...]
    parquet: tuple[Path, ...]


@dataclass(frozen=True, eq=False, slots=True)
class ReportDocument:
    name: str  # the folder and file stem, e.g. billing-statistics-DEMO-2026-10
    heading: str
    lines: tuple[str, ...]
    sections: tuple[Section, ...]
    charts: tuple[Any, ...] = field(default=())  # reportlab Drawings (batchline.render.charts)

    def section(self, name: str) -> pd.DataFrame:
        return next(s.frame for s in self.sections if s.name == name)

    def to_markdown(self) -> str:
        parts = [f"# {self.heading}", "", *(f"{line}  " for line in self.lines)]
        for s in self.sections:
            shown = s.frame if s.shown is None else s.shown
            parts += ["", f"## {s.title}", ""]
            parts.append(markdown_table(shown) if len(shown) else "None.")
        return "\n".join(parts) + "\n"

    def write_pdf(self, path: Path) -> Path:
        from batchline.render.report_pdf import ReportTable, write_report_pdf

        tables = [
            ReportTable(
                s.title,
                tuple(str(c) for c in s.frame.columns),
                tuple(
                    tuple(text(v) for v in row)
                    for row in (s.frame if s.shown is None else s.shown).itertuples(index=False)
                ),
            )
            for s in self.sections
        ]
        return write_report_pdf(path, self.heading, self.lines, tables, self.charts)

    def write_files(self, reports_dir: Path) -> ReportFiles:
        """reports_dir/<name>/: <name>.pdf, <name>.md, and a CSV and a Parquet file per section."""
        name = safe_name(self.name)
        folder = reports_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        markdown = folder / f"{name}.md"
        markdown.write_text(self.to_markdown(), encoding="utf-8")
        csvs = tuple(write_csv(s.frame.map(text), folder / f"{s.name}.csv") for s in self.sections)
        parquets = tuple(write_parquet(s.frame, folder / f"{s.name}.parquet") for s in self.sections)
        return ReportFiles(self.write_pdf(folder / f"{name}.pdf"), markdown, csvs, parquets)


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def artifact_key(name: str) -> str:
    """A Prefect artifact key: lower-case letters, digits and dashes only."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", name.lower())).strip("-")


def text(value: Any) -> str:
    """A cell as written to CSV, markdown and PDF: exact, empty for nothing."""
    if value is None or (isinstance(value, float) and value != value):  # None, or pandas' NaN for None
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return str(value)


def markdown_table(frame: pd.DataFrame) -> str:
    cells = frame.map(lambda v: text(v).replace("|", "\\|").replace("\r", " ").replace("\n", " "))
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = ["| " + " | ".join(row) + " |" for row in cells.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Money stays exact: a column of Decimals is decimal128 at its largest scale, dates are date32.

    A column holding values of several kinds is written as text, each value as in the CSV.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays, names = [], []
    for column in frame.columns:
        values = [None if _missing(v) else v for v in frame[column].tolist()]
        present = [v for v in values if v is not None]
        kind: pa.DataType | None = None
        if present and all(isinstance(v, Decimal) for v in present):
            scale = max(-int(v.as_tuple().exponent) for v in present)
            kind = pa.decimal128(38, max(scale, 0))
        elif present and all(isinstance(v, date) and not isinstance(v, datetime) for v in present):
            kind = pa.date32()
        try:
            arrays.append(pa.array(values, kind))
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # a column of mixed kinds (item/value pairs): as text
            arrays.append(pa.array([None if v is None else text(v) for v in values], pa.string()))
        names.append(str(column))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".parquet.tmp")
    pq.write_table(pa.table(arrays, names=names), temporary)
    temporary.replace(path)
    return path


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
