"""Intelligent Mail barcode digits and bars."""

from __future__ import annotations

import pytest

from batchline.addressing import AddressingError, imb_bars, imb_digits
from batchline.errors import BatchlineError

# USPS-B-3200 specification examples (also the self-test of the USPS encoder library);
# the 11-digit one is reportlab's own doctest for USPS_4State.barcodes.
SPEC_EXAMPLES = {
    "": "ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT",
    "01234": "DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT",
    "012345678": "ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA",
    "01234567891": "AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA",
}


@pytest.mark.parametrize(("routing", "bars"), SPEC_EXAMPLES.items())
def test_the_bars_match_the_usps_specification_examples(routing: str, bars: str) -> None:
    assert imb_bars("01234567094987654321" + routing) == bars


def test_the_digits_are_the_tracking_code_then_the_routing_code() -> None:
    digits = imb_digits("01", "234", "567094", 987654321, "01234", "5678", "91")
    assert digits == "01234567094987654321" + "01234567891"
    assert imb_bars(digits) == SPEC_EXAMPLES["01234567891"]


@pytest.mark.parametrize(
    ("zip5", "zip4", "dp", "length"), [("", "", "", 20), ("12345", "", "", 25), ("12345", "6789", "", 29),
                                       ("12345", "6789", "01", 31)]
)  # fmt: skip
def test_the_routing_code_is_0_5_9_or_11_digits(zip5: str, zip4: str, dp: str, length: int) -> None:
    digits = imb_digits("00", "040", "123456", 1, zip5, zip4, dp)
    assert len(digits) == length
    assert digits[:20] == "00040123456000000001"
    bars = imb_bars(digits)
    assert len(bars) == 65 and set(bars) <= set("ADFT")


def test_a_nine_digit_mailer_id_takes_a_six_digit_serial() -> None:
    assert imb_digits("00", "270", "912345678", 42, "12345")[:20] == "00270912345678000042"


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("05", "040", "123456", 1, "12345"), "barcode identifier"),
        (("0", "040", "123456", 1, "12345"), "barcode identifier"),
        (("00", "40", "123456", 1, "12345"), "service type identifier"),
        (("00", "040", "12345", 1, "12345"), "mailer ID"),
        (("00", "040", "923456", 1, "12345"), "mailer ID"),
        (("00", "040", "123456", 10**9, "12345"), "serial number"),
        (("00", "040", "912345678", 10**6, "12345"), "serial number"),
        (("00", "040", "123456", 1, "1234"), "ZIP code"),
        (("00", "040", "123456", 1, "12345", "678"), "ZIP+4 add-on"),
        (("00", "040", "123456", 1, "12345", "", "01"), "delivery point"),
        (("00", "040", "123456", 1, "", "6789"), "routing code"),
    ],
)
def test_bad_parts_raise_a_typed_error_with_what_expected_and_found(
    args: tuple[object, ...], what: str
) -> None:
    with pytest.raises(AddressingError) as caught:
        imb_digits(*args)  # type: ignore[arg-type]
    assert isinstance(caught.value, BatchlineError)
    assert caught.value.what == what
    assert caught.value.expected and caught.value.found
    assert str(caught.value).startswith(f"{what}: expected ")


def test_bars_refuse_a_digit_string_of_the_wrong_length() -> None:
    with pytest.raises(AddressingError, match="IMb digits: expected 20 tracking digits"):
        imb_bars("0123456709498765432101")
