"""Helpers for the data file tests: small good samples, edited row by row into bad ones."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from batchline.billing.datafile import DataFileError, ParsedFile, Problem, read_billing_file
from batchline.billing.datafile_format import COLUMN_NAMES
from batchline.billing.sample import SampleSummary, write_sample_file

ISSUED = date(2025, 1, 31)
MIXED_CHANNELS = {"PRINT": 0.5, "EMAIL": 0.3, "FAX": 0.1, "": 0.1}


def sample(tmp_path: Path, documents: int = 12, name: str = "bills.csv", **options: Any) -> SampleSummary:
    options.setdefault("seed", 11)
    options.setdefault("document_date", ISSUED)
    options.setdefault("channels", MIXED_CHANNELS)
    return write_sample_file(tmp_path / name, documents, **options)


def read(path: Path, tmp_path: Path) -> ParsedFile:
    return read_billing_file(path, tmp_path / "workspace")


def problems(path: Path, tmp_path: Path) -> tuple[Problem, ...]:
    with pytest.raises(DataFileError) as raised:
        read(path, tmp_path)
    return raised.value.problems


def rows_of(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def write_rows(path: Path, rows: list[list[str]], *, retotal: bool = True) -> None:
    """Write rows back as CSV; with retotal, make the trailer match the edited records."""
    if retotal and rows[-1][0] == "TRAILER":
        records = [row for row in rows[1:-1] if len(row) == len(COLUMN_NAMES)]
        runs = sum(1 for i, row in enumerate(records) if i == 0 or row[0] != records[i - 1][0])
        total = sum((Decimal(row[col("line_amount")]) for row in records), Decimal("0.00"))
        rows[-1] = ["TRAILER", str(len(records)), str(runs), str(total)]
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


def col(name: str) -> int:
    return COLUMN_NAMES.index(name)


def document_rows(rows: list[list[str]], kind: str | None = None, channel: str | None = None) -> list[int]:
    """Indexes into rows (line number - 1) of the first document of that type or channel with 2+ lines."""
    for number in dict.fromkeys(row[0] for row in rows[1:-1]):
        found = [i for i, row in enumerate(rows) if row[0] == number]
        head = rows[found[0]]
        if (kind is None or head[col("document_type")] == kind) and (
            channel is None or head[col("delivery_channel")] == channel
        ) and len(found) > 1:  # fmt: skip
            return found
    raise LookupError(f"no {kind or ''} {channel or ''} document with two or more lines in the sample")


def set_document(rows: list[list[str]], indexes: list[int], column: str, value: str) -> None:
    for i in indexes:
        rows[i][col(column)] = value
