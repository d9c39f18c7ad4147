"""Check amounts in words, exact to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from batchline.payments.errors import PaymentFileError
from batchline.payments.words import amount_in_words, integer_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1234.56", "One thousand two hundred thirty-four and 56/100 dollars"),
        ("0.00", "Zero and 00/100 dollars"),
        ("0.07", "Zero and 07/100 dollars"),
        ("1", "One and 00/100 dollars"),
        ("15.10", "Fifteen and 10/100 dollars"),
        ("20", "Twenty and 00/100 dollars"),
        ("21", "Twenty-one and 00/100 dollars"),
        ("100", "One hundred and 00/100 dollars"),
        ("105.05", "One hundred five and 05/100 dollars"),
        ("110", "One hundred ten and 00/100 dollars"),
        ("999.99", "Nine hundred ninety-nine and 99/100 dollars"),
        ("1000", "One thousand and 00/100 dollars"),
        ("1001", "One thousand one and 00/100 dollars"),
        ("10000", "Ten thousand and 00/100 dollars"),
        ("1000000", "One million and 00/100 dollars"),
        ("1000001.01", "One million one and 01/100 dollars"),
        ("2000300", "Two million three hundred and 00/100 dollars"),
        ("90000090.90", "Ninety million ninety and 90/100 dollars"),
        ("1234567890.12", "One billion two hundred thirty-four million five hundred sixty-seven thousand "
                          "eight hundred ninety and 12/100 dollars"),
    ],
)  # fmt: skip
def test_amounts_read_as_a_check_writes_them(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_trailing_zeros_in_the_decimal_do_not_change_the_words() -> None:
    assert (
        amount_in_words(Decimal("12.5")) == amount_in_words(Decimal("12.500")) == "Twelve and 50/100 dollars"
    )


def test_the_largest_amount_reads_to_the_trillions() -> None:
    assert amount_in_words(Decimal("999999999999999.99")).startswith("Nine hundred ninety-nine trillion ")


def test_the_currency_name_is_configurable() -> None:
    assert amount_in_words(Decimal("3.25"), currency_name="US dollars") == "Three and 25/100 US dollars"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(Decimal("1.005"), "a fraction of one"), (Decimal("-1"), "0 to"), (Decimal("1E+15"), "0 to"),
     (Decimal("NaN"), "finite")],
)  # fmt: skip
def test_amounts_that_cannot_be_written_on_a_check_are_refused(amount: Decimal, expected: str) -> None:
    with pytest.raises(PaymentFileError, match=expected):
        amount_in_words(amount)


def test_integers_have_no_and_inside_the_whole_part() -> None:
    assert integer_in_words(101) == "one hundred one"
    assert integer_in_words(0) == "zero"
