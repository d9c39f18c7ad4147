"""Build payments (seed 004's ASSEMBLING PAYMENTS): one per supplier site, remit-to account,
currency, payment method, profile and bank account; credit memos net against the invoices
of the same payment, and a payment that would be zero or negative is not made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from batchline.lifecycle import PPR
from batchline.ppr.bulk import insert_rows, update_rows
from batchline.ppr.errors import AnswerRefused
from batchline.ppr.header import PprHeader
from batchline.ppr.requests import SYSTEM, load_header, release_invoices, update_summary
from batchline.store import status
from batchline.store.db import Store
from batchline.store.ppr_models import (
    BankAccount,
    Invoice,
    PaymentProfile,
    PprDocument,
    PprPayment,
    SupplierSite,
)

ZERO = Decimal(0)
BUILD_FROM = (
    "INVOICES_SELECTED",
    "INVOICES_PENDING_REVIEW",
    "CALCULATING_SPECIAL_AMOUNTS",
    "INFORMATION_REQUIRED",
)


@dataclass(frozen=True, order=True)
class PaymentKey:
    supplier_site_id: str
    remit_to: str
    currency: str
    payment_method: str
    profile_id: str
    bank_account_id: str


@dataclass(frozen=True)
class DocumentLine:
    invoice_id: int
    key: PaymentKey
    net: Decimal  # gross less discount and withholding; negative for a credit memo


@dataclass
class ProposedPayment:
    key: PaymentKey
    invoice_ids: list[int] = field(default_factory=list)
    amount: Decimal = ZERO


def group_payments(lines: Iterable[DocumentLine]) -> list[ProposedPayment]:
    """One proposed payment per key, in key order, netting credit memos against invoices."""
    groups: dict[PaymentKey, ProposedPayment] = {}
    for line in lines:
        payment = groups.setdefault(line.key, ProposedPayment(line.key))
        payment.invoice_ids.append(line.invoice_id)
        payment.amount += line.net
    return [groups[key] for key in sorted(groups)]


@dataclass(frozen=True)
class BuildResult:
    status: str  # ASSEMBLED_PAYMENTS or INFORMATION_REQUIRED
    payments: int = 0
    total: Decimal = ZERO
    not_made: list[str] = field(default_factory=list)  # "site currency: amount" of payments not made
    missing: list[str] = field(default_factory=list)  # invoice numbers without bank account or profile


def _resolve(
    method: str,
    bank: str | None,
    profile: str | None,
    header: PprHeader,
    profiles: dict[str, PaymentProfile],
    by_method_bank: dict[tuple[str, str], list[str]],
) -> tuple[str | None, str | None]:
    """The document's bank account and profile: its own, the header's, or the only profile for its method."""
    bank = bank or header.bank_account_id or None
    default = profiles.get(header.profile_id) if header.profile_id else None
    if profile is None and default is not None and default.payment_method == method:
        profile = default.id
    if profile is None and bank is not None:
        choices = by_method_bank.get((method, bank), [])
        profile = choices[0] if len(choices) == 1 else None
    if bank is None and profile is not None:
        bank = profiles[profile].bank_account_id if profile in profiles else None
    return bank, profile


def build_payments(store: Store, ppr_id: str) -> BuildResult:
    """ASSEMBLING PAYMENTS, then ASSEMBLED PAYMENTS or INFORMATION REQUIRED - PENDING ACTION."""
    with store.unit_of_work() as session:
        current = status.current_status(session, PPR, ppr_id)
        if current not in (*BUILD_FROM, "ASSEMBLING_PAYMENTS"):
            return built_summary(session, ppr_id, current)
        if current != "ASSEMBLING_PAYMENTS":
            status.move(session, PPR, ppr_id, "ASSEMBLING_PAYMENTS", actor=SYSTEM)
        header = load_header(session, ppr_id)
        profiles = {p.id: p for p in session.scalars(select(PaymentProfile))}
        by_method_bank: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in profiles.values():
            if p.bank_account_id:
                by_method_bank[(p.payment_method, p.bank_account_id)].append(p.id)
        rows = session.execute(
            select(
                PprDocument.invoice_id,
                PprDocument.gross,
                PprDocument.discount_taken,
                PprDocument.withholding,
                PprDocument.bank_account_id,
                PprDocument.profile_id,
                Invoice.invoice_number,
                Invoice.bank_account_id,
                Invoice.profile_id,
                Invoice.payment_method,
                Invoice.currency,
                Invoice.supplier_site_id,
                SupplierSite.remit_routing,
                SupplierSite.remit_account,
                SupplierSite.remit_iban,
            )
            .join(Invoice, Invoice.id == PprDocument.invoice_id)
            .join(SupplierSite, SupplierSite.id == Invoice.supplier_site_id)
            .where(PprDocument.ppr_id == ppr_id, PprDocument.state == "SELECTED")
        ).all()
        lines: list[DocumentLine] = []
        missing: list[str] = []
        for (invoice_id, gross, discount, withheld, doc_bank, doc_profile, number, inv_bank, inv_profile,
             method, currency, site, routing, account, iban) in rows:  # fmt: skip
            bank, profile = _resolve(
                method, doc_bank or inv_bank, doc_profile or inv_profile, header, profiles, by_method_bank
            )
            if bank is None or profile is None:
                missing.append(number)
                continue
            key = PaymentKey(site, iban or f"{routing}/{account}", currency, method, profile, bank)
            lines.append(DocumentLine(invoice_id, key, gross - discount - withheld))
        if missing:
            reason = f"{len(missing)} invoices need an internal bank account or payment process profile"
            status.move(session, PPR, ppr_id, "INFORMATION_REQUIRED", actor=SYSTEM, reason=reason)
            update_summary(session, ppr_id, information_required=sorted(missing))
            return BuildResult("INFORMATION_REQUIRED", missing=sorted(missing))
        return _record_payments(session, ppr_id, group_payments(lines))


def _record_payments(session: Session, ppr_id: str, proposed: Sequence[ProposedPayment]) -> BuildResult:
    payment_rows, document_rows, not_made, released = [], [], [], []
    total, made = ZERO, 0
    for n, payment in enumerate(proposed, start=1):
        payment_id = f"{ppr_id}{n:06d}"
        key = payment.key
        state = "PROPOSED" if payment.amount > ZERO else "NOT_MADE"
        payment_rows.append(
            {
                "id": payment_id,
                "ppr_id": ppr_id,
                "supplier_site_id": key.supplier_site_id,
                "currency": key.currency,
                "payment_method": key.payment_method,
                "profile_id": key.profile_id,
                "bank_account_id": key.bank_account_id,
                "amount": payment.amount,
                "state": state,
            }
        )
        document_rows += [
            {"ppr_id": ppr_id, "invoice_id": i, "payment_id": payment_id, "bank_account_id": key.bank_account_id,
             "profile_id": key.profile_id} for i in payment.invoice_ids
        ]  # fmt: skip
        if state == "NOT_MADE":
            not_made.append(f"{payment_id} {key.supplier_site_id} {key.currency} {payment.amount}")
            released += payment.invoice_ids
        else:
            total += payment.amount
            made += 1
    insert_rows(session, PprPayment, payment_rows)
    update_rows(session, PprDocument, ("ppr_id", "invoice_id"), document_rows)
    release_invoices(session, ppr_id, released, "NOT_PAID")
    reason = f"{made} payments, {total}" + (
        f"; {len(not_made)} not made (zero or negative)" if not_made else ""
    )
    status.move(session, PPR, ppr_id, "ASSEMBLED_PAYMENTS", actor=SYSTEM, reason=reason)
    update_summary(session, ppr_id, payments=made, payments_total=str(total), not_made=not_made)
    return BuildResult("ASSEMBLED_PAYMENTS", made, total, not_made)


def built_summary(session: Session, ppr_id: str, current: str) -> BuildResult:
    rows = session.execute(
        select(PprPayment.id, PprPayment.amount, PprPayment.state).where(PprPayment.ppr_id == ppr_id)
    ).all()
    made = [amount for _, amount, state in rows if state not in ("NOT_MADE", "DISMISSED")]
    not_made = [payment_id for payment_id, _, state in rows if state == "NOT_MADE"]
    return BuildResult(current, len(made), sum(made, ZERO), not_made)


def supply_information(
    store: Store, ppr_id: str, bank_account_id: str, profile_id: str, assignments: dict[str, tuple[str, str]]
) -> int:
    """INFORMATION REQUIRED's answer: a bank account and/or profile for all, or per invoice number."""
    with store.unit_of_work() as session:
        banks = set(session.scalars(select(BankAccount.id)))
        profiles = {p.id: p for p in session.scalars(select(PaymentProfile))}
        wanted = [(None, bank_account_id, profile_id)] + [(n, b, p) for n, (b, p) in assignments.items()]
        for number, bank, profile in wanted:
            where = f"invoice {number}" if number else "the PPR"
            if bank and bank not in banks:
                raise AnswerRefused(f"{where}: bank account {bank!r} is not an internal bank account")
            if profile and profile not in profiles:
                raise AnswerRefused(f"{where}: {profile!r} is not a payment process profile")
        documents = session.execute(
            select(PprDocument, Invoice.invoice_number, Invoice.payment_method)
            .join(Invoice, Invoice.id == PprDocument.invoice_id)
            .where(PprDocument.ppr_id == ppr_id, PprDocument.state == "SELECTED")
        ).all()
        known = {number for _, number, _ in documents}
        unknown = sorted(set(assignments) - known)
        if unknown:
            raise AnswerRefused(f"invoice {', '.join(unknown)}: not selected by PPR {ppr_id}")
        changed = 0
        for document, number, method in documents:
            bank, profile = assignments.get(number, (bank_account_id, profile_id))
            if profile and profiles[profile].payment_method != method:
                if number in assignments:
                    raise AnswerRefused(
                        f"invoice {number}: profile {profile} pays by {profiles[profile].payment_method}, "
                        f"the invoice by {method}"
                    )
                profile = ""
            if bank and not document.bank_account_id:
                document.bank_account_id, changed = bank, changed + 1
            if profile and not document.profile_id:
                document.profile_id, changed = profile, changed + 1
        return changed


def dismiss_payments(store: Store, ppr_id: str, payment_ids: list[str], *, actor: str) -> int:
    """PENDING PROPOSED PAYMENT REVIEW: dismissed payments are not made and their invoices are unlocked."""
    if not payment_ids:
        return 0
    with store.unit_of_work() as session:
        found = set(
            session.scalars(
                select(PprPayment.id).where(
                    PprPayment.ppr_id == ppr_id,
                    PprPayment.id.in_(payment_ids),
                    PprPayment.state == "PROPOSED",
                )
            )
        )
        unknown = sorted(set(payment_ids) - found)
        if unknown:
            raise AnswerRefused(f"payment {', '.join(unknown)}: expected a proposed payment of PPR {ppr_id}")
        session.execute(
            update(PprPayment)
            .where(PprPayment.id.in_(found))
            .values(state="DISMISSED")
            .execution_options(synchronize_session=False)
        )
        invoices = list(
            session.scalars(
                select(PprDocument.invoice_id).where(
                    PprDocument.ppr_id == ppr_id, PprDocument.payment_id.in_(found)
                )
            )
        )
        release_invoices(session, ppr_id, invoices, "DISMISSED")
        update_summary(session, ppr_id, dismissed_by=actor)
        return len(found)
