"""The bill as the renderer and the delivery channels see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class LineItem:
    line_number: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Biller:
    """The client whose bills these are: drawn once per file as the static layer."""

    client_id: str
    name: str
    remit_to: tuple[str, ...]
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class Bill:
    document_number: str
    document_type: str  # "INVOICE" or "STATEMENT"
    account_number: str
    customer_name: str
    document_date: date
    due_date: date
    branch: str
    channel: str  # "PRINT", "EMAIL", ...
    bill_to: tuple[str, ...]  # printed address block, already standardized
    amount_due: Decimal
    lines: tuple[LineItem, ...]
    imb_digits: str | None = None  # 20-digit tracking code + 0/5/9/11-digit routing code; mail pieces only
