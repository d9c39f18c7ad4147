"""The CASS/NCOA provider seam and the unlicensed default."""

from __future__ import annotations

from dataclasses import replace

from batchline.addressing import (
    AddressProvider,
    AddressResult,
    ProviderResult,
    RawAddress,
    StandardAddress,
    UnlicensedProvider,
    prepare_addresses,
)
from batchline.addressing.provider import NO_CASS_NOTE, NO_NCOA_NOTE


def raw(line1: str, zip: str = "12345") -> RawAddress:
    return RawAddress(name="Pat Customer", line1=line1, city="Anytown", state="NY", zip=zip)


def only(results: dict[RawAddress, AddressResult]) -> tuple[AddressResult, StandardAddress]:
    (value,) = results.values()
    assert value.standard is not None
    return value, value.standard


def test_the_unlicensed_provider_confirms_nothing_and_says_so() -> None:
    result = prepare_addresses([raw("123 Main St")])[raw("123 Main St")]
    assert result.standard is not None
    assert result.deliverable
    assert NO_CASS_NOTE in result.provider_notes
    assert NO_NCOA_NOTE in result.provider_notes
    assert any("not DPV-confirmed" in note for note in result.provider_notes)
    assert UnlicensedProvider().lookup(result.standard).dpv_confirmed is None


def test_the_unlicensed_provider_returns_no_zip4_it_did_not_get_from_the_input() -> None:
    without = prepare_addresses([raw("123 Main St")])[raw("123 Main St")]
    with_zip4 = prepare_addresses([raw("123 Main St", "12345-6789")])[raw("123 Main St", "12345-6789")]
    assert without.standard is not None and without.standard.zip4 == ""
    assert with_zip4.standard is not None and with_zip4.standard.zip4 == "6789"


def test_the_default_delivery_point_is_the_last_two_digits_of_the_primary_number_or_99() -> None:
    cases = {"123 Main St": "23", "7 Main St": "07", "PO Box 4051": "51", "RR 2 Box 15": "15",
             "86-12 Queens Blvd": "12", "General Delivery": "99"}  # fmt: skip
    results = prepare_addresses(raw(line1) for line1 in cases)
    for line1, expected in cases.items():
        standard = results[raw(line1)].standard
        assert standard is not None and standard.delivery_point == expected, line1


def test_undeliverable_addresses_are_not_looked_up() -> None:
    result = prepare_addresses([raw("123 Main St", "1234")])[raw("123 Main St", "1234")]
    assert not result.deliverable
    assert result.provider_notes == ()


class _LicensedFake:
    name = "fake-cass"
    licensed = True

    def __init__(self, confirmed: bool | None, move: bool = False) -> None:
        self.confirmed = confirmed
        self.move = move

    def lookup(self, standard: StandardAddress) -> ProviderResult:
        moved = replace(standard, delivery_line="9 NEW RD", zip4="0001") if self.move else None
        return ProviderResult("4321", "07", self.confirmed, moved, ("CASS: fake",))


def test_a_licensed_provider_fills_zip4_and_delivery_point_and_the_change_is_recorded() -> None:
    provider: AddressProvider = _LicensedFake(confirmed=True)
    result, standard = only(prepare_addresses([raw("123 Main St")], provider))
    assert (standard.zip4, standard.delivery_point) == ("4321", "07")
    assert ("zip", "", "4321") in {(c.field, c.before, c.after) for c in result.corrections}
    assert result.provider_notes == ("CASS: fake",)


def test_a_dpv_rejection_makes_the_address_undeliverable() -> None:
    result, _ = only(prepare_addresses([raw("123 Main St")], _LicensedFake(confirmed=False)))
    assert not result.deliverable
    assert "found it not confirmed" in result.problems[0]


def test_an_ncoa_move_replaces_the_address_and_is_recorded() -> None:
    result, standard = only(prepare_addresses([raw("123 Main St")], _LicensedFake(confirmed=True, move=True)))
    assert standard.delivery_line == "9 NEW RD"
    assert any(c.rule.startswith("NCOA move") for c in result.corrections)
