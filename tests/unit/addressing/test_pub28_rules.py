"""Publication 28 standardization rules, each with real-looking addresses."""

from __future__ import annotations

import re

import pytest

from batchline.addressing import RawAddress, standardize
from batchline.addressing.model import AddressResult, StandardAddress


def raw(
    line1: str, line2: str = "", city: str = "Anytown", state: str = "NY", zip: str = "12345", **kw: str
) -> RawAddress:
    return RawAddress(
        name=kw.pop("name", "Pat Q. Customer"),
        line1=line1,
        line2=line2,
        city=city,
        state=state,
        zip=zip,
        **kw,
    )


def std(result: AddressResult) -> StandardAddress:
    assert result.standard is not None, result.problems
    return result.standard


def rules(result: AddressResult) -> set[str]:
    return {c.rule for c in result.corrections}


@pytest.mark.parametrize(
    ("line1", "expected"),
    [
        ("742 Evergreen Terrace", "742 EVERGREEN TER"),
        ("10 Main Street", "10 MAIN ST"),
        ("10 Main Strt", "10 MAIN ST"),
        ("10 Fifth Avenue", "10 FIFTH AVE"),
        ("10 Fifth Av", "10 FIFTH AVE"),
        ("10 Fifth Avnue", "10 FIFTH AVE"),
        ("77 Sunset Boulevard", "77 SUNSET BLVD"),
        ("5 Garden State Parkway", "5 GARDEN STATE PKWY"),
        ("9 Maple Lane", "9 MAPLE LN"),
        ("31 Spooner Circle", "31 SPOONER CIR"),
        ("2 Mill Crossing", "2 MILL XING"),
    ],
)
def test_street_suffixes_are_abbreviated_per_appendix_c1(line1: str, expected: str) -> None:
    result = standardize(raw(line1))
    assert std(result).delivery_line == expected
    assert "suffix abbreviation C1" in rules(result)


def test_pre_and_post_directionals_are_abbreviated() -> None:
    result = standardize(
        raw("1600 Pennsylvania Avenue Northwest", city="Washington", state="DC", zip="20500")
    )
    assert std(result).delivery_line == "1600 PENNSYLVANIA AVE NW"
    assert ("Northwest", "NW", "directional") in {(c.before, c.after, c.rule) for c in result.corrections}
    assert std(standardize(raw("20 South Elm St"))).delivery_line == "20 S ELM ST"
    assert std(standardize(raw("4 W. Elm Ave. N.E."))).delivery_line == "4 W ELM AVE NE"


@pytest.mark.parametrize(
    ("line1", "line2", "expected_line", "expected_secondary"),
    [
        ("123 N. Main Street", "Apartment 4B", "123 N MAIN ST APT 4B", "APT 4B"),
        ("500 Fifth Ave Suite 300", "", "500 FIFTH AVE STE 300", "STE 300"),
        ("55 W. 14th St.", "Floor 3", "55 W 14TH ST FL 3", "FL 3"),
        ("1 N Main St", "Building 3", "1 N MAIN ST BLDG 3", "BLDG 3"),
        ("8 Oak St Room 12", "", "8 OAK ST RM 12", "RM 12"),
        ("100 State St Department 7", "", "100 STATE ST DEPT 7", "DEPT 7"),
        ("12 Lake Rd Unit 9", "", "12 LAKE RD UNIT 9", "UNIT 9"),
        ("4 Oak St Rear", "", "4 OAK ST REAR", "REAR"),
    ],
)
def test_secondary_units_use_appendix_c2_designators(
    line1: str, line2: str, expected_line: str, expected_secondary: str
) -> None:
    standard = std(standardize(raw(line1, line2)))
    assert standard.delivery_line == expected_line
    assert standard.secondary == expected_secondary


def test_a_pound_sign_unit_keeps_the_pound_designator_with_a_space() -> None:
    assert std(standardize(raw("500 Fifth Avenue #12"))).delivery_line == "500 FIFTH AVE # 12"
    assert std(standardize(raw("500 Fifth Avenue", "Apt #12"))).delivery_line == "500 FIFTH AVE APT 12"


@pytest.mark.parametrize(
    "line1", ["P.O. Box 123", "PO Box 123", "POB 123", "Post Office Box 123", "Box 123", "p o box 123"]
)
def test_po_box_variants_become_po_box_n(line1: str) -> None:
    result = standardize(raw(line1))
    assert std(result).delivery_line == "PO BOX 123"
    assert std(result).kind == "po_box"
    assert result.deliverable


@pytest.mark.parametrize(
    "line1", ["Rural Route 2 Box 15", "RR2 Bx 15", "R.R. 2 Box 15", "RR 2, Box 15", "Rural Rte 2 Box 15"]
)
def test_rural_route_variants_become_rr_n_box_n(line1: str) -> None:
    result = standardize(raw(line1))
    assert std(result).delivery_line == "RR 2 BOX 15"
    assert std(result).kind == "rural_route"
    assert result.deliverable


def test_a_rural_route_without_a_box_number_is_undeliverable() -> None:
    result = standardize(raw("R.R. 2"))
    assert std(result).delivery_line == "RR 2"
    assert not result.deliverable
    assert "expected a box number" in result.problems[0]


@pytest.mark.parametrize("line1", ["HC 68 Box 23A", "Highway Contract 68 Box 23A", "Star Route 68 Box 23A"])
def test_highway_contract_routes_become_hc_n_box_n(line1: str) -> None:
    result = standardize(raw(line1))
    assert std(result).delivery_line == "HC 68 BOX 23A"
    assert std(result).kind == "highway_contract"


@pytest.mark.parametrize(
    ("line1", "city", "state", "zip", "expected"),
    [
        ("PSC 1234 Box 5678", "APO", "AE", "09012", "PSC 1234 BOX 5678"),
        ("Unit 2050 Box 4190", "FPO", "AP", "96601", "UNIT 2050 BOX 4190"),
        ("CMR 450, Box 1", "A.P.O.", "AE", "09005", "CMR 450 BOX 1"),
        ("PSC 3 Box 9", "DPO", "AA", "34001", "PSC 3 BOX 9"),
    ],
)
def test_military_addresses_are_standardized_and_deliverable(
    line1: str, city: str, state: str, zip: str, expected: str
) -> None:
    result = standardize(raw(line1, city=city, state=state, zip=zip))
    assert std(result).delivery_line == expected
    assert std(result).kind == "military"
    assert std(result).city in {"APO", "FPO", "DPO"}
    assert result.deliverable, result.problems


def test_a_military_address_with_a_civilian_state_is_flagged() -> None:
    result = standardize(raw("PSC 1234 Box 5678", city="APO", state="NY", zip="09012"))
    assert not result.deliverable
    assert any("military city APO: expected AA, AE or AP, found NY" in p for p in result.problems)


def test_a_military_address_whose_zip_is_in_another_military_region_is_flagged() -> None:
    result = standardize(raw("Unit 2050 Box 4190", city="FPO", state="AE", zip="96601"))
    assert not result.deliverable
    assert any("found prefix 966 (AP)" in p for p in result.problems)


def test_c_o_and_attention_lines_are_moved_not_lost() -> None:
    result = standardize(raw("ATTN: Billing Dept.", "c/o Jane Doe", name="Acme, Inc."))
    assert std(result).lines() == ("ACME INC", "ATTN BILLING DEPT", "C/O JANE DOE", "ANYTOWN NY 12345")
    assert not result.deliverable
    assert result.problems[0].startswith("delivery line (line1/line2): expected a street address")
    result = standardize(
        RawAddress(name="Acme, Inc.", line1="Attention: Billing Dept", line2="c/o Jane Doe, 123 Main St",
                   city="Anytown", state="NY", zip="12345")
    )  # fmt: skip
    assert std(result).lines() == (
        "ACME INC",
        "ATTN BILLING DEPT",
        "C/O JANE DOE",
        "123 MAIN ST",
        "ANYTOWN NY 12345",
    )
    moved = {(c.field, c.rule) for c in result.corrections}
    assert ("line1", "moved attention line") in moved
    assert ("line2", "moved c/o line") in moved


def test_a_c_o_line_above_the_street_line_is_moved_even_when_the_text_is_unchanged() -> None:
    result = standardize(raw("C/O JANE DOE", "123 MAIN ST"))
    assert std(result).care_of == "JANE DOE"
    assert std(result).delivery_line == "123 MAIN ST"
    assert [(c.field, c.before, c.after) for c in result.corrections if c.rule == "moved c/o line"] == [
        ("line1", "C/O JANE DOE", "C/O JANE DOE")
    ]


def test_a_c_o_name_run_into_the_street_line_is_split_off_by_the_tagger() -> None:
    result = standardize(raw("Care of Jane Doe 123 Main St"))
    assert std(result).care_of == "JANE DOE"
    assert std(result).delivery_line == "123 MAIN ST"


def test_attention_and_care_of_fields_lose_their_prefix_and_print_on_their_own_lines() -> None:
    result = standardize(raw("PO Box 9", attention="Attn: Accounts Payable", care_of="c/o Smith & Co."))
    assert std(result).lines()[1:3] == ("ATTN ACCOUNTS PAYABLE", "C/O SMITH AND CO")


def test_a_fractional_house_number_is_preserved() -> None:
    result = standardize(raw("123 1/2 N. Main Street"))
    assert std(result).delivery_line == "123 1/2 N MAIN ST"
    assert std(result).primary_number == "123"


def test_a_queens_style_hyphenated_house_number_is_preserved() -> None:
    assert (
        std(standardize(raw("86-12 Queens Blvd", city="Jamaica", zip="11432"))).delivery_line
        == "86-12 QUEENS BLVD"
    )


def test_an_intersection_is_kept_intact_and_flagged_undeliverable() -> None:
    result = standardize(raw("Main St & 1st Ave"))
    assert std(result).delivery_line == "MAIN ST & 1ST AVE"
    assert std(result).kind == "intersection"
    assert not result.deliverable
    assert "found an intersection" in result.problems[0]


def test_zip_plus_4_is_accepted_with_and_without_a_hyphen() -> None:
    for given in ("12345-6789", "123456789", "12345 6789"):
        standard = std(standardize(raw("1 Main St", zip=given)))
        assert (standard.zip5, standard.zip4, standard.last_line) == (
            "12345",
            "6789",
            "ANYTOWN NY 12345-6789",
        )
    result = standardize(raw("1 Main St", zip="123456789"))
    assert [(c.before, c.after, c.rule) for c in result.corrections if c.field == "zip"] == [
        ("123456789", "12345-6789", "zip+4 format")
    ]


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("New York", "NY"),
        ("new york", "NY"),
        ("N.Y.", "NY"),
        ("Calif.", "CA"),
        ("District of Columbia", "DC"),
        ("Puerto Rico", "PR"),
        ("Armed Forces Europe", "AE"),
    ],
)
def test_spelled_out_state_names_become_two_letter_codes(given: str, code: str) -> None:
    assert std(standardize(raw("1 Main St", state=given))).state == code


def test_city_punctuation_is_removed() -> None:
    result = standardize(raw("1 Main St", city="St. Louis", state="MO", zip="63101"))
    assert std(result).city == "ST LOUIS"
    assert ("city", "St. Louis", "ST LOUIS", "punctuation removed") in {
        (c.field, c.before, c.after, c.rule) for c in result.corrections
    }


def test_every_change_is_recorded_with_its_before_and_after_text() -> None:
    given = RawAddress(name="Dr. Ann O'Hara", line1="123 1/2 north Main Street, Apartment 4b", city="Anytown",
                       state="New York", zip="123456789")  # fmt: skip
    result = standardize(given)
    assert std(result).lines() == ("DR ANN OHARA", "123 1/2 N MAIN ST APT 4B", "ANYTOWN NY 12345-6789")
    found = {(c.field, c.before, c.after, c.rule) for c in result.corrections}
    assert found == {
        ("name", "Dr. Ann O'Hara", "DR ANN OHARA", "punctuation removed"),
        ("delivery_line", "north", "N", "directional"),
        ("delivery_line", "Street", "ST", "suffix abbreviation C1"),
        ("delivery_line", "Apartment 4b", "APT 4B", "secondary unit C2"),
        ("state", "New York", "NY", "state name"),
        ("zip", "123456789", "12345-6789", "zip+4 format"),
    }


def test_printed_lines_are_upper_case_without_punctuation_but_the_fraction_slash_and_zip_hyphen() -> None:
    allowed = re.compile(r"^[A-Z0-9 ]*(?:[0-9]/[0-9][A-Z0-9 ]*)?(?:-[0-9]{4})?$")
    for given in (
        raw("123 1/2 N. Main St., Apt. 4-B", zip="12345-6789", name="O'Neil, Mary-Kate"),
        raw("P.O. Box 77", city="Winston-Salem", state="N.C.", zip="27101"),
    ):
        for line in std(standardize(given)).lines():
            assert allowed.match(line), line


def test_a_line_the_tagger_cannot_separate_is_undeliverable_with_the_reason() -> None:
    result = standardize(raw("10 Downing Bldg 5 Rm 2"))
    assert result.standard is None
    assert not result.deliverable
    assert "could not separate" in result.problems[0]


def test_with_a_po_box_and_a_street_the_line_nearest_the_city_is_kept_and_the_other_recorded() -> None:
    result = standardize(raw("123 Main St", "PO Box 5"))
    assert std(result).delivery_line == "PO BOX 5"
    assert any(c.before == "123 Main St" and "dual address" in c.rule for c in result.corrections)


def test_a_building_name_is_dropped_from_the_delivery_line_and_recorded() -> None:
    result = standardize(raw("Empire State Building, 350 5th Ave", city="New York", zip="10118"))
    assert std(result).delivery_line == "350 5TH AVE"
    assert any(c.before == "Empire State Building" for c in result.corrections)


def test_general_delivery_is_a_delivery_line() -> None:
    assert std(standardize(raw("General Delivery"))).delivery_line == "GENERAL DELIVERY"
