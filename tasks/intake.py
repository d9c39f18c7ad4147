"""Intake tasks: start a bill run per new billing file, resume jobs whose postage report came back."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from uuid import UUID

from prefect import get_client, task
from prefect.deployments import run_deployment
from prefect.states import Cancelled, Failed, State

from batchline.billing import distribution, intake, jobs, overdue, schedule
from batchline.billing.context import JobContext
from batchline.billing.profile import load_profile
from batchline.lifecycle import BILL_RUN
from batchline.reports.activity_email import email_job_activity
from batchline.settings import load_settings
from batchline.store.db import default_store
from batchline.store.types import utcnow

BILL_RUN_DEPLOYMENT = "bill-run/bill-run"


@task(name="pick-up-billing-files")
def pick_up_billing_files() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Move settled files out of the drop folder; a file seen before is set aside, not processed twice."""
    accepted, duplicates = intake.pick_up_billing_files(load_settings(), default_store())
    return (
        [{"client_id": a.client_id, "job_id": a.job_id, "data_file": a.data_file} for a in accepted],
        [{"client_id": d.client_id, "name": d.name, "job_id": d.job_id} for d in duplicates],
    )


@task(name="start-bill-run", retries=2, retry_delay_seconds=5)
def start_bill_run(
    client_id: str, job_id: str, data_file: str, now: datetime | None = None
) -> dict[str, str]:
    """A run of the bill-run deployment for one accepted file: now, or Scheduled for the client's start time."""
    profile = load_settings().profile_path(client_id)
    # A client without a profile still gets its run: the run fails at once, naming the missing profile.
    rule = load_profile(profile).intake if profile.is_file() else None
    starts = schedule.start_time(rule, now or utcnow()) if rule else None
    run = run_deployment(
        BILL_RUN_DEPLOYMENT,
        parameters={"data_file": data_file, "client_id": client_id, "job_id": job_id},
        scheduled_time=starts,
        timeout=0,
        as_subflow=False,
        tags=[f"client:{client_id}", f"job:{job_id}"],
    )
    return {"flow_run_id": str(run.id), "starts": starts.isoformat() if starts else ""}  # type: ignore[union-attr]


@task(name="release-held-electronic-bills")
def release_held_electronic_bills(now: datetime | None = None) -> list[str]:
    """Resume each run waiting at "Electronic Bills Sending on (Date)" whose date has come."""
    released = []
    with get_client(sync_client=True) as client:
        for due in schedule.due_releases(default_store(), now or utcnow()):
            if not due.flow_run_id:
                continue
            result = client.resume_flow_run(
                UUID(due.flow_run_id), run_input={"release": "send", "released_by": "intake"}
            )
            released.append(f"{due.job_id}: {result.status.value}")
    return released


@task(name="match-postage-reports")
def match_postage_reports() -> tuple[list[dict[str, str]], list[str]]:
    """Postage reports matched to their jobs by print batch; unreadable or unmatched ones are set aside."""
    arrivals, problems = intake.match_postage_reports(load_settings(), default_store())
    return [
        {"job_id": a.job_id, "flow_run_id": a.flow_run_id, "report": a.report} for a in arrivals
    ], problems


@task(name="resume-closeout")
def resume_closeout(job_id: str, flow_run_id: str, report: str) -> str:
    """Feed the postage report to the job's closeout gate; if the job is not waiting yet, the report goes back.

    A job whose closeout went overdue has no waiting run any more: it is closed here.
    """
    store = default_store()
    if jobs.job_status(store, job_id) == "CLOSEOUT_OVERDUE":
        with store.unit_of_work() as session:
            client_id = jobs.get_job(session, job_id).client_id
        ctx = JobContext.load(job_id, client_id, store=store)
        distribution.close_out(ctx, Path(report))
        email_job_activity(ctx)  # seed 001: emailed once the job has completed (never raises)
        return "CLOSED"
    with get_client(sync_client=True) as client:
        result = client.resume_flow_run(UUID(flow_run_id), run_input={"postage_report": report})
    outcome = str(result.status.value)
    if outcome != "ACCEPT":
        settings = load_settings()
        settings.postage_drop.mkdir(parents=True, exist_ok=True)
        os.replace(report, settings.postage_drop / Path(report).name)
    return outcome


@task(name="expire-overdue-gates")
def expire_overdue_gates() -> list[str]:
    """Apply the stated outcome of gates past their timeout, and show it on their runs."""
    expired = overdue.expire_overdue(load_settings(), default_store())
    with get_client(sync_client=True) as client:
        for item in expired:
            title = BILL_RUN.status(item.outcome).title
            state: State[None] = (Cancelled if item.outcome == "APPROVAL_EXPIRED" else Failed)(
                name=title, message=title
            )
            if item.flow_run_id:
                client.set_flow_run_state(UUID(item.flow_run_id), state, force=True)
    return [f"{item.job_id}: {item.outcome}" for item in expired]
