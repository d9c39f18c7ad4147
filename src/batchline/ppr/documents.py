"""The store's payments as the payment-file core sees them (`batchline.payments.model`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from batchline.payments.model import (
    AccountType,
    CheckStock,
    DisbursementAccount,
    OutputFormat,
    PaidDocument,
    PayeeBankAccount,
    Payment,
    PaymentMethod,
    PaymentProcessProfile,
    PostalAddress,
)
from batchline.store.ppr_models import (
    BankAccount,
    Invoice,
    PaymentProfile,
    PprDocument,
    PprPayment,
    Supplier,
    SupplierSite,
)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.split("|") if line.strip())


def disbursement_account(row: BankAccount) -> DisbursementAccount:
    stock = None
    if row.check_first is not None and row.check_last is not None:
        stock = CheckStock(row.id, row.check_first, row.check_last)
    return DisbursementAccount(
        account_name=row.account_name,
        bank_name=row.bank_name,
        routing_number=row.routing_number,
        account_number=row.account_number,
        company_name=row.company_name,
        company_id=row.company_id,
        account_type=AccountType(row.account_type),
        currency=row.currency,
        company_address=_lines(row.company_address),
        bank_address=_lines(row.bank_address),
        iban=row.iban,
        bic=row.bic,
        check_stock=stock,
    )


def process_profile(row: PaymentProfile) -> PaymentProcessProfile:
    options = {k: v for k, v in row.options.items() if k in PaymentProcessProfile.__dataclass_fields__}
    return PaymentProcessProfile(name=row.id, output_format=OutputFormat(row.output_format), **options)  # type: ignore[arg-type]


def load_payments(session: Session, payment_rows: Sequence[PprPayment], payment_date: date) -> list[Payment]:
    """`payment_rows` as file payments, with their paid documents and payees, in the order given."""
    ids = [p.id for p in payment_rows]
    documents: defaultdict[str, list[PaidDocument]] = defaultdict(list)
    for start in range(0, len(ids), 900):
        rows = session.execute(
            select(
                PprDocument.payment_id,
                PprDocument.gross,
                PprDocument.discount_taken,
                PprDocument.withholding,
                Invoice.invoice_number,
                Invoice.invoice_date,
            )
            .join(Invoice, Invoice.id == PprDocument.invoice_id)
            .where(PprDocument.payment_id.in_(ids[start : start + 900]))
            .order_by(PprDocument.payment_id, Invoice.due_date, Invoice.id)
        ).all()
        for payment_id, gross, discount, withheld, number, invoice_date in rows:
            documents[payment_id].append(
                PaidDocument(number, invoice_date, gross, gross - discount - withheld, discount, withheld)
            )
    site_ids = sorted({p.supplier_site_id for p in payment_rows})
    sites: dict[str, tuple[SupplierSite, Supplier]] = {}
    for start in range(0, len(site_ids), 900):
        for site, supplier in session.execute(
            select(SupplierSite, Supplier)
            .join(Supplier, Supplier.id == SupplierSite.supplier_id)
            .where(SupplierSite.id.in_(site_ids[start : start + 900]))
        ).tuples():
            sites[site.id] = (site, supplier)
    out = []
    for p in payment_rows:
        site, supplier = sites[p.supplier_site_id]
        out.append(
            Payment(
                payment_id=p.id,
                payee_name=site.name,
                amount=p.amount,
                payment_date=payment_date,
                method=PaymentMethod(p.payment_method),
                currency=p.currency,
                documents=tuple(documents[p.id]),
                remit_to=PayeeBankAccount(
                    routing_number=site.remit_routing,
                    account_number=site.remit_account,
                    account_type=AccountType(site.remit_account_type),
                    iban=site.remit_iban,
                    bic=site.remit_bic,
                    bank_name=site.remit_bank_name,
                ),
                payee_address=PostalAddress(_lines(site.address), site.country),
                payee_id=supplier.id,
                check_number=p.check_number,
            )
        )
    return out
