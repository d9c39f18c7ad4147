"""Serve Batchline's deployments from this process (the local alternative to a process work pool)."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import cast

from prefect import serve
from prefect.deployments.runner import RunnerDeployment

from flows.bill_run import bill_run
from flows.intake import intake
from flows.job_activity import job_activity_report
from flows.stage_monitor import stage_monitor

PICKUP_WINDOW = timedelta(minutes=15)
MONITOR_EVERY = timedelta(minutes=5)


def start_document_server() -> None:
    """Serve sample documents on loopback when BATCHLINE_DOCUMENTS_PORT is set; the gates link to them."""
    port = int(os.environ.get("BATCHLINE_DOCUMENTS_PORT", "0") or 0)
    if not port:
        return
    from batchline.settings import load_settings
    from deployments.documents import document_server, in_thread

    in_thread(document_server(load_settings().home, port))
    os.environ.setdefault("BATCHLINE_DOCUMENTS_URL", f"http://127.0.0.1:{port}")


def main() -> None:
    start_document_server()
    query_seconds = float(os.environ.get("BATCHLINE_RUNNER_QUERY_SECONDS", "5"))
    scheduled = os.environ.get("BATCHLINE_INTAKE_SCHEDULE", "on") != "off"
    deployments = [
        bill_run.to_deployment(name="bill-run", description="One billing data file, upload to job closed."),
        job_activity_report.to_deployment(
            name="job-activity-report", description="A job's activity report on demand (seed 001 FAQ)."
        ),
        intake.to_deployment(
            name="intake",
            description="Pick up billing files and postage reports (seed 001's 15-minute window).",
            interval=PICKUP_WINDOW if scheduled else None,
        ),
        stage_monitor.to_deployment(
            name="stage-monitor",
            description="Seed 003's Scheduler: jobs stuck in a stage past its time limit are put in error.",
            interval=MONITOR_EVERY if scheduled else None,
        ),
    ]
    serve(*cast(list[RunnerDeployment], deployments), query_seconds=query_seconds, prefetch_seconds=1)


if __name__ == "__main__":
    main()
