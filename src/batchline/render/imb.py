"""The USPS Intelligent Mail barcode as PDF rectangles.

reportlab's ``USPS_4State`` encodes the digits into 65 bars (F, A, D, T); we take its bar
string and geometry and write the 65 ``re`` operators from a table built once, instead of
65 canvas calls per bill.
"""

from __future__ import annotations

from functools import cache

from batchline.render.pdftext import number

BAR_COUNT = 65
_ROUTING_LENGTHS = (0, 5, 9, 11)


class IMbError(ValueError):
    """Intelligent Mail digits that cannot be encoded."""


def split_imb(imb_digits: str) -> tuple[str, str]:
    """(20-digit tracking code, routing code of 0, 5, 9 or 11 digits)."""
    if not imb_digits.isdigit() or len(imb_digits) - 20 not in _ROUTING_LENGTHS:
        raise IMbError(
            f"Intelligent Mail digits {imb_digits!r}: expected 20 tracking digits followed by a "
            "routing code of 0, 5, 9 or 11 digits."
        )
    return imb_digits[:20], imb_digits[20:]


def imb_bars(imb_digits: str) -> str:
    """The 65 bar states, 'F' full, 'A' ascender, 'D' descender, 'T' tracker."""
    from reportlab.graphics.barcode.usps4s import USPS_4State

    tracking, routing = split_imb(imb_digits)
    bars: str = USPS_4State(value=tracking, routing=routing).barcodes
    return bars


@cache
def _bar_table(x: float, y: float) -> dict[str, tuple[str, ...]]:
    """For each bar state, the ``re`` operator of every bar position; (x, y) is the bottom-left."""
    from reportlab.graphics.barcode.usps4s import USPS_4State

    symbol = USPS_4State()
    center = y + symbol.barHeight / 2
    width = number(symbol.barWidth)
    table = {}
    for state in "FADT":
        bottom = USPS_4State.scale(state, symbol.bottoms, symbol.heightScale)
        top = USPS_4State.scale(state, symbol.tops, symbol.heightScale)
        table[state] = tuple(
            f"{number(x + i * symbol.pitch)} {number(center + bottom)} {width} {number(top - bottom)} re\n"
            for i in range(BAR_COUNT)
        )
    return table


def imb_operators(imb_digits: str, x: float, y: float) -> str:
    """PDF operators filling the barcode's bars, lower-left corner of the symbol at (x, y)."""
    table = _bar_table(x, y)
    return "0 g\n" + "".join([table[state][i] for i, state in enumerate(imb_bars(imb_digits))]) + "f\n"
