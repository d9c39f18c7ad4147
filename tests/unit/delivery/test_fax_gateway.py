"""Fax numbers are NANP numbers a gateway can dial; the gateway address is the number and the pattern."""

from __future__ import annotations

import pytest

from batchline.delivery.fax import FaxNumberError, check_gateway, gateway_address, nanp_number


@pytest.mark.parametrize(
    "written", ["(312) 555-0142", "+1 312 555 0142", "1-312-555-0142", "312.555.0142", "3125550142"]
)
def test_a_nanp_number_is_ten_digits_whatever_the_punctuation(written: str) -> None:
    assert nanp_number(written, "100001") == "3125550142"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("(311) 555-0142", "area code 311 is an N11 service code"),
        ("(012) 555-0142", "area code 012 starts with 0"),
        ("(112) 555-0142", "area code 112 starts with 1"),
        ("(312) 411-0142", "exchange 411 is an N11 service code"),
        ("(312) 055-0142", "exchange 055 starts with 0"),
        ("(312) 155-0142", "exchange 155 starts with 1"),
        ("555-0142", "7 digits"),
        ("2 312 555 0142", "11 digits"),
        ("", "0 digits"),
    ],
)
def test_a_number_no_gateway_can_dial_is_refused_naming_the_document_and_the_rule(
    written: str, problem: str
) -> None:
    with pytest.raises(FaxNumberError) as refused:
        nanp_number(written, "100007")
    assert str(refused.value) == (
        f"document 100007: fax number {written!r} not usable ({problem}); expected a NANP number: "
        "10 digits (punctuation and a leading 1 allowed), area code and exchange each starting 2-9 and not N11"
    )


def test_the_gateway_address_is_the_pattern_with_the_ten_digit_number() -> None:
    assert gateway_address("{number}@fax.gateway.example", "+1 (312) 555-0142", "1") == (
        "3125550142@fax.gateway.example"
    )
    assert (
        gateway_address("1{number}@rcfax.example.com", "312 555 0142", "1") == "13125550142@rcfax.example.com"
    )


@pytest.mark.parametrize(
    ("gateway", "message"),
    [
        ("fax@gateway.example", r"expected \{number\} exactly once"),
        ("{number}{number}@gateway.example", r"expected \{number\} exactly once"),
        ("{number}@{domain}", r"expected no field but \{number\}"),
        ("{number}", "expected an email address once filled in, found '3125550142'"),
        ("{number}@localhost", "expected an email address"),
    ],
)
def test_a_gateway_pattern_must_hold_the_number_once_and_make_an_address(gateway: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_gateway(gateway)
