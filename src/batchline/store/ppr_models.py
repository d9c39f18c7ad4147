"""Tables of the payment process request and its AP ledger (seed 004).

An invoice's `ppr_id` is its lock: set by a compare-and-set UPDATE when a PPR
selects it, cleared when it is removed, dismissed or its PPR terminated. A
check number is a row of `ap_checks`, keyed by account and number, so a
number can never be recorded twice.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from batchline.store.models import Base
from batchline.store.types import Money, UtcDateTime, utcnow

_ID = BigInteger().with_variant(Integer, "sqlite")


class Supplier(Base):
    __tablename__ = "ap_suppliers"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(240))
    classification: Mapped[str] = mapped_column(String(40), default="")  # withholding tax class


class SupplierSite(Base):
    """A supplier's pay site with its address and remit-to bank account."""

    __tablename__ = "ap_supplier_sites"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    supplier_id: Mapped[str] = mapped_column(ForeignKey("ap_suppliers.id"), index=True)
    name: Mapped[str] = mapped_column(String(240))
    address: Mapped[str] = mapped_column(Text, default="")  # lines separated by "|"
    country: Mapped[str] = mapped_column(String(2), default="US")
    remit_routing: Mapped[str] = mapped_column(String(20), default="")
    remit_account: Mapped[str] = mapped_column(String(40), default="")
    remit_account_type: Mapped[str] = mapped_column(String(10), default="CHECKING")
    remit_iban: Mapped[str] = mapped_column(String(40), default="")
    remit_bic: Mapped[str] = mapped_column(String(11), default="")
    remit_bank_name: Mapped[str] = mapped_column(String(120), default="")


class BankAccount(Base):
    """An internal (disbursement) bank account, with its check stock."""

    __tablename__ = "ap_bank_accounts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_name: Mapped[str] = mapped_column(String(120))
    bank_name: Mapped[str] = mapped_column(String(120))
    routing_number: Mapped[str] = mapped_column(String(20))
    account_number: Mapped[str] = mapped_column(String(40))
    account_type: Mapped[str] = mapped_column(String(10), default="CHECKING")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    company_name: Mapped[str] = mapped_column(String(120))
    company_id: Mapped[str] = mapped_column(String(20))
    company_address: Mapped[str] = mapped_column(Text, default="")
    bank_address: Mapped[str] = mapped_column(Text, default="")
    bic: Mapped[str] = mapped_column(String(11), default="")
    iban: Mapped[str] = mapped_column(String(40), default="")
    check_first: Mapped[int | None] = mapped_column(Integer)
    check_last: Mapped[int | None] = mapped_column(Integer)
    next_check_number: Mapped[int | None] = mapped_column(Integer)


class PaymentProfile(Base):
    """A payment process profile (PPP): payment method, output format and bank."""

    __tablename__ = "ap_payment_profiles"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    payment_method: Mapped[str] = mapped_column(String(10))
    output_format: Mapped[str] = mapped_column(String(12))
    bank_account_id: Mapped[str | None] = mapped_column(ForeignKey("ap_bank_accounts.id"))
    options: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class ExchangeRate(Base):
    __tablename__ = "ap_exchange_rates"

    from_currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    to_currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate_date: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[str] = mapped_column(String(30))  # exact decimal text


class ApSetting(Base):
    """Interest and withholding settings: `interest_annual_rate`, `withholding_rate:<classification>`."""

    __tablename__ = "ap_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(120))


class Invoice(Base):
    """An open invoice, credit memo (negative amount) or interest invoice; `ppr_id` locks it."""

    __tablename__ = "ap_invoices"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    invoice_number: Mapped[str] = mapped_column(String(64))
    supplier_site_id: Mapped[str] = mapped_column(ForeignKey("ap_supplier_sites.id"))
    kind: Mapped[str] = mapped_column(String(12), default="INVOICE")  # INVOICE, CREDIT_MEMO, INTEREST
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal] = mapped_column(Money)
    invoice_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    discount_date: Mapped[date | None] = mapped_column(Date)
    discount_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    pay_group: Mapped[str] = mapped_column(String(40), default="")
    payment_method: Mapped[str] = mapped_column(String(10))
    hold: Mapped[str] = mapped_column(String(120), default="")  # non-blank: on hold, never selected
    bank_account_id: Mapped[str | None] = mapped_column(String(40))
    profile_id: Mapped[str | None] = mapped_column(String(40))
    original_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("ap_invoices.id"))
    state: Mapped[str] = mapped_column(String(10), default="OPEN")  # OPEN, PAID
    ppr_id: Mapped[str | None] = mapped_column(String(64))
    payment_reference: Mapped[str | None] = mapped_column(String(64))
    paid_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("supplier_site_id", "invoice_number", name="uq_ap_invoice_number"),
        Index("ix_ap_invoices_open", "state", "ppr_id", "due_date"),
        Index("ix_ap_invoices_ppr", "ppr_id"),
    )


class PaymentProcessRequest(Base):
    __tablename__ = "pprs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    header: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    flow_run_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    summary: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class PprDocument(Base):
    """An invoice selected by a PPR: what it pays, and where it went (payment, removed, dismissed)."""

    __tablename__ = "ppr_documents"

    ppr_id: Mapped[str] = mapped_column(ForeignKey("pprs.id"), primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("ap_invoices.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="SELECTED")  # SELECTED, REMOVED, DISMISSED
    gross: Mapped[Decimal] = mapped_column(Money)
    discount_taken: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    withholding: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    bank_account_id: Mapped[str | None] = mapped_column(String(40))
    profile_id: Mapped[str | None] = mapped_column(String(40))
    payment_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_ppr_documents_payment", "payment_id"),)


class WithholdingRecord(Base):
    """Withholding tax taken from an invoice, for tax reporting."""

    __tablename__ = "ap_withholdings"

    ppr_id: Mapped[str] = mapped_column(ForeignKey("pprs.id"), primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("ap_invoices.id"), primary_key=True)
    supplier_id: Mapped[str] = mapped_column(String(40), index=True)
    classification: Mapped[str] = mapped_column(String(40))
    rate: Mapped[str] = mapped_column(String(30))
    basis: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)


class PprPayment(Base):
    """A proposed payment: one per supplier site, remit-to account, currency, method and profile."""

    __tablename__ = "ppr_payments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the payment reference
    ppr_id: Mapped[str] = mapped_column(ForeignKey("pprs.id"), index=True)
    supplier_site_id: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    payment_method: Mapped[str] = mapped_column(String(10))
    profile_id: Mapped[str] = mapped_column(String(40))
    bank_account_id: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(Money)
    # PROPOSED, NOT_MADE (zero or negative), DISMISSED, FORMATTED, CONFIRMED
    state: Mapped[str] = mapped_column(String(12), default="PROPOSED")
    instruction_id: Mapped[str | None] = mapped_column(String(64))
    check_number: Mapped[int | None] = mapped_column(Integer)


class PaymentInstruction(Base):
    """A payment instruction file: one per method, profile and bank account of a PPR."""

    __tablename__ = "ppr_instructions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ppr_id: Mapped[str] = mapped_column(ForeignKey("pprs.id"), index=True)
    payment_method: Mapped[str] = mapped_column(String(10))
    profile_id: Mapped[str] = mapped_column(String(40))
    bank_account_id: Mapped[str] = mapped_column(String(40))
    file_path: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(40), default="")  # NACHA file id modifier, pain.001 MsgId
    formatted_on: Mapped[date | None] = mapped_column(Date)
    payments: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))


class IssuedCheck(Base):
    """A check number taken from an account's stock: never reused, whatever became of it."""

    __tablename__ = "ap_checks"

    bank_account_id: Mapped[str] = mapped_column(ForeignKey("ap_bank_accounts.id"), primary_key=True)
    check_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[str | None] = mapped_column(String(64), index=True)
    instruction_id: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    # ISSUED (on a file), PRINTED, SPOILED, SKIPPED, VOID
    state: Mapped[str] = mapped_column(String(10), default="ISSUED")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
