"""Exact money for payment files: a ``Decimal`` in, integer minor units or exact text out."""

from __future__ import annotations

from decimal import Decimal

from batchline.payments.errors import PaymentFileError

# ISO 4217 minor units where they are not 2.
_MINOR_UNITS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip


def minor_units(currency: str) -> int:
    """Decimal places of ``currency`` (ISO 4217), 2 unless listed otherwise."""
    return _MINOR_UNITS.get(currency, 2)


def to_minor_units(
    amount: Decimal, what: str, *, currency: str = "USD", max_digits: int | None = None
) -> int:
    """``amount`` as an integer count of minor units (cents), refusing anything inexact.

    Refuses floats, NaN and infinities, fractions of a minor unit and, with ``max_digits``,
    amounts whose minor units need more digits than the file's field has.
    """
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise PaymentFileError(what, "a finite Decimal amount (never a float)", f"{amount!r}")
    places = minor_units(currency)
    scaled = amount.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise PaymentFileError(
            what,
            f"whole minor units of {currency} ({places} decimal places)",
            f"{amount} (a fraction of one)",
        )
    value = int(scaled)
    if max_digits is not None and abs(value) >= 10**max_digits:
        largest = Decimal(10**max_digits - 1).scaleb(-places)
        raise PaymentFileError(
            what, f"at most {largest:,} {currency} (the field's {max_digits} digits)", f"{amount}"
        )
    return value


def cents(amount: Decimal, what: str, *, max_digits: int | None = None) -> int:
    """``amount`` in whole US cents; see ``to_minor_units``."""
    return to_minor_units(amount, what, currency="USD", max_digits=max_digits)


def exact_text(amount: Decimal, what: str, *, currency: str = "USD") -> str:
    """``1234.50``: the amount with exactly the currency's decimal places, no grouping."""
    to_minor_units(amount, what, currency=currency)
    places = minor_units(currency)
    return f"{amount:.{places}f}"


def from_cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)
