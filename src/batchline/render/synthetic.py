"""Deterministic synthetic bills for benchmarks, tests and demos.

Bill ``i`` of a seed is the same whichever chunk asks for it, so a worker can build its own
slice (``synthetic_bills(seed, start, count)``) and get what the parent would have sent.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from batchline.billing.model import Bill, Biller, LineItem

_PRODUCTS = (
    "Water service, residential meter",
    "Sewer service charge",
    "Stormwater fee (impervious area)",
    "Monthly service plan - Business Pro",
    "Equipment rental: router",
    "Late payment fee",
    "Installation labour, per hour",
    "Paper towels, case of 12",
    "Safety gloves - nitrile, box of 100",
    "Freight and handling",
    "Consulting services, senior engineer",
    "Annual maintenance contract renewal",
    "Replacement filter cartridge",
    "Café supplies & sundries",
)
_STREETS = ("MAIN ST", "OAK AVE", "MAPLE DR", "PARK BLVD", "2ND ST", "LAKEVIEW RD", "CEDAR LN")
_CITIES = (("SPRINGFIELD", "IL", "62701"), ("RIVERSIDE", "CA", "92501"), ("MADISON", "WI", "53703"))
_NAMES = ("JOHN SMITH", "MARIA GARCIA", "ACME HOLDINGS LLC", "LI WEI", "O'BRIEN & SONS INC")
_BRANCHES = ("CHI-01", "CHI-02", "MKE-01")
_CENT = Decimal("0.01")


def synthetic_biller() -> Biller:
    return Biller(
        client_id="C0001",
        name="Northwind Utilities",
        remit_to=("Northwind Utilities", "PO Box 4410", "Chicago IL 60680-4410"),
        phone="1-800-555-0147",
        email="billing@northwind.example",
    )


def _catalog() -> tuple[tuple[str, Decimal], ...]:
    """Products at list prices, as a rate table would give them: a few hundred lines."""
    rng = random.Random(20260101)
    return tuple(
        (f"{name[0]}{1000 + 37 * n + i} {name}", Decimal(rng.randint(50, 60_000)) * _CENT)
        for i, name in enumerate(_PRODUCTS)
        for n in range(20)
    )


_CATALOG = _catalog()
_WHOLE = tuple(Decimal(n) for n in range(1, 41))


def synthetic_bill(seed: int, index: int, line_count: int | None = None) -> Bill:
    rng = random.Random(seed * 1_000_003 + index)
    draw = rng.random
    if line_count is None:
        # ~5% of bills are long enough to run to two or three pages.
        line_count = 30 + int(draw() * 81) if draw() < 0.05 else 1 + int(draw() * 25)
    lines = []
    total = Decimal(0)
    for n in range(1, line_count + 1):
        description, unit_price = _CATALOG[int(draw() * len(_CATALOG))]
        if draw() < 0.9:
            quantity = _WHOLE[int(draw() * 40)]
            amount = quantity * unit_price
        else:  # metered: quarters of a unit
            quantity = Decimal(1 + int(draw() * 4000)) / 4
            amount = (quantity * unit_price).quantize(_CENT)
        total += amount
        lines.append(LineItem(n, description, quantity, unit_price, amount))
    city, state, zip5 = _CITIES[int(draw() * len(_CITIES))]
    doc_date = date(2026, 1, 1) + timedelta(days=int(draw() * 28))
    mail = draw() < 0.9
    zip4 = f"{int(draw() * 10000):04d}"
    imb = f"00270{100000 + int(draw() * 900000)}{index % 1_000_000_000:09d}{zip5}{zip4}01" if mail else None
    name = _NAMES[int(draw() * len(_NAMES))]
    return Bill(
        document_number=f"INV{seed % 100:02d}{index:08d}",
        document_type="INVOICE" if draw() < 0.7 else "STATEMENT",
        account_number=f"{10_000_000 + int(draw() * 90_000_000)}",
        customer_name=name,
        document_date=doc_date,
        due_date=doc_date + timedelta(days=30),
        branch=_BRANCHES[int(draw() * len(_BRANCHES))],
        channel="PRINT" if mail else "EMAIL",
        bill_to=(
            name,
            f"{1 + int(draw() * 9999)} {_STREETS[int(draw() * len(_STREETS))]}",
            f"{city} {state} {zip5}-{zip4}",
        ),
        amount_due=total,
        lines=tuple(lines),
        imb_digits=imb,
    )


def synthetic_bills(seed: int, start: int, count: int) -> tuple[Bill, ...]:
    """Bills ``start`` .. ``start + count - 1`` of ``seed``."""
    return tuple(synthetic_bill(seed, i) for i in range(start, start + count))
