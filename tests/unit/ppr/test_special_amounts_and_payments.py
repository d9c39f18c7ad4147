from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from batchline.ppr.build import (
    DocumentLine,
    PaymentKey,
    build_payments,
    dismiss_payments,
    group_payments,
    supply_information,
)
from batchline.ppr.errors import AnswerRefused
from batchline.ppr.requests import advance, ppr_status
from batchline.ppr.selection import select_invoices
from batchline.ppr.special import calculate_special_amounts, late_interest, withholding
from batchline.store.db import Store
from batchline.store.ppr_models import Invoice, PprDocument, PprPayment, WithholdingRecord
from tests.unit.ppr.helpers import new_ppr


def test_interest_is_simple_and_daily_from_the_due_date_to_the_payment_date() -> None:
    assert late_interest(
        Decimal("1000.00"), Decimal("0.0730"), date(2026, 11, 1), date(2026, 11, 11)
    ) == Decimal("2.00")
    assert late_interest(Decimal("1000.00"), Decimal("0.08"), date(2026, 11, 30), date(2026, 11, 30)) == 0
    assert late_interest(Decimal("-50.00"), Decimal("0.08"), date(2026, 1, 1), date(2026, 11, 30)) == 0


def test_withholding_rounds_half_up_to_the_cent() -> None:
    assert withholding(Decimal("100.05"), Decimal("0.24")) == Decimal("24.01")
    assert withholding(Decimal("100.00"), Decimal(0)) == 0


def key(site: str, method: str = "ACH", currency: str = "USD") -> PaymentKey:
    return PaymentKey(site, "071000013/1", currency, method, f"PPP-{method}", "BA1")


def test_credit_memos_net_against_the_invoices_of_the_same_payment() -> None:
    lines = [
        DocumentLine(1, key("A"), Decimal("100.00")),
        DocumentLine(2, key("A"), Decimal("-30.00")),
        DocumentLine(3, key("A", "CHECK"), Decimal("10.00")),
        DocumentLine(4, key("B"), Decimal("-5.00")),
    ]
    payments = group_payments(lines)
    assert [(p.key.supplier_site_id, p.key.payment_method, p.amount) for p in payments] == [
        ("A", "ACH", Decimal("70.00")),
        ("A", "CHECK", Decimal("10.00")),
        ("B", "ACH", Decimal("-5.00")),
    ]


def test_special_amounts_create_linked_interest_invoices_and_record_withholding(ledger: Store) -> None:
    new_ppr(ledger, "P1", calculate_special_amounts=True)
    select_invoices(ledger, "P1")
    result = calculate_special_amounts(ledger, "P1")
    assert calculate_special_amounts(ledger, "P1") == result  # a rerun adds nothing
    with ledger.unit_of_work() as session:
        charges = session.scalars(select(Invoice).where(Invoice.kind == "INTEREST")).all()
        withheld = session.scalars(select(WithholdingRecord)).all()
        originals = {i.id: i for i in session.scalars(select(Invoice).where(Invoice.kind == "INVOICE"))}
    assert charges and result["interest_invoices"] == len(charges)
    for charge in charges:
        original = originals[charge.original_invoice_id or 0]
        assert charge.ppr_id == "P1"
        assert charge.amount == late_interest(
            original.amount, Decimal("0.08"), original.due_date, date(2026, 11, 30)
        )
    assert withheld and all(w.classification == "1099-NEC" and w.rate == "0.24" for w in withheld)


def test_build_makes_one_payment_per_site_and_method_and_reports_those_not_made(ledger: Store) -> None:
    new_ppr(ledger, "P1")
    select_invoices(ledger, "P1")
    result = build_payments(ledger, "P1")
    assert result.status == "ASSEMBLED_PAYMENTS" and result.payments > 0
    with ledger.unit_of_work() as session:
        payments = session.scalars(select(PprPayment).where(PprPayment.ppr_id == "P1")).all()
        documents = session.scalars(select(PprDocument).where(PprDocument.ppr_id == "P1")).all()
    assert sum(p.amount for p in payments if p.state == "PROPOSED") == result.total
    assert all(d.payment_id for d in documents)
    keys = [(p.supplier_site_id, p.payment_method, p.currency) for p in payments]
    assert len(keys) == len(set(keys))
    assert all(len(p.id) <= 15 for p in payments)


def test_a_zero_or_negative_payment_is_not_made_and_its_invoices_are_unlocked(ledger: Store) -> None:
    new_ppr(ledger, "P1", suppliers=["S00005"])
    select_invoices(ledger, "P1")
    with ledger.unit_of_work() as session:
        for document in session.scalars(select(PprDocument).where(PprDocument.ppr_id == "P1")):
            invoice = session.get(Invoice, document.invoice_id)
            if invoice is not None and invoice.kind == "INVOICE":
                document.gross = Decimal("1.00")
                document.discount_taken = Decimal(0)
    result = build_payments(ledger, "P1")
    assert result.payments == 0 and len(result.not_made) == 1
    with ledger.unit_of_work() as session:
        assert session.scalars(select(Invoice.id).where(Invoice.ppr_id == "P1")).all() == []


def test_missing_bank_account_and_profile_stop_for_information_until_supplied(ledger: Store) -> None:
    new_ppr(ledger, "P1", bank_account_id="")
    select_invoices(ledger, "P1")
    result = build_payments(ledger, "P1")
    assert result.status == "INFORMATION_REQUIRED" and result.missing
    assert ppr_status(ledger, "P1") == "INFORMATION_REQUIRED"
    with pytest.raises(AnswerRefused, match="BA9"):
        supply_information(ledger, "P1", "BA9", "", {})
    supply_information(ledger, "P1", "BA1", "", {})
    assert build_payments(ledger, "P1").status == "ASSEMBLED_PAYMENTS"


def test_dismissed_payments_are_not_made_and_unlock_their_invoices(ledger: Store) -> None:
    new_ppr(ledger, "P1")
    select_invoices(ledger, "P1")
    build_payments(ledger, "P1")
    advance(ledger, "P1", "PENDING_PROPOSED_PAYMENT_REVIEW")
    with pytest.raises(AnswerRefused, match="NOPE"):
        dismiss_payments(ledger, "P1", ["NOPE"], actor="ap.lead")
    assert dismiss_payments(ledger, "P1", ["P1000001"], actor="ap.lead") == 1
    with ledger.unit_of_work() as session:
        invoices = session.scalars(
            select(PprDocument.invoice_id).where(PprDocument.payment_id == "P1000001")
        ).all()
        locked = session.scalars(
            select(Invoice.id).where(Invoice.id.in_(invoices), Invoice.ppr_id.is_not(None))
        ).all()
        dismissed = session.get(PprPayment, "P1000001")
    assert invoices and locked == []
    assert dismissed is not None and dismissed.state == "DISMISSED"
