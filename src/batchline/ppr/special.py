"""Special amounts (seed 004's CALCULATING SPECIAL AMOUNTS): late-payment interest and withholding tax.

Interest is simple and daily, from the due date to the payment date at the configured
annual rate over a 365-day year, and becomes an interest invoice linked to the one paid
late. Withholding is the classification's rate on what is paid (gross less discount),
recorded for tax reporting. Both round half up to the cent.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from batchline.lifecycle import PPR
from batchline.ppr.bulk import insert_rows, update_rows
from batchline.ppr.requests import load_header, update_summary
from batchline.store import status
from batchline.store.db import Store
from batchline.store.ppr_models import (
    ApSetting,
    Invoice,
    PaymentProcessRequest,
    PprDocument,
    Supplier,
    SupplierSite,
    WithholdingRecord,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)
INTEREST_RATE_KEY = "interest_annual_rate"
WITHHOLDING_KEY = "withholding_rate:"


def late_interest(amount: Decimal, annual_rate: Decimal, due: date, paid_on: date) -> Decimal:
    """Simple daily interest on `amount` for the days from `due` to `paid_on`; zero when not late."""
    days = (paid_on - due).days
    if days <= 0 or amount <= ZERO or annual_rate <= ZERO:
        return ZERO
    return (amount * annual_rate * days / 365).quantize(CENT, rounding=ROUND_HALF_UP)


def withholding(basis: Decimal, rate: Decimal) -> Decimal:
    if basis <= ZERO or rate <= ZERO:
        return ZERO
    return (basis * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def _settings(session: Session) -> tuple[Decimal, dict[str, Decimal]]:
    values = dict(session.execute(select(ApSetting.key, ApSetting.value)).tuples().all())
    interest = Decimal(values.get(INTEREST_RATE_KEY, "0"))
    rates = {
        k.removeprefix(WITHHOLDING_KEY): Decimal(v)
        for k, v in values.items()
        if k.startswith(WITHHOLDING_KEY)
    }
    return interest, rates


def calculate_special_amounts(store: Store, ppr_id: str) -> dict[str, object]:
    """Interest invoices and withholding for the PPR's selected invoices, once (a rerun finds them done)."""
    with store.unit_of_work() as session:
        ppr = session.get(PaymentProcessRequest, ppr_id)
        if ppr is not None and "interest_invoices" in ppr.summary:
            return {k: ppr.summary[k] for k in ("interest_invoices", "interest_total", "withheld_total")}
        current = status.current_status(session, PPR, ppr_id)
        if current not in ("INVOICES_SELECTED", "INVOICES_PENDING_REVIEW", "CALCULATING_SPECIAL_AMOUNTS"):
            return {"skipped": f"PPR is at {PPR.status(current).title}"}
        if current != "CALCULATING_SPECIAL_AMOUNTS":
            status.move(session, PPR, ppr_id, "CALCULATING_SPECIAL_AMOUNTS", actor="batchline")
        header = load_header(session, ppr_id)
        annual_rate, rates = _settings(session)
        rows = session.execute(
            select(
                PprDocument.invoice_id,
                PprDocument.gross,
                PprDocument.discount_taken,
                Invoice.invoice_number,
                Invoice.supplier_site_id,
                Invoice.currency,
                Invoice.amount,
                Invoice.due_date,
                Invoice.pay_group,
                Invoice.payment_method,
                Invoice.bank_account_id,
                Invoice.profile_id,
                Supplier.id,
                Supplier.classification,
            )
            .join(Invoice, Invoice.id == PprDocument.invoice_id)
            .join(SupplierSite, SupplierSite.id == Invoice.supplier_site_id)
            .join(Supplier, Supplier.id == SupplierSite.supplier_id)
            .where(PprDocument.ppr_id == ppr_id, PprDocument.state == "SELECTED", Invoice.kind == "INVOICE")
        ).all()
        charges: list[dict[str, object]] = []
        withheld_rows: list[dict[str, object]] = []
        interest_total = withheld_total = ZERO
        for (invoice_id, gross, discount, number, site, currency, amount, due, pay_group, method, bank, profile,
             supplier_id, classification) in rows:  # fmt: skip
            interest = late_interest(amount, annual_rate, due, header.payment_date)
            if interest > ZERO:
                charges.append(
                    {
                        "invoice_number": f"{number}-INT-{ppr_id}",
                        "supplier_site_id": site,
                        "kind": "INTEREST",
                        "currency": currency,
                        "amount": interest,
                        "invoice_date": header.payment_date,
                        "due_date": header.payment_date,
                        "pay_group": pay_group,
                        "payment_method": method,
                        "bank_account_id": bank,
                        "profile_id": profile,
                        "original_invoice_id": invoice_id,
                        "ppr_id": ppr_id,
                    }
                )
                interest_total += interest
            rate = rates.get(classification or "", ZERO)
            withheld = withholding(gross - discount, rate)
            if withheld > ZERO:
                withheld_rows.append(
                    {
                        "ppr_id": ppr_id,
                        "invoice_id": invoice_id,
                        "supplier_id": supplier_id,
                        "classification": classification,
                        "rate": str(rate),
                        "basis": gross - discount,
                        "amount": withheld,
                    }
                )
                withheld_total += withheld
        insert_rows(session, Invoice, charges)
        created = session.execute(
            select(Invoice.id, Invoice.amount).where(Invoice.ppr_id == ppr_id, Invoice.kind == "INTEREST")
        ).all()
        documents = [{"ppr_id": ppr_id, "invoice_id": i, "gross": a} for i, a in created]
        withholdings = [
            {"ppr_id": ppr_id, "invoice_id": w["invoice_id"], "withholding": w["amount"]}
            for w in withheld_rows
        ]
        insert_rows(session, PprDocument, documents)
        insert_rows(session, WithholdingRecord, withheld_rows)
        update_rows(session, PprDocument, ("ppr_id", "invoice_id"), withholdings)
        interest_count = len(charges)
        result: dict[str, object] = {
            "interest_invoices": interest_count,
            "interest_total": str(interest_total),
            "withheld_total": str(withheld_total),
        }
        update_summary(session, ppr_id, **result)
        return result
