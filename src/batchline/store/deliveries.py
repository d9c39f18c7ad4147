"""Deliveries (seed 003 RCP): each document to each channel recorded once, sent at most once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from batchline.store.models import Delivery
from batchline.store.types import utcnow

PENDING, SENDING, SENT, FAILED, PULLED, UNDELIVERABLE, UNCERTAIN, HELD, CANCELLED = (
    "PENDING",
    "SENDING",
    "SENT",
    "FAILED",
    "PULLED",
    "UNDELIVERABLE",
    "UNCERTAIN",
    "HELD",
    "CANCELLED",
)
PULL_CLASS_T = "Pull Class T"


@dataclass(frozen=True, slots=True)
class PlannedDelivery:
    document_number: str
    channel: str
    destination: str = ""
    state: str = PENDING
    routing: str = ""
    batch_id: str | None = None
    reason: str = ""


def record_planned(
    session: Session, job_id: str, planned: Iterable[PlannedDelivery], chunk: int = 2000
) -> None:
    """Insert the job's deliveries; rows that already exist are left as they are (reruns)."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    rows = [
        {
            "job_id": job_id,
            "document_number": p.document_number,
            "channel": p.channel,
            "destination": p.destination,
            "state": p.state,
            "routing": p.routing,
            "batch_id": p.batch_id,
            "reason": p.reason,
            "code": 411 if p.state == PENDING else 888,
        }
        for p in planned
    ]
    for start in range(0, len(rows), chunk):
        statement = insert(Delivery).values(rows[start : start + chunk])
        session.execute(
            statement.on_conflict_do_nothing(index_elements=["job_id", "document_number", "channel"])
        )


def pending(session: Session, job_id: str, channel: str) -> list[tuple[int, str, str]]:
    """(id, document_number, destination) of deliveries not yet attempted."""
    rows = session.execute(
        select(Delivery.id, Delivery.document_number, Delivery.destination)
        .where(Delivery.job_id == job_id, Delivery.channel == channel, Delivery.state == PENDING)
        .order_by(Delivery.id)
    )
    return [(r[0], r[1], r[2]) for r in rows]


def claim(session: Session, delivery_id: int) -> bool:
    """Mark one delivery as being sent; False if another attempt already took it."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.state == PENDING)
        .values(state=SENDING, attempted_at=utcnow(), code=431)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def finish(session: Session, delivery_id: int, *, ok: bool, reason: str = "") -> None:
    values = {"state": SENT, "sent_at": utcnow(), "code": 999} if ok else {"state": FAILED, "code": 441}
    session.execute(update(Delivery).where(Delivery.id == delivery_id).values(reason=reason, **values))


def mark_interrupted(session: Session, job_id: str, channel: str) -> int:
    """Claims left by an attempt that died mid-send: the message may or may not have gone.

    They are never resent automatically (a bill must not go twice); ops check the
    mail log for the stable Message-ID and resolve them.
    """
    result = session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.channel == channel, Delivery.state == SENDING)
        .values(state=UNCERTAIN, reason="interrupted while sending: check the mail log before resending")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def mark_batch_sent(session: Session, job_id: str, batch_id: str) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.batch_id == batch_id, Delivery.state == PENDING)
        .values(state=SENT, sent_at=utcnow(), code=999)
    )


def pull(session: Session, job_id: str, document_numbers: Sequence[str], reason: str) -> int:
    """Route documents to Pull Class T: they are kept, not delivered."""
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.job_id == job_id,
            Delivery.document_number.in_(list(document_numbers)),
            Delivery.state == PENDING,
        )
        .values(state=PULLED, routing=PULL_CLASS_T, reason=reason, code=888)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def counts(session: Session, job_id: str) -> dict[tuple[str, str], int]:
    """Deliveries of a job counted by (channel, state)."""
    rows = session.execute(
        select(Delivery.channel, Delivery.state, func.count())
        .where(Delivery.job_id == job_id)
        .group_by(Delivery.channel, Delivery.state)
    )
    return {(channel, state): int(n) for channel, state, n in rows}


def cancel_pending(session: Session, job_id: str, reason: str) -> int:
    """Deliveries not yet attempted will not be: the job was rejected, expired or cancelled."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.state == PENDING)
        .values(state=CANCELLED, code=888, reason=reason)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
