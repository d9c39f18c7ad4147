"""Gates nobody answered in time: their stated outcome, applied by the intake flow.

Under a deployment a waiting run is suspended and holds no process, so no code of
the run itself can notice its gate expire; the intake flow, every 15 minutes, does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from batchline.billing import approval, jobs
from batchline.billing.context import JobContext
from batchline.lifecycle import BILL_RUN
from batchline.settings import Settings
from batchline.store.db import Store
from batchline.store.models import Job, ObjectStatus, StatusHistory
from batchline.store.types import utcnow

APPROVAL_GATES = ("AWAITING_OPS_APPROVAL", "AWAITING_CUSTOMER_APPROVAL")
CLOSEOUT = "DELIVERED_TO_POST_OFFICE"


@dataclass(frozen=True, slots=True)
class Overdue:
    job_id: str
    client_id: str
    flow_run_id: str
    status: str
    outcome: str  # the status the job was moved to
    waited_since: datetime


def _waiting(store: Store) -> list[tuple[Job, str, datetime]]:
    with store.unit_of_work() as session:
        rows = session.execute(
            select(Job, ObjectStatus.status)
            .join(
                ObjectStatus, (ObjectStatus.object_id == Job.id) & (ObjectStatus.lifecycle == BILL_RUN.name)
            )
            .where(ObjectStatus.status.in_([*APPROVAL_GATES, CLOSEOUT]))
        ).all()
        waiting = []
        for job, status in rows:
            since = session.scalars(
                select(StatusHistory.at)
                .where(
                    StatusHistory.lifecycle == BILL_RUN.name,
                    StatusHistory.object_id == job.id,
                    StatusHistory.to_status == status,
                )
                .order_by(StatusHistory.id.desc())
            ).first()
            if since is not None:
                waiting.append((job, status, since))
    return waiting


def expire_overdue(settings: Settings, store: Store, now: datetime | None = None) -> list[Overdue]:
    """Approvals past their timeout end "Approval Expired"; closeouts past theirs "Closeout Overdue"."""
    now = now or utcnow()
    expired = []
    for job, status, since in _waiting(store):
        ctx = JobContext.load(job.id, job.client_id, settings, store)
        if status in APPROVAL_GATES:
            hours = ctx.profile.approvals.timeout_hours
            if now - since < timedelta(hours=hours):
                continue
            approval.expire(ctx, status, hours)
            outcome = "APPROVAL_EXPIRED"
        else:
            days = ctx.profile.closeout.timeout_days
            if now - since < timedelta(days=days):
                continue
            jobs.advance(store, job.id, "CLOSEOUT_OVERDUE", reason=f"no postage report within {days} days")
            outcome = "CLOSEOUT_OVERDUE"
        expired.append(Overdue(job.id, job.client_id, job.flow_run_id or "", status, outcome, since))
    return expired
