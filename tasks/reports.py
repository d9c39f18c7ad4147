"""Report tasks: the job tracking report as a Prefect table artifact and as files."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_table_artifact

from batchline.reports.files import write_csv
from batchline.reports.job_tracking import job_tracking
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
    frame.astype({"total_amount": str}).to_parquet(reports / f"{key}.parquet", index=False)
    return str(path)
