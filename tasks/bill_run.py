"""Bill-run tasks: each loads the job's context, calls the core, and returns a small summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task

from batchline.billing import approval, distribution, jobs, schedule, stages
from batchline.billing.approval import Decision, DecisionRefused
from batchline.billing.closeout import PostageReportError
from batchline.billing.context import JobContext
from batchline.billing.monitor import WORKER
from batchline.settings import load_settings
from batchline.store.db import default_store
from batchline.store.types import utcnow


def _ctx(job_id: str, client_id: str) -> JobContext:
    return JobContext.load(job_id, client_id)


@task(name="open-job")
def open_job(job_id: str, client_id: str, data_file: str, flow_run_id: str = "") -> str:
    """Create the job in the store (or find it on a rerun), noting the run; returns its status."""
    settings = load_settings()
    store = default_store()
    jobs.open_job(store, job_id, client_id, Path(data_file), settings.job_dir(job_id))
    if flow_run_id:
        jobs.attach_flow_run(store, job_id, flow_run_id)
    return jobs.job_status(store, job_id)


@task(name="job-status")
def job_status(job_id: str) -> str:
    return jobs.job_status(default_store(), job_id)


@task(name="recorded-decision")
def recorded_decision(job_id: str, gate: str) -> str | None:
    """The status a gate's accepted answer led to, if it was answered before."""
    done = jobs.stage_result(default_store(), job_id, f"gate:{gate}")
    return None if done is None else str(done["status"])


@task(name="recorded-closeout")
def recorded_closeout(job_id: str) -> dict[str, Any] | None:
    """What closeout recorded, if the job was closed before (a rerun never waits again)."""
    return jobs.stage_result(default_store(), job_id, "closeout")


@task(name="record-stage-error")
def record_stage_error(job_id: str, error_status: str, reason: str) -> str:
    """Put the job at its stage's error status with the reason (set by the worker, not a monitor)."""
    return jobs.fail_stage(default_store(), job_id, error_status, actor=WORKER, reason=f"{WORKER}: {reason}")


@task(name="advance")
def advance(job_id: str, to_status: str, reason: str = "") -> str:
    """Move the job to `to_status` unless it is there or went through it already."""
    return jobs.advance(default_store(), job_id, to_status, reason=reason)


@task(name="parse-data-file")
def parse_data_file(job_id: str, client_id: str, data_file: str) -> dict[str, Any]:
    """Parsing and Loading Data File(s): read the file, check control totals exactly."""
    return stages.parse_data_file(_ctx(job_id, client_id), Path(data_file))


@task(name="prepare-addresses")
def prepare_addresses(job_id: str, client_id: str) -> dict[str, Any]:
    """Performing USPS preparation: standardize and validate every unique address."""
    return stages.prepare_addresses(_ctx(job_id, client_id))


@task(name="generate-pdfs")
def generate_pdfs(job_id: str, client_id: str) -> dict[str, Any]:
    """Generating PDF Images of Bills: print batches in ZIP order, single PDFs for e-delivery."""
    return stages.generate_pdfs(_ctx(job_id, client_id))


@task(name="approval-gates")
def approval_gates(job_id: str, client_id: str) -> list[str]:
    return approval.gates_for(_ctx(job_id, client_id))


@task(name="gate-description")
def gate_description(job_id: str, client_id: str, gate: str, refused: str = "") -> str:
    text = approval.summary_markdown(_ctx(job_id, client_id), gate)
    return f"> **Not accepted:** {refused}\n\n{text}" if refused else text


@task(name="apply-decision")
def apply_decision(
    job_id: str, client_id: str, gate: str, answer: dict[str, Any], next_status: str | None
) -> dict[str, str]:
    """Check the reviewer's answer and act on it; a refused answer comes back with its reason."""
    ctx = _ctx(job_id, client_id)
    done = jobs.stage_result(ctx.store, job_id, f"gate:{gate}")
    if done is not None:
        return done
    decision = Decision(
        decision=answer.get("decision", ""),
        approver=answer.get("approver", ""),
        pull_documents=tuple(answer.get("pull_documents") or ()),
        note=answer.get("note", ""),
    )
    try:
        reached = approval.apply_decision(ctx, gate, decision, next_status)
    except DecisionRefused as refused:
        return {"refused": str(refused)}
    return {"status": reached, "approver": decision.approver}


@task(name="delivery-plan")
def delivery_plan(job_id: str, client_id: str) -> dict[str, int]:
    """How many documents go to print and how many electronically, after any pulls."""
    return approval.delivery_plan(_ctx(job_id, client_id))


@task(name="expire-approval")
def expire_approval(job_id: str, client_id: str, gate: str, hours: int) -> None:
    approval.expire(_ctx(job_id, client_id), gate, hours)


@task(name="print-paper-bills", retries=2, retry_delay_seconds=10)
def print_paper_bills(job_id: str, client_id: str) -> dict[str, Any]:
    """Printing Paper Bills: print-stream files and the job ticket to the facility's drop folder."""
    return distribution.print_paper_bills(_ctx(job_id, client_id))


@task(name="send-emails", retries=2, retry_delay_seconds=10)
def send_emails(job_id: str, client_id: str) -> dict[str, Any]:
    """Sending Emails, Faxes, and e-bills: email, fax gateway, e-bill portal and CSV export, each at most once.

    Returns totals over the channels ("sent", "failed", ...) and the same counts "by_channel".
    """
    return distribution.send_emails(_ctx(job_id, client_id))


@task(name="electronic-hold")
def electronic_hold(job_id: str, client_id: str) -> dict[str, str] | None:
    """The date the client's rule holds electronic bills to ({"send_at", "title"}), or None to send now."""
    hold = schedule.electronic_hold(_ctx(job_id, client_id), utcnow())
    return None if hold is None else hold.as_dict()


@task(name="recorded-release")
def recorded_release(job_id: str) -> bool:
    return jobs.stage_result(default_store(), job_id, "electronic_release") is not None


@task(name="record-release")
def record_release(job_id: str, released_by: str) -> None:
    """Held electronic bills released (by the intake flow on their date, or by a person)."""
    store = default_store()
    with store.unit_of_work() as session:
        job = jobs.get_job(session, job_id)
        job.summary = {**job.summary, "electronic_release": {"by": released_by, "at": utcnow().isoformat()}}


@task(name="close-out")
def close_out(job_id: str, client_id: str, postage_report: str) -> dict[str, Any]:
    """Record the postage, reconcile pieces against what went to print, close the job.

    A report that cannot be read comes back as {"refused": reason}: the gate asks again.
    """
    ctx = _ctx(job_id, client_id)
    done = jobs.stage_result(ctx.store, job_id, "closeout")
    if done is not None:
        return done
    try:
        return distribution.close_out(ctx, Path(postage_report))
    except PostageReportError as refused:
        return {"refused": str(refused)}


@task(name="approval-timeout-hours")
def approval_timeout_hours(job_id: str, client_id: str) -> int:
    return _ctx(job_id, client_id).profile.approvals.timeout_hours


@task(name="closeout-timeout-days")
def closeout_timeout_days(job_id: str, client_id: str) -> int:
    return _ctx(job_id, client_id).profile.closeout.timeout_days


@task(name="cancel-job")
def cancel_job(job_id: str, reason: str) -> str:
    """The run was cancelled at a gate: the job is cancelled too, where its table allows, and nothing more goes out."""
    return jobs.cancel(default_store(), job_id, reason=reason)
