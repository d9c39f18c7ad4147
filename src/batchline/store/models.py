"""Tables: objects and their statuses, history, deliveries, batches, approvals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from batchline.store.types import Money, Ounces, UtcDateTime, utcnow


class Base(DeclarativeBase):
    pass


class ObjectStatus(Base):
    """The current business status of any lifecycle object (job, PPR, Bacs batch)."""

    __tablename__ = "object_status"

    lifecycle: Mapped[str] = mapped_column(String(40), primary_key=True)
    object_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class StatusHistory(Base):
    """Append-only: triggers in the migration refuse UPDATE and DELETE."""

    __tablename__ = "status_history"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    lifecycle: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(60))
    to_status: Mapped[str] = mapped_column(String(60))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_status_history_object", "lifecycle", "object_id", "id"),)


class Job(Base):
    """A bill run: one billing data file of one client."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(40), index=True)
    source_file: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    workspace: Mapped[str] = mapped_column(Text)
    job_code: Mapped[int] = mapped_column(Integer, default=0)
    flow_run_id: Mapped[str | None] = mapped_column(String(64))
    record_count: Mapped[int | None] = mapped_column(Integer)
    document_count: Mapped[int | None] = mapped_column(Integer)
    total_amount: Mapped[Decimal | None] = mapped_column(Money)
    post_office_date: Mapped[date | None] = mapped_column(Date)
    postage_amount: Mapped[Decimal | None] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    summary: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class Batch(Base):
    """Seed 003 BCH: a print batch (one print-stream PDF) or an electronic batch."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    channel: Mapped[str] = mapped_column(String(12))
    sequence: Mapped[int] = mapped_column(Integer)
    code: Mapped[int] = mapped_column(Integer, default=401)
    file_path: Mapped[str | None] = mapped_column(Text)
    pieces: Mapped[int] = mapped_column(Integer, default=0)
    sheets: Mapped[int] = mapped_column(Integer, default=0)
    zip_first: Mapped[str | None] = mapped_column(String(10))
    zip_last: Mapped[str | None] = mapped_column(String(10))
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    pieces_mailed: Mapped[int | None] = mapped_column(Integer)
    postage_amount: Mapped[Decimal | None] = mapped_column(Money)
    # Print batches: one mail class each (batchline.billing.envelopes), the pieces' total and heaviest weight.
    mail_class: Mapped[str | None] = mapped_column(String(40))
    weight_oz: Mapped[Decimal | None] = mapped_column(Ounces)
    max_piece_weight_oz: Mapped[Decimal | None] = mapped_column(Ounces)
    # The day the pieces were mailed (print: from the postage report) or sent (electronic).
    mailed_on: Mapped[date | None] = mapped_column(Date)


class Delivery(Base):
    """Seed 003 RCP: one document to one channel, recorded once."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"))
    document_number: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(12))
    routing: Mapped[str] = mapped_column(String(40), default="")
    batch_id: Mapped[str | None] = mapped_column(ForeignKey("batches.id"))
    state: Mapped[str] = mapped_column(String(16), default="PENDING")
    code: Mapped[int] = mapped_column(Integer, default=411)
    destination: Mapped[str] = mapped_column(Text, default="")
    attempted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    # The document's facts, copied from its TRN so that reports over millions of deliveries need no join.
    document_type: Mapped[str | None] = mapped_column(String(12))
    branch: Mapped[str | None] = mapped_column(String(40))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    pages: Mapped[int | None] = mapped_column(Integer)
    # A further channel of a document routed to several: the document is counted once, by its main copy.
    is_copy: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        UniqueConstraint("job_id", "document_number", "channel", name="uq_delivery_once"),
        Index("ix_deliveries_job_state", "job_id", "channel", "state", "sent_at"),
        Index("ix_deliveries_batch", "batch_id", "state", "document_type", "amount", "pages"),
        Index("ix_deliveries_job_code", "job_id", "code"),
    )


class Approval(Base):
    """A decision taken at a gate; kept whether accepted or refused."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    lifecycle: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64), index=True)
    gate: Mapped[str] = mapped_column(String(60))
    decision: Mapped[str] = mapped_column(String(20))
    approver: Mapped[str] = mapped_column(String(120))
    pulled: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Transaction(Base):
    """Seed 003 TRN: one document of a job, with its assembly-line status code."""

    __tablename__ = "transactions"

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    document_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[int] = mapped_column(Integer, default=201)
    document_type: Mapped[str | None] = mapped_column(String(12))
    branch: Mapped[str | None] = mapped_column(String(40))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    pages: Mapped[int | None] = mapped_column(Integer)
    account_number: Mapped[str | None] = mapped_column(String(64))
    # FILE: the data file named the channel; SETUP: the customer routing setup did; DEFAULT: US Mail.
    routed_by: Mapped[str | None] = mapped_column(String(12))

    __table_args__ = (Index("ix_transactions_job_code", "job_id", "code"),)


class Publication(Base):
    """Seed 003 PUB: a batch presented, archived, published and notified at one location."""

    __tablename__ = "publications"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"))
    channel: Mapped[str] = mapped_column(String(12))
    code: Mapped[int] = mapped_column(Integer, default=490)
    location: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CustomerRouting(Base):
    """A client's customer routing setup: how an account's bills go when its billing file does not say."""

    __tablename__ = "customer_routing"

    client_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(12), primary_key=True)
    email: Mapped[str] = mapped_column(Text, default="")
    fax_number: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DeliveryTotal(Base):
    """Sent deliveries of a job counted per quarter hour, branch, channel, document type and copy.

    The period reports read these few rows instead of millions of deliveries. Quarter hours
    (UTC) make a day in any time zone a whole number of buckets. Refreshed with the job's
    other objects at each status move past assembly (billing.objects.refresh).
    """

    __tablename__ = "delivery_totals"

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    sent_quarter: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    branch: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel: Mapped[str] = mapped_column(String(12), primary_key=True)
    document_type: Mapped[str] = mapped_column(String(12), primary_key=True)
    is_copy: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    deliveries: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Money)
    pages: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_delivery_totals_sent", "sent_quarter"),)


# The payment lifecycles' tables live in their own modules, on the same metadata.
from batchline.store import bacs_models, ppr_models  # noqa: E402, F401
