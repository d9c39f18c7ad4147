"""The Standard 18 writer: golden files, and a separate reader reconciling counts and totals."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from bacs_support import GOLDEN, VALID
from std18_reader import read_submission, reconcile

from batchline.bacs.payments import Originator, Payment
from batchline.bacs.problems import BacsFileError
from batchline.bacs.standard18 import plan_processing_day, render_standard18, write_standard18

CREDITS = [
    Payment("107999", "88837491", "JANE SMITH", 123450, "99", "SALARY APR"),
    Payment("202959", "63748472", "ACME SUPPLIES LTD", 9999, "99", "INV/1002"),
    Payment("871427", "46238510", "O BRIEN & SON", 1, "99", "INV 1003"),
]
COLLECTIONS = [
    Payment("089999", "66374958", "J SMITH", 0, "0N", "WATER00001"),
    Payment("089999", "66374958", "J SMITH", 2500, "01", "WATER00001"),
    Payment("202959", "63748472", "A N OTHER", 3010, "17", "WATER00002"),
    Payment("871427", "46238510", "B JONES", 1200, "19", "WATER00003"),
    Payment("938611", "07806039", "C DAVIES", 500, "99", "REFUND 7"),
]


def written(tmp_path: Path, payments: list[Payment], originator: Originator, submitted: date) -> bytes:
    path = tmp_path / "submission.txt"
    write_standard18(path, payments, originator, serial="097001", submission_day=submitted)
    return path.read_bytes()


def test_a_credit_file_matches_its_golden_file(tmp_path: Path, originator: Originator) -> None:
    data = written(tmp_path, CREDITS, originator, date(2026, 4, 2))
    assert data == (GOLDEN / "credits.std18").read_bytes()


def test_a_collection_file_matches_its_golden_file(tmp_path: Path, collector: Originator) -> None:
    data = written(tmp_path, COLLECTIONS, collector, date(2026, 12, 23))
    assert data == (GOLDEN / "collections.std18").read_bytes()


def test_the_separate_reader_reconciles_the_credit_golden_file() -> None:
    submission = read_submission((GOLDEN / "credits.std18").read_bytes())
    assert (submission.serial, submission.sun, submission.processing_yyddd) == ("097001", "123456", " 26097")
    assert reconcile(submission) == {
        "debit_total": 133450, "credit_total": 133450, "debit_count": 1, "credit_count": 3, "ddi_count": 0,
    }  # fmt: skip
    [contra] = submission.contras
    assert (contra.code, contra.pence, contra.dest_sort, contra.dest_account) == (
        "17",
        133450,
        "089999",
        "66374958",
    )


def test_the_separate_reader_reconciles_the_collection_golden_file() -> None:
    submission = read_submission((GOLDEN / "collections.std18").read_bytes())
    assert submission.processing_yyddd == " 26358"  # Thursday 24 December 2026
    assert reconcile(submission) == {
        "debit_total": 7210, "credit_total": 7210, "debit_count": 4, "credit_count": 2, "ddi_count": 1,
    }  # fmt: skip
    assert [(c.code, c.pence) for c in submission.contras] == [("99", 6710), ("17", 500)]


def test_a_large_mixed_file_reconciles_and_its_summary_agrees(collector: Originator) -> None:
    rng = random.Random(6)
    pairs = list(VALID.values())
    payments = []
    for n in range(2000):
        code = rng.choice(["99", "01", "17", "18", "19", "0N", "0C", "0S"])
        sort_code, account = rng.choice(pairs)
        pence = 0 if code.startswith("0") and code != "01" else rng.randint(1, 10**7)
        payments.append(Payment(sort_code, account, f"PAYEE {n}", pence, code, f"REF{n:06d}"))
    text, summary = render_standard18(
        payments, collector, serial="A00001", processing=date(2026, 6, 10), created=date(2026, 6, 9)
    )
    recount = reconcile(read_submission(text.encode("ascii")))
    assert recount == {
        "debit_total": summary.debit_total_pence, "credit_total": summary.credit_total_pence,
        "debit_count": summary.debit_count, "credit_count": summary.credit_count,
        "ddi_count": summary.instructions,
    }  # fmt: skip
    assert summary.payments == 2000 and summary.contras == 2


def test_a_side_too_large_for_one_contra_takes_several(originator: Originator) -> None:
    big = [Payment(*VALID["mod11"], "BIG PAYEE", 60_000_000_000, "99", "BIG") for _ in range(3)]
    text, summary = render_standard18(big, originator, serial="000002", processing=date(2026, 6, 10),
                                      created=date(2026, 6, 9))  # fmt: skip
    submission = read_submission(text.encode("ascii"))
    assert [c.pence for c in submission.contras] == [99_999_999_999, 80_000_000_001]
    assert reconcile(submission)["debit_total"] == 180_000_000_000 == summary.credit_total_pence


def test_each_originating_account_gets_its_own_contra(originator: Originator) -> None:
    other = Payment(*VALID["mod10"], "X", 700, "99", "R", originating_sort_code="107999",
                    originating_account_number="88837491")  # fmt: skip
    payments = [Payment(*VALID["mod11"], "Y", 300, "99", "R"), other]
    text, _ = render_standard18(payments, originator, serial="000003", processing=date(2026, 6, 10),
                                created=date(2026, 6, 9))  # fmt: skip
    submission = read_submission(text.encode("ascii"))
    assert [(c.dest_sort, c.dest_account, c.pence) for c in submission.contras] == [
        ("089999", "66374958", 300), ("107999", "88837491", 700),
    ]  # fmt: skip
    reconcile(submission)


def test_the_processing_day_is_day_2_unless_a_later_working_day_is_asked_for() -> None:
    assert plan_processing_day(date(2026, 4, 2)) == date(2026, 4, 7)
    assert plan_processing_day(date(2026, 4, 2), date(2026, 4, 9)) == date(2026, 4, 9)
    for asked in (date(2026, 4, 2), date(2026, 4, 6), date(2026, 4, 11)):
        with pytest.raises(BacsFileError) as raised:
            plan_processing_day(date(2026, 4, 2), asked)
        [problem] = raised.value.problems
        assert (
            problem.expected
            == "a Bacs processing day on or after 2026-04-07 (day 2 of a submission on 2026-04-02)"
        )


def test_a_payment_that_does_not_fit_its_record_writes_nothing(
    tmp_path: Path, originator: Originator
) -> None:
    path = tmp_path / "out" / "submission.txt"
    too_long = Payment(*VALID["mod11"], "A NAME OF NINETEEN.", 100, "99", "R", line=7)
    with pytest.raises(BacsFileError) as raised:
        write_standard18(path, [too_long], originator, serial="000004", submission_day=date(2026, 6, 9))
    assert raised.value.problems[0].what == "payment does not fit the Standard 18 record"
    assert raised.value.problems[0].where == "line 7"
    assert not path.exists()


@pytest.mark.parametrize(
    "payment",
    [
        Payment("08999A", "66374958", "X", 1, "99", "R"),
        Payment("089999", "66374958", "X", -1, "99", "R"),
        Payment("089999", "66374958", "X", 1, "AB", "R"),
    ],
)
def test_the_writer_refuses_what_validation_would_have_refused(
    originator: Originator, payment: Payment
) -> None:
    with pytest.raises(BacsFileError, match="payment does not fit the Standard 18 record"):
        render_standard18(
            [payment], originator, serial="000006", processing=date(2026, 6, 10), created=date(2026, 6, 9)
        )


def test_a_file_is_replaced_whole_and_leaves_no_temporary_file(
    tmp_path: Path, originator: Originator
) -> None:
    path = tmp_path / "submission.txt"
    path.write_text("old")
    write_standard18(path, CREDITS, originator, serial="000005", submission_day=date(2026, 6, 9))
    assert path.read_bytes().startswith(b"VOL1000005")
    assert [p.name for p in tmp_path.iterdir()] == ["submission.txt"]


@pytest.mark.parametrize("serial", ["000000", "12345", "12 345", "ABCDEFG"])
def test_the_submission_serial_is_six_letters_or_digits_not_all_zeros(
    originator: Originator, serial: str
) -> None:
    with pytest.raises(ValueError, match="the submission serial must be 6 letters or digits"):
        render_standard18(
            CREDITS, originator, serial=serial, processing=date(2026, 6, 10), created=date(2026, 6, 9)
        )
