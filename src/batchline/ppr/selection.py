"""Select invoices for a PPR and lock them, set-wise, so two PPRs never share one.

The lock is one compare-and-set UPDATE (`SET ppr_id = :ppr WHERE <criteria> AND ppr_id IS
NULL`) in the transaction that records the selection: on PostgreSQL a racing PPR waits
for the row and then finds it taken; on SQLite the transaction starts with the write, so
the database's write lock orders the two. Whatever this PPR did not get, it did not select.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from batchline.lifecycle import PPR
from batchline.ppr.bulk import insert_rows
from batchline.ppr.errors import AnswerRefused
from batchline.ppr.header import PprHeader
from batchline.ppr.requests import SYSTEM, load_header, release_invoices, update_summary
from batchline.store import status
from batchline.store.db import Store
from batchline.store.ppr_models import ExchangeRate, Invoice, PprDocument, SupplierSite

ZERO = Decimal(0)


@dataclass(frozen=True)
class SelectionResult:
    status: str  # INVOICES_SELECTED, CANCELLED_NO_INVOICES or MISSING_EXCHANGE_RATES
    selected: int = 0
    total: Decimal = ZERO
    missing_rates: list[str] = field(default_factory=list)  # currencies without a rate


def discount_taken(
    invoice_amount: Decimal, discount: Decimal, discount_date: date | None, paid_on: date
) -> Decimal:
    """Seed 004: the discount is taken when the payment is made by the discount date."""
    if discount_date is None or paid_on > discount_date or invoice_amount <= ZERO:
        return ZERO
    return min(discount, invoice_amount)


def _criteria(header: PprHeader) -> list[ColumnElement[bool]]:
    due = or_(
        Invoice.due_date <= header.pay_through_date,
        and_(
            Invoice.discount_date.is_not(None),
            Invoice.discount_date >= header.payment_date,
            Invoice.discount_date <= header.pay_through_date,
        ),
    )
    where: list[ColumnElement[bool]] = [
        Invoice.state == "OPEN",
        Invoice.ppr_id.is_(None),
        Invoice.hold == "",
        due,
    ]
    if header.pay_groups:
        where.append(Invoice.pay_group.in_(header.pay_groups))
    if header.currencies:
        where.append(Invoice.currency.in_(header.currencies))
    if header.payment_methods:
        where.append(Invoice.payment_method.in_(header.payment_methods))
    if header.suppliers:
        sites = select(SupplierSite.id).where(SupplierSite.supplier_id.in_(header.suppliers))
        where.append(Invoice.supplier_site_id.in_(sites))
    return where


def rate_on(session: Session, from_currency: str, to_currency: str, on: date) -> Decimal | None:
    """The latest exchange rate on or before `on`; 1 for the same currency."""
    if from_currency == to_currency:
        return Decimal(1)
    text = session.scalar(
        select(ExchangeRate.rate)
        .where(
            ExchangeRate.from_currency == from_currency,
            ExchangeRate.to_currency == to_currency,
            ExchangeRate.rate_date <= on,
        )
        .order_by(ExchangeRate.rate_date.desc())
        .limit(1)
    )
    return None if text is None else Decimal(text)


def select_invoices(store: Store, ppr_id: str) -> SelectionResult:
    """SELECTING INVOICES, then INVOICES SELECTED, CANCELLED - NO INVOICES SELECTED or MISSING EXCHANGE RATES."""
    with store.unit_of_work() as session:
        current = status.current_status(session, PPR, ppr_id)
        if current not in ("NEW", "MISSING_EXCHANGE_RATES", "SELECTING_INVOICES"):
            return selection_summary(session, ppr_id, current)
        if current != "SELECTING_INVOICES":
            status.move(session, PPR, ppr_id, "SELECTING_INVOICES", actor=SYSTEM)
        header = load_header(session, ppr_id)
    criteria = _criteria(header)
    with store.unit_of_work() as session:
        currencies = sorted(session.scalars(select(Invoice.currency).where(*criteria).distinct()))
        missing = [
            c
            for c in currencies
            if rate_on(session, c, header.functional_currency, header.payment_date) is None
        ]
    if missing:
        with store.unit_of_work() as session:
            reason = f"no {header.functional_currency} rate on {header.payment_date} for {', '.join(missing)}"
            status.move(session, PPR, ppr_id, "MISSING_EXCHANGE_RATES", actor=SYSTEM, reason=reason)
            update_summary(session, ppr_id, missing_rates=missing)
        return SelectionResult("MISSING_EXCHANGE_RATES", missing_rates=missing)
    with store.unit_of_work() as session:
        # One compare-and-set UPDATE, and the first statement of its transaction: on SQLite it takes
        # the write lock before anything is read; on PostgreSQL a racing PPR's rows are re-checked
        # (`ppr_id IS NULL`) once the first commits, so it skips them.
        session.execute(
            update(Invoice)
            .where(*criteria)
            .values(ppr_id=ppr_id)
            .execution_options(synchronize_session=False)
        )
        locked = session.execute(
            select(Invoice.id, Invoice.amount, Invoice.discount_amount, Invoice.discount_date).where(
                Invoice.ppr_id == ppr_id, Invoice.state == "OPEN"
            )
        ).all()
        rows = [
            {
                "ppr_id": ppr_id,
                "invoice_id": invoice_id,
                "gross": amount,
                "discount_taken": discount_taken(amount, discount, discount_date, header.payment_date),
            }
            for invoice_id, amount, discount, discount_date in locked
        ]
        insert_rows(session, PprDocument, rows)
        total = sum((row["gross"] - row["discount_taken"] for row in rows), ZERO)
        outcome = "INVOICES_SELECTED" if rows else "CANCELLED_NO_INVOICES"
        reason = f"{len(rows)} invoices and memos, {total} to pay" if rows else "no invoice met the criteria"
        status.move(session, PPR, ppr_id, outcome, actor=SYSTEM, reason=reason)
        update_summary(session, ppr_id, selected=len(rows), selected_total=str(total))
    return SelectionResult(outcome, len(rows), total)


def selection_summary(session: Session, ppr_id: str, current: str) -> SelectionResult:
    rows = session.execute(
        select(PprDocument.gross, PprDocument.discount_taken).where(PprDocument.ppr_id == ppr_id)
    ).all()
    total = sum((gross - discount for gross, discount in rows), ZERO)
    return SelectionResult(current, len(rows), total)


def supply_exchange_rates(store: Store, ppr_id: str, rates: dict[str, str], *, actor: str) -> list[str]:
    """The MISSING EXCHANGE RATES gate's answer: record the rates; returns the currencies still missing."""
    with store.unit_of_work() as session:
        header = load_header(session, ppr_id)
        for currency, text in rates.items():
            try:
                rate = Decimal(text)
            except ArithmeticError:
                raise AnswerRefused(
                    f"rate for {currency}: expected a decimal number, found {text!r}"
                ) from None
            if not rate.is_finite() or rate <= 0:
                raise AnswerRefused(f"rate for {currency}: expected a positive number, found {text!r}")
            session.merge(
                ExchangeRate(
                    from_currency=currency.upper(),
                    to_currency=header.functional_currency,
                    rate_date=header.payment_date,
                    rate=str(rate),
                )
            )
        session.flush()
        wanted = [str(c) for c in (load_summary_list(session, ppr_id, "missing_rates"))]
        still = [
            c for c in wanted if rate_on(session, c, header.functional_currency, header.payment_date) is None
        ]
        if still:
            raise AnswerRefused(f"still no rate for {', '.join(still)} on {header.payment_date}")
        update_summary(session, ppr_id, rates_by=actor)
    return still


def load_summary_list(session: Session, ppr_id: str, key: str) -> list[object]:
    from batchline.store.ppr_models import PaymentProcessRequest

    row = session.get(PaymentProcessRequest, ppr_id)
    value = row.summary.get(key, []) if row is not None else []
    return list(value) if isinstance(value, list) else []


def remove_invoices(store: Store, ppr_id: str, invoice_numbers: list[str], *, actor: str) -> int:
    """INVOICES PENDING REVIEW: take invoices out of the PPR (they are unlocked); returns how many."""
    if not invoice_numbers:
        return 0
    with store.unit_of_work() as session:
        found: dict[str, int] = dict(
            session.execute(
                select(Invoice.invoice_number, Invoice.id)
                .join(PprDocument, PprDocument.invoice_id == Invoice.id)
                .where(
                    PprDocument.ppr_id == ppr_id,
                    PprDocument.state == "SELECTED",
                    Invoice.invoice_number.in_(invoice_numbers),
                )
            )
            .tuples()
            .all()
        )
        unknown = [n for n in invoice_numbers if n not in found]
        if unknown:
            raise AnswerRefused(
                f"invoice {', '.join(unknown)}: expected invoices selected by PPR {ppr_id}, found none by that number"
            )
        removed = release_invoices(session, ppr_id, list(found.values()), "REMOVED")
        update_summary(session, ppr_id, removed_by=actor)
        return removed
