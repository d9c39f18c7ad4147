"""Billing activity details (seed 001): batch-level detail of invoices and statements, by date mailed.

A print batch's date mailed comes from the print facility's postage report (its
`mail_date`, else the job's post office date); an electronic batch's is the day its
last bill was sent. A batch counts in the period its date mailed falls in.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from batchline.billing.envelopes import mail_class_label
from batchline.reports.period import Period
from batchline.reports.queries import cents, frame
from batchline.store.deliveries import SENT
from batchline.store.models import Batch, Delivery, Job

if TYPE_CHECKING:
    import pandas as pd

    from batchline.store.db import Store

COLUMNS = (
    "date_mailed", "job_id", "batch_id", "channel", "mail_class", "invoices", "invoice_amount",
    "statements", "statement_amount", "pieces", "pages", "postage",
)  # fmt: skip


def billing_activity_details(store: Store, client_id: str | None, period: Period) -> pd.DataFrame:
    """One row per batch mailed in the period, by date mailed then batch."""
    batches = select(Batch).where(Batch.mailed_on >= period.start, Batch.mailed_on <= period.end)
    if client_id is not None:
        batches = batches.where(Batch.job_id.in_(select(Job.id).where(Job.client_id == client_id)))
    with store.unit_of_work() as session:
        mailed = {b.id: b for b in session.scalars(batches)}
        counted = session.execute(
            select(Delivery.batch_id, Delivery.document_type, func.count(), func.sum(Delivery.amount),
                   func.sum(Delivery.pages))
            .where(Delivery.batch_id.in_(select(batches.subquery().c.id)), Delivery.state == SENT)
            .group_by(Delivery.batch_id, Delivery.document_type)
        ).all()  # fmt: skip
    detail: dict[str, dict[str, Any]] = {}
    for batch_id, kind, n, amount, pages in counted:
        row = detail.setdefault(batch_id, {"invoices": 0, "statements": 0, "pages": 0,
                                           "invoice_amount": Decimal("0.00"),
                                           "statement_amount": Decimal("0.00")})  # fmt: skip
        plural = "invoice" if kind == "INVOICE" else "statement"
        row[plural + "s"] += int(n)
        row[plural + "_amount"] += cents(amount)
        row["pages"] += int(pages or 0)
    rows = []
    for batch in sorted(mailed.values(), key=lambda b: (b.mailed_on, b.job_id, b.sequence)):
        row = detail.get(batch.id, {})
        rows.append(
            {
                "date_mailed": batch.mailed_on,
                "job_id": batch.job_id,
                "batch_id": batch.id,
                "channel": batch.channel,
                "mail_class": mail_class_label(batch.mail_class) if batch.mail_class else "",
                "invoices": row.get("invoices", 0),
                "invoice_amount": row.get("invoice_amount", Decimal("0.00")),
                "statements": row.get("statements", 0),
                "statement_amount": row.get("statement_amount", Decimal("0.00")),
                "pieces": batch.pieces_mailed if batch.pieces_mailed is not None else batch.pieces,
                "pages": row.get("pages", 0),
                "postage": batch.postage_amount,
            }
        )
    return frame(rows, COLUMNS)
