"""Stage monitor (seed 003's Scheduler): work stuck in a processing status past its limit is put in error.

Seed 003: a processing code (#31) is "monitored by the Scheduler to indicate a
length of time in which processing should be completed". For the bill run the
processing statuses are the running stages; each has a time limit (defaults
below, per client in the profile's `[stage_limits]`, minutes). A job that has
sat in one longer is moved to that stage's error status by actor
`stage-monitor`, with the reason; errors a worker hits are recorded by actor
`worker`. History tells the two apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from batchline.billing import jobs
from batchline.lifecycle import BILL_RUN
from batchline.store.db import Store
from batchline.store.models import Job, ObjectStatus

MONITOR = "stage-monitor"
WORKER = "worker"

# The running statuses the monitor watches, the error status each goes to, and its default limit.
WATCHED: Mapping[str, tuple[str, int]] = {
    "PARSING": ("LOAD_ERROR", 30),
    "USPS_PREPARATION": ("USPS_ERROR", 60),
    "GENERATING_PDFS": ("ASSEMBLY_ERROR", 120),
    "PRINTING_PAPER_BILLS": ("DISTRIBUTION_ERROR", 90),
    "SENDING_ELECTRONIC": ("DISTRIBUTION_ERROR", 240),
}


@dataclass(frozen=True, slots=True)
class Stuck:
    job_id: str
    client_id: str
    status: str
    error_status: str
    since: datetime
    limit_minutes: int
    flow_run_id: str

    @property
    def reason(self) -> str:
        title = BILL_RUN.status(self.status).title
        return (
            f"{MONITOR}: no progress at {title!r} since {self.since:%Y-%m-%d %H:%M} UTC; "
            f"expected to finish within {self.limit_minutes} minutes"
        )


def find_stuck(
    store: Store, now: datetime, limits_for: Callable[[str], Mapping[str, int]] = lambda client: {}
) -> list[Stuck]:
    """Jobs in a watched status for longer than its limit (`limits_for(client)` overrides the defaults)."""
    with store.unit_of_work() as session:
        rows = session.execute(
            select(
                ObjectStatus.object_id,
                ObjectStatus.status,
                ObjectStatus.updated_at,
                Job.client_id,
                Job.flow_run_id,
            )
            .join(Job, Job.id == ObjectStatus.object_id)
            .where(ObjectStatus.lifecycle == BILL_RUN.name, ObjectStatus.status.in_(list(WATCHED)))
        ).all()
    stuck = []
    for job_id, status, since, client_id, flow_run_id in rows:
        error_status, default = WATCHED[status]
        limit = int(limits_for(client_id).get(status, default))
        if now - since > timedelta(minutes=limit):
            stuck.append(Stuck(job_id, client_id, status, error_status, since, limit, flow_run_id or ""))
    return stuck


def mark_stuck(store: Store, stuck: list[Stuck]) -> list[Stuck]:
    """Move each stuck job to its stage's error status (if it has not moved meanwhile); returns those moved."""
    moved = []
    for item in stuck:
        reached = jobs.fail_stage(
            store, item.job_id, item.error_status, actor=MONITOR, reason=item.reason, from_status=item.status
        )
        if reached == item.error_status:
            moved.append(item)
    return moved
