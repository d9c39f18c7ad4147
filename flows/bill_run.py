"""Bill run: one client's billing data file, from upload to job closed (seeds 000, 001, 003).

Read top to bottom, this is the job tracking report's list of statuses. Business
status lives in the Batchline store; the run mirrors it so the UI shows each stage,
each gate by name, and the outcome.
"""

from __future__ import annotations

from prefect import flow
from prefect.exceptions import FlowPauseTimeout
from prefect.runtime import flow_run
from prefect.states import Cancelled, Completed, Failed, State

from batchline.billing.datafile import DataFileError
from batchline.lifecycle import BILL_RUN
from flows.gates import ApprovalInput, CloseoutInput, gate, show_stage
from tasks import bill_run as t
from tasks.reports import publish_job_tracking

HOUR = 3600


def job_id_for_this_run() -> str:
    """A job's id is derived from its flow run, so a resumed run finds the same job."""
    return "J" + str(flow_run.get_id() or "adhoc").replace("-", "")[:12].upper()


@flow(name="bill-run", flow_run_name="{client_id} {data_file}", log_prints=True)
def bill_run(data_file: str, client_id: str, job_id: str | None = None) -> State:
    """Run one billing data file through every bill-run status to "Job Complete/All Bills Sent"."""
    job = job_id or job_id_for_this_run()
    show_stage(t.open_job(job, client_id, data_file, str(flow_run.get_id() or "")))
    try:
        t.parse_data_file(job, client_id, data_file)
    except DataFileError as bad:
        return Failed(name="Bad Data File", message=str(bad).splitlines()[0][:500])

    show_stage(t.job_status(job))
    t.prepare_addresses(job, client_id)

    show_stage(t.job_status(job))
    t.generate_pdfs(job, client_id)

    gates = t.approval_gates(job, client_id)
    for n, gate_code in enumerate(gates):
        following = gates[n + 1] if n + 1 < len(gates) else None
        outcome = approve(job, client_id, gate_code, following)
        if outcome in ("REJECTED", "APPROVAL_EXPIRED"):
            return Cancelled(name=BILL_RUN.status(outcome).title, message=f"job {job}: nothing delivered")

    plan = t.delivery_plan(job, client_id)
    printed, emailed = {"pieces": 0}, {"sent": 0}
    if plan["print"]:
        show_stage(t.advance(job, "PRINTING_PAPER_BILLS"))
        printed = t.print_paper_bills(job, client_id)
    if plan["electronic"]:
        show_stage(t.advance(job, "SENDING_ELECTRONIC"))
        emailed = t.send_emails(job, client_id)

    if printed["pieces"]:
        t.advance(job, "PRINTING_COMPLETE")
        t.advance(job, "DELIVERED_TO_POST_OFFICE", reason=f"post office by {printed['post_office_date']}")
        report = await_postage_report(job, client_id)
        if report is None:
            return Failed(name="Closeout Overdue", message=f"job {job}: no postage report")
        closed = t.close_out(job, client_id, report)
        message = f"{printed['pieces']} printed, {emailed['sent']} emailed, postage {closed['total_postage']}"
    else:
        t.advance(job, "JOB_COMPLETE", reason="no paper bills: nothing to close out")
        message = f"{emailed['sent']} emailed, nothing printed"

    publish_job_tracking(job)
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


def await_postage_report(job: str, client_id: str) -> str | None:
    """Printing complete: Awaiting closeout. The intake flow resumes us with the postage report."""
    recorded = t.recorded_postage_report(job)
    if recorded is not None:
        return recorded
    days = t.closeout_timeout_days(job, client_id)
    try:
        answer = gate(
            BILL_RUN.status("DELIVERED_TO_POST_OFFICE").phase or "Printing complete: Awaiting closeout",
            CloseoutInput,
            key="closeout",
            timeout_seconds=days * 24 * HOUR,
        )
    except FlowPauseTimeout:
        t.advance(job, "CLOSEOUT_OVERDUE", reason=f"no postage report within {days} days")
        return None
    return answer.postage_report
