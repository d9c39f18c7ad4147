"""PDF text operators written as strings, for the standard (WinAnsi, unembedded) fonts.

Right alignment without per-string coordinates: the text line starts at the column's right
edge and ``[w (text)] TJ`` first moves the pen left by ``w``, the text's width in 1/1000 em
(an integer sum of the font's glyph widths), so the text ends exactly on the edge. The
fragment does not depend on where it is drawn, so it can be cached per value.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

_SPECIAL = str.maketrans({"(": "\\(", ")": "\\)", "\\": "\\\\", "\r": "\\r", "\n": "\\n"})


def number(value: float) -> str:
    """A coordinate as PDF writes it: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def at(x: float, y: float) -> str:
    """Start a text line at (x, y)."""
    return f"1 0 0 1 {number(x)} {number(y)} Tm\n"


def to_winansi(text: str) -> str:
    """``text`` restricted to what cp1252 can show: anything else becomes '?'."""
    return text.encode("cp1252", "replace").decode("cp1252")


def escape(text: str) -> str:
    """The body of a PDF literal string showing ``text`` in a WinAnsi font."""
    if text.isascii():
        return text.translate(_SPECIAL) if ("(" in text or ")" in text or "\\" in text) else text
    out = []
    for byte in text.encode("cp1252", "replace"):
        out.append(f"\\{byte:03o}" if byte > 126 or byte < 32 else chr(byte).translate(_SPECIAL))
    return "".join(out)


@cache
def _glyph_widths(font_name: str) -> dict[str, int]:
    from reportlab.pdfbase.pdfmetrics import getFont

    widths = getFont(font_name).widths  # 256 entries in WinAnsi order, 1/1000 em
    table = {}
    for code in range(32, 256):
        char = bytes([code]).decode("cp1252", "replace")
        if char != "\ufffd":
            table[char] = int(widths[code])
    return table


class Font:
    """A standard Type 1 font under its resource name in the document being written."""

    __slots__ = ("_widths", "resource")

    def __init__(self, resource: str, font_name: str) -> None:
        self.resource = resource
        self._widths = _glyph_widths(font_name)

    def select(self, size: float) -> str:
        return f"{self.resource} {number(size)} Tf\n"

    def units(self, text: str) -> int:
        """Width of ``text`` in 1/1000 em."""
        widths = self._widths
        try:
            return sum(map(widths.__getitem__, text))
        except KeyError:
            unknown = widths["?"]
            return sum(widths.get(char, unknown) for char in to_winansi(text))

    def right(self, text: str) -> str:
        """Show ``text`` ending at the current line start."""
        return f"[{self.units(text)}({escape(text)})]TJ\n"

    def fitted(self, text: str, size: float, max_width: float) -> str:
        """``text`` cut short with an ellipsis where it would run past ``max_width`` points."""
        limit = max_width * 1000 / size
        if self.units(text) <= limit:
            return text
        while text and self.units(text + "...") > limit:
            text = text[:-1]
        return text.rstrip() + "..."


class Cells(dict[object, str]):
    """Cached text-showing fragments for the values of one column, bounded in size."""

    limit = 50_000

    def __init__(self, fragment: object) -> None:
        super().__init__()
        self._fragment = fragment

    def __missing__(self, value: object) -> str:
        text: str = self._fragment(value)  # type: ignore[operator]
        if len(self) >= self.limit:
            self.clear()
        self[value] = text
        return text


def money(amount: Decimal) -> str:
    """``1,234.50`` style, exact: Decimal formatting, never float."""
    return format(amount, ",.2f")


def quantity(value: Decimal) -> str:
    """``3`` for whole quantities, ``2.5`` otherwise; exact."""
    if value == value.to_integral_value():
        return format(value.to_integral_value(), ",f")
    return format(value.normalize(), ",f")
