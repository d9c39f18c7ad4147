"""A generated AP ledger for the demo, the tests and the benchmark, written as the documented CSV files."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

METHODS = ("ACH", "CHECK", "WIRE")
BANK_ROUTING = "021000021"
BASE_DAY = date(2026, 11, 30)


def aba(prefix8: str) -> str:
    """A routing number: eight digits and their ABA check digit (weights 3-7-1)."""
    weights = (3, 7, 1) * 3
    total = sum(int(d) * w for d, w in zip(prefix8, weights, strict=False))
    return prefix8 + str((10 - total % 10) % 10)


def _write(path: Path, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_sample_ledger(
    folder: Path,
    suppliers: int = 5,
    invoices_per_supplier: int = 4,
    *,
    seed: int = 1,
    base_day: date = BASE_DAY,
    foreign_currency: str = "",
    check_first: int = 100001,
) -> Path:
    """Suppliers with one site each, three profiles on one bank account, and open invoices around `base_day`.

    Supplier n pays by ACH, CHECK, WIRE in turn; every fourth supplier is withheld (1099-NEC);
    every fifth has a credit memo; one invoice in seven has a discount, one in 50 is on hold.
    With `foreign_currency`, the wire suppliers bill in it (and no rate is loaded for it).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    _write(
        folder / "bank_accounts.csv",
        ["bank_account_id", "account_name", "bank_name", "routing_number", "account_number", "account_type",
         "currency", "company_name", "company_id", "company_address", "bank_address", "check_first", "check_last"],
        [["BA1", "Operating", "First Sample Bank", BANK_ROUTING, "123456789", "CHECKING", "USD",
          "Batchline Demo Inc", "1123456789", "1 Main St|Springfield IL 62701", "100 Bank Plaza|New York NY 10001",
          check_first, check_first + 899_998]],
    )  # fmt: skip
    _write(
        folder / "payment_profiles.csv",
        ["profile_id", "payment_method", "output_format", "bank_account_id"],
        [["PPP-ACH", "ACH", "NACHA", "BA1"], ["PPP-WIRE", "WIRE", "PAIN_001", "BA1"],
         ["PPP-CHECK", "CHECK", "CHECK_PDF", "BA1"]],
    )  # fmt: skip
    _write(
        folder / "settings.csv",
        ["key", "value"],
        [["interest_annual_rate", "0.08"], ["withholding_rate:1099-NEC", "0.24"]],
    )
    _write(
        folder / "exchange_rates.csv",
        ["from_currency", "to_currency", "rate_date", "rate"],
        [["EUR", "USD", "2026-01-01", "1.08"]] if foreign_currency != "EUR" else [],
    )
    supplier_rows, site_rows, invoice_rows = [], [], []
    for n in range(1, suppliers + 1):
        supplier, site = f"S{n:05d}", f"SITE{n:05d}"
        method = METHODS[(n - 1) % 3]
        supplier_rows.append([supplier, f"Supplier {n} Ltd", "1099-NEC" if n % 4 == 0 else ""])
        site_rows.append([site, supplier, f"Supplier {n} Ltd", f"{n} Market St|Chicago IL 60601", "US",
                          aba(f"0710{n % 10000:04d}"), f"{700000 + n}", "CHECKING", "", "", "Sample Receiving Bank"])  # fmt: skip
        currency = foreign_currency if foreign_currency and method == "WIRE" else "USD"
        for k in range(1, invoices_per_supplier + 1):
            amount = Decimal(rng.randint(5_000, 500_000)).scaleb(-2)
            due = base_day + timedelta(days=rng.randint(-20, 25))
            invoice_date = due - timedelta(days=30)
            has_discount = (n + k) % 7 == 0
            discount_date = (base_day + timedelta(days=rng.randint(0, 10))) if has_discount else None
            discount = (amount * Decimal("0.02")).quantize(Decimal("0.01")) if has_discount else Decimal(0)
            hold = "Price variance" if (n * 31 + k) % 50 == 0 else ""
            invoice_rows.append([f"INV-{n}-{k}", site, "INVOICE", currency, amount, invoice_date, due,
                                 discount_date or "", discount, "STANDARD" if n % 6 else "EMPLOYEE", method, hold])  # fmt: skip
        if n % 5 == 0:
            invoice_rows.append([f"CM-{n}", site, "CREDIT_MEMO", currency, Decimal("-25.00"), base_day - timedelta(days=40),
                                 base_day - timedelta(days=10), "", "0.00", "STANDARD" if n % 6 else "EMPLOYEE", method, ""])  # fmt: skip
    _write(folder / "suppliers.csv", ["supplier_id", "name", "classification"], supplier_rows)
    _write(
        folder / "supplier_sites.csv",
        ["site_id", "supplier_id", "name", "address", "country", "remit_routing", "remit_account",
         "remit_account_type", "remit_iban", "remit_bic", "remit_bank_name"],
        site_rows,
    )  # fmt: skip
    _write(
        folder / "invoices.csv",
        ["invoice_number", "supplier_site_id", "kind", "currency", "amount", "invoice_date", "due_date",
         "discount_date", "discount_amount", "pay_group", "payment_method", "hold"],
        invoice_rows,
    )  # fmt: skip
    return folder


if __name__ == "__main__":  # python -m batchline.ppr.sample FOLDER [SUPPLIERS] [INVOICES_PER_SUPPLIER]
    import sys

    target = write_sample_ledger(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:4]))
    print(f"sample AP ledger written to {target}")
