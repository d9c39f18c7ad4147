"""Payment registers: the preliminary (at review), the final (at confirmation) and the void register.

Each is a CSV file in the PPR's folder and a markdown table for the run's artifacts
(the first rows, with the totals).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from batchline.store.db import Store
from batchline.store.ppr_models import IssuedCheck, PprDocument, PprPayment, SupplierSite

ZERO = Decimal(0)
SHOWN = 25


@dataclass(frozen=True)
class Register:
    path: Path
    rows: int
    total: Decimal
    markdown: str


def _write(path: Path, title: str, header: list[str], rows: list[list[object]], total: Decimal) -> Register:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    lines = [f"# {title}", "", f"{len(rows)} rows, total {total}. File: `{path.name}`", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows[:SHOWN]]
    if len(rows) > SHOWN:
        lines.append(f"\n... and {len(rows) - SHOWN} more in the file.")
    return Register(path, len(rows), total, "\n".join(lines))


def payment_register(store: Store, ppr_id: str, out_dir: Path, *, final: bool) -> Register:
    """Payments of the PPR: proposed ones (preliminary) or the confirmed ones with check numbers (final)."""
    states = ("CONFIRMED",) if final else ("PROPOSED", "NOT_MADE", "DISMISSED")
    with store.unit_of_work() as session:
        payments = (
            session.execute(
                select(PprPayment, SupplierSite.name)
                .join(SupplierSite, SupplierSite.id == PprPayment.supplier_site_id)
                .where(PprPayment.ppr_id == ppr_id, PprPayment.state.in_(states))
                .order_by(PprPayment.id)
            )
            .tuples()
            .all()
        )
        counts = dict(
            session.execute(
                select(PprDocument.payment_id, func.count())
                .where(PprDocument.ppr_id == ppr_id)
                .group_by(PprDocument.payment_id)
            )
            .tuples()
            .all()
        )
        table: list[list[object]] = [
            [
                p.id,
                name,
                p.payment_method,
                p.currency,
                p.amount,
                p.check_number or "",
                p.instruction_id or "",
                p.state,
                counts.get(p.id, 0),
            ]
            for p, name in payments
        ]
    total = sum((p.amount for p, _ in payments if p.state in ("PROPOSED", "CONFIRMED")), ZERO)
    kind = "final" if final else "preliminary"
    return _write(
        out_dir / f"{ppr_id}-{kind}-payment-register.csv",
        f"{'Final' if final else 'Preliminary'} payment register, PPR {ppr_id}",
        ["payment", "payee", "method", "currency", "amount", "check", "instruction", "state", "documents"],
        table,
        total,
    )


def void_register(store: Store, ppr_id: str, out_dir: Path) -> Register:
    """Check numbers voided (spoiled and reprinted, or the PPR terminated) and skipped."""
    with store.unit_of_work() as session:
        checks = (
            session.execute(
                select(IssuedCheck)
                .join(PprPayment, PprPayment.id == IssuedCheck.payment_id)
                .where(PprPayment.ppr_id == ppr_id, IssuedCheck.state == "VOID")
                .order_by(IssuedCheck.bank_account_id, IssuedCheck.check_number)
            )
            .scalars()
            .all()
        )
        table: list[list[object]] = [
            [c.bank_account_id, c.check_number, c.payment_id or "", c.amount, c.updated_at.isoformat()]
            for c in checks
        ]
    total = sum((c.amount for c in checks), ZERO)
    return _write(
        out_dir / f"{ppr_id}-void-register.csv",
        f"Void register, PPR {ppr_id}",
        ["bank_account", "check_number", "payment", "amount", "voided_at"],
        table,
        total,
    )
