"""Bill-run stages up to approval: parse, USPS preparation, PDF generation.

Each stage is safe to run again: a stage that already finished returns what it
recorded (a resumed or rerun flow re-executes from the top).
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from pathlib import Path
from typing import Any

from batchline.billing import jobs, objects, preview, routing
from batchline.billing.assemble import (
    PDF_CHANNELS,
    electronic_documents,
    render_electronic,
    render_print_batches,
)
from batchline.billing.context import JobContext
from batchline.billing.datafile import DataFileError, read_billing_file
from batchline.billing.electronic import delivery_planner
from batchline.billing.electronic import publication_locations as electronic_locations
from batchline.billing.envelopes import pages_for
from batchline.billing.routing import document_channels
from batchline.billing.usps import prepare_job_addresses
from batchline.delivery.print_drop import pieces_by_mail_class
from batchline.store import deliveries
from batchline.store.deliveries import PlannedDelivery
from batchline.store.models import Batch

PARSED, USPS, RENDERED = "parsed", "usps_preparation", "pdfs"


def parse_data_file(ctx: JobContext, data_file: Path) -> dict[str, Any]:
    """Parse and check control totals; a bad file ends the job at "Bad Data File" with its report."""
    done = jobs.stage_result(ctx.store, ctx.job_id, PARSED)
    if done is not None:
        return done
    ctx.workspace.mkdir(parents=True, exist_ok=True)
    try:
        parsed = read_billing_file(data_file, ctx.workspace)
    except DataFileError as error:
        report = ctx.workspace / "bad_data_file_report.md"
        report.write_text(error.report_markdown(), encoding="utf-8")
        (ctx.workspace / "bad_data_file_report.csv").write_text(error.report_csv(), encoding="utf-8")
        jobs.advance(ctx.store, ctx.job_id, "BAD_DATA_FILE", reason=str(error).splitlines()[0][:2000])
        raise
    with ctx.store.unit_of_work() as session:
        setup = routing.routes_for(session, ctx.client_id, _accounts_without_channel(ctx.workspace))
    routed = routing.route_documents(ctx.workspace, setup)
    samples = preview.choose_samples(ctx.workspace)
    result = {
        "samples": len(samples),
        "source": str(parsed.source),
        "sha256": parsed.sha256,
        "record_count": parsed.record_count,
        "document_count": parsed.document_count,
        "total_amount": str(parsed.total_amount),
        "documents_by_channel": parsed.documents_by_channel,
        "documents_by_type": parsed.documents_by_type,
        "routed_by": routed,
    }
    with ctx.store.unit_of_work() as session:
        job = jobs.get_job(session, ctx.job_id)
        job.record_count, job.document_count = parsed.record_count, parsed.document_count
        job.total_amount, job.source_sha256 = parsed.total_amount, parsed.sha256
        objects.identify(session, ctx.job_id, document_facts(ctx.workspace))
        jobs.move_job(
            session,
            ctx.job_id,
            "USPS_PREPARATION",
            reason=f"{parsed.document_count} documents, {parsed.record_count} records, total {parsed.total_amount}",
            stage_result=(PARSED, result),
        )
    return result


def prepare_addresses(ctx: JobContext) -> dict[str, Any]:
    done = jobs.stage_result(ctx.store, ctx.job_id, USPS)
    if done is not None:
        return done
    result = asdict(prepare_job_addresses(ctx.workspace))
    with ctx.store.unit_of_work() as session:
        jobs.move_job(
            session,
            ctx.job_id,
            "GENERATING_PDFS",
            reason=f"{result['unique_addresses']} unique addresses, {result['corrected_addresses']} corrected, "
            f"{result['undeliverable_addresses']} undeliverable",
            stage_result=(USPS, result),
        )
    return result


def generate_pdfs(ctx: JobContext) -> dict[str, Any]:
    """Print batches (ZIP order) and single e-bill PDFs; every delivery planned in the store."""
    done = jobs.stage_result(ctx.store, ctx.job_id, RENDERED)
    if done is not None:
        return done
    batches = render_print_batches(ctx.workspace, ctx.job_id, ctx.profile.biller, ctx.profile.print)
    electronic = electronic_documents(ctx.workspace)
    preview.render_samples(ctx.workspace, ctx.profile.biller)
    render_electronic(
        ctx.workspace, ctx.profile.biller, [i for i, _, ch, _ in electronic if ch in PDF_CHANNELS]
    )
    in_print = {number: b.batch_id for b in batches for number in b.document_numbers}
    plan = delivery_planner(ctx)
    planned = _plan_deliveries(
        ctx.workspace,
        in_print,
        {(number, channel): plan(number, channel, contact) for _, number, channel, contact in electronic},
    )
    result = {
        "print_batches": len(batches),
        "print_pieces": sum(b.pieces for b in batches),
        "print_sheets": sum(b.sheets for b in batches),
        "print_pieces_by_mail_class": pieces_by_mail_class(batches),
        "electronic": len(electronic),
    }
    with ctx.store.unit_of_work() as session:
        for b in batches:
            session.merge(
                Batch(
                    id=b.batch_id,
                    job_id=ctx.job_id,
                    channel="PRINT",
                    sequence=b.sequence,
                    code=490,
                    file_path=b.path,
                    pieces=b.pieces,
                    sheets=b.sheets,
                    zip_first=b.zip_first,
                    zip_last=b.zip_last,
                    mail_class=b.mail_class,
                    weight_oz=b.weight_oz,
                    max_piece_weight_oz=b.max_piece_weight_oz,
                )
            )
        session.flush()
        deliveries.record_planned(session, ctx.job_id, planned)
        objects.plan_batches(session, ctx.job_id, publication_locations(ctx))
        objects.assembled(session, ctx.job_id)
        job = jobs.get_job(session, ctx.job_id)
        job.summary = {**job.summary, RENDERED: result}
    return result


def _plan_deliveries(
    workspace: Path, in_print: dict[str, str], electronic: dict[tuple[str, str], PlannedDelivery]
) -> list[PlannedDelivery]:
    """One delivery per document and channel: a document routed to print and email gets two."""
    import pyarrow.parquet as pq

    problems = pq.read_table(workspace / "addresses.parquet", columns=["problems"]).column(0).to_pylist()
    facts = document_facts(workspace)
    planned, seen = [], set()
    for i, number, channel in document_channels(workspace):
        if channel == "PRINT" and number in in_print:  # every deliverable print document is in a batch
            planned.append(PlannedDelivery(number, "PRINT", batch_id=in_print[number]))
        elif channel == "PRINT":
            planned.append(
                PlannedDelivery(
                    number, "PRINT", state=deliveries.UNDELIVERABLE, reason=problems[i] or "undeliverable"
                )
            )
        elif (number, channel) in electronic:
            planned.append(electronic[number, channel])
        elif channel == "PULL":
            planned.append(
                PlannedDelivery(
                    number,
                    channel,
                    state=deliveries.PULLED,
                    routing=deliveries.PULL_CLASS_T,
                    reason="routing",
                )
            )
        else:
            planned.append(
                PlannedDelivery(
                    number, channel, state=deliveries.HELD, reason=f"no {channel} adapter configured"
                )
            )
        fact = facts[i]
        planned[-1] = dataclasses.replace(
            planned[-1],
            is_copy=number in seen,
            document_type=fact["document_type"],
            branch=fact["branch"],
            amount=fact["amount"],
            pages=fact["pages"],
        )
        seen.add(number)
    return planned


def _accounts_without_channel(workspace: Path) -> list[str]:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    docs = pq.read_table(workspace / "documents.parquet", columns=["account_number", "delivery_channel"])
    unrouted = docs.filter(pc.is_null(docs.column("delivery_channel")))
    return [str(a) for a in pc.unique(unrouted.column("account_number")).to_pylist()]


def document_facts(workspace: Path) -> list[dict[str, Any]]:
    """Each document's number and the facts the reports need (objects.TRN_FACTS)."""
    import pyarrow.parquet as pq

    docs = pq.read_table(
        workspace / "documents.parquet",
        columns=["document_number", "document_type", "branch", "amount_due", "line_count", "account_number",
                 "routed_by"],
    ).to_pydict()  # fmt: skip
    return [
        {
            "document_number": number,
            "document_type": kind,
            "branch": branch,
            "amount": amount,
            "pages": pages_for(lines),
            "account_number": account,
            "routed_by": routed_by,
        }
        for number, kind, branch, amount, lines, account, routed_by in zip(*docs.values(), strict=True)
    ]


def publication_locations(ctx: JobContext) -> dict[str, str]:
    """Where each channel's batches are published, as recorded on their PUB objects."""
    return electronic_locations(ctx)
