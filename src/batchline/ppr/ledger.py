"""Load the AP ledger into the store from documented CSV or Parquet files (docs/payment-process-request.md).

One file per table in a folder, named after it (`invoices.csv` or `invoices.parquet`);
a missing optional file loads nothing. Money is exact (`Decimal` text, or decimal128 in
Parquet): a float or a fraction of a cent is refused with the file, row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from batchline.ppr.bulk import insert_rows
from batchline.ppr.errors import LedgerFileError
from batchline.store.models import Base
from batchline.store.ppr_models import (
    ApSetting,
    BankAccount,
    ExchangeRate,
    Invoice,
    PaymentProfile,
    Supplier,
    SupplierSite,
)

Convert = Callable[[Any], Any]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _optional_text(value: Any) -> str | None:
    return _text(value) or None


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(_text(value))


def _optional_date(value: Any) -> date | None:
    return None if _text(value) == "" else _date(value)


def _money(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError(f"expected exact decimal money, found the float {value!r}")
    text = _text(value) or "0"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"expected an amount like 1234.50, found {text!r}") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"expected an amount in whole cents, found {text!r}")
    return amount.quantize(Decimal("0.01"))


def _optional_int(value: Any) -> int | None:
    return None if _text(value) == "" else int(_text(value))


def _rate(value: Any) -> str:
    text = _text(value)
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"expected a decimal rate, found {text!r}") from None
    if not rate.is_finite() or rate <= 0:
        raise ValueError(f"expected a positive rate, found {text!r}")
    return text


@dataclass(frozen=True)
class LedgerFile:
    name: str
    model: type[Base]
    columns: dict[str, tuple[str, Convert, bool]]  # file column -> (attribute, converter, required)


def _c(attribute: str, convert: Convert = _text, required: bool = False) -> tuple[str, Convert, bool]:
    return (attribute, convert, required)


LEDGER_FILES = (
    LedgerFile(
        "suppliers",
        Supplier,
        {
            "supplier_id": _c("id", required=True),
            "name": _c("name", required=True),
            "classification": _c("classification"),
        },
    ),
    LedgerFile(
        "supplier_sites",
        SupplierSite,
        {
            "site_id": _c("id", required=True),
            "supplier_id": _c("supplier_id", required=True),
            "name": _c("name", required=True),
            "address": _c("address"),
            "country": _c("country"),
            "remit_routing": _c("remit_routing"),
            "remit_account": _c("remit_account"),
            "remit_account_type": _c("remit_account_type"),
            "remit_iban": _c("remit_iban"),
            "remit_bic": _c("remit_bic"),
            "remit_bank_name": _c("remit_bank_name"),
        },
    ),
    LedgerFile(
        "bank_accounts",
        BankAccount,
        {
            "bank_account_id": _c("id", required=True),
            "account_name": _c("account_name", required=True),
            "bank_name": _c("bank_name", required=True),
            "routing_number": _c("routing_number", required=True),
            "account_number": _c("account_number", required=True),
            "account_type": _c("account_type"),
            "currency": _c("currency"),
            "company_name": _c("company_name", required=True),
            "company_id": _c("company_id", required=True),
            "company_address": _c("company_address"),
            "bank_address": _c("bank_address"),
            "bic": _c("bic"),
            "iban": _c("iban"),
            "check_first": _c("check_first", _optional_int),
            "check_last": _c("check_last", _optional_int),
        },
    ),
    LedgerFile(
        "payment_profiles",
        PaymentProfile,
        {
            "profile_id": _c("id", required=True),
            "payment_method": _c("payment_method", required=True),
            "output_format": _c("output_format", required=True),
            "bank_account_id": _c("bank_account_id", _optional_text),
        },
    ),
    LedgerFile(
        "exchange_rates",
        ExchangeRate,
        {
            "from_currency": _c("from_currency", required=True),
            "to_currency": _c("to_currency", required=True),
            "rate_date": _c("rate_date", _date, True),
            "rate": _c("rate", _rate, True),
        },
    ),
    LedgerFile("settings", ApSetting, {"key": _c("key", required=True), "value": _c("value", required=True)}),
    LedgerFile(
        "invoices",
        Invoice,
        {
            "invoice_number": _c("invoice_number", required=True),
            "supplier_site_id": _c("supplier_site_id", required=True),
            "kind": _c("kind"),
            "currency": _c("currency", required=True),
            "amount": _c("amount", _money, True),
            "invoice_date": _c("invoice_date", _date, True),
            "due_date": _c("due_date", _date, True),
            "discount_date": _c("discount_date", _optional_date),
            "discount_amount": _c("discount_amount", _money),
            "pay_group": _c("pay_group"),
            "payment_method": _c("payment_method", required=True),
            "hold": _c("hold"),
            "bank_account_id": _c("bank_account_id", _optional_text),
            "profile_id": _c("profile_id", _optional_text),
        },
    ),
)

_DEFAULTS: dict[str, dict[str, Any]] = {
    "supplier_sites": {"country": "US", "remit_account_type": "CHECKING"},
    "bank_accounts": {"account_type": "CHECKING", "currency": "USD"},
    "invoices": {"kind": "INVOICE"},
}


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        yield from pq.read_table(path).to_pylist()
        return
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def read_ledger_file(path: Path, spec: LedgerFile) -> list[dict[str, Any]]:
    """The file's rows as column values of `spec.model`, or a `LedgerFileError` naming file, row and column."""
    out: list[dict[str, Any]] = []
    defaults = _DEFAULTS.get(spec.name, {})
    for number, row in enumerate(_rows(path), start=2):
        values: dict[str, Any] = {}
        for column, (attribute, convert, required) in spec.columns.items():
            raw = row.get(column)
            if required and _text(raw) == "":
                raise LedgerFileError(
                    f"{path.name} row {number}: column {column!r}: expected a value, found none"
                )
            try:
                value = convert(raw)
            except ValueError as bad:
                raise LedgerFileError(f"{path.name} row {number}: column {column!r}: {bad}") from None
            if value in ("", None) and attribute in defaults:
                value = defaults[attribute]
            values[attribute] = value
        out.append(values)
    return out


def load_ledger(session: Session, folder: Path) -> dict[str, int]:
    """Insert every ledger file found in `folder`; returns the rows loaded per file."""
    counts: dict[str, int] = {}
    for spec in LEDGER_FILES:
        path = next(
            (p for p in (folder / f"{spec.name}.csv", folder / f"{spec.name}.parquet") if p.exists()), None
        )
        if path is None:
            continue
        rows = read_ledger_file(path, spec)
        if spec.name == "bank_accounts":
            for row in rows:
                row["next_check_number"] = row["check_first"]
        insert_rows(session, spec.model, rows)
        counts[spec.name] = len(rows)
    return counts
