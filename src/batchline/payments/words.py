"""Check amounts in words: ``One thousand two hundred thirty-four and 56/100 dollars``.

American check style: no "and" inside the whole part, tens and units hyphenated, the
cents as a fraction of 100. Exact: the amount must be whole cents.
"""

from __future__ import annotations

from decimal import Decimal

from batchline.payments.amounts import cents
from batchline.payments.errors import PaymentFileError

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ("", "thousand", "million", "billion", "trillion")
LARGEST = Decimal("999999999999999.99")


def _below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [_UNITS[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_TENS[tens] + (f"-{_UNITS[units]}" if units else ""))
    elif rest:
        words.append(_UNITS[rest])
    return words


def integer_in_words(n: int) -> str:
    """``1234`` -> ``one thousand two hundred thirty-four``."""
    if not 0 <= n < 1000 ** len(_SCALES):
        raise PaymentFileError("Number in words", f"0 to {1000 ** len(_SCALES) - 1:,}", f"{n:,}")
    if n == 0:
        return "zero"
    words: list[str] = []
    for power in range(len(_SCALES) - 1, -1, -1):
        group = n // 1000**power % 1000
        if group:
            words += _below_thousand(group)
            if _SCALES[power]:
                words.append(_SCALES[power])
    return " ".join(words)


def amount_in_words(amount: Decimal, *, currency_name: str = "dollars") -> str:
    """The legal amount line of a check, capitalized, cents as ``56/100``."""
    total = cents(amount, "Check amount")
    if not 0 <= amount <= LARGEST:
        raise PaymentFileError("Check amount", f"0 to {LARGEST:,}", f"{amount:,}")
    whole, fraction = divmod(total, 100)
    words = integer_in_words(whole)
    return f"{words[0].upper()}{words[1:]} and {fraction:02d}/100 {currency_name}"
