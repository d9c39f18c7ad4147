"""Job approval report (seed 001): jobs waiting for approval, and the documents pulled in them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from batchline.lifecycle import BILL_RUN
from batchline.reports.queries import frame
from batchline.store.deliveries import PULLED
from batchline.store.models import Delivery, Job, ObjectStatus

if TYPE_CHECKING:
    import pandas as pd

    from batchline.store.db import Store

AWAITING = ("AWAITING_OPS_APPROVAL", "AWAITING_CUSTOMER_APPROVAL")
APPROVAL_COLUMNS = (
    "job_id", "client_id", "status", "waiting_since", "documents", "total_amount", "pulled", "run_url",
)  # fmt: skip
PULLED_COLUMNS = (
    "job_id", "document_number", "channel", "routing", "document_type", "branch", "amount", "reason",
)  # fmt: skip


def run_url(ui_url: str, flow_run_id: str | None) -> str:
    """Where the paused run waits in the Prefect UI (its Resume button)."""
    if not (ui_url and flow_run_id):
        return ""
    return f"{ui_url.rstrip('/')}/runs/flow-run/{flow_run_id}"


def job_approval(store: Store, *, client_id: str | None = None, ui_url: str = "") -> pd.DataFrame:
    """Jobs awaiting ops or customer approval, the longest waiting first, with links to their runs."""
    with store.unit_of_work() as session:
        query = (
            select(Job, ObjectStatus.status, ObjectStatus.updated_at)
            .join(
                ObjectStatus, (ObjectStatus.object_id == Job.id) & (ObjectStatus.lifecycle == BILL_RUN.name)
            )
            .where(ObjectStatus.status.in_(AWAITING))
            .order_by(ObjectStatus.updated_at, Job.id)
        )
        if client_id is not None:
            query = query.where(Job.client_id == client_id)
        waiting = session.execute(query).all()
        pulled = {
            job_id: int(n)
            for job_id, n in session.execute(
                select(Delivery.job_id, func.count())
                .where(Delivery.job_id.in_([job.id for job, _, _ in waiting]), Delivery.state == PULLED)
                .group_by(Delivery.job_id)
            )
        }
    rows = [
        {
            "job_id": job.id,
            "client_id": job.client_id,
            "status": BILL_RUN.display_name(status),
            "waiting_since": since,
            "documents": job.document_count or 0,
            "total_amount": job.total_amount,
            "pulled": int(pulled.get(job.id, 0)),
            "run_url": run_url(ui_url, job.flow_run_id),
        }
        for job, status, since in waiting
    ]
    return frame(rows, APPROVAL_COLUMNS)


def pulled_documents(
    store: Store, *, client_id: str | None = None, job_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Documents pulled from their jobs: their routing is "Pull Class T"."""
    query = (
        select(Delivery).where(Delivery.state == PULLED).order_by(Delivery.job_id, Delivery.document_number)
    )
    if job_ids is not None:
        query = query.where(Delivery.job_id.in_(list(job_ids)))
    if client_id is not None:
        query = query.where(Delivery.job_id.in_(select(Job.id).where(Job.client_id == client_id)))
    with store.unit_of_work() as session:
        rows = [
            {
                "job_id": d.job_id,
                "document_number": d.document_number,
                "channel": d.channel,
                "routing": d.routing,
                "document_type": d.document_type,
                "branch": d.branch,
                "amount": d.amount,
                "reason": d.reason,
            }
            for d in session.scalars(query)
        ]
    return frame(rows, PULLED_COLUMNS)
