"""Fax through an email-to-fax gateway: the bill PDF mailed to ``<number>@gateway``.

The gateway turns the attached PDF into the fax; the subject and body go on its cover
sheet, and most gateways send none when the body is empty. Numbers are NANP
(the US, Canada and the Caribbean) and are checked here, before anything is sent.
"""

from __future__ import annotations

import re

from batchline.errors import BatchlineError

NUMBER_FIELD = "{number}"
SAMPLE_NUMBER = "3125550142"
NANP_RULE = (
    "a NANP number: 10 digits (punctuation and a leading 1 allowed), area code and exchange "
    "each starting 2-9 and not N11"
)
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


class FaxNumberError(BatchlineError):
    """A fax number no gateway can dial; says which document, what was expected and what was found."""

    def __init__(self, document_number: str, found: str, problem: str) -> None:
        super().__init__(
            f"document {document_number}: fax number {found!r} not usable ({problem}); expected {NANP_RULE}"
        )
        self.document_number, self.found, self.problem = document_number, found, problem


def nanp_number(raw: str, document_number: str) -> str:
    """The 10-digit national number, or FaxNumberError."""
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10:
        raise FaxNumberError(document_number, raw, f"{len(digits)} digits")
    for part, code in (("area code", digits[:3]), ("exchange", digits[3:6])):
        if code[0] in "01":
            raise FaxNumberError(document_number, raw, f"{part} {code} starts with {code[0]}")
        if code[1:] == "11":
            raise FaxNumberError(document_number, raw, f"{part} {code} is an N11 service code")
    return digits


def check_gateway(gateway: str) -> str:
    """A gateway pattern must hold ``{number}`` once and, filled in, be a plain email address."""
    if gateway.count(NUMBER_FIELD) != 1:
        raise ValueError(
            f"gateway {gateway!r}: expected {NUMBER_FIELD} exactly once, as in {{number}}@fax.example"
        )
    try:
        address = gateway.format(number=SAMPLE_NUMBER)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"gateway {gateway!r}: expected no field but {NUMBER_FIELD}") from exc
    if not _ADDRESS.fullmatch(address):
        raise ValueError(f"gateway {gateway!r}: expected an email address once filled in, found {address!r}")
    return gateway


def gateway_address(gateway: str, raw: str, document_number: str) -> str:
    """Where the fax for `raw` is mailed: the gateway pattern with the checked 10-digit number."""
    return gateway.format(number=nanp_number(raw, document_number))
