"""ABA routing transit numbers: nine digits, the ninth a check digit over the first eight."""

from __future__ import annotations

import re

from batchline.payments.errors import PaymentFileError
from batchline.payments.text import digits

_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)
# Federal Reserve routing symbols: 00 US government, 01-12 banks, 21-32 thrifts,
# 61-72 electronic transactions, 80 traveler's checks. Anything else is not a routing number.
_PREFIXES = frozenset({0, *range(1, 13), *range(21, 33), *range(61, 73), 80})


def routing_check_digit(first_eight: str) -> int:
    """The ninth digit of a routing number: 3-7-1 weights, the sum brought up to a multiple of 10."""
    digits(first_eight, "Routing number's first eight digits", width=8, exact=True)
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, _WEIGHTS, strict=True))
    return -total % 10


def check_routing_number(value: str, what: str = "Routing number") -> str:
    """``value`` if it is a well-formed routing number; a ``PaymentFileError`` saying why not."""
    digits(value, what, width=9, exact=True)
    if int(value[:2]) not in _PREFIXES:
        raise PaymentFileError(what, "a number starting 00-12, 21-32, 61-72 or 80", value)
    expected = routing_check_digit(value[:8])
    if int(value[8]) != expected:
        raise PaymentFileError(
            what,
            f"check digit {expected} (3-7-1 weights over the first eight digits)",
            f"{value} ending in {value[8]}",
        )
    return value


def is_routing_number(value: str) -> bool:
    try:
        check_routing_number(value)
    except PaymentFileError:
        return False
    return True


_BIC = re.compile(r"[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}")


def check_bic(value: str, what: str) -> str:
    """A BIC (ISO 9362) of 8 or 11 characters, spaces removed, upper case."""
    bic = value.replace(" ", "").upper()
    if not _BIC.fullmatch(bic):
        raise PaymentFileError(
            what, "a BIC of 8 or 11 letters and digits (bank, country, location, branch)", repr(value)
        )
    return bic


def check_iban(value: str, what: str) -> str:
    """An IBAN (ISO 13616) whose check digits hold (mod 97 = 1), spaces removed, upper case."""
    iban = value.replace(" ", "").upper()
    if not _IBAN.fullmatch(iban):
        raise PaymentFileError(
            what, "an IBAN: country code, 2 check digits, up to 30 letters and digits", repr(value)
        )
    rearranged = iban[4:] + iban[:4]
    if int("".join(str(int(char, 36)) for char in rearranged)) % 97 != 1:
        raise PaymentFileError(what, "an IBAN whose check digits hold (mod 97 = 1)", repr(value))
    return iban
