"""Seed 001's billing summary reports: any report on demand, and the monthly ones emailed to the client.

Each report comes out three ways: artifacts on the run (markdown and tables), CSV and
Parquet files, and a PDF with charts under BATCHLINE_HOME/reports (docs/reports.md).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from prefect import flow, runtime

from batchline.reports.catalog import ReportName, ReportRequest
from batchline.settings import load_settings
from tasks.reports import email_billing_report, publish_billing_report, publish_job_activity

MONTHLY = (ReportName.BILLING_STATISTICS, ReportName.BRANCH_BILLING)


@flow(name="billing-report", flow_run_name="{report} {client_id}", log_prints=True)
def billing_report(
    report: ReportName = ReportName.JOB_TRACKING,
    client_id: str = "DEMO",
    start_date: date | None = None,
    end_date: date | None = None,
    job_id: str | None = None,
    exchange_rate: Decimal | None = None,
    email: bool = False,
) -> dict[str, Any]:
    """One report of one client.

    Billing statistics, branch report, branch billing and billing activity details cover
    `start_date` to `end_date` (the previous month when both are empty). Job details needs
    `job_id` and also publishes that job's activity report. Branch billing converts fees
    charged in CAD (the Canadian print facility) at `exchange_rate`, as on your invoice.
    `email` sends the PDF to the client's contact.
    """
    request = ReportRequest(report, client_id, start_date, end_date, job_id, exchange_rate, today=_today())
    published = publish_billing_report(request)
    if report is ReportName.JOB_DETAILS and job_id:
        published["job_activity"] = publish_job_activity(job_id)
    if email:
        published["email"] = email_billing_report(client_id, published)
    print(f"{published['heading']}: {published['pdf']}")
    return published


@flow(name="monthly-billing-reports", log_prints=True)
def monthly_billing_reports(
    client_ids: list[str] | None = None, reports: list[ReportName] | None = None, email: bool = True
) -> list[dict[str, Any]]:
    """The previous month's reports (billing statistics and branch billing unless named) for each client
    (every client with a profile unless named), each emailed to the client's contact."""
    clients = client_ids or _clients_with_profiles()
    published, failed = [], []
    for client_id in clients:
        for report in reports or MONTHLY:
            try:
                result = publish_billing_report(ReportRequest(report, client_id, today=_today()))
                if email:
                    result["email"] = email_billing_report(client_id, result)
            except Exception as error:  # one client's problem must not keep the others' reports back
                failed.append(f"{report.value} for {client_id}: {error}")
                continue
            print(f"{result['heading']}: {result.get('email', {}).get('state', 'not emailed')}")
            published.append(result)
    if failed:
        raise RuntimeError(f"{len(failed)} monthly reports failed: " + "; ".join(failed))
    return published


def _today() -> date:
    """The day the run was scheduled for (a late run still reports the month it was meant for)."""
    scheduled = runtime.flow_run.scheduled_start_time
    return scheduled.date() if scheduled is not None else date.today()


def _clients_with_profiles() -> list[str]:
    return sorted(path.stem for path in load_settings().profiles_dir.glob("*.toml"))
