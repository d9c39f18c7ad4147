"""Importing a Standard 18 file: every record checked, totals reconciled, every fault reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bacs_support import GOLDEN

from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import Originator, Payment
from batchline.bacs.problems import BacsFileError, Problem
from batchline.bacs.standard18 import render_standard18
from batchline.bacs.standard18_read import parse_standard18


def golden_lines(name: str) -> list[str]:
    return (GOLDEN / name).read_bytes().decode("ascii").split("\r\n")[:-1]


def saved(tmp_path: Path, lines: list[str], newline: str = "\r\n") -> Path:
    path = tmp_path / "import.txt"
    path.write_bytes((newline.join(lines) + newline).encode("latin-1"))
    return path


def faults(tmp_path: Path, lines: list[str], checker: ModulusChecker, **kwargs: Originator) -> list[Problem]:
    with pytest.raises(BacsFileError) as raised:
        parse_standard18(saved(tmp_path, lines), checker, **kwargs)
    return list(raised.value.problems)


def replaced(line: str, first: int, text: str) -> str:
    """`line` with `text` written from position `first` (1-based), as a Bacs document counts."""
    return line[: first - 1] + text + line[first - 1 + len(text) :]


def test_a_written_file_reads_back_as_the_same_payments(checker: ModulusChecker) -> None:
    read = parse_standard18(GOLDEN / "collections.std18", checker)
    assert (read.serial, read.service_user_number) == ("097001", "654321")
    assert (read.created, read.processing_day) == (date(2026, 12, 23), date(2026, 12, 24))
    assert [(p.line, p.sort_code, p.account_number, p.account_name, p.amount_pence, p.transaction_code,
             p.reference) for p in read.payments] == [
        (5, "089999", "66374958", "J SMITH", 0, "0N", "WATER00001"),
        (6, "089999", "66374958", "J SMITH", 2500, "01", "WATER00001"),
        (7, "202959", "63748472", "A N OTHER", 3010, "17", "WATER00002"),
        (8, "871427", "46238510", "B JONES", 1200, "19", "WATER00003"),
        (9, "938611", "07806039", "C DAVIES", 500, "99", "REFUND 7"),
    ]  # fmt: skip
    assert [(c.transaction_code, c.amount_pence) for c in read.contras] == [("99", 6710), ("17", 500)]
    assert (read.debit_total_pence, read.credit_total_pence, read.debit_count, read.credit_count) == (
        7210,
        7210,
        4,
        2,
    )


def test_lf_line_ends_read_as_well_as_crlf(tmp_path: Path, checker: ModulusChecker) -> None:
    read = parse_standard18(saved(tmp_path, golden_lines("credits.std18"), "\n"), checker)
    assert len(read.payments) == 3


def test_a_multi_day_file_gives_each_payment_its_own_day(
    tmp_path: Path, checker: ModulusChecker, originator: Originator
) -> None:
    lines = golden_lines("credits.std18")
    lines[2] = replaced(lines[2], 11, "00106")
    lines[-2] = replaced(lines[-2], 11, "00106")
    lines[3] = replaced(replaced(lines[3], 5, "      "), 29, "4 MULTI  ")
    for n in range(4, 8):
        lines[n] += " 26097"
    read = parse_standard18(saved(tmp_path, lines), checker, originator)
    assert read.processing_day is None
    assert {p.payment_date for p in read.payments} == {date(2026, 4, 7)}


def test_a_bad_transaction_is_reported_with_its_line_and_positions(
    tmp_path: Path, checker: ModulusChecker
) -> None:
    lines = golden_lines("credits.std18")
    lines[4] = replaced(lines[4], 7, "88837493")  # fails modulus
    lines[5] = replaced(lines[5], 83, "acme supplies ltd")  # lower case
    lines[6] = replaced(lines[6], 16, "98")
    assert [(p.where, p.what) for p in faults(tmp_path, lines, checker)] == [
        ("line 5, positions 7-14 (destination account number)", "account number fails modulus checking"),
        ("line 6, positions 83-100 (destination account name)", "character outside the Bacs character set"),
        ("line 7, positions 16-17 (transaction code)", "unknown transaction code"),
        ("line 8", "contra records do not balance"),
        ("line 11, positions 5-44", "UTL1 totals do not match the records"),
    ]


def test_totals_that_do_not_match_utl1_are_refused(tmp_path: Path, checker: ModulusChecker) -> None:
    lines = golden_lines("credits.std18")
    lines[-1] = replaced(lines[-1], 38, "0000004")
    assert faults(tmp_path, lines, checker) == [
        Problem(
            "UTL1 totals do not match the records",
            "line 11, positions 5-44",
            "debits 133450 pence in 1 records, credits 133450 pence in 3",
            '"0000000133450000000013345000000010000004"',
        )
    ]


def test_a_contra_that_does_not_balance_its_account_is_refused(
    tmp_path: Path, checker: ModulusChecker
) -> None:
    lines = golden_lines("credits.std18")
    lines[7] = replaced(lines[7], 36, "00000133449")
    lines[-1] = replaced(lines[-1], 5, "0000000133449")
    assert faults(tmp_path, lines, checker) == [
        Problem(
            "contra records do not balance",
            "line 8",
            "contras equal to the credits of account 089999 66374958",
            '"credits of 133450 pence, contras of 133449 pence"',
        )
    ]


def test_records_of_the_wrong_length_and_misplaced_labels_are_named(
    tmp_path: Path, checker: ModulusChecker
) -> None:
    lines = golden_lines("credits.std18")
    lines[4] = lines[4][:99]
    lines[2] = "HDR3" + lines[2][4:]
    lines[-3] = replaced(lines[-3], 48, " 26098")
    found = [(p.where, p.what) for p in faults(tmp_path, lines, checker)]
    assert found[:3] == [
        ("line 3, positions 1-4 (label)", "record out of place"),
        ("line 5", "wrong record length"),
        ("line 9, positions 5-80", "EOF1 does not repeat HDR1"),
    ]


def test_label_fields_are_checked(tmp_path: Path, checker: ModulusChecker) -> None:
    lines = golden_lines("credits.std18")
    lines[0] = replaced(lines[0], 5, "000000")
    lines[3] = replaced(lines[3], 5, " 26095")  # Sunday 5 April 2026, Easter Day
    lines[-1] = replaced(lines[-1], 5, "ABC")
    assert [(p.where, p.what) for p in faults(tmp_path, lines, checker)] == [
        ("line 1, positions 5-10 (submission serial number)", "bad submission serial number"),
        ("line 2, positions 6-11 and 22-27", "HDR1 does not match VOL1"),
        ("line 4, positions 5-10 (processing day)", "processing day is not a Bacs working day"),
        ("line 11, positions 5-17 (debit value total)", "bad debit value total"),
    ]


def test_a_file_of_another_service_user_is_refused(
    tmp_path: Path, checker: ModulusChecker, collector: Originator
) -> None:
    problems = faults(tmp_path, golden_lines("credits.std18"), checker, originator=collector)
    assert (problems[0].what, problems[0].expected, problems[0].found) == (
        "file of another service user", "654321", '"123456"',
    )  # fmt: skip


def test_a_file_too_short_to_be_standard_18_says_what_it_should_hold(
    tmp_path: Path, checker: ModulusChecker
) -> None:
    assert faults(tmp_path, ["VOL1", "HDR1"], checker) == [
        Problem(
            "not a Standard 18 file",
            "file",
            "VOL1, HDR1, HDR2, UHL1, the records, EOF1, EOF2 and UTL1, one per line",
            "2 lines",
        )
    ]


def test_a_byte_that_is_not_ascii_is_named(tmp_path: Path, checker: ModulusChecker) -> None:
    lines = golden_lines("credits.std18")
    lines[4] = replaced(lines[4], 83, "JOS\xc9 SMITH")
    assert [(p.where, p.what) for p in faults(tmp_path, lines, checker)] == [
        ("line 5", "byte that is not ASCII"),
        ("line 5, positions 83-100 (destination account name)", "character outside the Bacs character set"),
    ]


def test_every_written_shape_reads_back_cleanly(
    checker: ModulusChecker, collector: Originator, tmp_path: Path
) -> None:
    payments = [
        Payment("089999", "66374958", f"PAYEE {n}", n + 1, "17", f"MANDATE{n:04d}") for n in range(50)
    ]
    text, _ = render_standard18(payments, collector, serial="B00001", processing=date(2026, 6, 10),
                                created=date(2026, 6, 9))  # fmt: skip
    path = tmp_path / "round.txt"
    path.write_text(text, encoding="ascii", newline="")
    read = parse_standard18(path, checker, collector)
    assert [p.account_name for p in read.payments] == [p.account_name for p in payments]
    assert read.debit_total_pence == sum(p.amount_pence for p in payments)
