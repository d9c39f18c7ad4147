"""Seed 003's objects under a bill run, and their codes as the run moves.

A job's documents are transactions (TRN, `transactions`), each delivered to one
or more recipients (RCP, `deliveries`), which are batched (BCH, `batches`: print
batches and one electronic batch per channel) and published (PUB,
`publications`: one per batch and location). Codes change set-wise, one SQL
statement per kind and move, never a row at a time:

- TRN: 211 when the file is identified; 231 while PDFs are generated, 290 when
  they are; from then on each TRN is rolled up from its RCPs (`TRN_FROM_RCP`,
  which is `codes.rollup` for the RCP codes used here: a test checks every
  combination). A stage error puts the TRNs it was working on at that stage's
  error code (241 assembly, 341 distribution); a rerun takes them back.
- RCP: 411 planned, 431 being sent, 490 in a print batch at the facility, 999
  delivered (print: when the postage report closes the job), 341 failed, 888
  pulled, undeliverable or cancelled.
- BCH: print batches 490 rendered, 690 dropped at the facility, 999 closed
  out; an electronic batch is 401 until sending starts, 631 while its RCPs are
  sent, 641 if any failed, 999 when all are done.
- PUB: 490 presented, 611 being published, 711 published and waiting for
  notification (the postage report), 999 complete.
- JOB: `codes.rollup(JOB, TRN codes)` once the job has transactions; before
  that, the code its bill-run status declares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, exists, func, insert, literal_column, select, update
from sqlalchemy.orm import Session

from batchline.lifecycle.codes import ObjectKind, rollup
from batchline.store.models import Batch, Delivery, DeliveryTotal, Job, Publication, Transaction
from batchline.store.types import utcnow

IDENTIFIED, GENERATING, ASSEMBLED = 211, 231, 290
ASSEMBLY_ERROR, DISTRIBUTION_ERROR, CANCELLED = 241, 341, 888
RCP_PLANNED, RCP_SENDING, RCP_AT_FACILITY, RCP_FAILED, RCP_DONE = 411, 431, 490, 341, 999

_ASSEMBLY = ("USPS_ERROR", "ASSEMBLY_ERROR")
_PAST_ASSEMBLY = (
    "AWAITING_OPS_APPROVAL",
    "AWAITING_CUSTOMER_APPROVAL",
    "PRINTING_PAPER_BILLS",
    "SENDING_ELECTRONIC",
    "ELECTRONIC_SCHEDULED",
    "PRINTING_COMPLETE",
    "DELIVERED_TO_POST_OFFICE",
    "CLOSEOUT_OVERDUE",
    "JOB_COMPLETE",
    "DISTRIBUTION_ERROR",
)
_ENDED = ("REJECTED", "APPROVAL_EXPIRED", "CANCELLED")
# What the reports need of a document, kept on its TRN; the first four also on each of its RCPs.
DELIVERY_FACTS = ("document_type", "branch", "amount", "pages")
TRN_FACTS = ("document_number", *DELIVERY_FACTS, "account_number", "routed_by")


def identify(
    session: Session, job_id: str, documents: Iterable[str | Mapping[str, Any]], chunk: int = 5000
) -> int:
    """One TRN per document at 211 "Assembly Ready" (an existing TRN is left as it is: a rerun).

    A document is its number, or a mapping of its number and facts (TRN_FACTS) for the reports.
    """
    have = set(session.scalars(select(Transaction.document_number).where(Transaction.job_id == job_id)))
    rows = []
    for document in documents:
        facts = {"document_number": document} if isinstance(document, str) else dict(document)
        if facts["document_number"] not in have:
            rows.append(
                {name: facts.get(name) for name in TRN_FACTS} | {"job_id": job_id, "code": IDENTIFIED}
            )
    for start in range(0, len(rows), chunk):
        session.execute(insert(Transaction), rows[start : start + chunk])
    return len(rows)


def _set_trn(session: Session, job_id: str, code: int, *, where_codes: Sequence[int] = ()) -> None:
    condition = Transaction.job_id == job_id
    if where_codes:
        condition = and_(condition, Transaction.code.in_(list(where_codes)))
    session.execute(update(Transaction).where(condition).values(code=code))


def after_move(session: Session, job_id: str, status: str) -> int | None:
    """Put the job's objects at the codes of the status just entered; returns the rolled-up JOB code.

    None when the job has no transactions yet (its status's own code stands).
    """
    if status == "USPS_PREPARATION":
        _set_trn(session, job_id, IDENTIFIED, where_codes=[ASSEMBLY_ERROR])
    elif status == "GENERATING_PDFS":
        _set_trn(session, job_id, GENERATING, where_codes=[IDENTIFIED, ASSEMBLY_ERROR, ASSEMBLED])
    elif status in _ASSEMBLY:
        _set_trn(session, job_id, ASSEMBLY_ERROR, where_codes=[IDENTIFIED, GENERATING])
    elif status in _PAST_ASSEMBLY or status in _ENDED:
        _set_trn(session, job_id, ASSEMBLED, where_codes=[GENERATING])
        refresh(session, job_id)
        if status == "DISTRIBUTION_ERROR":
            _set_trn(session, job_id, DISTRIBUTION_ERROR, where_codes=[RCP_PLANNED, RCP_SENDING])
        if status in _ENDED:
            _set_trn(
                session, job_id, CANCELLED, where_codes=[IDENTIFIED, GENERATING, ASSEMBLED, ASSEMBLY_ERROR]
            )
    return job_code(session, job_id)


_LIVE = case((Delivery.code != CANCELLED, 1), else_=0)
_FAILED = case((Delivery.code == RCP_FAILED, 1), else_=0)
# codes.rollup(TRN, RCP codes) for RCP codes in {341, 411, 431, 490, 888, 999}, as SQL.
TRN_FROM_RCP = (
    select(
        case(
            (func.sum(_LIVE) == 0, CANCELLED),
            (func.sum(_FAILED) > 0, DISTRIBUTION_ERROR),
            else_=func.min(case((Delivery.code != CANCELLED, Delivery.code))),
        )
    )
    .where(Delivery.job_id == Transaction.job_id, Delivery.document_number == Transaction.document_number)
    .scalar_subquery()
)


def refresh(session: Session, job_id: str) -> None:
    """Roll TRNs up from their RCPs, electronic BCHs from theirs, and PUBs from their batches."""
    has_rcp = exists().where(
        Delivery.job_id == Transaction.job_id, Delivery.document_number == Transaction.document_number
    )
    session.execute(
        update(Transaction)
        .where(Transaction.job_id == job_id, has_rcp)
        .values(code=TRN_FROM_RCP)
        .execution_options(synchronize_session=False)
    )
    _refresh_electronic_batches(session, job_id)
    _refresh_publications(session, job_id)
    refresh_totals(session, job_id)


def refresh_totals(session: Session, job_id: str) -> None:
    """Recount the job's sent deliveries into delivery_totals (one GROUP BY over the job's deliveries)."""
    quarter = _quarter_hour(session.get_bind().dialect.name)
    keys = (
        Delivery.job_id,
        quarter,
        func.coalesce(Delivery.branch, ""),
        Delivery.channel,
        func.coalesce(Delivery.document_type, ""),
        Delivery.is_copy,
    )
    counted = (
        select(
            *keys,
            func.count(),
            func.coalesce(func.sum(Delivery.amount), 0),
            func.coalesce(func.sum(Delivery.pages), 0),
        )
        .where(Delivery.job_id == job_id, Delivery.state == "SENT", Delivery.sent_at.is_not(None))
        .group_by(*keys)
    )
    session.execute(delete(DeliveryTotal).where(DeliveryTotal.job_id == job_id))
    session.execute(
        insert(DeliveryTotal).from_select(
            ["job_id", "sent_quarter", "branch", "channel", "document_type", "is_copy", "deliveries", "amount",
             "pages"],
            counted,
        )
    )  # fmt: skip


def _quarter_hour(dialect: str) -> ColumnElement[Any]:
    """sent_at cut down to its quarter hour, stored as the column type stores timestamps."""
    if dialect == "postgresql":
        return literal_column(
            "date_trunc('hour', deliveries.sent_at) "
            "+ floor(extract(minute from deliveries.sent_at) / 15) * interval '15 minutes'"
        )
    # SQLite keeps UTC timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff' text.
    return literal_column(
        "substr(deliveries.sent_at, 1, 14) "
        "|| printf('%02d', (CAST(substr(deliveries.sent_at, 15, 2) AS INTEGER) / 15) * 15) || ':00.000000'"
    )


def _refresh_electronic_batches(session: Session, job_id: str) -> None:
    rows = session.execute(
        select(Delivery.batch_id, Delivery.code, func.count(), func.max(Delivery.sent_at))
        .join(Batch, Batch.id == Delivery.batch_id)
        .where(Delivery.job_id == job_id, Batch.channel != "PRINT")
        .group_by(Delivery.batch_id, Delivery.code)
    ).all()
    by_batch: dict[str, dict[int, int]] = {}
    last_sent: dict[str, datetime] = {}
    for batch_id, code, n, sent in rows:
        by_batch.setdefault(batch_id, {})[code] = int(n)
        if sent is not None:
            sent = as_utc(sent)
            last_sent[batch_id] = max(sent, last_sent.get(batch_id, sent))
    for batch_id, counted in by_batch.items():
        live = {c for c in counted if c != CANCELLED}
        if not live:
            code = CANCELLED
        elif live <= {RCP_PLANNED}:
            code = 401
        elif live & {RCP_PLANNED, RCP_SENDING}:
            code = 631
        elif RCP_FAILED in live:
            code = 641
        else:
            code = 999
        # An electronic batch is "mailed" the (UTC) day its last bill went out, once none is left to send.
        finished = code in (641, 999) and batch_id in last_sent
        mailed_on = last_sent[batch_id].date() if finished else None
        session.execute(update(Batch).where(Batch.id == batch_id).values(code=code, mailed_on=mailed_on))


_PUB_FOR_BATCH = {401: 490, 490: 490, 631: 611, 641: 611, 690: 711, 999: 999, 888: 999}


def _refresh_publications(session: Session, job_id: str) -> None:
    pubs = session.execute(
        select(Publication.id, Publication.code, Batch.code)
        .join(Batch, Batch.id == Publication.batch_id)
        .where(Publication.job_id == job_id)
    ).all()
    now = utcnow()
    for pub_id, code, batch_code in pubs:
        wanted = _PUB_FOR_BATCH.get(batch_code, code)
        if wanted != code:
            session.execute(
                update(Publication).where(Publication.id == pub_id).values(code=wanted, updated_at=now)
            )


def assembled(session: Session, job_id: str) -> int | None:
    """Every PDF is made: TRNs at 290 "Assembly Processed"; returns the JOB code."""
    _set_trn(session, job_id, ASSEMBLED, where_codes=[GENERATING])
    return job_code(session, job_id)


def job_code(session: Session, job_id: str) -> int | None:
    """The JOB code rolled up from its TRNs (seed 003), or None before the job has any."""
    codes = list(session.scalars(select(Transaction.code).where(Transaction.job_id == job_id).distinct()))
    if not codes:
        return None
    code = rollup(ObjectKind.JOB, codes)
    job = session.get(Job, job_id)
    if job is not None:
        job.job_code = code
    return code


def electronic_batch_id(job_id: str, channel: str) -> str:
    return f"{job_id}-{channel}"


def plan_batches(session: Session, job_id: str, location_of: dict[str, str]) -> None:
    """One BCH per electronic channel holding its RCPs, and one PUB per batch (print ones included).

    `location_of` names where each channel publishes (the facility drop, the portal, ...).
    """
    channels = list(
        session.scalars(
            select(Delivery.channel)
            .where(Delivery.job_id == job_id, Delivery.channel != "PRINT", Delivery.channel != "PULL")
            .distinct()
            .order_by(Delivery.channel)
        )
    )
    last = session.scalar(select(func.max(Batch.sequence)).where(Batch.job_id == job_id)) or 0
    for n, channel in enumerate(channels, start=1):
        batch_id = electronic_batch_id(job_id, channel)
        if session.get(Batch, batch_id) is None:
            pieces = session.scalar(
                select(func.count()).where(Delivery.job_id == job_id, Delivery.channel == channel)
            )
            session.add(
                Batch(
                    id=batch_id,
                    job_id=job_id,
                    channel=channel,
                    sequence=last + n,
                    code=401,
                    pieces=pieces or 0,
                )
            )
            session.flush()
        session.execute(
            update(Delivery)
            .where(Delivery.job_id == job_id, Delivery.channel == channel, Delivery.batch_id.is_(None))
            .values(batch_id=batch_id)
        )
    have = set(session.scalars(select(Publication.batch_id).where(Publication.job_id == job_id)))
    for batch_id, channel in session.execute(
        select(Batch.id, Batch.channel).where(Batch.job_id == job_id)
    ).all():
        if batch_id not in have:
            session.add(
                Publication(
                    id=f"{batch_id}-PUB",
                    job_id=job_id,
                    batch_id=batch_id,
                    channel=channel,
                    code=490,
                    location=location_of.get(channel, ""),
                )
            )


def as_utc(moment: datetime) -> datetime:
    """func.max() bypasses the column type: SQLite gives back a naive UTC datetime (or its text)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def close_out_print(session: Session, job_id: str) -> None:
    """The postage report is in: print RCPs at the facility are delivered (999)."""
    session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.channel == "PRINT", Delivery.code == RCP_AT_FACILITY)
        .values(code=RCP_DONE)
    )


def code_counts(session: Session, job_ids: Sequence[str]) -> list[tuple[str, str, int, int]]:
    """(job_id, kind, code, objects) for every kind of seed 003 object the jobs have."""
    if not job_ids:
        return []
    ids = list(job_ids)
    out: list[tuple[str, str, int, int]] = []
    for kind, table in (
        (ObjectKind.TRN, Transaction),
        (ObjectKind.RCP, Delivery),
        (ObjectKind.BCH, Batch),
        (ObjectKind.PUB, Publication),
    ):
        rows = session.execute(
            select(table.job_id, table.code, func.count())
            .where(table.job_id.in_(ids))
            .group_by(table.job_id, table.code)
        ).all()
        out.extend((job_id, kind.value, int(code), int(n)) for job_id, code, n in rows)
    jobs = session.execute(select(Job.id, Job.job_code).where(Job.id.in_(ids))).all()
    out.extend((job_id, ObjectKind.JOB.value, int(code), 1) for job_id, code in jobs)
    return sorted(out)
