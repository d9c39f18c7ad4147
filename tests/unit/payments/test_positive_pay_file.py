"""Positive pay: issue and void records in a bank's fixed or delimited layout, with an optional trailer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from batchline.payments.errors import PaymentFileError
from batchline.payments.model import PaymentMethod
from batchline.payments.positive_pay import (
    DEFAULT_DELIMITED_LAYOUT,
    DEFAULT_FIXED_LAYOUT,
    Field,
    PositivePayItem,
    PositivePayLayout,
    build_positive_pay,
    issued_checks,
)
from tests.unit.payments.samples import disbursement_account, invoice, payment

ISSUED = PositivePayItem("9876543210", 1001, Decimal("1234.56"), date(2025, 3, 14), "Acme Supplies, Inc.")
VOIDED = PositivePayItem(
    "9876543210", 1002, Decimal("250.00"), date(2025, 3, 14), "Zoë Müller GmbH", void=True
)


def test_the_default_fixed_layout_puts_each_field_at_its_position() -> None:
    file = build_positive_pay([ISSUED, VOIDED], DEFAULT_FIXED_LAYOUT)
    assert file.lines == (
        "98765432100000001001000012345603142025I" + "ACME SUPPLIES, INC.".ljust(50),
        "98765432100000001002000002500003142025V" + "ZOE MULLER GMBH".ljust(50),
    )
    assert file.to_bytes().count(b"\r\n") == 2
    assert (file.issue_count, file.issue_amount, file.void_count, file.void_amount) == (
        1, Decimal("1234.56"), 1, Decimal("250.00"))  # fmt: skip


def test_a_trailer_carries_the_count_and_total_when_the_layout_asks() -> None:
    layout = PositivePayLayout(
        "FIXED",
        DEFAULT_FIXED_LAYOUT.fields,
        trailer=(Field("record_type", 1, 1), Field("count", 2, 6), Field("total_amount", 9, 12),
                 Field("issue_count", 21, 6), Field("void_amount", 27, 12)),
    )  # fmt: skip
    trailer = build_positive_pay([ISSUED, VOIDED], layout).lines[-1]
    assert trailer == "T000002 000000148456000001000000025000"


def test_the_default_delimited_layout_has_a_header_row_and_quotes_names_with_commas() -> None:
    file = build_positive_pay([ISSUED, VOIDED], DEFAULT_DELIMITED_LAYOUT)
    assert file.lines == (
        "account_number,check_number,amount,issue_date,record_type,payee",
        '9876543210,1001,1234.56,03/14/2025,I,"ACME SUPPLIES, INC."',
        "9876543210,1002,250.00,03/14/2025,V,ZOE MULLER GMBH",
    )


def test_a_delimited_layout_takes_its_own_delimiter_columns_codes_and_dates() -> None:
    layout = PositivePayLayout(
        "DELIMITED",
        (Field("record_type"), Field("check_number"), Field("amount"), Field("issue_date"), Field("payee", width=10)),
        delimiter="|", issue_code="ISS", void_code="VOID", date_format="%Y-%m-%d", line_ending="\n",
        trailer=(Field("record_type"), Field("count"), Field("issue_amount")),
    )  # fmt: skip
    file = build_positive_pay([ISSUED, VOIDED], layout)
    assert file.lines == (
        "ISS|1001|123456|2025-03-14|ACME SUPPL",
        "VOID|1002|25000|2025-03-14|ZOE MULLER",
        "T|2|123456",
    )
    assert file.to_bytes() == ("\n".join(file.lines) + "\n").encode()


def test_a_number_too_long_for_its_field_is_refused() -> None:
    long_account = PositivePayItem("123456789012", 1001, Decimal("1.00"), date(2025, 3, 14), "A")
    with pytest.raises(PaymentFileError, match="account_number: expected at most 10 digits"):
        build_positive_pay([long_account], DEFAULT_FIXED_LAYOUT)


def test_overlapping_fixed_fields_and_unknown_field_names_are_refused() -> None:
    overlapping = PositivePayLayout("FIXED", (Field("account_number", 1, 10), Field("check_number", 10, 10)))
    with pytest.raises(PaymentFileError, match="no overlap"):
        build_positive_pay([ISSUED], overlapping)
    unknown = PositivePayLayout("DELIMITED", (Field("account"),))
    with pytest.raises(PaymentFileError, match="found account"):
        build_positive_pay([ISSUED], unknown)


def test_issue_items_come_from_the_printed_check_payments() -> None:
    check = payment("CHK1", "Acme", (invoice("I-1", "10.00"),), method=PaymentMethod.CHECK, check_number=1005)
    (item,) = issued_checks([check], disbursement_account())
    assert (item.account_number, item.check_number, item.amount, item.void) == (
        "9876543210",
        1005,
        Decimal("10.00"),
        False,
    )
    with pytest.raises(PaymentFileError, match="check number: expected an assigned number"):
        issued_checks(
            [payment("CHK2", "Acme", (invoice("I-2", "1.00"),), method=PaymentMethod.CHECK)],
            disbursement_account(),
        )
