"""Seed 003 codes of every TRN, RCP, BCH and PUB as a job moves, and the JOB code rolled up from them."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from sqlalchemy import select, update

from batchline.billing import jobs, objects
from batchline.billing.context import JobContext
from batchline.lifecycle.codes import ObjectKind, rollup
from batchline.store.db import Store
from batchline.store.models import Delivery, Job, Transaction
from deployments.smtp import Mailbox
from tests.unit.billing import test_distribution_bill_run as base

# The bill-run fixtures (a 40-document sample, its job context, rendered up to approval) and helpers.
sample, ctx, rendered = base.sample, base.ctx, base.rendered
awaiting_closeout, batches, deliveries = base.awaiting_closeout, base.batches, base.deliveries
mailbox_port, postage_report, smtp_at = base.mailbox_port, base.postage_report, base.smtp_at

RCP_CODES = (341, 411, 431, 490, 888, 999)


def trn_codes(ctx: JobContext) -> Counter[int]:
    with ctx.store.unit_of_work() as session:
        return Counter(session.scalars(select(Transaction.code).where(Transaction.job_id == ctx.job_id)))


def codes_of(ctx: JobContext, kind: str) -> Counter[int]:
    with ctx.store.unit_of_work() as session:
        rows = objects.code_counts(session, [ctx.job_id])
    return Counter({code: n for _, k, code, n in rows if k == kind})


def job_code(ctx: JobContext) -> int:
    with ctx.store.unit_of_work() as session:
        job = session.get(Job, ctx.job_id)
        assert job is not None
        return job.job_code


def test_the_sql_roll_up_of_trns_from_rcps_is_seed_003s_roll_up_for_every_combination(store: Store) -> None:
    combos = [c for size in range(1, len(RCP_CODES) + 1) for c in combinations(RCP_CODES, size)]
    with store.unit_of_work() as session:
        session.add(Job(id="JR", client_id="DEMO", source_file="f", workspace="w", summary={}))
        session.flush()
        objects.identify(session, "JR", [f"D{n}" for n in range(len(combos))])
        for n, combo in enumerate(combos):
            for channel, code in zip(("PRINT", "EMAIL", "FAX", "EBILL", "CSV", "PULL"), combo, strict=False):
                session.add(Delivery(job_id="JR", document_number=f"D{n}", channel=channel, code=code))
        session.flush()
        objects.refresh(session, "JR")
        got = dict(session.execute(select(Transaction.document_number, Transaction.code)).all())
    expected = {f"D{n}": rollup(ObjectKind.TRN, combo) for n, combo in enumerate(combos)}
    assert got == expected


def test_every_document_is_a_trn_whose_code_follows_the_job_and_the_job_code_is_their_roll_up(
    rendered: JobContext, mailbox: Mailbox
) -> None:
    ctx = smtp_at(rendered, mailbox_port())
    assert trn_codes(ctx) == Counter({290: 40})  # assembled: every PDF made
    assert job_code(ctx) == 290
    jobs.advance(ctx.store, ctx.job_id, "AWAITING_OPS_APPROVAL")
    assert job_code(ctx) == rollup(ObjectKind.JOB, list(trn_codes(ctx)))
    awaiting_closeout(ctx)  # approved (TRNs 411), printed (print RCPs at the facility), emailed
    rcp = codes_of(ctx, "RCP")
    assert set(rcp) <= {490, 999, 888}
    assert trn_codes(ctx)[490] == rcp[490]  # documents at the facility wait for the postage report
    assert job_code(ctx) == 490  # "Presentation Completed", as the status "Delivered to Post Office" says
    assert set(codes_of(ctx, "BCH")) <= {690, 999}
    assert set(codes_of(ctx, "PUB")) <= {711, 999}
    from batchline.billing import distribution

    sent = {b.id: b.pieces for b in batches(ctx) if b.channel == "PRINT" and b.pieces}
    distribution.close_out(ctx, postage_report(ctx, [(b, n, "1.00") for b, n in sent.items()]))
    assert set(trn_codes(ctx)) <= {999, 888}
    assert job_code(ctx) == 999
    assert set(codes_of(ctx, "PUB")) == {999}


def test_a_failed_delivery_is_a_distribution_error_on_its_trn_and_the_job(
    rendered: JobContext, mailbox: Mailbox
) -> None:
    ctx = smtp_at(rendered, mailbox_port())
    awaiting_closeout(ctx)
    failed = next(iter(deliveries(ctx, "EMAIL")))
    with ctx.store.unit_of_work() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.job_id == ctx.job_id, Delivery.document_number == failed)
            .values(state="FAILED", code=341)
        )
        objects.refresh(session, ctx.job_id)
        assert objects.job_code(session, ctx.job_id) == 341
    assert trn_codes(ctx)[341] == 1


def test_a_stage_error_puts_the_trns_at_the_stage_error_code_and_a_rerun_takes_them_back(
    rendered: JobContext,
) -> None:
    ctx = rendered
    with ctx.store.unit_of_work() as session:
        session.execute(update(Transaction).where(Transaction.job_id == ctx.job_id).values(code=231))
    jobs.fail_stage(ctx.store, ctx.job_id, "ASSEMBLY_ERROR", reason="worker: disk full")
    assert trn_codes(ctx) == Counter({241: 40})
    assert job_code(ctx) == 141
    jobs.advance(ctx.store, ctx.job_id, "GENERATING_PDFS")
    assert trn_codes(ctx) == Counter({231: 40})
    assert job_code(ctx) == 211


def test_the_job_tracking_report_counts_each_jobs_objects_by_code(
    rendered: JobContext, mailbox: Mailbox
) -> None:
    from batchline.reports.job_tracking import job_tracking, object_codes

    ctx = smtp_at(rendered, mailbox_port())
    awaiting_closeout(ctx)
    frame = object_codes(ctx.store, [ctx.job_id])
    counted = {(r.object, r.code): r.count for r in frame.itertuples()}
    assert counted[("JOB", 490)] == 1
    assert sum(n for (kind, _), n in counted.items() if kind == "TRN") == 40
    assert sum(n for (kind, _), n in counted.items() if kind == "RCP") == len(deliveries(ctx))
    assert set(frame["meaning"]) >= {"Processed"}
    summary = job_tracking(ctx.store, job_ids=[ctx.job_id])["objects"].iloc[0]
    assert summary.startswith("TRN ") and "RCP " in summary and "BCH " in summary and "PUB " in summary
