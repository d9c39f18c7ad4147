"""The bill run's core, stage by stage, on SQLite and PostgreSQL: parse, USPS preparation, PDFs,
approval, print and email delivery, closeout. Every stage is safe to run again."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from batchline.billing import approval, assemble, distribution, jobs, stages
from batchline.billing.approval import Decision, DecisionRefused
from batchline.billing.context import JobContext
from batchline.billing.datafile import DataFileError
from batchline.billing.sample import SampleSummary, write_sample_file
from batchline.lifecycle import BILL_RUN
from batchline.reports.job_tracking import job_tracking
from batchline.settings import load_settings
from batchline.store import status
from batchline.store.db import Store
from batchline.store.models import Batch, Delivery, Job
from deployments.smtp import Mailbox, free_port

JOB = "J2026-11"
ISSUED = date(2026, 11, 2)
MONDAY = date(2026, 11, 23)
BATCH_SIZE = 10


@pytest.fixture
def sample(batchline_home: Path) -> SampleSummary:
    """40 single-page bills; print batches of 10 so the print pieces make three batches."""
    profile = batchline_home / "profiles" / "DEMO.toml"
    profile.write_text(profile.read_text().replace("batch_size = 500", f"batch_size = {BATCH_SIZE}"))
    return write_sample_file(
        batchline_home / "bills.csv", 40, lines_per_document=(1, 4), document_date=ISSUED
    )


@pytest.fixture
def ctx(store: Store, sample: SampleSummary, monkeypatch: pytest.MonkeyPatch) -> JobContext:
    for name in ("BATCHLINE_PRINT_DROP", "BATCHLINE_PROFILES", "BATCHLINE_SMTP_HOST", "BATCHLINE_SMTP_PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    jobs.open_job(store, JOB, "DEMO", sample.path, settings.job_dir(JOB))
    return JobContext.load(JOB, "DEMO", settings, store)


@pytest.fixture
def rendered(ctx: JobContext, sample: SampleSummary) -> JobContext:
    stages.parse_data_file(ctx, sample.path)
    stages.prepare_addresses(ctx)
    stages.generate_pdfs(ctx)
    return ctx


def deliveries(ctx: JobContext, channel: str | None = None) -> dict[str, Delivery]:
    with ctx.store.unit_of_work() as session:
        query = select(Delivery).where(Delivery.job_id == ctx.job_id)
        if channel:
            query = query.where(Delivery.channel == channel)
        return {d.document_number: d for d in session.scalars(query)}


def states(ctx: JobContext, channel: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for delivery in deliveries(ctx, channel).values():
        found[delivery.state] = found.get(delivery.state, 0) + 1
    return found


def batches(ctx: JobContext, channel: str = "PRINT") -> list[Batch]:
    with ctx.store.unit_of_work() as session:
        query = select(Batch).where(Batch.job_id == ctx.job_id, Batch.channel == channel)
        return list(session.scalars(query.order_by(Batch.sequence)))


def job(ctx: JobContext) -> Job:
    with ctx.store.unit_of_work() as session:
        return jobs.get_job(session, ctx.job_id)


def history(ctx: JobContext) -> list[status.StatusChange]:
    with ctx.store.unit_of_work() as session:
        return status.history(session, BILL_RUN, ctx.job_id)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def document_numbers(path: Path) -> list[str]:
    """The document number each page of a print stream is for, in page order."""
    return [re.findall(r"\b1000\d\d\b", page)[0] for page in pdf_pages(path)]


def approve(ctx: JobContext, pulls: Sequence[str] = ()) -> str:
    jobs.advance(ctx.store, ctx.job_id, "AWAITING_OPS_APPROVAL")
    approval.apply_decision(
        ctx, "AWAITING_OPS_APPROVAL", Decision("approve", "ops", tuple(pulls)), "AWAITING_CUSTOMER_APPROVAL"
    )
    return approval.apply_decision(ctx, "AWAITING_CUSTOMER_APPROVAL", Decision("approve", "customer"))


def smtp_at(ctx: JobContext, port: int) -> JobContext:
    return dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, smtp_port=port))


def mailbox_port() -> int:
    return int(os.environ["BATCHLINE_SMTP_PORT"])


def printed(ctx: JobContext, pulls: Sequence[str] = ()) -> JobContext:
    assert approve(ctx, pulls) == "PRINTING_PAPER_BILLS"
    distribution.print_paper_bills(ctx, today=MONDAY)
    jobs.advance(ctx.store, ctx.job_id, "SENDING_ELECTRONIC")
    return ctx


def awaiting_closeout(ctx: JobContext) -> JobContext:
    printed(ctx)
    distribution.send_emails(ctx)
    jobs.advance(ctx.store, ctx.job_id, "PRINTING_COMPLETE")
    jobs.advance(ctx.store, ctx.job_id, "DELIVERED_TO_POST_OFFICE")
    return ctx


def postage_report(ctx: JobContext, lines: list[tuple[str, int, str]]) -> Path:
    path = ctx.settings.home / "postage.csv"
    rows = "".join(f"{batch},{pieces},{amount}\n" for batch, pieces, amount in lines)
    path.write_text("print_batch,pieces_mailed,postage_amount\n" + rows, encoding="utf-8")
    return path


def test_parsing_records_the_exact_totals_and_moves_the_job_to_usps_preparation(
    ctx: JobContext, sample: SampleSummary
) -> None:
    result = stages.parse_data_file(ctx, sample.path)
    assert (result["document_count"], result["record_count"]) == (40, sample.record_count)
    assert result["total_amount"] == str(sample.total_amount)
    assert result["documents_by_channel"] == sample.documents_by_channel
    stored = job(ctx)
    assert stored.total_amount == sample.total_amount
    assert (stored.document_count, stored.record_count, stored.job_code) == (40, sample.record_count, 211)
    assert jobs.job_status(ctx.store, ctx.job_id) == "USPS_PREPARATION"
    assert (
        history(ctx)[-1].reason == f"40 documents, {sample.record_count} records, total {sample.total_amount}"
    )


def test_parsing_again_returns_the_recorded_result_without_reading_the_file(
    ctx: JobContext, sample: SampleSummary
) -> None:
    first = stages.parse_data_file(ctx, sample.path)
    sample.path.unlink()
    assert stages.parse_data_file(ctx, sample.path) == first
    assert [change.to_status for change in history(ctx)] == ["PARSING", "USPS_PREPARATION"]


def test_a_bad_data_file_ends_the_job_at_bad_data_file_with_its_report(ctx: JobContext) -> None:
    broken = ctx.settings.home / "broken.csv"
    broken.write_text("not,a,billing,file\n", encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        stages.parse_data_file(ctx, broken)
    assert jobs.job_status(ctx.store, ctx.job_id) == "BAD_DATA_FILE"
    assert history(ctx)[-1].reason == str(refused.value).splitlines()[0]
    assert (ctx.workspace / "bad_data_file_report.md").read_text(encoding="utf-8") == (
        refused.value.report_markdown()
    )


def test_usps_preparation_writes_the_addresses_and_the_correction_log(
    ctx: JobContext, sample: SampleSummary
) -> None:
    stages.parse_data_file(ctx, sample.path)
    result = stages.prepare_addresses(ctx)
    addresses = pq.read_table(ctx.workspace / "addresses.parquet").to_pylist()
    assert len(addresses) == 40
    assert all(a["deliverable"] and re.fullmatch(r"\d{5}", a["zip5"]) for a in addresses)
    log = (ctx.workspace / "address_corrections.csv").read_text(encoding="utf-8").splitlines()
    assert log[0] == "address,documents,field,before,after,rule,deliverable,problems"
    assert len({line.split(",")[0] for line in log[1:]}) == result["unique_addresses"]
    assert result["corrected_addresses"] > 0
    assert jobs.job_status(ctx.store, ctx.job_id) == "GENERATING_PDFS"
    assert stages.prepare_addresses(ctx) == result


def test_pdf_generation_writes_print_batches_in_zip_order_and_one_pdf_per_email(
    rendered: JobContext, sample: SampleSummary
) -> None:
    ctx = rendered
    printing, emailing = deliveries(ctx, "PRINT"), deliveries(ctx, "EMAIL")
    assert (len(printing), len(emailing)) == (
        sample.documents_by_channel["PRINT"],
        sample.documents_by_channel["EMAIL"],
    )
    made = batches(ctx)
    assert [b.id for b in made] == [f"{JOB}-P{n:04d}" for n in range(1, len(made) + 1)]
    assert [b.pieces for b in made] == [10, 10, len(printing) - 20]
    per_batch = {b.id: document_numbers(Path(b.file_path or "")) for b in made}
    in_order = [number for b in made for number in per_batch[b.id]]
    assert sorted(in_order) == sorted(printing)
    addresses = pq.read_table(ctx.workspace / "addresses.parquet").to_pylist()
    numbers = (
        pq.read_table(ctx.workspace / "documents.parquet", columns=["document_number"]).column(0).to_pylist()
    )
    zip_of = {n: (a["zip5"], a["zip4"], a["delivery_point"]) for n, a in zip(numbers, addresses, strict=True)}
    assert [zip_of[n] for n in in_order] == sorted(zip_of[n] for n in in_order)
    for b in made:
        assert len(per_batch[b.id]) == b.pieces  # one page per single-page bill
        assert {printing[n].batch_id for n in per_batch[b.id]} == {b.id}
    electronic = ctx.workspace / "electronic"
    assert sorted(p.stem for p in electronic.iterdir()) == sorted(emailing)
    number = min(emailing)
    assert number in pdf_pages(electronic / f"{number}.pdf")[0]
    assert {d.state for d in [*printing.values(), *emailing.values()]} == {"PENDING"}


def test_a_pull_routes_the_document_to_pull_class_t_and_moves_the_job_on(rendered: JobContext) -> None:
    ctx = rendered
    pulled = min(deliveries(ctx, "PRINT"))
    jobs.advance(ctx.store, ctx.job_id, "AWAITING_OPS_APPROVAL")
    reached = approval.apply_decision(
        ctx,
        "AWAITING_OPS_APPROVAL",
        Decision("approve", "Pat Ops", (pulled, f" {pulled} ", "")),
        "AWAITING_CUSTOMER_APPROVAL",
    )
    assert reached == jobs.job_status(ctx.store, ctx.job_id) == "AWAITING_CUSTOMER_APPROVAL"
    delivery = deliveries(ctx, "PRINT")[pulled]
    assert (delivery.state, delivery.routing) == ("PULLED", "Pull Class T")
    assert "Pat Ops" in delivery.reason
    assert approval.pulled_numbers(ctx) == [pulled]
    assert history(ctx)[-1].reason == "approved by Pat Ops, 1 pulled"
    assert approval.apply_decision(ctx, "AWAITING_CUSTOMER_APPROVAL", Decision("approve", "cust")) == (
        "PRINTING_PAPER_BILLS"
    )


def test_pulling_a_document_that_is_not_in_the_job_is_refused_and_changes_nothing(
    rendered: JobContext,
) -> None:
    ctx = rendered
    jobs.advance(ctx.store, ctx.job_id, "AWAITING_OPS_APPROVAL")
    known = min(deliveries(ctx, "PRINT"))
    with pytest.raises(DecisionRefused, match=f"pull documents: 999999 not in job {JOB}"):
        approval.apply_decision(ctx, "AWAITING_OPS_APPROVAL", Decision("approve", "ops", (known, "999999")))
    assert jobs.job_status(ctx.store, ctx.job_id) == "AWAITING_OPS_APPROVAL"
    assert deliveries(ctx, "PRINT")[known].state == "PENDING"


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (Decision("maybe", "ops"), "decision: expected approve or reject, found 'maybe'"),
        (Decision("approve", "  "), "approver: expected the name of the person deciding"),
    ],
)
def test_an_answer_that_is_not_a_decision_is_refused(
    rendered: JobContext, decision: Decision, message: str
) -> None:
    jobs.advance(rendered.store, rendered.job_id, "AWAITING_OPS_APPROVAL")
    with pytest.raises(DecisionRefused, match=message):
        approval.apply_decision(rendered, "AWAITING_OPS_APPROVAL", decision)
    assert jobs.job_status(rendered.store, rendered.job_id) == "AWAITING_OPS_APPROVAL"


def test_a_rejected_job_delivers_nothing(rendered: JobContext) -> None:
    ctx = rendered
    jobs.advance(ctx.store, ctx.job_id, "AWAITING_OPS_APPROVAL")
    reached = approval.apply_decision(
        ctx, "AWAITING_OPS_APPROVAL", Decision("reject", "ops", note="wrong month")
    )
    assert reached == jobs.job_status(ctx.store, ctx.job_id) == "REJECTED"
    assert history(ctx)[-1].reason == "rejected by ops: wrong month"
    assert {d.state for d in deliveries(ctx).values()} == {"CANCELLED"}
    assert {d.reason for d in deliveries(ctx).values()} == {"job rejected by ops"}


def test_each_print_batch_is_dropped_once(rendered: JobContext) -> None:
    ctx = printed(rendered)
    drop = ctx.settings.print_drop / "DEMO"
    names = [b.id for b in batches(ctx)]
    assert sorted(p.name for p in drop.iterdir()) == sorted(
        [*(f"{n}.pdf" for n in names), f"{JOB}.ticket.json"]
    )
    first = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in drop.iterdir() if p.suffix == ".pdf"}
    for b in batches(ctx):
        assert first[f"{b.id}.pdf"][0] == Path(b.file_path or "").read_bytes()
    assert states(ctx, "PRINT") == {"SENT": len(deliveries(ctx, "PRINT"))}
    ticket = json.loads((drop / f"{JOB}.ticket.json").read_text(encoding="utf-8"))
    assert [b["batch_id"] for b in ticket["batches"]] == names
    assert ticket["totals"]["pieces"] == len(deliveries(ctx, "PRINT"))
    assert ticket["deliver_to_post_office_by"] == "2026-11-24"
    again = distribution.print_paper_bills(ctx, today=date(2026, 12, 24))
    assert {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in drop.iterdir() if p.suffix == ".pdf"
    } == first
    assert again["post_office_date"] == "2026-11-24"  # fixed by the first drop
    assert again["pieces"] == len(deliveries(ctx, "PRINT"))
    assert job(ctx).post_office_date == date(2026, 11, 24)


def test_a_batch_that_lost_a_pulled_document_is_rendered_again_without_it(rendered: JobContext) -> None:
    ctx = rendered
    second = batches(ctx)[1]
    before = document_numbers(Path(second.file_path or ""))
    pulled = before[3]
    printed(ctx, pulls=[pulled])
    dropped = ctx.settings.print_drop / "DEMO" / f"{second.id}.pdf"
    assert document_numbers(dropped) == [n for n in before if n != pulled]
    assert [b.pieces for b in batches(ctx)][1] == BATCH_SIZE - 1
    assert deliveries(ctx, "PRINT")[pulled].state == "PULLED"
    assert states(ctx, "PRINT") == {"SENT": len(deliveries(ctx, "PRINT")) - 1, "PULLED": 1}


def test_re_rendered_pieces_keep_imb_serials_unique_across_the_job(
    ctx: JobContext, sample: SampleSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracking: dict[str, dict[str, str]] = {}
    real = assemble.render_chunks

    def recording(chunks: Any, workers: int | None = None) -> Any:
        for chunk in chunks:
            tracking[chunk.out_path.stem] = {b.document_number: b.imb_digits[:20] for b in chunk.load()}
        return real(chunks, workers)

    monkeypatch.setattr(assemble, "render_chunks", recording)
    stages.parse_data_file(ctx, sample.path)
    stages.prepare_addresses(ctx)
    stages.generate_pdfs(ctx)
    pulled = next(iter(tracking[f"{JOB}-P0002"]))
    printed(ctx, pulls=[pulled])
    mailed = [code for codes in tracking.values() for code in codes.values()]
    assert pulled not in tracking[f"{JOB}-P0002"]
    assert len(mailed) == len(set(mailed)) == len(deliveries(ctx, "PRINT")) - 1


def test_each_email_is_sent_once(rendered: JobContext, mailbox: Mailbox) -> None:
    ctx = smtp_at(printed(rendered), mailbox_port())
    emailing = deliveries(ctx, "EMAIL")
    first = distribution.send_emails(ctx)
    assert sorted(mailbox.documents()) == sorted(emailing)
    again = distribution.send_emails(ctx)
    assert sorted(mailbox.documents()) == sorted(emailing)
    assert (first["sent"], first["sent_now"]) == (len(emailing), len(emailing))
    assert (again["sent"], again["sent_now"], again["failed"]) == (len(emailing), 0, 0)
    assert states(ctx, "EMAIL") == {"SENT": len(emailing)}
    message = next(m for m in mailbox.messages if m["X-Batchline-Document"] == min(emailing))
    assert message["To"] == emailing[min(emailing)].destination
    assert message["Message-ID"] == f"<{JOB}.{min(emailing)}@batchline>"


def test_an_email_interrupted_while_sending_is_marked_uncertain_and_not_resent(
    rendered: JobContext, mailbox: Mailbox
) -> None:
    ctx = smtp_at(printed(rendered), mailbox_port())
    emailing = deliveries(ctx, "EMAIL")
    interrupted = min(emailing)
    with ctx.store.unit_of_work() as session:
        session.execute(
            update(Delivery).where(Delivery.id == emailing[interrupted].id).values(state="SENDING")
        )
    result = distribution.send_emails(ctx)
    assert interrupted not in mailbox.documents()
    assert sorted(mailbox.documents()) == sorted(set(emailing) - {interrupted})
    assert (result["interrupted"], result["uncertain"], result["sent"]) == (1, 1, len(emailing) - 1)
    delivery = deliveries(ctx, "EMAIL")[interrupted]
    assert delivery.state == "UNCERTAIN"
    assert "check the mail log" in delivery.reason
    distribution.send_emails(ctx)
    assert interrupted not in mailbox.documents()


def test_when_the_smtp_server_is_down_emails_fail_with_the_reason_and_the_job_goes_on(
    rendered: JobContext,
) -> None:
    down = free_port()
    ctx = smtp_at(printed(rendered), down)
    emailing = deliveries(ctx, "EMAIL")
    result = distribution.send_emails(ctx)
    assert (result["sent"], result["failed"], result["failed_now"]) == (0, len(emailing), len(emailing))
    for delivery in deliveries(ctx, "EMAIL").values():
        assert delivery.state == "FAILED"
        assert f"SMTP server 127.0.0.1:{down}: cannot connect" in delivery.reason
    assert states(ctx, "PRINT") == {"SENT": len(deliveries(ctx, "PRINT"))}
    assert jobs.advance(ctx.store, ctx.job_id, "PRINTING_COMPLETE") == "PRINTING_COMPLETE"


def test_a_matching_postage_report_closes_the_job_with_the_exact_postage(
    rendered: JobContext, mailbox: Mailbox
) -> None:
    ctx = awaiting_closeout(smtp_at(rendered, mailbox_port()))
    sent = distribution.sent_pieces(ctx)
    postage = dict(zip(sorted(sent), ["0.10", "0.20", "3.91"], strict=True))
    result = distribution.close_out(ctx, postage_report(ctx, [(b, n, postage[b]) for b, n in sent.items()]))
    assert result["mismatches"] == []
    assert (result["total_postage"], result["pieces_mailed"]) == ("4.21", len(deliveries(ctx, "PRINT")))
    closed = job(ctx)
    assert (closed.postage_amount, closed.job_code) == (Decimal("4.21"), 999)
    assert jobs.job_status(ctx.store, ctx.job_id) == "JOB_COMPLETE"
    assert jobs.stage_result(ctx.store, ctx.job_id, "closeout") == result
    assert {b.id: b.postage_amount for b in batches(ctx)} == {b: Decimal(a) for b, a in postage.items()}
    assert history(ctx)[-1].reason == f"postage 4.21 for {len(deliveries(ctx, 'PRINT'))} pieces"


def test_a_mismatching_postage_report_is_recorded_in_the_result_and_the_history(
    rendered: JobContext, mailbox: Mailbox
) -> None:
    ctx = awaiting_closeout(smtp_at(rendered, mailbox_port()))
    short = f"{JOB}-P0002"
    lines = [(b, n - 1 if b == short else n, "1.00") for b, n in distribution.sent_pieces(ctx).items()]
    result = distribution.close_out(ctx, postage_report(ctx, lines))
    assert result["mismatches"] == [
        {"print_batch": short, "what": "pieces mailed", "expected": "10", "found": "9"}
    ]
    assert jobs.stage_result(ctx.store, ctx.job_id, "closeout") == result
    assert jobs.job_status(ctx.store, ctx.job_id) == "JOB_COMPLETE"
    assert f"MISMATCH: print batch {short}: pieces mailed: expected 10, found 9" in history(ctx)[-1].reason


def test_a_closed_job_shows_in_job_tracking_with_its_sent_counts_by_channel(
    rendered: JobContext, mailbox: Mailbox
) -> None:
    ctx = awaiting_closeout(smtp_at(rendered, mailbox_port()))
    lines = [(b, n, "1.00") for b, n in distribution.sent_pieces(ctx).items()]
    distribution.close_out(ctx, postage_report(ctx, lines))
    (row,) = job_tracking(ctx.store).to_dict("records")
    assert row["job_id"] == JOB
    assert row["status"] == "Job Complete/All Bills Sent"
    assert row["phase"] == "Job closed: Processing complete"
    assert row["job_code"] == 999
    assert row["documents"] == 40
    assert row["total_amount"] == job(ctx).total_amount
    assert (row["sent_print"], row["sent_email"]) == (
        len(deliveries(ctx, "PRINT")),
        len(deliveries(ctx, "EMAIL")),
    )
