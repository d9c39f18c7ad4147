"""Print preparation in a bill run: pieces weighed before rendering, batches by mail class in ZIP order,
weights in the store and on the job ticket, the post office date in business days."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from batchline.billing import approval, distribution, jobs, stages
from batchline.billing.approval import Decision
from batchline.billing.context import JobContext
from batchline.billing.envelopes import MailClass, envelope_for, pages_for
from batchline.billing.sample import write_sample_file
from batchline.settings import load_settings
from batchline.store.db import Store
from batchline.store.models import Batch, Delivery

JOB = "JPREP1"
FRIDAY = date(2026, 11, 27)  # the day after Thanksgiving
CLASS_ORDER = list(MailClass)


@pytest.fixture
def ctx(store: Store, batchline_home: Path, monkeypatch: pytest.MonkeyPatch) -> JobContext:
    """30 printed documents of 1 to 700 line items (1 to 12 pages), print batches of 4."""
    for name in ("BATCHLINE_PRINT_DROP", "BATCHLINE_PROFILES"):
        monkeypatch.delenv(name, raising=False)
    profile = batchline_home / "profiles" / "DEMO.toml"
    profile.write_text(profile.read_text().replace("batch_size = 500", "batch_size = 4"))
    data = batchline_home / "bills.csv"
    write_sample_file(data, 30, seed=21, channels={"PRINT": 1.0}, lines_per_document=(1, 700))
    settings = load_settings()
    jobs.open_job(store, JOB, "DEMO", data, settings.job_dir(JOB))
    context = JobContext.load(JOB, "DEMO", settings, store)
    stages.parse_data_file(context, data)
    stages.prepare_addresses(context)
    stages.generate_pdfs(context)
    return context


def print_batches(ctx: JobContext) -> list[Batch]:
    with ctx.store.unit_of_work() as session:
        query = select(Batch).where(Batch.job_id == ctx.job_id, Batch.mail_class.is_not(None))
        return list(session.scalars(query.order_by(Batch.sequence)))


def documents_by_batch(ctx: JobContext) -> dict[str, list[str]]:
    with ctx.store.unit_of_work() as session:
        rows = session.execute(
            select(Delivery.batch_id, Delivery.document_number).where(
                Delivery.job_id == ctx.job_id, Delivery.channel == "PRINT"
            )
        ).all()
    found: dict[str, list[str]] = {}
    for batch_id, number in rows:
        found.setdefault(batch_id, []).append(number)
    return found


def documents(ctx: JobContext) -> dict[str, tuple[int, tuple[str, str, str]]]:
    """Line count and ZIP sort key of each document."""
    docs = pq.read_table(ctx.workspace / "documents.parquet", columns=["document_number", "line_count"])
    addresses = pq.read_table(ctx.workspace / "addresses.parquet", columns=["zip5", "zip4", "delivery_point"])
    return {
        number: (count, (a["zip5"], a["zip4"] or "", a["delivery_point"] or ""))
        for number, count, a in zip(
            docs.column("document_number").to_pylist(),
            docs.column("line_count").to_pylist(),
            addresses.to_pylist(),
            strict=True,
        )
    }


def test_print_batches_never_mix_mail_classes_and_keep_zip_order_within_each(ctx: JobContext) -> None:
    made, docs, members = print_batches(ctx), documents(ctx), documents_by_batch(ctx)
    rules = ctx.profile.print
    classes = [MailClass(b.mail_class) for b in made]
    assert set(classes) == set(MailClass)  # the sample has pieces of every class
    assert classes == sorted(classes, key=CLASS_ORDER.index)
    assert [b.sequence for b in made] == list(range(1, len(made) + 1))
    for mail_class in MailClass:
        in_class = [b for b in made if b.mail_class == mail_class]
        ordered = [n for b in in_class for n in sorted(members[b.id], key=lambda n: docs[n][1])]
        assert [docs[n][1] for n in ordered] == sorted(docs[n][1] for n in ordered)
        assert all(envelope_for(pages_for(docs[n][0]), rules).mail_class == mail_class for n in ordered)
        assert [len(members[b.id]) for b in in_class][:-1] == [4] * (len(in_class) - 1)


def test_each_batch_records_its_sheets_and_exact_weight_as_rendered(ctx: JobContext) -> None:
    docs, members = documents(ctx), documents_by_batch(ctx)
    for batch in print_batches(ctx):
        envelopes = [envelope_for(pages_for(docs[n][0]), ctx.profile.print) for n in members[batch.id]]
        assert batch.sheets == sum(e.sheets for e in envelopes)
        assert batch.sheets == len(PdfReader(batch.file_path or "").pages)  # simplex: a page a sheet
        assert batch.weight_oz == sum((e.weight_oz for e in envelopes), Decimal(0))
        assert batch.max_piece_weight_oz == max(e.weight_oz for e in envelopes)
        assert isinstance(batch.weight_oz, Decimal)


def test_the_job_ticket_lists_each_batch_with_its_class_weight_and_the_post_office_date(
    ctx: JobContext,
) -> None:
    result = distribution.print_paper_bills(ctx, today=FRIDAY)
    assert result["post_office_date"] == "2026-11-30"  # Friday drop: Monday, never Saturday
    ticket = json.loads((ctx.settings.print_drop / "DEMO" / f"{JOB}.ticket.json").read_text(encoding="utf-8"))
    assert ticket["deliver_to_post_office_by"] == "2026-11-30"
    made = print_batches(ctx)
    assert [
        (
            b["batch_id"],
            b["mail_class"],
            b["pieces"],
            b["sheets"],
            b["weight_oz"],
            b["zip_first"],
            b["zip_last"],
        )
        for b in ticket["batches"]
    ] == [(b.id, b.mail_class, b.pieces, b.sheets, str(b.weight_oz), b.zip_first, b.zip_last) for b in made]
    assert Decimal(ticket["weight_oz"]) == sum((b.weight_oz or Decimal(0) for b in made), Decimal(0))
    assert ticket["pieces_by_mail_class"] == result["pieces_by_mail_class"]
    assert sum(ticket["pieces_by_mail_class"].values()) == ticket["totals"]["pieces"] == 30


def test_a_pulled_piece_leaves_its_batch_lighter(ctx: JobContext) -> None:
    heavier = next(b for b in print_batches(ctx) if b.mail_class == MailClass.FIRST_CLASS_LETTER_3_5OZ)
    pulled = sorted(documents_by_batch(ctx)[heavier.id])[0]
    weight = envelope_for(pages_for(documents(ctx)[pulled][0]), ctx.profile.print).weight_oz
    jobs.advance(ctx.store, JOB, "AWAITING_OPS_APPROVAL")
    approval.apply_decision(
        ctx, "AWAITING_OPS_APPROVAL", Decision("approve", "ops", (pulled,)), "AWAITING_CUSTOMER_APPROVAL"
    )
    approval.apply_decision(ctx, "AWAITING_CUSTOMER_APPROVAL", Decision("approve", "customer"))
    distribution.print_paper_bills(ctx, today=FRIDAY)
    after = next(b for b in print_batches(ctx) if b.id == heavier.id)
    assert (after.pieces, after.weight_oz) == (heavier.pieces - 1, (heavier.weight_oz or 0) - weight)
    assert after.mail_class == heavier.mail_class
