"""Positive pay: the checks issued (and voided) sent to the bank, which pays only those.

Each bank publishes its own layout, so the layout is data: fixed-width fields at given
positions, or delimited columns. Detail fields: ``record_type`` (issue or void code),
``account_number``, ``check_number``, ``amount``, ``issue_date``, ``payee``, ``filler``.
Trailer fields: ``record_type`` (the trailer code), ``count``, ``total_amount``,
``issue_count``, ``issue_amount``, ``void_count``, ``void_amount``, ``account_number``,
``filler``. Numbers are right-justified and zero-filled, text left-justified and blank-filled;
a number that does not fit is refused, a payee name is cut short.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from batchline.payments.amounts import cents, exact_text, from_cents
from batchline.payments.errors import PaymentFileError
from batchline.payments.model import DisbursementAccount, Payment, PaymentMethod
from batchline.payments.text import bank_text
from batchline.payments.validation import check_payment

DETAIL_FIELDS = frozenset(
    {"record_type", "account_number", "check_number", "amount", "issue_date", "payee", "filler"}
)
TRAILER_FIELDS = frozenset(
    {"record_type", "count", "total_amount", "issue_count", "issue_amount", "void_count", "void_amount"}
    | {"account_number", "filler"}
)
_TEXT_FIELDS = frozenset({"record_type", "payee", "filler", "issue_date"})


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    start: int = 0  # fixed layouts: first position, counted from 1
    width: int = 0  # fixed layouts: characters; delimited: 0 or the longest payee


@dataclass(frozen=True, slots=True)
class PositivePayLayout:
    style: Literal["FIXED", "DELIMITED"]
    fields: tuple[Field, ...]
    trailer: tuple[Field, ...] = ()  # none: no trailer record
    delimiter: str = ","
    header_row: bool = False  # delimited: a first row of field names
    issue_code: str = "I"
    void_code: str = "V"
    trailer_code: str = "T"
    date_format: str = "%m%d%Y"
    amount_style: Literal["CENTS", "DECIMAL"] = "CENTS"  # 123456 or 1234.56
    line_ending: str = "\r\n"


DEFAULT_FIXED_LAYOUT = PositivePayLayout(
    "FIXED",
    (
        Field("account_number", 1, 10),
        Field("check_number", 11, 10),
        Field("amount", 21, 10),
        Field("issue_date", 31, 8),
        Field("record_type", 39, 1),
        Field("payee", 40, 50),
    ),
)
DEFAULT_DELIMITED_LAYOUT = PositivePayLayout(
    "DELIMITED",
    tuple(
        Field(name)
        for name in ("account_number", "check_number", "amount", "issue_date", "record_type", "payee")
    ),
    header_row=True,
    date_format="%m/%d/%Y",
    amount_style="DECIMAL",
)


@dataclass(frozen=True, slots=True)
class PositivePayItem:
    account_number: str
    check_number: int
    amount: Decimal
    issue_date: date
    payee: str
    void: bool = False


@dataclass(frozen=True, slots=True)
class PositivePayFile:
    lines: tuple[str, ...]
    issue_count: int
    issue_amount: Decimal
    void_count: int
    void_amount: Decimal
    line_ending: str = field(default="\r\n", repr=False)

    def to_bytes(self) -> bytes:
        return "".join(line + self.line_ending for line in self.lines).encode("ascii")


def issued_checks(payments: Iterable[Payment], account: DisbursementAccount) -> list[PositivePayItem]:
    """One issue item per printed check payment (check numbers assigned)."""
    items = []
    for payment in payments:
        check_payment(payment, PaymentMethod.CHECK)
        if payment.check_number is None:
            raise PaymentFileError(
                f"Payment {payment.payment_id!r}: check number", "an assigned number", "none"
            )
        items.append(
            PositivePayItem(
                account.account_number,
                payment.check_number,
                payment.amount,
                payment.payment_date,
                payment.payee_name,
            )
        )
    return items


def check_layout(layout: PositivePayLayout) -> None:
    for fields, allowed, kind in (
        (layout.fields, DETAIL_FIELDS, "detail"),
        (layout.trailer, TRAILER_FIELDS, "trailer"),
    ):
        unknown = [f.name for f in fields if f.name not in allowed]
        if unknown:
            raise PaymentFileError(
                f"Positive pay {kind} fields", f"names among {', '.join(sorted(allowed))}", ", ".join(unknown)
            )
        if layout.style == "FIXED":
            taken: set[int] = set()
            for f in fields:
                span = set(range(f.start, f.start + f.width))
                if f.start < 1 or f.width < 1 or span & taken:
                    raise PaymentFileError(
                        f"Positive pay {kind} field {f.name!r}",
                        "a start of 1 or more, a width of 1 or more, no overlap",
                        f"start {f.start}, width {f.width}",
                    )
                taken |= span
    if not layout.fields:
        raise PaymentFileError("Positive pay layout", "at least one detail field", "none")


def build_positive_pay(items: Sequence[PositivePayItem], layout: PositivePayLayout) -> PositivePayFile:
    """The positive pay file of ``items`` (issues and voids) in ``layout``."""
    check_layout(layout)
    issues = [i for i in items if not i.void]
    voids = [i for i in items if i.void]
    issue_amount = sum((cents(i.amount, f"Check {i.check_number}: amount") for i in issues), 0)
    void_amount = sum((cents(i.amount, f"Check {i.check_number}: amount") for i in voids), 0)
    lines = []
    if layout.style == "DELIMITED" and layout.header_row:
        lines.append(_join([f.name for f in layout.fields], layout.delimiter))
    for item in items:
        values = {
            "record_type": layout.void_code if item.void else layout.issue_code,
            "account_number": _account(item.account_number),
            "check_number": item.check_number,
            "amount": _amount(item.amount, layout, f"Check {item.check_number}: amount"),
            "issue_date": item.issue_date.strftime(layout.date_format),
            "payee": bank_text(item.payee, f"Check {item.check_number}: payee"),
            "filler": "",
        }
        lines.append(_record(layout.fields, values, layout, f"check {item.check_number}"))
    if layout.trailer:
        totals: dict[str, object] = {
            "record_type": layout.trailer_code,
            "count": len(items),
            "total_amount": _amount(from_cents(issue_amount + void_amount), layout, "Trailer total"),
            "issue_count": len(issues),
            "issue_amount": _amount(from_cents(issue_amount), layout, "Trailer issue total"),
            "void_count": len(voids),
            "void_amount": _amount(from_cents(void_amount), layout, "Trailer void total"),
            "account_number": _account(items[0].account_number) if items else "",
            "filler": "",
        }
        lines.append(_record(layout.trailer, totals, layout, "trailer"))
    return PositivePayFile(
        tuple(lines),
        len(issues),
        from_cents(issue_amount),
        len(voids),
        from_cents(void_amount),
        layout.line_ending,
    )


def _account(value: str) -> str:
    digits = value.replace("-", "").replace(" ", "")
    if not digits.isascii() or not digits.isdigit():
        raise PaymentFileError(
            "Positive pay account number", "digits (hyphens and spaces are dropped)", repr(value)
        )
    return digits


def _amount(value: Decimal, layout: PositivePayLayout, what: str) -> int | str:
    return cents(value, what) if layout.amount_style == "CENTS" else exact_text(value, what)


def _record(
    fields: Sequence[Field], values: Mapping[str, object], layout: PositivePayLayout, where: str
) -> str:
    if layout.style == "DELIMITED":
        texts = []
        for f in fields:
            text = str(values[f.name])
            texts.append(text[: f.width] if f.width and f.name == "payee" else text)
        return _join(texts, layout.delimiter)
    line = [" "] * max(f.start + f.width - 1 for f in fields)
    for f in fields:
        text = _fixed(f, values[f.name], where)
        line[f.start - 1 : f.start - 1 + f.width] = text
    return "".join(line)


def _fixed(f: Field, value: object, where: str) -> str:
    text = str(value)
    if f.name in _TEXT_FIELDS:
        if len(text) > f.width and f.name != "payee":
            raise PaymentFileError(
                f"Positive pay {where}: {f.name}", f"at most {f.width} characters", repr(text)
            )
        return text[: f.width].ljust(f.width)
    if len(text) > f.width:
        raise PaymentFileError(f"Positive pay {where}: {f.name}", f"at most {f.width} digits", text)
    return text.rjust(f.width, "0")


def _join(values: Sequence[str], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="", quoting=csv.QUOTE_MINIMAL).writerow(values)
    return out.getvalue()
