from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from batchline.billing.model import Bill
from batchline.render.scanline import (
    ScanLineError,
    data_digits,
    luhn_check_digit,
    luhn_is_valid,
    scan_line,
)


def test_the_luhn_check_digit_matches_the_published_example() -> None:
    assert luhn_check_digit("7992739871") == 3
    assert luhn_is_valid("79927398713")
    assert not luhn_is_valid("79927398710")


def test_a_scan_line_reads_account_document_cents_and_a_valid_check_digit(mail_bill: Bill) -> None:
    bill = replace(
        mail_bill, account_number="12345678", document_number="INV0042", amount_due=Decimal("1234.5")
    )

    line = scan_line(bill)

    assert line == "12345678 INV0042 0000123450 2"
    account, document, cents, check = line.split()
    assert luhn_is_valid(data_digits(account) + data_digits(document) + cents + check)


def test_letters_count_as_their_base_36_values_and_punctuation_is_skipped() -> None:
    assert data_digits("INV-0042") == "1823310042"


def test_a_single_changed_digit_is_caught_by_the_check_digit(mail_bill: Bill) -> None:
    account, document, cents, check = scan_line(replace(mail_bill, account_number="12345678")).split()
    assert luhn_is_valid(data_digits(account) + data_digits(document) + cents + check)
    assert not luhn_is_valid(data_digits("12345679") + data_digits(document) + cents + check)


def test_a_credit_balance_scans_as_nothing_due(mail_bill: Bill) -> None:
    assert scan_line(replace(mail_bill, amount_due=Decimal("-25.00"))).split()[2] == "0000000000"


def test_an_amount_too_large_for_the_scan_line_is_refused_with_the_document_named(mail_bill: Bill) -> None:
    with pytest.raises(ScanLineError, match=mail_bill.document_number):
        scan_line(replace(mail_bill, amount_due=Decimal("100000000.00")))
