"""The coupon's scan line: what a lockbox reader keys the payment on.

Layout: ``<account> <document> <amount due in cents, 10 digits> <check digit>``.

The check digit is the Luhn mod-10 digit over the data digits of the first three fields
read left to right: digits as they are, letters as their base-36 value written as two
digits (A=10 ... Z=35, as IBAN does), anything else (hyphens, spaces) skipped. A credit
balance scans as nothing due: the coupon asks for no payment.
"""

from __future__ import annotations

from decimal import Decimal

from batchline.billing.model import Bill

AMOUNT_DIGITS = 10
_CENTS = Decimal(100)
# A doubled digit's digit sum: 5 -> 10 -> 1, 9 -> 18 -> 9.
_DOUBLED = str.maketrans("0123456789", "0246813579")


class ScanLineError(ValueError):
    """A bill whose amount cannot be carried on the scan line."""


def luhn_check_digit(digits: str) -> int:
    """The digit that makes ``digits + check`` pass the Luhn test."""
    # Double every second digit counting leftwards from the one next to the check digit.
    backwards = digits[::-1]
    total = sum(map(int, backwards[0::2].translate(_DOUBLED))) + sum(map(int, backwards[1::2]))
    return (10 - total % 10) % 10


def luhn_is_valid(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the ones before it."""
    return len(digits) > 1 and luhn_check_digit(digits[:-1]) == ord(digits[-1]) - 48


def data_digits(text: str) -> str:
    """The digits a field contributes to the check digit (see the module docstring)."""
    if text.isascii() and text.isdigit():
        return text
    out = []
    for char in text.upper():
        if "0" <= char <= "9":
            out.append(char)
        elif "A" <= char <= "Z":
            out.append(str(ord(char) - 55))
    return "".join(out)


def amount_cents(amount: Decimal, document_number: str) -> str:
    cents = int((amount * _CENTS).to_integral_value())
    if cents < 0:
        cents = 0
    text = str(cents).zfill(AMOUNT_DIGITS)
    if len(text) > AMOUNT_DIGITS:
        raise ScanLineError(
            f"Document {document_number}: amount due {amount} does not fit the scan line's "
            f"{AMOUNT_DIGITS} digits of cents; split the document or pay it outside the lockbox."
        )
    return text


def scan_line(bill: Bill) -> str:
    """The coupon scan line of ``bill``: account, document, cents, Luhn check digit."""
    cents = amount_cents(bill.amount_due, bill.document_number)
    digits = data_digits(bill.account_number) + data_digits(bill.document_number) + cents
    return f"{bill.account_number} {bill.document_number} {cents} {luhn_check_digit(digits)}"
