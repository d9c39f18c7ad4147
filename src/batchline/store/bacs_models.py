"""Tables of the Bacs payment batch (seed 002).

The batch's status lives in `object_status` (lifecycle "bacs_batch"), its approvals in
`approvals`; these tables hold the batch, its payments and its one submission to Bacs.
Amounts are integer pence.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from batchline.store.models import Base
from batchline.store.types import UtcDateTime, utcnow


class BacsBatch(Base):
    __tablename__ = "bacs_batches"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    profile: Mapped[str] = mapped_column(String(40), index=True)
    # "import" (a payments CSV or Standard 18 file), "manual" or "direct_debit" (entered by hand)
    kind: Mapped[str] = mapped_column(String(20))
    source_file: Mapped[str] = mapped_column(Text, default="")
    submitter: Mapped[str] = mapped_column(String(120))
    flow_run_id: Mapped[str] = mapped_column(String(64), default="")
    payment_count: Mapped[int] = mapped_column(Integer, default=0)
    total_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # What the import, the risk assessment and the gateway reported, for the UI and the reports.
    report: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class BacsPayment(Base):
    __tablename__ = "bacs_payments"

    batch_id: Mapped[str] = mapped_column(ForeignKey("bacs_batches.id"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    sort_code: Mapped[str] = mapped_column(String(6))
    account_number: Mapped[str] = mapped_column(String(8))
    account_name: Mapped[str] = mapped_column(String(18))
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    transaction_code: Mapped[str] = mapped_column(String(2))
    reference: Mapped[str] = mapped_column(String(18), default="")
    payment_date: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_bacs_payments_payee", "sort_code", "account_number"),)


class BacsSubmission(Base):
    """A batch's one submission to Bacs: keyed by the batch, so no batch can be submitted twice."""

    __tablename__ = "bacs_submissions"

    batch_id: Mapped[str] = mapped_column(ForeignKey("bacs_batches.id"), primary_key=True)
    serial: Mapped[str] = mapped_column(String(6), index=True)
    file_path: Mapped[str] = mapped_column(Text)
    processing_day: Mapped[date] = mapped_column(Date)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # WRITTEN, then PENDING while the gateway is called, then ACCEPTED, REJECTED or NO_SIGN_OFF (held,
    # until the gateway's later answer makes it ACCEPTED or REJECTED)
    outcome: Mapped[str] = mapped_column(String(20), default="WRITTEN")
    outcome_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    message: Mapped[str] = mapped_column(Text, default="")
