"""Bacs payments: the transaction codes, the field limits and the character set."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

CREDIT = "99"
DIRECT_DEBITS = ("01", "17", "18", "19")
INSTRUCTIONS = ("0N", "0C", "0S")  # AUDDIS Direct Debit Instructions: zero amount
TRANSACTION_CODES = {
    "99": "Direct Credit",
    "01": "Direct Debit, first collection",
    "17": "Direct Debit",
    "18": "Direct Debit, re-presented",
    "19": "Direct Debit, final collection",
    "0N": "new Direct Debit Instruction",
    "0C": "cancelled Direct Debit Instruction",
    "0S": "converted Direct Debit Instruction",
}
# The contra record balancing each side: credits are funded by a debit of the originator's
# account (17), and debits collected are paid in by a credit to it (99).
CONTRA_CODE = {"credit": "17", "debit": "99"}

NAME_LENGTH = 18
REFERENCE_LENGTH = 18
AMOUNT_DIGITS = 11
MAX_AMOUNT_PENCE = 10**AMOUNT_DIGITS - 1
MIN_DD_REFERENCE = 6  # letters and digits in a Direct Debit reference

# Upper case letters, digits, space, full stop, ampersand, slash and hyphen.
BACS_CHARACTERS = "A-Z, 0-9, space and . & / -"
BACS_TEXT = re.compile(r"[A-Z0-9 .&/\-]*")
SORT_CODE = re.compile(r"[0-9]{6}")
ACCOUNT_NUMBER = re.compile(r"[0-9]{8}")
SERVICE_USER_NUMBER = re.compile(r"[0-9]{6}")


def side(transaction_code: str) -> str:
    """ "credit", "debit" or "instruction": which side of the balance a record sits on."""
    if transaction_code == CREDIT:
        return "credit"
    return "debit" if transaction_code in DIRECT_DEBITS else "instruction"


class Payment(NamedTuple):
    """One transaction of a batch; text fields hold what is written (upper case, unpadded).

    A named tuple: a batch holds 100,000 of these, and a tuple is built three times faster
    than a frozen dataclass.
    """

    sort_code: str  # the destination's, 6 digits
    account_number: str  # 8 digits
    account_name: str
    amount_pence: int
    transaction_code: str
    reference: str
    payment_date: date | None = None  # the processing day asked for, if any
    line: int = 0  # where it was read from
    # The originating account when it is not the originator's own (a Standard 18 import).
    originating_sort_code: str = ""
    originating_account_number: str = ""

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_pence).scaleb(-2)


@dataclass(frozen=True, slots=True)
class Originator:
    """The service user sending the batch, and the account the contra records post to."""

    service_user_number: str
    sort_code: str
    account_number: str
    name: str
    direct_debits: bool = False  # a Direct Debit originator: may collect and send instructions
