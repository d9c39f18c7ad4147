"""Exact money and bank-file text: the rules every payment file shares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from batchline.payments.amounts import cents, exact_text, to_minor_units
from batchline.payments.errors import PaymentFileError
from batchline.payments.text import bank_text, fit, to_ascii


def test_cents_are_exact_integers_from_decimals() -> None:
    assert cents(Decimal("1234.56"), "Amount") == 123456
    assert cents(Decimal("1E+2"), "Amount") == 10000
    assert cents(Decimal("0.10"), "Amount", max_digits=10) == 10


def test_a_fraction_of_a_cent_or_a_float_is_refused_naming_the_field() -> None:
    with pytest.raises(PaymentFileError, match=r"^Invoice 7 amount: expected whole minor units of USD"):
        cents(Decimal("0.001"), "Invoice 7 amount")
    with pytest.raises(PaymentFileError, match="never a float"):
        cents(0.1, "Amount")  # type: ignore[arg-type]


def test_minor_units_follow_the_currency() -> None:
    assert to_minor_units(Decimal("15000"), "Amount", currency="JPY") == 15000
    assert to_minor_units(Decimal("1.234"), "Amount", currency="KWD") == 1234
    assert exact_text(Decimal("7.5"), "Amount") == "7.50"
    assert exact_text(Decimal("15000"), "Amount", currency="JPY") == "15000"


def test_accented_and_special_letters_are_spelled_in_ascii() -> None:
    assert to_ascii("Zoë Müller Straße Œuvre Łódź – “Ø”", "Name") == 'Zoe Muller Strasse OEuvre Lodz - "O"'


def test_bank_text_is_upper_case_without_x12_delimiters() -> None:
    assert bank_text("Smith * Sons \\ Co ~ ltd_", "Name") == "SMITH SONS CO LTD"
    assert bank_text("O'Brien & Co., Inc.", "Name") == "O'BRIEN & CO., INC."


def test_text_with_no_ascii_spelling_is_refused_at_its_position() -> None:
    with pytest.raises(PaymentFileError, match=r"found '京' \(U\+4EAC\) at character 3 of 'AB京'"):
        to_ascii("AB京", "Payee name")


def test_names_are_cut_and_identifiers_refused_when_too_long() -> None:
    assert fit("ABCDEFG", 4, "Name", truncate=True) == "ABCD"
    with pytest.raises(PaymentFileError, match="at most 4 characters"):
        fit("ABCDEFG", 4, "Id", truncate=False)
