"""Report tasks: the job tracking report and the job activity report as Prefect artifacts and as files."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.settings import PREFECT_UI_URL

from batchline.billing import jobs
from batchline.billing.context import JobContext
from batchline.billing.profile import load_profile
from batchline.reports import activity_email, report_email
from batchline.reports.catalog import ReportRequest, build_report
from batchline.reports.document import artifact_key, text, write_parquet
from batchline.reports.files import write_csv
from batchline.reports.job_activity import job_activity
from batchline.reports.job_tracking import job_tracking, object_codes
from batchline.settings import load_settings
from batchline.store.db import default_store


@task(name="publish-job-tracking")
def publish_job_tracking(job_id: str | None = None) -> str:
    """Job tracking report (seed 001): a table artifact, and CSV + Parquet under BATCHLINE_HOME/reports."""
    frame = job_tracking(default_store(), job_ids=[job_id] if job_id else None)
    table = [{str(k): v for k, v in row.items()} for row in frame.astype(str).to_dict(orient="records")]
    key = f"job-tracking-{job_id.lower()}" if job_id else "job-tracking"
    create_table_artifact(table=table, key=key, description="Job tracking report")
    reports = load_settings().home / "reports"
    path = write_csv(frame, reports / f"{key}.csv")
    write_parquet(frame, reports / f"{key}.parquet")
    codes = object_codes(default_store(), list(frame["job_id"]))
    create_table_artifact(
        table=[{str(k): v for k, v in row.items()} for row in codes.astype(str).to_dict(orient="records")],
        key=f"{key}-objects",
        description="Seed 003 objects (JOB, TRN, RCP, BCH, PUB) of each job, counted by status code",
    )
    write_csv(codes, reports / f"{key}-objects.csv")
    return str(path)


@task(name="publish-job-activity")
def publish_job_activity(job_id: str) -> dict[str, str]:
    """Job Activity Report (seed 001 FAQ): a markdown artifact, and PDF, markdown and CSVs under BATCHLINE_HOME/reports."""
    activity = job_activity(default_store(), job_id)
    key = "job-activity-" + artifact_key(job_id)
    create_markdown_artifact(markdown=activity.to_markdown(), key=key, description="Job Activity Report")
    files = activity.write_files(load_settings().home / "reports")
    return {"pdf": str(files.pdf), "markdown": str(files.markdown), "status": activity.status}


@task(name="email-job-activity")
def email_job_activity(job_id: str, client_id: str | None = None, again: bool = False) -> dict[str, Any]:
    """Email the Job Activity Report to the client's contact, once per job (`again`: on demand).

    Never fails the run: a report that cannot be sent is logged and recorded with the job.
    """
    store = default_store()
    if client_id is None:
        with store.unit_of_work() as session:
            client_id = jobs.get_job(session, job_id).client_id
    outcome = activity_email.email_job_activity(JobContext.load(job_id, client_id, store=store), again=again)
    if outcome["state"] == activity_email.SENT:
        get_run_logger().info("Job Activity Report for job %s emailed to %s", job_id, outcome["to"])
    elif outcome["state"] == activity_email.NOT_SENT:
        get_run_logger().info("Job Activity Report for job %s not emailed: %s", job_id, outcome["reason"])
    else:
        get_run_logger().warning("Job Activity Report for job %s: %s", job_id, outcome)
    return outcome


@task(name="publish-billing-report")
def publish_billing_report(request: ReportRequest) -> dict[str, Any]:
    """One seed 001 report: a markdown artifact, a table artifact per section, and its files."""
    settings = load_settings()
    profile = load_profile(settings.profile_path(request.client_id))
    request = dataclasses.replace(request, ui_url=request.ui_url or str(PREFECT_UI_URL.value() or ""))
    document = build_report(default_store(), request, profile)
    key = artifact_key(document.name)
    create_markdown_artifact(markdown=document.to_markdown(), key=key, description=document.heading)
    for section in document.sections:
        rows = section.frame.map(text).to_dict(orient="records")
        create_table_artifact(
            table=[{str(k): v for k, v in row.items()} for row in rows],
            key=f"{key}-{artifact_key(section.name)}"[:100],
            description=f"{document.heading}: {section.title}",
        )
    files = document.write_files(settings.home / "reports")
    get_run_logger().info("%s: %s", document.heading, files.pdf)
    return {
        "name": document.name,
        "heading": document.heading,
        "lines": list(document.lines),
        "pdf": str(files.pdf),
        "markdown": str(files.markdown),
        "csv": [str(p) for p in files.csv],
        "parquet": [str(p) for p in files.parquet],
    }


@task(name="email-billing-report", retries=2, retry_delay_seconds=30)
def email_billing_report(client_id: str, published: dict[str, Any]) -> dict[str, str]:
    """Email a published report's PDF to the client's contact; a profile without one is logged, not failed."""
    settings = load_settings()
    profile = load_profile(settings.profile_path(client_id))
    try:
        message_id = report_email.email_report(
            settings,
            profile,
            published["name"],
            published["heading"],
            published["lines"],
            Path(published["pdf"]),
        )
    except report_email.NoReportContact as missing:
        get_run_logger().warning("%s", missing)
        return {"state": "NOT_SENT", "reason": str(missing)}
    return {"state": "SENT", "to": profile.contact_email, "message_id": message_id}
