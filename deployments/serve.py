"""Serve Batchline's deployments from this process (the local alternative to a process work pool)."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import cast

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.bacs_actions import bacs_batch_action
from flows.bacs_batch import bacs_batch
from flows.bacs_sweep import bacs_sweep
from flows.bill_run import bill_run
from flows.intake import intake
from flows.job_activity import job_activity_report
from flows.payment_process_request import load_ap_ledger, payment_process_request
from flows.reports import billing_report, monthly_billing_reports
from flows.stage_monitor import stage_monitor

PICKUP_WINDOW = timedelta(minutes=15)
MONITOR_EVERY = timedelta(minutes=5)
BACS_SWEEPS = "0 10,14,20 * * 1-5"  # London time, weekdays, before Bacs' input day closes
MONTHLY_REPORTS = "0 6 1 * *"  # 06:00 New York time on the 1st: the previous month's reports


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
        billing_report.to_deployment(
            name="billing-report", description="Any billing summary report of seed 001 on demand."
        ),
        monthly_billing_reports.to_deployment(
            name="monthly-billing-reports",
            description="Billing statistics and branch billing for the previous month, emailed to each client.",
            schedule=Cron(MONTHLY_REPORTS, timezone="America/New_York") if scheduled else None,
        ),
        payment_process_request.to_deployment(
            name="payment-process-request",
            description="One payment process request, NEW to CONFIRMED PAYMENT or TERMINATED (seed 004).",
        ),
        load_ap_ledger.to_deployment(
            name="load-ap-ledger", description="Load AP ledger files into the store."
        ),
        bacs_batch.to_deployment(
            name="bacs-batch", description="One Bacs payment batch, import to outcome (seed 002)."
        ),
        bacs_batch_action.to_deployment(
            name="bacs-batch-action",
            description="Withdraw a sent Bacs file, reject, or correct a rejected batch.",
        ),
        bacs_sweep.to_deployment(
            name="bacs-sweep",
            description="Committed Bacs batches Locked, written and submitted once; held ones settled; old ones archived.",
            schedule=Cron(BACS_SWEEPS, timezone="Europe/London") if scheduled else None,
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
