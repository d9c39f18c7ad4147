"""Report CSVs: a cell a spreadsheet would run as a formula is written as plain text."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from batchline.reports.files import neutralize, write_csv


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Acme = best", "Acme = best"),
        ("100001", "100001"),
        ("", ""),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_prefixed_with_a_quote(cell: str, written: str) -> None:
    assert neutralize(cell) == written


def test_numbers_are_left_as_numbers() -> None:
    assert neutralize(-5) == -5


def test_formula_cells_are_neutralized_in_every_text_column_of_the_csv(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "customer": ["=cmd|' /C calc'!A0", "+Acme", "-Acme", "@Acme", "Acme"],
            "note": pd.Series(["ok", None, "=1+1", 7, "fine"], dtype=object),
            "amount": [-5, 1, 2, 3, 4],
        }
    )
    path = write_csv(frame, tmp_path / "reports" / "jobs.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["customer", "note", "amount"],
        ["'=cmd|' /C calc'!A0", "ok", "-5"],
        ["'+Acme", "", "1"],
        ["'-Acme", "'=1+1", "2"],
        ["'@Acme", "7", "3"],
        ["Acme", "fine", "4"],
    ]
    assert frame.loc[0, "customer"] == "=cmd|' /C calc'!A0"  # the caller's frame is untouched
