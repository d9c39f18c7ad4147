"""Deliveries (seed 003 RCP): each document to each channel recorded once, sent at most once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import TracebackType

from sqlalchemy import Connection, Engine, Table, bindparam, func, select, update
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
    is_copy: bool = False
    # The document's facts, kept on each delivery for the reports (billing.objects.DELIVERY_FACTS).
    document_type: str | None = None
    branch: str | None = None
    amount: Decimal | None = None
    pages: int | None = None


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
            "is_copy": p.is_copy,
            "document_type": p.document_type,
            "branch": p.branch,
            "amount": p.amount,
            "pages": p.pages,
            "code": {PENDING: 411, FAILED: 341}.get(p.state, 888),
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


_TABLE: Table = Delivery.__table__  # type: ignore[assignment]
_CLAIM = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("delivery_id"), _TABLE.c.state == PENDING)
    .values(state=SENDING, attempted_at=bindparam("now"), code=431)
)
_FINISH = update(_TABLE).where(_TABLE.c.id == bindparam("delivery_id"))
_SENT = _FINISH.values(state=SENT, sent_at=bindparam("now"), code=999, reason=bindparam("why"))
_FAILED = _FINISH.values(state=FAILED, code=341, reason=bindparam("why"))


class Claims:
    """Claim a delivery before its message goes out, finish it after: each call its own committed transaction.

    One connection for the whole sending loop and statements built once, in Core: the ORM's
    bulk-update path (session, criteria evaluation) cost about 2 ms per claim and finish pair,
    as much as sending the message. Claims are never batched: a crash leaves at most the one
    delivery being sent in doubt (SENDING, later UNCERTAIN).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> Claims:
        self._connection = self._engine.connect()
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def claim(self, delivery_id: int) -> bool:
        """Mark one delivery as being sent; False if another attempt already took it."""
        connection = self._open()
        with connection.begin():
            result = connection.execute(_CLAIM, {"delivery_id": delivery_id, "now": utcnow()})
        return bool(result.rowcount)

    def finish(self, delivery_id: int, *, ok: bool, reason: str = "") -> None:
        connection = self._open()
        with connection.begin():
            connection.execute(
                _SENT if ok else _FAILED, {"delivery_id": delivery_id, "now": utcnow(), "why": reason}
            )

    def _open(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("Claims used outside its with block")
        return self._connection


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


def retry_interrupted(session: Session, job_id: str, channel: str) -> int:
    """Claims left by an attempt that died mid-put, on a channel where putting again is harmless.

    The e-bill portal and the CSV export replace their files by name, so such a delivery
    goes back to PENDING and is put again; nothing can arrive twice.
    """
    result = session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.channel == channel, Delivery.state == SENDING)
        .values(state=PENDING, code=411)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def fail_pending(session: Session, job_id: str, channel: str, reason: str) -> int:
    """The channel's server cannot be reached: its deliveries not yet attempted fail with the reason."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.channel == channel, Delivery.state == PENDING)
        .values(state=FAILED, code=341, attempted_at=utcnow(), reason=reason)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim_channel(session: Session, job_id: str, channel: str) -> list[str]:
    """Claim every pending delivery of a channel delivered as one file (the CSV export)."""
    rows = session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.channel == channel, Delivery.state == PENDING)
        .values(state=SENDING, attempted_at=utcnow(), code=431)
        .returning(Delivery.document_number)
        .execution_options(synchronize_session=False)
    )
    return [str(number) for (number,) in rows]


def finish_channel(session: Session, job_id: str, channel: str, *, ok: bool, reason: str = "") -> int:
    """The channel's file landed (SENT) or did not (FAILED with the reason): every claimed delivery."""
    values = {"state": SENT, "sent_at": utcnow(), "code": 999} if ok else {"state": FAILED, "code": 341}
    result = session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.channel == channel, Delivery.state == SENDING)
        .values(**values, reason=reason)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def mark_batch_sent(session: Session, job_id: str, batch_id: str) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.job_id == job_id, Delivery.batch_id == batch_id, Delivery.state == PENDING)
        .values(state=SENT, sent_at=utcnow(), code=490)  # at the facility: 999 when the postage report is in
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
