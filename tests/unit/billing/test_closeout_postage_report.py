"""The print facility's postage report: read strictly, reconciled against what went to print."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from batchline.billing.closeout import (
    Mismatch,
    PostageLine,
    PostageReportError,
    read_postage_report,
    reconcile,
)

HEADER = "print_batch,pieces_mailed,postage_amount\n"


def report(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "postage.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_report_is_read_with_exact_amounts(tmp_path: Path) -> None:
    path = report(tmp_path, HEADER + "J1-P0001, 500 ,231.10\nJ1-P0002,17,7.9\n\n")
    assert read_postage_report(path) == (
        PostageLine("J1-P0001", 500, Decimal("231.10")),
        PostageLine("J1-P0002", 17, Decimal("7.90")),
    )


def test_a_report_may_give_the_day_each_batch_was_mailed(tmp_path: Path) -> None:
    path = report(tmp_path, HEADER.strip() + ",mail_date\nJ1-P0001,3,1.50,2026-11-20\nJ1-P0002,2,1.00,\n")
    assert read_postage_report(path) == (
        PostageLine("J1-P0001", 3, Decimal("1.50"), date(2026, 11, 20)),
        PostageLine("J1-P0002", 2, Decimal("1.00"), None),
    )


def test_a_mail_date_that_is_not_a_date_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = report(tmp_path, HEADER.strip() + ",mail_date\nJ1-P0001,3,1.50,20/11/2026\n")
    with pytest.raises(
        PostageReportError, match=r"line 2, mail_date: expected a date like 2026-11-30, found '20/11/2026'"
    ):
        read_postage_report(path)


def test_a_byte_order_mark_before_the_header_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "postage.csv"
    path.write_bytes(("\ufeff" + HEADER + "J1-P0001,3,1.50\n").encode("utf-8"))
    assert read_postage_report(path) == (PostageLine("J1-P0001", 3, Decimal("1.50")),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "postage.csv: the file is empty"),
        (HEADER, "postage.csv: expected at least one print batch, found none"),
        (
            "batch,pieces,postage\nJ1-P0001,3,1.50\n",
            "postage.csv, line 1: expected header print_batch,pieces_mailed,postage_amount "
            "(and optionally ,mail_date), found batch,pieces,postage",
        ),
        (HEADER + "J1-P0001,3\n", "postage.csv, line 2: expected 3 fields, found 2"),
        (HEADER + "J1-P0001,3,1.50\nJ1-P0002,three,1.50\n", "line 3, pieces_mailed: expected a whole number"),
        (HEADER + "J1-P0001,2.5,1.50\n", "line 2, pieces_mailed: expected a whole number, found '2.5'"),
        (HEADER + "J1-P0001,-3,1.50\n", "line 2, pieces_mailed: expected a whole number, found '-3'"),
        (HEADER + "J1-P0001,²,1.50\n", "line 2, pieces_mailed: expected a whole number, found '²'"),
        (
            HEADER + "J1-P0001,3,$1.50\n",
            "line 2, postage_amount: expected an amount like 123.45, found '$1.50'",
        ),
        (HEADER + "J1-P0001,3,\n", "line 2, postage_amount: expected an amount like 123.45, found ''"),
        (HEADER + "J1-P0001,3,NaN\n", "line 2, postage_amount: expected an amount like 123.45, found 'NaN'"),
        (HEADER + "J1-P0001,3,Infinity\n", "line 2, postage_amount: expected an amount like 123.45"),
        (
            HEADER + "J1-P0001,3,1.505\n",
            "line 2, postage_amount: expected a non-negative amount with at most 2",
        ),
        (HEADER + "J1-P0001,3,-1.50\n", "line 2, postage_amount: expected a non-negative amount"),
        (HEADER + "J1-P0001,3,1.50\nJ1-P0001,4,2.00\n", "line 3: print batch J1-P0001 appears twice"),
    ],
)
def test_a_bad_report_is_refused_naming_the_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PostageReportError) as refused:
        read_postage_report(report(tmp_path, text))
    assert message in str(refused.value)
    assert str(refused.value).startswith("postage report postage.csv")


def test_a_report_that_is_not_utf8_is_refused_with_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "postage.csv"
    good = (HEADER + "J1-P0001,3,1.50").encode()
    path.write_bytes(good + b"\xff\n")
    with pytest.raises(PostageReportError, match=f"unreadable characters at byte {len(good)}$"):
        read_postage_report(path)


def test_a_report_that_matches_what_was_sent_reconciles_with_exact_totals() -> None:
    lines = (
        PostageLine("J1-P0001", 500, Decimal("231.10")),
        PostageLine("J1-P0002", 17, Decimal("0.20")),
        PostageLine("J1-P0003", 1, Decimal("0.10")),
    )
    outcome = reconcile(lines, {"J1-P0001": 500, "J1-P0002": 17, "J1-P0003": 1})
    assert outcome.mismatches == ()
    assert outcome.pieces_mailed == 518
    assert outcome.total_postage == Decimal("231.40")
    assert str(outcome.total_postage) == "231.40"


def test_every_difference_from_what_was_sent_is_reported() -> None:
    lines = (
        PostageLine("J1-P0001", 499, Decimal("230.64")),
        PostageLine("J1-P0009", 3, Decimal("1.38")),
    )
    outcome = reconcile(lines, {"J1-P0001": 500, "J1-P0002": 17})
    assert outcome.mismatches == (
        Mismatch("J1-P0001", "pieces mailed", "500", "499"),
        Mismatch("J1-P0002", "missing from the postage report", "17 pieces", "no line"),
        Mismatch("J1-P0009", "not a print batch of this job", "a batch sent to print", "J1-P0009"),
    )
    assert str(outcome.mismatches[0]) == "print batch J1-P0001: pieces mailed: expected 500, found 499"
    assert outcome.total_postage == Decimal("232.02")
    assert outcome.pieces_mailed == 502
