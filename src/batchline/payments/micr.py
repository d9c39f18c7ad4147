"""The MICR line of a business check, laid out to the E-13B field positions (ANSI X9.100-160).

Positions are counted from the check's right edge, eight to the inch, position 1 starting
5/16 inch from the edge; the characters sit in the 5/8-inch clear band at the bottom:

    45-64  auxiliary on-us: the check number between two on-us symbols
    33-43  transit: the 9-digit routing number between two transit symbols
    14-31  on-us: the account number, then an on-us symbol at 14
     1-12  amount: left blank; the bank of first deposit encodes it

The line is held with the Unicode MICR symbols (⑆ transit, ⑇ amount, ⑈ on-us, ⑉ dash);
a ``MicrFont`` says which characters of an E-13B TrueType font draw them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from batchline.payments.errors import PaymentFileError
from batchline.payments.routing import check_routing_number

TRANSIT, AMOUNT, ON_US, DASH = "\u2446", "\u2447", "\u2448", "\u2449"
SYMBOLS = (TRANSIT, AMOUNT, ON_US, DASH)
# The characters most E-13B fonts draw the four symbols for; a proof in a plain font shows them.
DEFAULT_GLYPHS = {TRANSIT: "A", AMOUNT: "B", ON_US: "C", DASH: "D"}

# Geometry in points (1/72 inch).
PITCH = 9.0  # 1/8 inch a character position
FIRST_POSITION_OFFSET = 22.5  # 5/16 inch from the right edge to position 1
CLEAR_BAND_HEIGHT = 45.0  # 5/8 inch
BASELINE_HEIGHT = 13.5  # 3/16 inch from the bottom edge to the bottom of the characters

ON_US_SYMBOL_POSITION = 14
ON_US_MAX_ACCOUNT = 17  # positions 15-31
TRANSIT_RIGHT, TRANSIT_LEFT = 33, 43
AUX_ON_US_RIGHT, AUX_ON_US_LEFT = 45, 64
_ACCOUNT = re.compile(r"[0-9]+(-[0-9]+)*")


@dataclass(frozen=True, slots=True)
class MicrFont:
    """An E-13B TrueType font and the characters its maker mapped the four symbols to.

    Most E-13B fonts draw transit as ``A``, amount as ``B``, on-us as ``C`` and dash as ``D``
    (the defaults); the size is the one at which the font gives eight characters an inch.
    """

    path: Path
    size: float = 12.0
    transit: str = "A"
    amount: str = "B"
    on_us: str = "C"
    dash: str = "D"

    def glyph(self, character: str) -> str:
        return {TRANSIT: self.transit, AMOUNT: self.amount, ON_US: self.on_us, DASH: self.dash}.get(
            character, character
        )


@dataclass(frozen=True, slots=True)
class MicrLine:
    characters: tuple[tuple[int, str], ...]  # (position from the right edge, character), left to right

    @property
    def text(self) -> str:
        """Left to right, a space for each empty position, ending at the on-us symbol (position 14)."""
        chars = dict(self.characters)
        highest = max(chars)
        return "".join(chars.get(position, " ") for position in range(highest, ON_US_SYMBOL_POSITION - 1, -1))


def position_x(position: int, right_edge: float) -> float:
    """The left edge of a character position, in points, for a check whose right edge is at ``right_edge``."""
    return right_edge - FIRST_POSITION_OFFSET - position * PITCH


def micr_line(
    routing_number: str, account_number: str, check_number: int, *, check_number_digits: int = 6
) -> MicrLine:
    """The MICR characters of a business check drawn on ``account_number`` at ``routing_number``.

    The check number is zero-filled to ``check_number_digits`` (the bank's stock specification).
    """
    if check_number < 0:
        raise PaymentFileError("Check number", "a number of 0 or more", str(check_number))
    number = str(check_number).zfill(check_number_digits)
    if len(number) > AUX_ON_US_LEFT - AUX_ON_US_RIGHT - 1:
        raise PaymentFileError("MICR auxiliary on-us field (check number)", "at most 18 digits", number)
    aux = _right_justified(ON_US + number + ON_US, AUX_ON_US_RIGHT)
    return MicrLine(aux + _account_fields(routing_number, account_number))


@cache
def _account_fields(routing_number: str, account_number: str) -> tuple[tuple[int, str], ...]:
    """The transit and on-us fields: the same on every check of an account."""
    check_routing_number(routing_number, "MICR transit field (routing number)")
    account = account_number.strip()
    if not _ACCOUNT.fullmatch(account) or len(account) > ON_US_MAX_ACCOUNT:
        raise PaymentFileError(
            "MICR on-us field (account number)",
            f"1 to {ON_US_MAX_ACCOUNT} digits, hyphens between them",
            repr(account_number),
        )
    transit = _right_justified(TRANSIT + routing_number + TRANSIT, TRANSIT_RIGHT)
    return transit + _right_justified(account.replace("-", DASH) + ON_US, ON_US_SYMBOL_POSITION)


def _right_justified(text: str, rightmost: int) -> tuple[tuple[int, str], ...]:
    """``text`` ending at position ``rightmost``, as (position, character) from left to right."""
    last = rightmost + len(text) - 1
    return tuple((last - offset, char) for offset, char in enumerate(text))
