"""Validation: state codes, ZIP shape, ZIP prefix against state, missing parts."""

from __future__ import annotations

import pytest

from batchline.addressing import RawAddress, standardize
from batchline.addressing.pub28_tables import STATE_CODES, STATE_NAMES
from batchline.addressing.validate import parse_zip
from batchline.addressing.zip_prefixes import states_for_zip


def raw(line1: str = "1 Main St", city: str = "Anytown", state: str = "NY", zip: str = "12345") -> RawAddress:
    return RawAddress(name="Pat Customer", line1=line1, city=city, state=state, zip=zip)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("12345", ("12345", "", None)),
        ("12345-6789", ("12345", "6789", None)),
        ("123456789", ("12345", "6789", None)),
        (" 12345 6789 ", ("12345", "6789", None)),
        ("02134-", ("02134", "", None)),
    ],
)
def test_zip_shapes_that_are_accepted(given: str, expected: tuple[str, str, None]) -> None:
    assert parse_zip(given) == expected


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("1234", "ZIP code 1234: expected 5 digits (or ZIP+4 as 12345-6789), found 4 digits"),
        ("1234567", "ZIP code 1234567: expected 5 digits (or ZIP+4 as 12345-6789), found 7 digits"),
        (
            "12345-67",
            "ZIP code 12345-67: expected 5 digits (or ZIP+4 as 12345-6789), found digit groups of 5, 2",
        ),
        (
            "ABCDE",
            "ZIP code ABCDE: expected 5 digits (or ZIP+4 as 12345-6789), "
            "found non-digit characters in 'ABCDE'",
        ),
        ("", "ZIP code: expected 5 digits (or ZIP+4 as 12345-6789), found nothing"),
    ],
)
def test_a_bad_zip_shape_is_undeliverable_and_says_expected_and_found(given: str, problem: str) -> None:
    result = standardize(raw(zip=given))
    assert not result.deliverable
    assert result.problems == (problem,)


def test_a_state_that_does_not_match_the_zip_prefix_is_undeliverable() -> None:
    result = standardize(raw(city="New York", state="NY", zip="90210"))
    assert not result.deliverable
    assert result.problems == (
        "state NY with ZIP code 90210: expected a ZIP code starting 005, 100-149 for NY, "
        "found prefix 902 (CA)",
    )


@pytest.mark.parametrize(
    ("zip5", "state"),
    [
        ("00501", "NY"), ("10001", "NY"), ("14901", "NY"), ("06390", "NY"), ("06101", "CT"),
        ("01001", "MA"), ("02134", "MA"), ("05501", "MA"), ("05401", "VT"), ("03801", "NH"),
        ("04101", "ME"), ("02903", "RI"), ("07030", "NJ"), ("19901", "DE"), ("20500", "DC"),
        ("20166", "VA"), ("56901", "DC"), ("21201", "MD"), ("25301", "WV"), ("73301", "TX"),
        ("88510", "TX"), ("73101", "OK"), ("00901", "PR"), ("00802", "VI"), ("96910", "GU"),
        ("96799", "AS"), ("96950", "MP"), ("96813", "HI"), ("99501", "AK"), ("34001", "AA"),
        ("09012", "AE"), ("96601", "AP"), ("83702", "ID"), ("82001", "WY"), ("59601", "MT"),
    ],
)  # fmt: skip
def test_the_zip_prefix_table_follows_the_usps_allocation(zip5: str, state: str) -> None:
    assert state in states_for_zip(zip5)


def test_an_unallocated_zip_prefix_is_flagged() -> None:
    result = standardize(raw(zip="00123"))
    assert not result.deliverable
    assert "found prefix 001, which is allocated to no state" in result.problems[0]


def test_an_unknown_state_is_undeliverable_and_names_the_field() -> None:
    result = standardize(raw(state="XX"))
    assert not result.deliverable
    assert result.problems[0].startswith("state XX: expected a USPS state or territory code")


def test_a_missing_city_is_undeliverable() -> None:
    result = standardize(raw(city=" "))
    assert result.problems == ("city: expected a city name, found nothing",)


def test_a_missing_delivery_line_is_undeliverable() -> None:
    result = standardize(raw(line1=""))
    assert not result.deliverable
    assert result.problems[0].startswith("delivery line (line1/line2): expected a street address")


def test_a_street_address_without_a_house_number_is_undeliverable() -> None:
    result = standardize(raw(line1="Main Street"))
    assert not result.deliverable
    assert "expected a primary (house) number, found none" in result.problems[0]


def test_every_state_territory_and_military_code_is_known() -> None:
    fifty = {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
        "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
        "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
    }  # fmt: skip
    assert len(fifty) == 50
    assert fifty | {"DC", "PR", "VI", "GU", "AS", "MP", "AA", "AE", "AP"} <= STATE_CODES
    assert set(STATE_NAMES.values()) == STATE_CODES


@pytest.mark.parametrize("code", ["DC", "PR", "VI", "GU", "AS", "MP"])
def test_territory_codes_are_valid_states(code: str) -> None:
    zip5 = {"DC": "20001", "PR": "00901", "VI": "00802", "GU": "96910", "AS": "96799", "MP": "96950"}[code]
    assert standardize(raw(state=code, zip=zip5)).deliverable
