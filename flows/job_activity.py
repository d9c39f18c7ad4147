"""Job Activity Report on demand (seed 001 FAQ: "You can also generate one for yourself")."""

from __future__ import annotations

from typing import Any

from prefect import flow

from tasks.reports import email_job_activity, publish_job_activity


@flow(name="job-activity-report", flow_run_name="job activity {job_id}", log_prints=True)
def job_activity_report(job_id: str, email: bool = False) -> dict[str, Any]:
    """Publish one job's activity report as an artifact and as files; `email` also sends it to the client's contact."""
    published: dict[str, Any] = dict(publish_job_activity(job_id))
    if email:
        published["email"] = email_job_activity(job_id, again=True)
    print(f"job {job_id}: {published['status']}; report at {published['pdf']}")
    return published
