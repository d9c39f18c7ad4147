"""Seed 001's billing summary reports, each built the same way from its parameters.

`build_report` gives a ReportDocument (markdown, CSV, Parquet, a PDF with charts); the
queries behind it return DataFrames a notebook can use as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from batchline.billing.profile import ClientProfile
from batchline.render.charts import bar_chart
from batchline.reports import approval, billing_statistics, branches, job_tracking
from batchline.reports.activity_details import billing_activity_details
from batchline.reports.customer_routing import customer_routing
from batchline.reports.document import ReportDocument, Section, artifact_key, safe_name
from batchline.reports.period import Period, ReportParameterError, period_of
from batchline.reports.queries import CHANNELS, sent_column
from batchline.store.db import Store

if TYPE_CHECKING:
    import pandas as pd


class ReportName(StrEnum):
    JOB_TRACKING = "job_tracking"
    JOB_DETAILS = "job_details"
    JOB_APPROVAL = "job_approval"
    CUSTOMER_ROUTING = "customer_routing"
    BILLING_STATISTICS = "billing_statistics"
    BRANCH_REPORT = "branch_report"
    BRANCH_BILLING = "branch_billing"
    BILLING_ACTIVITY_DETAILS = "billing_activity_details"


TITLES = {
    ReportName.JOB_TRACKING: "Job tracking report",
    ReportName.JOB_DETAILS: "Job details",
    ReportName.JOB_APPROVAL: "Job approval",
    ReportName.CUSTOMER_ROUTING: "Customer routing report",
    ReportName.BILLING_STATISTICS: "Billing statistics",
    ReportName.BRANCH_REPORT: "Branch report",
    ReportName.BRANCH_BILLING: "Branch billing report",
    ReportName.BILLING_ACTIVITY_DETAILS: "Billing activity details",
}


@dataclass(frozen=True, slots=True)
class ReportRequest:
    report: ReportName
    client_id: str
    start: date | None = None  # periodic reports: neither date given is the previous month
    end: date | None = None
    job_id: str | None = None  # job details
    exchange_rate: Decimal | None = None  # branch billing, Canadian print facility
    ui_url: str = ""  # the Prefect UI, for links to paused runs and artifacts
    today: date | None = None


def build_report(store: Store, request: ReportRequest, profile: ClientProfile) -> ReportDocument:
    if request.report in _OVER_PERIOD:
        today = request.today or date.today()
        period = period_of(request.start, request.end, today, profile.reports.timezone)
        return _OVER_PERIOD[request.report](store, request, profile, period)
    if request.start or request.end:
        raise ReportParameterError(f"{TITLES[request.report]}: expected no period, found start or end date")
    return _NOW[request.report](store, request, profile)


Builder = Callable[[Store, ReportRequest, ClientProfile], ReportDocument]
PeriodBuilder = Callable[[Store, ReportRequest, ClientProfile, Period], ReportDocument]


def _heading(request: ReportRequest, profile: ClientProfile, detail: str = "") -> str:
    title = TITLES[request.report]
    return f"{title}: {profile.name} ({profile.client_id}){', ' + detail if detail else ''}"


def _name(request: ReportRequest, period: Period | None, extra: str = "") -> str:
    parts = [request.report.value.replace("_", "-"), request.client_id]
    if period is not None:
        parts += [period.start.isoformat(), period.end.isoformat()]
    return safe_name("-".join(p for p in [*parts, extra] if p))


def _job_tracking(store: Store, request: ReportRequest, profile: ClientProfile) -> ReportDocument:
    jobs, objects = job_tracking.job_tracking_with_objects(store, client_id=request.client_id)
    return ReportDocument(
        _name(request, None),
        _heading(request, profile),
        (f"{len(jobs)} jobs. The details of a job: the job_details report with its job_id.",),
        (Section("jobs", "Jobs", jobs), Section("objects", "Seed 003 objects by status code", objects)),
    )


def _job_details(store: Store, request: ReportRequest, profile: ClientProfile) -> ReportDocument:
    if not request.job_id:
        raise ReportParameterError("job details: expected a job_id, found none")
    job = job_tracking.job_tracking(store, job_ids=[request.job_id])
    if job.empty or job["client_id"].iloc[0] != request.client_id:
        raise ReportParameterError(
            f"job details: expected a job of client {request.client_id}, found no job {request.job_id!r} of theirs"
        )
    key = "job-activity-" + artifact_key(request.job_id)
    link = f"{request.ui_url.rstrip('/')}/artifacts/key/{key}" if request.ui_url else f"artifact {key}"
    return ReportDocument(
        _name(request, None, request.job_id),
        _heading(request, profile, f"job {request.job_id}"),
        (
            f"Job Activity Report: {link} (or python -m batchline.reports.job_activity {request.job_id} --write).",
        ),
        (
            Section("job", "Job", job),
            Section("documents", "Documents", job_tracking.job_details(store, request.job_id)),
        ),
    )


def _job_approval(store: Store, request: ReportRequest, profile: ClientProfile) -> ReportDocument:
    waiting = approval.job_approval(store, client_id=request.client_id, ui_url=request.ui_url)
    pulled = approval.pulled_documents(store, job_ids=list(waiting["job_id"]))
    return ReportDocument(
        _name(request, None),
        _heading(request, profile),
        (f"{len(waiting)} jobs waiting for approval: open a job's run_url and Resume it to approve or reject.",
         'Documents pulled from these jobs are routed "Pull Class T".'),
        (Section("jobs", "Jobs waiting for approval", waiting), Section("pulled", "Pulled documents", pulled)),
    )  # fmt: skip


def _customer_routing(store: Store, request: ReportRequest, profile: ClientProfile) -> ReportDocument:
    routing = customer_routing(store, request.client_id)
    return ReportDocument(
        _name(request, None),
        _heading(request, profile),
        ("Customers set up for each channel other than US Mail. Accounts routed inside their billing files "
         "are not listed.",),
        (Section("routing", "Customers by channel", routing),),
    )  # fmt: skip


def _channel_series(frame_by_day: pd.DataFrame) -> dict[str, list[int]]:
    return {channel: [int(v) for v in frame_by_day[sent_column(channel)]] for channel in CHANNELS}


def _billing_statistics(
    store: Store, request: ReportRequest, profile: ClientProfile, period: Period
) -> ReportDocument:
    stats = billing_statistics.billing_statistics(store, request.client_id, period)
    by_day = billing_statistics.by_day_and_channel(stats)
    chart = bar_chart(
        "Bills by channel, by job complete date",
        [d.isoformat() for d in by_day["complete_date"]],
        _channel_series(by_day),
        value_label="bills sent",
    )
    return ReportDocument(
        _name(request, period),
        _heading(request, profile, period.label),
        (f"{len(stats)} jobs completed, {int(stats['bills_sent'].sum())} bills sent.",
         "A job's complete date is when all electronic versions were sent or it was sent to print, "
         "whichever was last."),
        (Section("jobs", "Bills by delivery method, per job", stats),
         Section("by_day", "Bills by delivery method, per complete date", by_day)),
        (chart,),
    )  # fmt: skip


def _branch_report(
    store: Store, request: ReportRequest, profile: ClientProfile, period: Period
) -> ReportDocument:
    activity = branches.branch_activity(store, request.client_id, period, profile.branches)
    chart = bar_chart(
        "Pieces sent by branch and channel",
        list(activity["branch"]),
        {channel: [int(v) for v in activity[sent_column(channel)]] for channel in CHANNELS},
        value_label="pieces",
    )
    return ReportDocument(
        _name(request, period),
        _heading(request, profile, period.label),
        (f"{len(activity)} branches, {int(activity['documents'].sum())} documents sent.",
         "A document sent by several channels counts once as a document and once per channel."),
        (Section("branches", "Activity by branch", activity),),
        (chart,),
    )  # fmt: skip


def _branch_billing(
    store: Store, request: ReportRequest, profile: ClientProfile, period: Period
) -> ReportDocument:
    fees = branches.branch_billing(
        store, request.client_id, period, profile.fees, profile.branches, request.exchange_rate
    )
    totals = branches.fees_by_branch(fees)
    currency = profile.fees.currency
    chart = bar_chart(
        f"Fees by branch ({currency})", list(totals["branch"]), {currency: list(totals["invoice_fee"])}
    )
    foreign = sorted(set(fees["currency"]) - {currency})
    lines = [f"Fees in {currency}: {sum(totals['invoice_fee'], Decimal('0.00'))} for {len(totals)} branches."]
    if foreign and request.exchange_rate is None:
        lines.append(
            f"Fees charged in {', '.join(foreign)} (Canadian print facility) are not converted: "
            "run the report with the exchange rate on your invoice."
        )
    elif foreign:
        lines.append(f"Fees in {', '.join(foreign)} converted at {request.exchange_rate} {currency} each.")
    return ReportDocument(
        _name(request, period),
        _heading(request, profile, period.label),
        tuple(lines),
        (Section("fees", "Fees by branch and channel", fees), Section("by_branch", "Fees by branch", totals)),
        (chart,),
    )


def _billing_activity_details(
    store: Store, request: ReportRequest, profile: ClientProfile, period: Period
) -> ReportDocument:
    detail = billing_activity_details(store, request.client_id, period)
    return ReportDocument(
        _name(request, period),
        _heading(request, profile, period.label + ", by date mailed"),
        (f"{len(detail)} batches mailed: {int(detail['invoices'].sum())} invoices, "
         f"{int(detail['statements'].sum())} statements.",),
        (Section("batches", "Batches by date mailed", detail),),
    )  # fmt: skip


_NOW: dict[ReportName, Builder] = {
    ReportName.JOB_TRACKING: _job_tracking,
    ReportName.JOB_DETAILS: _job_details,
    ReportName.JOB_APPROVAL: _job_approval,
    ReportName.CUSTOMER_ROUTING: _customer_routing,
}
_OVER_PERIOD: dict[ReportName, PeriodBuilder] = {
    ReportName.BILLING_STATISTICS: _billing_statistics,
    ReportName.BRANCH_REPORT: _branch_report,
    ReportName.BRANCH_BILLING: _branch_billing,
    ReportName.BILLING_ACTIVITY_DETAILS: _billing_activity_details,
}
