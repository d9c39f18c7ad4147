"""The MICR line's fields at their E-13B positions, counted from the check's right edge."""

from __future__ import annotations

import pytest

from batchline.payments.errors import PaymentFileError
from batchline.payments.micr import DASH, ON_US, TRANSIT, micr_line, position_x


def test_a_business_check_reads_aux_on_us_transit_then_on_us_from_left_to_right() -> None:
    line = micr_line("011000015", "9876543210", 1234)
    assert line.text == "⑈001234⑈ ⑆011000015⑆" + " " * 8 + "9876543210⑈"


def test_each_field_sits_at_its_x9_100_160_positions() -> None:
    chars = dict(micr_line("011000015", "9876543210", 1234).characters)
    assert chars[43] == chars[33] == TRANSIT
    assert "".join(chars[p] for p in range(42, 33, -1)) == "011000015"
    assert chars[14] == ON_US and "".join(chars[p] for p in range(24, 14, -1)) == "9876543210"
    assert chars[45] == chars[52] == ON_US and "".join(chars[p] for p in range(51, 45, -1)) == "001234"
    assert not set(chars) & set(range(1, 14))  # the amount field is left to the bank of first deposit
    assert 32 not in chars and 44 not in chars


def test_positions_are_an_eighth_of_an_inch_apart_starting_five_sixteenths_from_the_right_edge() -> None:
    assert position_x(1, 612.0) + 9.0 == 612.0 - 22.5
    assert position_x(43, 612.0) - position_x(44, 612.0) == 9.0


def test_hyphens_in_the_account_number_become_dash_symbols() -> None:
    assert micr_line("011000015", "123-456", 1).text.endswith(f"123{DASH}456{ON_US}")


def test_the_check_number_is_zero_filled_to_the_stock_s_width() -> None:
    assert micr_line("011000015", "1", 77, check_number_digits=8).text.startswith("⑈00000077⑈")


@pytest.mark.parametrize(
    ("routing", "account", "number", "expected"),
    [("011000016", "1", 1, "check digit"), ("011000015", "12A4", 1, "digits, hyphens between"),
     ("011000015", "1" * 18, 1, "1 to 17 digits"), ("011000015", "1", 10**18, "at most 18 digits")],
)  # fmt: skip
def test_fields_that_cannot_be_encoded_are_refused(
    routing: str, account: str, number: int, expected: str
) -> None:
    with pytest.raises(PaymentFileError, match=expected):
        micr_line(routing, account, number)
