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

from batchline.billing import jobs
from batchline.billing.assemble import electronic_pdf, mail_pieces, render_print_batches
from batchline.billing.calendar import add_business_days
from batchline.billing.closeout import PostageReportError, Reconciliation, read_postage_report, reconcile
from batchline.billing.context import JobContext
from batchline.billing.print_batches import PrintBatchPlan
from batchline.delivery.email import EmailDeliveryError, EmailPiece, SmtpMailer
from batchline.delivery.print_drop import TicketBatch, drop_file, write_job_ticket
from batchline.store import deliveries
from batchline.store.models import Batch, Delivery
from batchline.store.types import utcnow


def print_paper_bills(ctx: JobContext, today: date | None = None) -> dict[str, Any]:
    """Drop each print batch (re-rendered without pulled documents) and the job ticket."""
    drop = ctx.settings.print_drop / ctx.client_id
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
                batch.id, name, batch.pieces, batch.sheets, batch.zip_first or "", batch.zip_last or ""
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
        "post_office_date": post_office.isoformat(),
        "drop_folder": str(drop),
    }


def _rerender_after_pulls(ctx: JobContext, batches: list[Batch], pending: dict[str, str | None]) -> None:
    """A batch that lost pulled documents is rendered again from what is left, before it is dropped."""
    still_pending = Counter(pending.values())
    stale = [b for b in batches if b.delivered_at is None and still_pending[b.id] != b.pieces]
    if not stale:
        return
    pieces = {p.document_number: p for p in mail_pieces(ctx.workspace)}
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
            else:
                stored.code = batch.code = 888


def send_emails(ctx: JobContext) -> dict[str, Any]:
    """Send each pending email once; a failure marks that document failed and the rest go on."""
    with ctx.store.unit_of_work() as session:
        interrupted = deliveries.mark_interrupted(session, ctx.job_id, "EMAIL")
        todo = deliveries.pending(session, ctx.job_id, "EMAIL")
    settings, profile = ctx.settings, ctx.profile
    titles = _document_type_titles(ctx) if todo else {}
    sent = failed = 0
    with (
        SmtpMailer(settings.smtp_host, settings.smtp_port, profile.email_delivery.sender) as mailer,
        deliveries.Claims(ctx.store.engine) as claims,
    ):
        for delivery_id, number, destination in todo:
            if not claims.claim(delivery_id):
                continue
            piece = EmailPiece(
                job_id=ctx.job_id,
                document_number=number,
                to=destination,
                subject=profile.email_delivery.subject.format(
                    document_type_title=titles.get(number, "Bill"),
                    document_number=number,
                    client_name=profile.name,
                ),
                body=(
                    f"Your {titles.get(number, 'bill').lower()} {number} from {profile.name} is attached.\n\n"
                    f"Questions: {profile.phone or profile.email}\n"
                ),
                attachment=electronic_pdf(ctx.workspace, number),
            )
            try:
                mailer.send(piece)
            except (EmailDeliveryError, OSError) as error:
                failed += 1
                claims.finish(delivery_id, ok=False, reason=str(error))
                continue
            sent += 1
            claims.finish(delivery_id, ok=True)
    with ctx.store.unit_of_work() as session:
        counts = deliveries.counts(session, ctx.job_id)
    return {
        "sent": counts.get(("EMAIL", deliveries.SENT), 0),
        "failed": counts.get(("EMAIL", deliveries.FAILED), 0),
        "uncertain": counts.get(("EMAIL", deliveries.UNCERTAIN), 0),
        "sent_now": sent,
        "failed_now": failed,
        "interrupted": interrupted,
    }


def _document_type_titles(ctx: JobContext) -> dict[str, str]:
    import pyarrow.parquet as pq

    docs = pq.read_table(ctx.workspace / "documents.parquet", columns=["document_number", "document_type"])
    return {n: t.title() for n, t in zip(*docs.to_pydict().values(), strict=True)}


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
        for batch in session.scalars(select(Batch).where(Batch.job_id == ctx.job_id)):
            line = by_batch.get(batch.id)
            if line is not None:
                batch.pieces_mailed, batch.postage_amount, batch.code = (
                    line.pieces_mailed,
                    line.postage_amount,
                    999,
                )
        job = jobs.get_job(session, ctx.job_id)
        job.postage_amount, job.completed_at = outcome.total_postage, utcnow()
        reason = f"postage {outcome.total_postage} for {outcome.pieces_mailed} pieces"
        if outcome.mismatches:
            reason += "; MISMATCH: " + "; ".join(str(m) for m in outcome.mismatches)
        jobs.move_job(session, ctx.job_id, "JOB_COMPLETE", reason=reason, stage_result=("closeout", result))
    return result
