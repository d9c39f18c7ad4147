"""Approval gates: what the reviewer sees, and what their decision does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from batchline.billing import jobs, preview
from batchline.billing.context import JobContext
from batchline.errors import BatchlineError
from batchline.lifecycle import BILL_RUN
from batchline.store import deliveries
from batchline.store.models import Approval, Delivery


class DecisionRefused(BatchlineError):
    """The answer cannot be taken as given; the gate is asked again with this reason."""


@dataclass(frozen=True, slots=True)
class Decision:
    decision: str  # "approve" or "reject"
    approver: str
    pull_documents: tuple[str, ...] = ()
    note: str = ""


def gates_for(ctx: JobContext) -> list[str]:
    rules = ctx.profile.approvals
    return [
        code
        for code, on in (("AWAITING_OPS_APPROVAL", rules.ops), ("AWAITING_CUSTOMER_APPROVAL", rules.customer))
        if on
    ]


def summary_markdown(ctx: JobContext, gate: str, ui_base: str = "") -> str:
    """The reviewer's view of the job: counts by channel, total, and links to the sample documents."""
    samples = preview.load_samples(ctx.workspace)
    with ctx.store.unit_of_work() as session:
        job = jobs.get_job(session, ctx.job_id)
        counts = deliveries.counts(session, ctx.job_id)
        state_of: dict[str, str] = {
            number: state
            for number, state in session.execute(
                select(Delivery.document_number, Delivery.state).where(
                    Delivery.job_id == ctx.job_id,
                    Delivery.document_number.in_([s.document_number for s in samples]),
                )
            ).all()
        }
        total, documents = job.total_amount, job.document_count
    rows = "\n".join(f"| {channel} | {state} | {n} |" for (channel, state), n in sorted(counts.items()))
    sample_rows = "\n".join(
        f"| [{s.document_number}]({ctx.settings.document_link(preview.sample_pdf(ctx.workspace, s.document_number))})"
        f" | {s.channel} | {s.template} | {s.branch} | {s.lines} | {s.amount_due} "
        f"| {state_of.get(s.document_number, '')} | {s.why} |"
        for s in samples
    )
    return (
        f"## {BILL_RUN.status(gate).title}: job {ctx.job_id}\n\n"
        f"Client **{ctx.profile.name}** ({ctx.client_id}), {documents} documents, total **{total}**.\n\n"
        f"| channel | state | documents |\n|---|---|---|\n{rows}\n\n"
        f"Sample documents ({len(samples)}: a few of each template, channel and branch, and the largest; "
        "open each PDF):\n\n"
        "| document | channel | template | branch | line items | amount due | state | why sampled |\n"
        f"|---|---|---|---|---|---|---|---|\n{sample_rows}\n\n"
        "Approve to deliver, or reject to stop the job (nothing is delivered). "
        "List document numbers under *pull documents* to hold them back (routed Pull Class T)."
    )


def apply_decision(ctx: JobContext, gate: str, decision: Decision, next_status: str | None = None) -> str:
    """Check the answer, record it, pull documents, and move the job; returns the status reached.

    With no `next_status` the job goes where its deliveries lead once the pulls are made.
    """
    if decision.decision not in ("approve", "reject"):
        raise DecisionRefused(f"decision: expected approve or reject, found {decision.decision!r}")
    if not decision.approver.strip():
        raise DecisionRefused("approver: expected the name of the person deciding, found nothing")
    pulls = tuple(dict.fromkeys(n.strip() for n in decision.pull_documents if n.strip()))
    with ctx.store.unit_of_work() as session:
        known = set(
            session.scalars(
                select(Delivery.document_number).where(
                    Delivery.job_id == ctx.job_id, Delivery.document_number.in_(pulls)
                )
            )
        )
        unknown = [n for n in pulls if n not in known]
        if unknown:
            raise DecisionRefused(
                f"pull documents: {', '.join(unknown)} not in job {ctx.job_id}; expected document numbers of this job"
            )
        session.add(
            Approval(
                lifecycle=BILL_RUN.name,
                object_id=ctx.job_id,
                gate=gate,
                decision=decision.decision,
                approver=decision.approver,
                pulled=list(pulls),
                note=decision.note,
            )
        )
        if decision.decision == "reject":
            to_status = "REJECTED"
            reason = f"rejected by {decision.approver}: {decision.note}".rstrip(": ")
        else:
            if pulls:
                deliveries.pull(session, ctx.job_id, pulls, reason=f"pulled by {decision.approver} at {gate}")
            session.flush()
            to_status = next_status or _route(deliveries.counts(session, ctx.job_id))
            reason = f"approved by {decision.approver}" + (f", {len(pulls)} pulled" if pulls else "")
        # the decision is kept with the move, so a resumed run finds it and never applies it twice
        outcome = {"status": to_status, "approver": decision.approver}
        jobs.move_job(
            session,
            ctx.job_id,
            to_status,
            actor=decision.approver,
            reason=reason,
            stage_result=(f"gate:{gate}", outcome),
        )
        if to_status == "REJECTED":
            deliveries.cancel_pending(session, ctx.job_id, f"job rejected by {decision.approver}")
    return to_status


def expire(ctx: JobContext, gate: str, hours: int) -> None:
    """The stated outcome of an unanswered gate: the job ends "Approval Expired", nothing delivered."""
    with ctx.store.unit_of_work() as session:
        jobs.move_job(session, ctx.job_id, "APPROVAL_EXPIRED", reason=f"no answer at {gate} within {hours} h")
        deliveries.cancel_pending(session, ctx.job_id, "approval expired")


def delivery_plan(ctx: JobContext) -> dict[str, int]:
    """Documents the job delivers (to be sent, or sent already on a resumed run), print and electronic."""
    with ctx.store.unit_of_work() as session:
        counts = deliveries.counts(session, ctx.job_id)
    live = (deliveries.PENDING, deliveries.SENDING, deliveries.SENT, deliveries.FAILED, deliveries.UNCERTAIN)
    return {
        "print": sum(n for (channel, state), n in counts.items() if channel == "PRINT" and state in live),
        "electronic": sum(
            n for (channel, state), n in counts.items() if channel != "PRINT" and state in live
        ),
    }


def _route(counts: dict[tuple[str, str], int]) -> str:
    """Where an approved job goes next: print first, then electronic, else done."""
    if counts.get(("PRINT", deliveries.PENDING)):
        return "PRINTING_PAPER_BILLS"
    if any(state == deliveries.PENDING for (_, state) in counts):
        return "SENDING_ELECTRONIC"
    return "JOB_COMPLETE"


def pulled_numbers(ctx: JobContext) -> Sequence[str]:
    with ctx.store.unit_of_work() as session:
        return list(
            session.scalars(
                select(Delivery.document_number).where(
                    Delivery.job_id == ctx.job_id, Delivery.state == deliveries.PULLED
                )
            )
        )
