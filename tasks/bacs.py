"""Bacs batch and sweep tasks: each loads the batch's profile, calls the core, returns a small summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect import get_client, task

from batchline.bacs import archive, batches, entry, sweep
from batchline.bacs.approval import Answer
from batchline.bacs.config import load_bacs_runtime
from batchline.bacs.gateway import HttpGateway
from batchline.bacs.modulus import modulus_checker
from batchline.store.db import default_store
from batchline.store.types import utcnow


def _gateway() -> HttpGateway:
    runtime = load_bacs_runtime()
    return HttpGateway(runtime.gateway_url, runtime.gateway_timeout)


@task(name="open-bacs-batch")
def open_batch(
    batch_id: str, profile: str, kind: str, submitter: str, source_file: str, flow_run_id: str
) -> str:
    """Create the batch in the store (or find it on a rerun); returns its status."""
    load_bacs_runtime().profile(profile)  # an unknown profile stops the run before anything is stored
    return batches.open_batch(default_store(), batch_id, profile, kind, submitter, source_file, flow_run_id)


@task(name="batch-status")
def batch_status(batch_id: str) -> str:
    return batches.batch_status(default_store(), batch_id)


@task(name="last-reason")
def last_reason(batch_id: str) -> str:
    """Why the batch last moved (e.g. the rejection: a faulty file, a risk hit, an approver)."""
    return batches.last_reason(default_store(), batch_id)


@task(name="import-payments")
def import_payments(batch_id: str, profile: str, source_file: str) -> dict[str, Any]:
    """Import in progress: read the payments CSV or Standard 18 file, every transaction checked."""
    runtime = load_bacs_runtime()
    originator = runtime.profile(profile).as_originator()
    return batches.import_payments(
        default_store(), batch_id, Path(source_file), modulus_checker(), originator, runtime.reports_dir
    )


@task(name="enter-payments")
def enter_payments(batch_id: str, profile: str, source_file: str, user: str) -> str:
    """Manual data entry: the payments keyed into a payments CSV become the Draft's payments (an Entered
    batch returns to Draft). A faulty line refuses them all, with every problem, and changes nothing."""
    runtime = load_bacs_runtime()
    checker, originator = modulus_checker(), runtime.profile(profile).as_originator()
    payments = batches.read_payments_file(Path(source_file), checker, originator)
    return entry.enter_payments(default_store(), batch_id, payments, checker, originator, actor=user)


@task(name="pre-enter")
def pre_enter(batch_id: str, submitter: str) -> str:
    store = default_store()
    now = batches.batch_status(store, batch_id)
    return entry.pre_enter(store, batch_id, actor=submitter) if now == "DRAFT" else now


@task(name="assess-risk")
def assess_risk(batch_id: str, profile: str) -> dict[str, Any]:
    """Risk assessment (when the profile enables it), then Entered, or Rejected on an error hit."""
    return batches.assess_risk(
        default_store(), batch_id, load_bacs_runtime().profile(profile), utcnow().date()
    )


@task(name="approval-state")
def approval_state(batch_id: str, profile: str) -> dict[str, Any]:
    """Where the approvals stand: status, approved_by, needed, answers (taken or refused) so far."""
    store, rules = default_store(), load_bacs_runtime().profile(profile)
    state = batches.approval_state(store, batch_id, rules)
    state["answers"] = batches.answers_recorded(store, batch_id)
    state["timeout_hours"] = rules.approval_timeout_hours
    return state


@task(name="decide")
def decide(batch_id: str, profile: str, answer: dict[str, Any]) -> dict[str, str]:
    """Check an approver's answer against the profile; a refused answer comes back with its reason."""
    taken = Answer(
        str(answer.get("decision", "")), str(answer.get("approver", "")), str(answer.get("note", ""))
    )
    return batches.decide(default_store(), batch_id, load_bacs_runtime().profile(profile), taken)


@task(name="expire-approval")
def expire_approval(batch_id: str, hours: int) -> str:
    reason = f"no approval within {hours} hours"
    return batches.reject(default_store(), batch_id, actor="approval gate", reason=reason)


@task(name="commit-batch")
def commit_batch(batch_id: str, actor: str) -> str:
    """Approved -> Committed: the batch goes at the next sweep."""
    store = default_store()
    now = batches.batch_status(store, batch_id)
    return batches.commit(store, batch_id, actor=actor) if now == "APPROVED" else now


@task(name="settle-held-batches", retries=2, retry_delay_seconds=10)
def settle_held_batches() -> dict[str, str]:
    """Ask the gateway about batches held for escalation: Sent or Rejected once Bacs says (never resubmit)."""
    return sweep.settle_held(default_store(), _gateway())


@task(name="committed-batches")
def committed_batches() -> list[str]:
    return sweep.committed_batches(default_store())


@task(name="lock-batch")
def lock_batch(batch_id: str) -> str:
    return sweep.lock(default_store(), batch_id)


@task(name="write-submission")
def write_submission(batch_id: str, submission_day: str) -> dict[str, Any]:
    """Write the Locked batch's Standard 18 file for the Bacs three-day cycle of the submission day."""
    store = default_store()
    runtime = load_bacs_runtime()
    with store.unit_of_work() as session:
        profile = runtime.profile(batches.get_batch(session, batch_id).profile)
    return sweep.write_submission(
        store, batch_id, profile, runtime.submissions_dir, date.fromisoformat(submission_day)
    )


@task(name="submit-batch")
def submit_batch(batch_id: str) -> dict[str, str]:
    """Submit once through the Bacs gateway (no retries: a second call is refused by the store anyway)."""
    return sweep.submit(default_store(), batch_id, _gateway())


@task(name="sweep-position")
def sweep_position(batch_id: str) -> dict[str, Any]:
    return sweep.position(default_store(), batch_id)


@task(name="wake-batch-run")
def wake_batch_run(batch_id: str) -> str:
    """Resume the batch's own run, if it waits at its sweep gate, with the status the sweep reached."""
    where = sweep.position(default_store(), batch_id)
    if not where["flow_run_id"]:
        return "no run"
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(UUID(where["flow_run_id"]))
        if run.state is None or not run.state.is_paused():
            return "not waiting"
        client.resume_flow_run(run.id, run_input={"status": where["status"]})
    return "woken"


@task(name="swept-batches")
def swept_batches() -> list[str]:
    return sweep.swept_batches(default_store())


@task(name="archive-finished-batches")
def archive_finished_batches() -> list[str]:
    runtime = load_bacs_runtime()
    return archive.archive_due(default_store(), runtime.profile, utcnow())
