"""Bacs payment batch: one Bacs submission, from Import in progress to its outcome (seed 002).

Read top to bottom, this is seed 002's status table: the file is imported and every
transaction checked, Protect assesses the risk, the batch is Entered and approved at one gate
per approver, then Committed; it waits for the sweep (flows/bacs_sweep.py: Locked, then
Sent, Rejected by Bacs or held for escalation), which resumes this run with the outcome.
Business status lives in the store; the run mirrors it.
"""

from __future__ import annotations

from typing import Any, Literal

from prefect import flow, get_client
from prefect.context import FlowRunContext
from prefect.exceptions import FlowPauseTimeout
from prefect.input import RunInput
from prefect.runtime import flow_run
from prefect.states import Cancelled, Completed, Failed, Running, State

from batchline.lifecycle import BACS_BATCH, StateType
from flows.gates import gate
from tasks import bacs as t

HOUR = 3600
MAX_ANSWERS = 50
SWEEP_GATE, HELD_GATE = "Awaiting the Bacs sweep", BACS_BATCH.status("HELD_FOR_ESCALATION").title
SWEEP_WAIT_DAYS = 14  # sweeps run several times each working day
OUTCOMES = ("SENT", "REJECTED_BY_BACS", "REJECTED", "WITHDRAWN", "ARCHIVED")


class BacsApprovalInput(RunInput):
    """The approval form: approve or reject, who decides, a note."""

    decision: Literal["approve", "reject"]
    approver: str
    note: str = ""


class SweepInput(RunInput):
    """What the sweep flow resumes the batch's run with: the status it reached."""

    status: str


def show(status_code: str) -> str:
    """Mirror the batch's running business status on the flow run (as flows/gates.show_stage does)."""
    ctx = FlowRunContext.get()
    status = BACS_BATCH.status(status_code)
    if ctx is not None and ctx.flow_run is not None and status.state_type == StateType.RUNNING:
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(
                ctx.flow_run.id, Running(name=status.title, message=status.title), force=True
            )
    return status_code


def rejected(batch: str) -> State:
    return Failed(
        name=BACS_BATCH.status("REJECTED").title, message=f"Bacs batch {batch}: {t.last_reason(batch)}"[:500]
    )


def batch_id_for_this_run() -> str:
    """A batch's id is derived from its flow run, so a resumed run finds the same batch."""
    return "B" + str(flow_run.get_id() or "adhoc").replace("-", "")[:12].upper()


@flow(name="bacs-batch", flow_run_name="{profile} {source_file}", log_prints=True)
def bacs_batch(
    source_file: str,
    profile: str,
    submitter: str,
    kind: Literal["import", "manual", "direct_debit"] = "import",
    batch_id: str | None = None,
) -> State:
    """One Bacs batch from its file (or its entered Draft) through approval and the sweep to its outcome."""
    batch = batch_id or batch_id_for_this_run()
    show(t.open_batch(batch, profile, kind, submitter, source_file, str(flow_run.get_id() or "")))

    if kind == "import":
        if t.import_payments(batch, profile, source_file)["status"] == "REJECTED":
            return rejected(batch)
    else:
        if source_file and t.batch_status(batch) == "DRAFT":  # the payments keyed into a CSV
            t.enter_payments(batch, profile, source_file, submitter)
        show(t.pre_enter(batch, submitter))

    if t.assess_risk(batch, profile)["status"] == "REJECTED":
        return rejected(batch)

    decided = approve(batch, profile)  # on a resumed run: wherever the batch has got to since
    if decided == "REJECTED":
        return rejected(batch)
    if decided == "DRAFT":  # edited while it waited: a new run takes it from Draft
        return Cancelled(
            name=BACS_BATCH.status("DRAFT").title, message=f"Bacs batch {batch}: edited, back to Draft"
        )

    t.commit_batch(batch, submitter)
    return await_sweep(batch)


def approve(batch: str, profile: str) -> str:
    """One gate per approval the profile's value band needs; a refused answer re-opens it with the reason."""
    refused = ""
    for _ in range(MAX_ANSWERS):
        state = t.approval_state(batch, profile)
        if state["status"] not in ("ENTERED", "PART_APPROVED"):
            return str(state["status"])
        have, need = len(state["approved_by"]), state["needed"]
        name = f"Awaiting approval {have + 1} of {need}"  # the batch is Entered, or Part approved after 1
        form = BacsApprovalInput.with_initial_data(
            description=describe(batch, profile, state, refused), approver=""
        )
        try:
            # Named after the answers recorded so far, so a resumed run finds the same gate.
            answer = gate(
                name, form, key=f"approval-{state['answers']}", timeout_seconds=state["timeout_hours"] * HOUR
            )
        except FlowPauseTimeout:
            return t.expire_approval(batch, state["timeout_hours"])
        decided = t.decide(batch, profile, answer.model_dump())
        refused = decided.get("refused", "")
    raise RuntimeError(f"Bacs batch {batch}: {MAX_ANSWERS} answers and still not decided")


def await_sweep(batch: str) -> State:
    """Committed, then Locked at the sweep: the sweep flow resumes this gate with each outcome it records
    (Sent, Rejected by Bacs, or held for escalation until the gateway's later answer)."""
    for attempt in range(MAX_ANSWERS):
        where = t.sweep_position(batch)
        code = where["status"]
        if code in OUTCOMES:
            return outcome_state(batch, code)
        name = HELD_GATE if where["held"] else SWEEP_GATE
        form = SweepInput.with_initial_data(
            description=f"Bacs batch {batch} is {BACS_BATCH.status(code).title}. The Bacs sweep resumes this run "
            "with the outcome; a batch held for escalation waits for the gateway's later answer."
        )
        try:
            gate(name, form, key=f"sweep-{attempt}", timeout_seconds=SWEEP_WAIT_DAYS * 24 * HOUR)
        except FlowPauseTimeout:  # the store still records the outcome when the sweep gets it
            return Completed(
                name=BACS_BATCH.status(code).title,
                message=f"Bacs batch {batch}: no outcome within {SWEEP_WAIT_DAYS} days; see the batch's status",
            )
    raise RuntimeError(f"Bacs batch {batch}: woken {MAX_ANSWERS} times without an outcome")


def outcome_state(batch: str, code: str) -> State:
    status = BACS_BATCH.status(code)
    make = {StateType.COMPLETED: Completed, StateType.FAILED: Failed, StateType.CANCELLED: Cancelled}
    return make[status.state_type](name=status.title, message=f"Bacs batch {batch}: {status.title}")


def describe(batch: str, profile: str, state: dict[str, Any], refused: str) -> str:
    pence, approved_by = int(state["total_pence"]), list(state["approved_by"])
    lines = [
        f"> **Not accepted:** {refused}\n" if refused else "",
        f"## Bacs batch {batch} ({profile})",
        f"- {state['payments']} payments, total **£{pence // 100:,}.{pence % 100:02d}**",
        f"- submitted by {state['submitter']} (who cannot approve it)",
        f"- status: {BACS_BATCH.status(state['status']).title}; approvals: {len(approved_by)} of {state['needed']}"
        + (f" (by {', '.join(approved_by)})" if approved_by else ""),
        "",
        "### Risk assessment",
        str(state["risk"] or "Not enabled for this profile."),
    ]
    return "\n".join(lines).strip()
