"""The payments CSV: each rule, and a report naming what, where, expected and found for every fault."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bacs_support import write_csv

from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import Originator, Payment
from batchline.bacs.payments_csv import load_payments_csv, read_payments_csv
from batchline.bacs.problems import BacsFileError, Problem

GOOD = "089999,66374958,Jane Smith,1234.50,99,INV 1001"


def problems(
    path: Path, checker: ModulusChecker, originator: Originator | None = None
) -> tuple[Problem, ...]:
    with pytest.raises(BacsFileError) as raised:
        load_payments_csv(path, checker, originator)
    return raised.value.problems


def only(found: tuple[Problem, ...]) -> Problem:
    assert len(found) == 1, found
    return found[0]


def one_row(
    tmp_path: Path, checker: ModulusChecker, row: str, originator: Originator | None = None
) -> Problem:
    return only(problems(write_csv(tmp_path / "payments.csv", row), checker, originator))


# -- a good file ---------------------------------------------------------------------------


def test_a_good_file_gives_payments_in_pence_and_upper_case(tmp_path: Path, checker: ModulusChecker) -> None:
    path = write_csv(tmp_path / "p.csv", GOOD, "10-79-99, 88837491 ,acme supplies ltd,0.5,99,")
    assert load_payments_csv(path, checker) == [
        Payment("089999", "66374958", "JANE SMITH", 123450, "99", "INV 1001", line=2),
        Payment("107999", "88837491", "ACME SUPPLIES LTD", 50, "99", "", line=3),
    ]


def test_columns_may_come_in_any_order_with_an_optional_payment_date(
    tmp_path: Path, checker: ModulusChecker
) -> None:
    header = "reference,amount,payment_date,transaction_code,account_name,account_number,sort_code"
    path = write_csv(tmp_path / "p.csv", "R1,10,2026-06-10,99,A N OTHER,66374958,089999", header=header)
    [payment] = load_payments_csv(path, checker)
    assert (payment.amount_pence, payment.payment_date, payment.amount) == (1000, date(2026, 6, 10), 10)


def test_a_byte_order_mark_and_crlf_line_ends_are_fine(tmp_path: Path, checker: ModulusChecker) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbfsort_code,account_number,account_name,amount,transaction_code,reference\r\n"
                     + GOOD.encode() + b"\r\n")  # fmt: skip
    assert len(load_payments_csv(path, checker)) == 1


# -- the file as a whole -------------------------------------------------------------------


def test_an_empty_file_has_no_header_and_no_payments(tmp_path: Path, checker: ModulusChecker) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"")
    assert only(problems(path, checker)) == Problem(
        "empty file", "file", "a header row and at least one payment", "no rows"
    )


def test_a_header_alone_has_no_payments(tmp_path: Path, checker: ModulusChecker) -> None:
    assert only(problems(write_csv(tmp_path / "p.csv"), checker)).what == "no payments"


def test_the_header_names_every_missing_unknown_and_repeated_column(
    tmp_path: Path, checker: ModulusChecker
) -> None:
    path = write_csv(
        tmp_path / "p.csv", GOOD, header="sort_code,account,account_name,amount,amount,reference"
    )
    assert [(p.what, p.where, p.found) for p in problems(path, checker)] == [
        ("repeated column", "line 1", '"amount"'),
        ("unknown column", "line 1", '"account"'),
        ("missing column", "line 1", "no column account_number"),
        ("missing column", "line 1", "no column transaction_code"),
    ]


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path, checker: ModulusChecker) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"sort_code,account_number,account_name,amount,transaction_code,reference\n"
                     + GOOD.encode() + b"\n089999,66374958,Jos\xe9,1,99,R\n")  # fmt: skip
    assert only(problems(path, checker)) == Problem("text is not UTF-8", "line 3", "UTF-8 text", "byte 0xe9")


def test_rows_of_the_wrong_width_blank_lines_and_line_breaks_are_named(
    tmp_path: Path, checker: ModulusChecker
) -> None:
    path = write_csv(tmp_path / "p.csv", GOOD, "089999,66374958,Jane Smith,1.00,99", "", GOOD,
                     '089999,66374958,"Jane\nSmith",1,99,R', GOOD, "", "")  # fmt: skip
    assert [(p.what, p.where, p.found) for p in problems(path, checker)] == [
        ("wrong number of values", "line 3", "5"),
        ("blank line", "line 4", "an empty line"),
        ("line break inside a value", "line 6", "2 lines"),
    ]


# -- each field ----------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1,234.50", "£5", "1.234", "-1", "", "1e3", "1000000000.00"])
def test_an_amount_is_pounds_and_pence_within_eleven_digits(
    tmp_path: Path, checker: ModulusChecker, amount: str
) -> None:
    assert one_row(tmp_path, checker, f'089999,66374958,J SMITH,"{amount}",99,R') == Problem(
        "bad amount",
        "line 2, column amount",
        "pounds and pence such as 1234.50, at most 999999999.99 (no £ sign or commas)",
        f'"{amount}"' if amount else "an empty value",
    )


def test_the_largest_amount_fits_the_eleven_digit_field(tmp_path: Path, checker: ModulusChecker) -> None:
    path = write_csv(tmp_path / "p.csv", "089999,66374958,J SMITH,999999999.99,99,R")
    assert load_payments_csv(path, checker)[0].amount_pence == 99_999_999_999


def test_a_credit_of_nothing_is_refused(tmp_path: Path, checker: ModulusChecker) -> None:
    assert one_row(tmp_path, checker, "089999,66374958,J SMITH,0.00,99,R") == Problem(
        "amount not positive", "line 2, column amount", "more than 0 for 99 (Direct Credit)", '"0 pence"'
    )


def test_an_instruction_carries_no_amount(
    tmp_path: Path, checker: ModulusChecker, collector: Originator
) -> None:
    assert one_row(tmp_path, checker, "089999,66374958,J SMITH,0.01,0N,MANDATE01", collector) == Problem(
        "amount on an instruction",
        "line 2, column amount",
        "0 for 0N (new Direct Debit Instruction)",
        '"1 pence"',
    )


def test_an_unknown_transaction_code_lists_the_known_ones(tmp_path: Path, checker: ModulusChecker) -> None:
    assert one_row(tmp_path, checker, "089999,66374958,J SMITH,1,98,R") == Problem(
        "unknown transaction code", "line 2, column transaction_code",
        "99, 01, 17, 18, 19, 0N, 0C, 0S", '"98"',
    )  # fmt: skip


@pytest.mark.parametrize(
    ("sort_code", "account", "what", "where", "expected"),
    [
        ("08999", "66374958", "bad sort code", "column sort_code", "6 digits, such as 089999 or 08-99-99"),
        ("0899-99", "66374958", "bad sort code", "column sort_code", "6 digits, such as 089999 or 08-99-99"),
        ("089999", "6637495", "bad account number", "column account_number", "8 digits"),
        ("089999", "66374959", "account number fails modulus checking", "column account_number",
         "an account number that can exist at sort code 089999: it fails the MOD10 modulus check"),
    ],
)  # fmt: skip
def test_sort_codes_and_accounts_are_checked_for_format_then_modulus(
    tmp_path: Path,
    checker: ModulusChecker,
    sort_code: str,
    account: str,
    what: str,
    where: str,
    expected: str,
) -> None:
    problem = one_row(tmp_path, checker, f"{sort_code},{account},J SMITH,1,99,R")
    assert (problem.what, problem.where, problem.expected) == (what, f"line 2, {where}", expected)


@pytest.mark.parametrize(
    ("name", "what", "expected"),
    [
        ("", "empty required value", "a value of 1 to 18 characters"),
        ("ABCDEFGHIJKLMNOPQRS", "value too long", "at most 18 characters"),
        ("J O'BRIEN", "character outside the Bacs character set", "only A-Z, 0-9, space and . & / -; not \"'\""),
        ("JOSÉ, SMITH_", "character outside the Bacs character set",
         "only A-Z, 0-9, space and . & / -; not \",_É\""),
    ],
)  # fmt: skip
def test_an_account_name_is_required_short_and_in_the_bacs_character_set(
    tmp_path: Path, checker: ModulusChecker, name: str, what: str, expected: str
) -> None:
    problem = one_row(tmp_path, checker, f'089999,66374958,"{name}",1,99,R')
    assert (problem.what, problem.where, problem.expected) == (what, "line 2, column account_name", expected)


def test_lower_case_letters_are_written_in_upper_case(tmp_path: Path, checker: ModulusChecker) -> None:
    path = write_csv(tmp_path / "p.csv", "089999,66374958,j. smith & co/ltd1,1,99,inv 7")
    [payment] = load_payments_csv(path, checker)
    assert (payment.account_name, payment.reference) == ("J. SMITH & CO/LTD1", "INV 7")


@pytest.mark.parametrize(
    ("code", "reference", "what"),
    [
        ("99", "ABCDEFGHIJKLMNOPQRS", "value too long"),
        ("99", "INV#1", "character outside the Bacs character set"),
        ("17", "AB-12", "Direct Debit reference too short"),
        ("17", "111111", "Direct Debit reference too short"),
        ("0C", "", "Direct Debit reference too short"),
    ],
)
def test_a_reference_fits_and_a_direct_debit_names_its_mandate(
    tmp_path: Path, checker: ModulusChecker, collector: Originator, code: str, reference: str, what: str
) -> None:
    amount = "0" if code == "0C" else "1"
    problem = one_row(tmp_path, checker, f"089999,66374958,J SMITH,{amount},{code},{reference}", collector)
    assert (problem.what, problem.where) == (what, "line 2, column reference")


def test_only_a_direct_debit_originator_may_collect(
    tmp_path: Path, checker: ModulusChecker, originator: Originator
) -> None:
    assert one_row(tmp_path, checker, "089999,66374958,J SMITH,1,17,MANDATE01", originator) == Problem(
        "Direct Debit from an originator that cannot collect",
        "line 2, column transaction_code",
        "only 99 (Direct Credit): service user 123456 is not a Direct Debit originator",
        '"17"',
    )


def test_direct_debits_and_instructions_pass_for_a_collector(
    tmp_path: Path, checker: ModulusChecker, collector: Originator
) -> None:
    rows = [f"089999,66374958,J SMITH,{a},{c},MANDATE01" for a, c in
            (("1", "01"), ("2", "17"), ("3", "18"), ("4", "19"), ("0", "0N"), ("0", "0c"), ("0", "0S"))]  # fmt: skip
    codes = [
        p.transaction_code
        for p in load_payments_csv(write_csv(tmp_path / "p.csv", *rows), checker, collector)
    ]
    assert codes == ["01", "17", "18", "19", "0N", "0C", "0S"]


def test_payment_dates_are_real_processing_days_and_one_per_file(
    tmp_path: Path, checker: ModulusChecker
) -> None:
    header = "sort_code,account_number,account_name,amount,transaction_code,reference,payment_date"
    path = write_csv(tmp_path / "p.csv", f"{GOOD},2026-06-10", f"{GOOD},2026-02-30", f"{GOOD},2026-06-13",
                     f"{GOOD},", header=header)  # fmt: skip
    assert [(p.what, p.where, p.found) for p in problems(path, checker)] == [
        ("bad payment date", "line 3, column payment_date", '"2026-02-30"'),
        ("payment date is not a Bacs processing day", "line 4, column payment_date", '"2026-06-13"'),
        ("payment dates differ", "line 4, column payment_date", '"2026-06-13"'),
    ]


# -- the report ----------------------------------------------------------------------------


def test_every_fault_of_every_line_is_reported_in_line_order(tmp_path: Path, checker: ModulusChecker) -> None:
    path = write_csv(
        tmp_path / "p.csv", GOOD, "0899,6637495,,x,42,R", GOOD, "089999,66374959,J O'NEIL,1,99,R"
    )
    with pytest.raises(BacsFileError) as raised:
        load_payments_csv(path, checker)
    error = raised.value
    assert [(p.where, p.what) for p in error.problems] == [
        ("line 3, column amount", "bad amount"),
        ("line 3, column sort_code", "bad sort code"),
        ("line 3, column account_number", "bad account number"),
        ("line 3, column account_name", "empty required value"),
        ("line 3, column transaction_code", "unknown transaction code"),
        ("line 5, column account_number", "account number fails modulus checking"),
        ("line 5, column account_name", "character outside the Bacs character set"),
    ]
    assert error.lines == (3, 5)
    assert str(error).endswith("(7 problems in rejected Bacs file p.csv)")
    markdown = error.report_markdown()
    assert markdown.startswith(
        "# Rejected Bacs file: p.csv\n\n7 problems.\n\n| What | Where | Expected | Found |"
    )
    assert "| bad amount | line 3, column amount |" in markdown
    csv = error.report_csv().splitlines()
    assert csv[0] == "what,where,expected,found" and len(csv) == 8


def test_the_report_is_not_capped(tmp_path: Path, checker: ModulusChecker) -> None:
    path = write_csv(tmp_path / "p.csv", *["089999,66374959,J SMITH,1,99,R"] * 150)
    with pytest.raises(BacsFileError) as raised:
        load_payments_csv(path, checker)
    error = raised.value
    assert len(error.problems) == 150 and error.lines[-1] == 151
    assert "... and 130 more (see the report)" in str(error)


def test_reading_keeps_the_rows_as_text_for_validation(tmp_path: Path) -> None:
    read = read_payments_csv(write_csv(tmp_path / "p.csv", GOOD))
    assert (read.rows, read.problems) == ([(2, GOOD.split(","))], [])
