"""ABA routing numbers: the 3-7-1 check digit, the Federal Reserve prefixes, IBAN and BIC."""

from __future__ import annotations

import pytest

from batchline.payments.errors import PaymentFileError
from batchline.payments.routing import (
    check_bic,
    check_iban,
    check_routing_number,
    is_routing_number,
    routing_check_digit,
)


@pytest.mark.parametrize(
    "routing", ["011000015", "021000021", "031000053", "111000025", "322271627", "026009593"]
)
def test_published_routing_numbers_pass_their_check_digit(routing: str) -> None:
    assert routing_check_digit(routing[:8]) == int(routing[8])
    assert check_routing_number(routing) == routing


def test_the_check_digit_brings_the_weighted_sum_to_a_multiple_of_ten() -> None:
    # 0*3 + 2*7 + 1*1 + 0*3 + 0*7 + 0*1 + 0*3 + 2*7 = 29: the check digit is 1.
    assert routing_check_digit("02100002") == 1


def test_a_wrong_check_digit_is_refused_saying_which_digit_was_expected() -> None:
    with pytest.raises(PaymentFileError) as refused:
        check_routing_number("021000022", "Supplier site 7 routing number")
    assert str(refused.value) == (
        "Supplier site 7 routing number: expected check digit 1 (3-7-1 weights over the first eight digits), "
        "found 021000022 ending in 2"
    )


@pytest.mark.parametrize("routing", ["02100002", "0210000211", "02100002X", " 21000021", ""])
def test_anything_but_nine_digits_is_refused(routing: str) -> None:
    with pytest.raises(PaymentFileError, match="digits"):
        check_routing_number(routing)
    assert not is_routing_number(routing)


def test_a_number_outside_the_federal_reserve_prefixes_is_refused() -> None:
    # 99 is no Federal Reserve routing symbol, even with a valid check digit.
    number = "9900000" + "0" + str(routing_check_digit("99000000"))
    with pytest.raises(PaymentFileError, match="starting 00-12, 21-32, 61-72 or 80"):
        check_routing_number(number)


def test_ibans_are_normalized_and_checked_modulo_97() -> None:
    assert check_iban("de89 3704 0044 0532 0130 00", "IBAN") == "DE89370400440532013000"
    with pytest.raises(PaymentFileError, match="mod 97"):
        check_iban("DE89370400440532013001", "IBAN")


def test_bics_have_eight_or_eleven_characters() -> None:
    assert check_bic("cobadeffxxx", "BIC") == "COBADEFFXXX"
    assert check_bic("CHASUS33", "BIC") == "CHASUS33"
    with pytest.raises(PaymentFileError, match="a BIC of 8 or 11"):
        check_bic("CHASUS3", "BIC")
