"""Bill-run jobs in the store: opening, moving through the bill-run lifecycle, stage results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from batchline.billing import objects
from batchline.errors import BatchlineError
from batchline.lifecycle import BILL_RUN, StateType
from batchline.store import status as statuses
from batchline.store.db import Store
from batchline.store.models import Batch, Job
from batchline.store.status import StatusChange

SYSTEM = "batchline"


class JobNotFound(BatchlineError):
    pass


@dataclass(frozen=True, slots=True)
class JobRef:
    job_id: str
    client_id: str
    source_file: str
    workspace: str


def get_job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise JobNotFound(f"job {job_id}: no such bill-run job in the store")
    return job


def open_job(store: Store, job_id: str, client_id: str, source_file: Path, workspace: Path) -> JobRef:
    """Create the job at "Parsing and Loading Data File(s)", or return it if it exists (a rerun)."""
    with store.unit_of_work() as session:
        job = session.get(Job, job_id)
        if job is None:
            job = Job(
                id=job_id,
                client_id=client_id,
                source_file=str(source_file),
                workspace=str(workspace),
                job_code=BILL_RUN.status("PARSING").job_code or 0,
                summary={},
            )
            session.add(job)
            session.flush()
            statuses.register(
                session, BILL_RUN, job_id, "PARSING", actor=SYSTEM, reason=f"file {source_file.name}"
            )
        return JobRef(job.id, job.client_id, job.source_file, job.workspace)


def move_job(
    session: Session,
    job_id: str,
    to_status: str,
    *,
    actor: str = SYSTEM,
    reason: str = "",
    stage_result: tuple[str, Mapping[str, Any]] | None = None,
) -> StatusChange:
    """Move the job (and its seed 003 JOB code), keeping a stage's result with it in one transaction."""
    change = statuses.move(session, BILL_RUN, job_id, to_status, actor=actor, reason=reason)
    job = get_job(session, job_id)
    code = BILL_RUN.status(to_status).job_code
    if code is not None:
        job.job_code = code
    objects.after_move(session, job_id, to_status)  # the rolled-up code wins once there are TRNs
    if stage_result is not None:
        key, value = stage_result
        job.summary = {**job.summary, key: dict(value)}
    return change


def stage_result(store: Store, job_id: str, key: str) -> dict[str, Any] | None:
    """What a finished stage recorded, or None if it has not finished (makes stages safe to rerun)."""
    with store.unit_of_work() as session:
        value = get_job(session, job_id).summary.get(key)
        return dict(value) if isinstance(value, dict) else None


def job_status(store: Store, job_id: str) -> str:
    with store.unit_of_work() as session:
        return statuses.current_status(session, BILL_RUN, job_id)


def attach_flow_run(store: Store, job_id: str, flow_run_id: str) -> None:
    """The flow run now working the job: the intake flow resumes it with the postage report."""
    with store.unit_of_work() as session:
        get_job(session, job_id).flow_run_id = flow_run_id


def job_exists(store: Store, job_id: str) -> bool:
    with store.unit_of_work() as session:
        return session.get(Job, job_id) is not None


def job_for_batch(store: Store, batch_id: str) -> Job | None:
    with store.unit_of_work() as session:
        batch = session.get(Batch, batch_id)
        return None if batch is None else session.get(Job, batch.job_id)


def advance(store: Store, job_id: str, to_status: str, *, actor: str = SYSTEM, reason: str = "") -> str:
    """Move to `to_status` unless the job is there or has been through it (resumed and rerun flows).

    A job sitting at an error status moves back into the stage it failed in: that is a rerun.
    Returns the job's status afterwards.
    """
    with store.unit_of_work() as session:
        current = statuses.current_status(session, BILL_RUN, job_id)
        if current == to_status:
            return current
        failed = BILL_RUN.status(current).state_type == StateType.FAILED
        visited = {change.to_status for change in statuses.history(session, BILL_RUN, job_id)}
        if to_status in visited and not (failed and BILL_RUN.can_move(current, to_status)):
            return current
        move_job(session, job_id, to_status, actor=actor, reason=reason)
        return to_status


def fail_stage(
    store: Store,
    job_id: str,
    error_status: str,
    *,
    actor: str = SYSTEM,
    reason: str = "",
    from_status: str | None = None,
) -> str:
    """Move the job to a stage's error status if its table allows it from where the job is.

    With `from_status`, only if the job is still there (the stage monitor's check).
    """
    with store.unit_of_work() as session:
        current = statuses.current_status(session, BILL_RUN, job_id)
        if from_status is not None and current != from_status:
            return current
        if not BILL_RUN.can_move(current, error_status):
            return current
        move_job(session, job_id, error_status, actor=actor, reason=reason[:2000])
        return error_status


def cancel(store: Store, job_id: str, *, actor: str = SYSTEM, reason: str = "") -> str:
    """Cancel the job and its undelivered documents if its status allows; returns where the job is."""
    from batchline.store import deliveries

    reached = fail_stage(store, job_id, "CANCELLED", actor=actor, reason=reason)
    if reached == "CANCELLED":
        with store.unit_of_work() as session:
            deliveries.cancel_pending(session, job_id, reason)
    return reached
