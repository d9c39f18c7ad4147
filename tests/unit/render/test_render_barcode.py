from __future__ import annotations

import re

import pytest
from reportlab.graphics.barcode.usps4s import USPS_4State

from batchline.render.imb import IMbError, imb_operators, split_imb


def test_the_drawn_bars_are_the_ones_reportlab_encodes_for_the_digits() -> None:
    digits = "01234567094987654321" + "01234567891"

    bars = re.findall(r"([\d.]+) ([\d.]+) [\d.]+ ([\d.]+) re", imb_operators(digits, 72, 600))

    shape = {("600", "11.88"): "F", ("600", "7.99"): "D", ("603.89", "7.99"): "A", ("603.89", "4.1"): "T"}
    drawn = "".join(shape[(y, height)] for _, y, height in bars)
    assert drawn == USPS_4State("01234567094987654321", "01234567891").barcodes
    assert [float(x) for x, _, _ in bars] == pytest.approx([72 + 3.6 * i for i in range(65)])


@pytest.mark.parametrize("digits", ["1234", "01234567094987654321012", "0123456709498765432x"])
def test_digits_that_are_not_a_tracking_code_and_routing_code_are_refused(digits: str) -> None:
    with pytest.raises(IMbError, match="20 tracking digits"):
        split_imb(digits)
