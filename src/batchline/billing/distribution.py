"""Delivery stages: print batches to the facility, emails over SMTP, closeout on the postage report.

Every delivery is recorded once and sent at most once: print files are dropped
atomically and marked, each email is claimed in the store before it is sent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from batchline.billing import jobs, objects
from batchline.billing.assemble import mail_pieces, render_print_batches
from batchline.billing.calendar import add_business_days
from batchline.billing.closeout import PostageReportError, Reconciliation, read_postage_report, reconcile
from batchline.billing.context import JobContext
from batchline.billing.electronic import open_location, send_electronic
from batchline.billing.print_batches import PrintBatchPlan
from batchline.delivery.print_drop import TicketBatch, drop_file, pieces_by_mail_class, write_job_ticket
from batchline.store import deliveries
from batchline.store.models import Batch, Delivery
from batchline.store.types import utcnow


def print_paper_bills(ctx: JobContext, today: date | None = None) -> dict[str, Any]:
    """Drop each print batch (re-rendered without pulled documents) and the job ticket."""
    with ctx.store.unit_of_work() as session:
        batches = list(
            session.scalars(select(Batch).where(Batch.job_id == ctx.job_id).order_by(Batch.sequence))
        )
        pending: dict[str, str | None] = {
            number: batch_id
            for number, batch_id in session.execute(
                select(Delivery.document_number, Delivery.batch_id).where(
                    Delivery.job_id == ctx.job_id,
                    Delivery.channel == "PRINT",
                    Delivery.state == deliveries.PENDING,
                )
            ).all()
        }
    _rerender_after_pulls(ctx, batches, pending)
    ticket = []
    # One connection for the whole drop; an unreachable facility raises TransferError naming it.
    with open_location(ctx, "PRINT") as drop:
        for batch in batches:
            if batch.pieces == 0:
                continue
            name = f"{batch.id}.pdf"
            if batch.delivered_at is None:
                drop_file(Path(batch.file_path or ""), drop, name)
                with ctx.store.unit_of_work() as session:
                    stored = session.get(Batch, batch.id)
                    if stored is not None:
                        stored.delivered_at, stored.code = utcnow(), 690
                    deliveries.mark_batch_sent(session, ctx.job_id, batch.id)
            ticket.append(
                TicketBatch(
                    batch.id,
                    name,
                    batch.pieces,
                    batch.sheets,
                    batch.zip_first or "",
                    batch.zip_last or "",
                    batch.mail_class or "",
                    str(batch.weight_oz or 0),
                    str(batch.max_piece_weight_oz or 0),
                )
            )
        with ctx.store.unit_of_work() as session:
            job = jobs.get_job(session, ctx.job_id)
            if job.post_office_date is None:  # fixed on the first drop; a resumed run keeps it
                job.post_office_date = add_business_days(
                    today or date.today(), ctx.profile.print.business_days_to_post_office
                )
            post_office = job.post_office_date
        write_job_ticket(drop, ctx.job_id, ctx.client_id, ctx.profile.print.facility, post_office, ticket)
    return {
        "batches": len(ticket),
        "pieces": sum(b.pieces for b in ticket),
        "sheets": sum(b.sheets for b in ticket),
        "pieces_by_mail_class": pieces_by_mail_class(ticket),
        "post_office_date": post_office.isoformat(),
        "drop_folder": str(drop.location),
    }


def _rerender_after_pulls(ctx: JobContext, batches: list[Batch], pending: dict[str, str | None]) -> None:
    """A batch that lost pulled documents is rendered again from what is left, before it is dropped."""
    still_pending = Counter(pending.values())
    stale = [b for b in batches if b.delivered_at is None and still_pending[b.id] != b.pieces]
    if not stale:
        return
    pieces = {p.document_number: p for p in mail_pieces(ctx.workspace, ctx.profile.print)}
    plans = []
    for batch in stale:
        kept = sorted((pieces[n] for n, b in pending.items() if b == batch.id), key=lambda p: p.sort_key)
        plans.append(PrintBatchPlan(batch.id, batch.sequence, tuple(kept)))
    rendered = {
        r.batch_id: r
        for r in render_print_batches(
            ctx.workspace, ctx.job_id, ctx.profile.biller, ctx.profile.print, [p for p in plans if p.pieces]
        )
    }
    with ctx.store.unit_of_work() as session:
        for batch in stale:
            stored = session.get(Batch, batch.id)
            if stored is None:
                continue
            r = rendered.get(batch.id)
            stored.pieces = batch.pieces = r.pieces if r else 0
            stored.sheets = batch.sheets = r.sheets if r else 0
            if r:
                stored.zip_first, stored.zip_last = batch.zip_first, batch.zip_last = r.zip_first, r.zip_last
                stored.weight_oz = batch.weight_oz = r.weight_oz
                stored.max_piece_weight_oz = batch.max_piece_weight_oz = r.max_piece_weight_oz
            else:
                stored.code = batch.code = 888


def send_emails(ctx: JobContext) -> dict[str, Any]:
    """Sending Emails, Faxes, and e-bills: every electronic channel (email, fax, e-bill portal, CSV).

    Each delivery is sent at most once; a failure marks that delivery FAILED with the reason and
    the rest go on. "sent", "failed", "uncertain", "sent_now", "failed_now" and "interrupted" are
    totals over the channels; "by_channel" has the same counts for each (billing.electronic).
    """
    return send_electronic(ctx)


def sent_pieces(ctx: JobContext) -> dict[str, int]:
    with ctx.store.unit_of_work() as session:
        rows = session.execute(
            select(Batch.id, Batch.pieces).where(Batch.job_id == ctx.job_id, Batch.delivered_at.is_not(None))
        ).all()
    return {batch_id: pieces for batch_id, pieces in rows}


def close_out(ctx: JobContext, report: Path) -> dict[str, Any]:
    """Record the postage per batch, reconcile pieces, and close the job."""
    if not report.is_file():
        raise PostageReportError(f"postage report {report}: no such file")
    outcome: Reconciliation = reconcile(read_postage_report(report), sent_pieces(ctx))
    by_batch = {line.print_batch: line for line in outcome.lines}
    result = {
        "postage_report": str(report),
        "total_postage": str(outcome.total_postage),
        "pieces_mailed": outcome.pieces_mailed,
        "mismatches": [asdict(m) for m in outcome.mismatches],
    }
    with ctx.store.unit_of_work() as session:
        job = jobs.get_job(session, ctx.job_id)
        for batch in session.scalars(select(Batch).where(Batch.job_id == ctx.job_id)):
            line = by_batch.get(batch.id)
            if line is not None:
                batch.pieces_mailed, batch.postage_amount, batch.code = (
                    line.pieces_mailed,
                    line.postage_amount,
                    999,
                )
                batch.mailed_on = line.mail_date or job.post_office_date
        objects.close_out_print(session, ctx.job_id)
        job.postage_amount, job.completed_at = outcome.total_postage, utcnow()
        reason = f"postage {outcome.total_postage} for {outcome.pieces_mailed} pieces"
        if outcome.mismatches:
            reason += "; MISMATCH: " + "; ".join(str(m) for m in outcome.mismatches)
        jobs.move_job(session, ctx.job_id, "JOB_COMPLETE", reason=reason, stage_result=("closeout", result))
    return result
