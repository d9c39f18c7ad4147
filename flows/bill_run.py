"""Bill run: one client's billing data file, from upload to job closed (seeds 000, 001, 003).

Read top to bottom, this is the job tracking report's list of statuses. Business
status lives in the Batchline store; the run mirrors it so the UI shows each stage,
each gate by name, and the outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from prefect import flow
from prefect.exceptions import FlowPauseTimeout
from prefect.runtime import flow_run
from prefect.states import Cancelled, Completed, Failed, State

from batchline.billing.datafile import DataFileError
from batchline.lifecycle import BILL_RUN
from flows.gates import ApprovalInput, CloseoutInput, GateCancelled, ReleaseInput, gate, show_stage
from tasks import bill_run as t
from tasks.reports import email_job_activity, publish_job_tracking

HOUR = 3600
RELEASE_GRACE_SECONDS = 2 * 24 * HOUR  # the intake flow releases held bills within 15 minutes of their date
CLOSEOUT_GATE = BILL_RUN.status("DELIVERED_TO_POST_OFFICE").phase or "Printing complete: Awaiting closeout"


class StageFailed(Exception):
    """A stage raised: the job is at the stage's error status, and the run ends named after it."""

    def __init__(self, title: str, reason: str) -> None:
        super().__init__(f"{title}: {reason}")
        self.title, self.reason = title, reason


@contextmanager
def stage(job: str, status: str, error_status: str) -> Iterator[None]:
    """Enter a running status (or re-enter it from its error, on a rerun); an error is recorded by name."""
    show_stage(t.advance(job, status))
    try:
        yield
    except DataFileError:
        raise
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"
        t.record_stage_error(job, error_status, reason)
        raise StageFailed(BILL_RUN.status(error_status).title, reason) from error


def job_id_for_this_run() -> str:
    """A job's id is derived from its flow run, so a resumed run finds the same job."""
    return "J" + str(flow_run.get_id() or "adhoc").replace("-", "")[:12].upper()


@flow(name="bill-run", flow_run_name="{client_id} {data_file}", log_prints=True)
def bill_run(data_file: str, client_id: str, job_id: str | None = None) -> State:
    """Run one billing data file through every bill-run status to "Job Complete/All Bills Sent"."""
    job = job_id or job_id_for_this_run()
    try:
        return run_job(job, client_id, data_file)
    except DataFileError as bad:
        return Failed(name=BILL_RUN.status("BAD_DATA_FILE").title, message=str(bad).splitlines()[0][:500])
    except StageFailed as failed:
        return Failed(name=failed.title, message=f"job {job}: {failed.reason}"[:500])
    except GateCancelled as cancelled:
        reached = t.cancel_job(job, str(cancelled))
        return Cancelled(name=BILL_RUN.status(reached).title, message=f"job {job}: {cancelled}")


def run_job(job: str, client_id: str, data_file: str) -> State:
    show_stage(t.open_job(job, client_id, data_file, str(flow_run.get_id() or "")))
    with stage(job, "PARSING", "LOAD_ERROR"):
        t.parse_data_file(job, client_id, data_file)

    with stage(job, "USPS_PREPARATION", "USPS_ERROR"):
        t.prepare_addresses(job, client_id)

    with stage(job, "GENERATING_PDFS", "ASSEMBLY_ERROR"):
        t.generate_pdfs(job, client_id)

    gates = t.approval_gates(job, client_id)
    for n, gate_code in enumerate(gates):
        following = gates[n + 1] if n + 1 < len(gates) else None
        outcome = approve(job, client_id, gate_code, following)
        if outcome in ("REJECTED", "APPROVAL_EXPIRED"):
            return Cancelled(name=BILL_RUN.status(outcome).title, message=f"job {job}: nothing delivered")

    plan = t.delivery_plan(job, client_id)
    printed, sent = {"pieces": 0}, {"sent": 0}
    if plan["print"]:
        with stage(job, "PRINTING_PAPER_BILLS", "DISTRIBUTION_ERROR"):
            printed = t.print_paper_bills(job, client_id)
    if plan["electronic"]:
        hold = t.electronic_hold(job, client_id)
        if hold is not None:
            wait_for_send_date(job, hold)
        with stage(job, "SENDING_ELECTRONIC", "DISTRIBUTION_ERROR"):
            sent = t.send_emails(job, client_id)

    if printed["pieces"]:
        t.advance(job, "PRINTING_COMPLETE")
        t.advance(job, "DELIVERED_TO_POST_OFFICE", reason=f"post office by {printed['post_office_date']}")
        closed = close_out(job, client_id)
        if closed is None:
            return Failed(
                name=BILL_RUN.status("CLOSEOUT_OVERDUE").title, message=f"job {job}: no postage report"
            )
        message = f"{printed['pieces']} printed, {sent['sent']} sent electronically, postage {closed['total_postage']}"
    else:
        t.advance(job, "JOB_COMPLETE", reason="no paper bills: nothing to close out")
        message = f"{sent['sent']} sent electronically, nothing printed"

    publish_job_tracking(job)
    email_job_activity(job, client_id)  # seed 001: emailed once the job has completed; never fails the run
    return Completed(name=BILL_RUN.status("JOB_COMPLETE").title, message=message)


def approve(job: str, client_id: str, gate_code: str, following: str | None) -> str:
    """One approval gate, asked again with the reason until an answer can be taken."""
    answered = t.recorded_decision(job, gate_code)
    if answered is not None:  # a rerun of a job decided before: never ask twice
        return answered
    t.advance(job, gate_code)
    profile_hours = t.approval_timeout_hours(job, client_id)
    refused = ""
    for attempt in range(20):
        description = t.gate_description(job, client_id, gate_code, refused)
        try:
            answer = gate(
                BILL_RUN.status(gate_code).title,
                ApprovalInput.with_initial_data(description=description, approver=""),
                key=f"{gate_code.lower().replace('_', '-')}-{attempt}",
                timeout_seconds=profile_hours * HOUR,
            )
        except FlowPauseTimeout:
            t.expire_approval(job, client_id, gate_code, profile_hours)
            return "APPROVAL_EXPIRED"
        outcome = t.apply_decision(job, client_id, gate_code, answer.model_dump(), following)
        if "refused" not in outcome:
            return outcome["status"]
        refused = outcome["refused"]
    raise RuntimeError(f"job {job}: {gate_code} refused 20 answers in a row")


def wait_for_send_date(job: str, hold: dict[str, str]) -> None:
    """Electronic Bills Sending on (Date): suspended until the intake flow (or a person) releases them."""
    if t.recorded_release(job):
        return
    t.advance(job, "ELECTRONIC_SCHEDULED", reason=f"{hold['title']} ({hold['send_at']})")
    until = datetime.fromisoformat(hold["send_at"])
    wait = max(int((until - datetime.now(UTC)).total_seconds()), 0) + RELEASE_GRACE_SECONDS
    form = ReleaseInput.with_initial_data(
        description=f"Electronic bills of job {job} are held until {hold['send_at']} by the client's rule. "
        "The intake flow releases them then; submit `send` to release them now."
    )
    try:
        answer = gate(hold["title"], form, key="electronic-release", timeout_seconds=wait)
        released_by = answer.released_by or "unknown"
    except FlowPauseTimeout:  # nobody released them: the date has passed, so they go now
        released_by = "gate timeout"
    t.record_release(job, released_by)


def close_out(job: str, client_id: str) -> dict[str, Any] | None:
    """Printing complete: Awaiting closeout, until the intake flow resumes us with the postage report.

    A report that cannot be read re-opens the gate with the reason; None when the gate times out.
    """
    recorded = t.recorded_closeout(job)
    if recorded is not None:
        return recorded
    days = t.closeout_timeout_days(job, client_id)
    refused = ""
    for attempt in range(20):
        form = CloseoutInput.with_initial_data(
            description=f"Waiting for the print facility's postage report for job {job}.\n\n{refused}".strip()
        )
        try:
            answer = gate(CLOSEOUT_GATE, form, key=f"closeout-{attempt}", timeout_seconds=days * 24 * HOUR)
        except FlowPauseTimeout:
            t.advance(job, "CLOSEOUT_OVERDUE", reason=f"no postage report within {days} days")
            return None
        outcome = t.close_out(job, client_id, answer.postage_report)
        if "refused" not in outcome:
            return outcome
        refused = f"> **Not accepted:** {outcome['refused']}"
    raise RuntimeError(f"job {job}: 20 postage reports refused in a row")
