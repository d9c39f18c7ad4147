"""The one way a lifecycle object changes status: checked, versioned, with history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from batchline.errors import BatchlineError
from batchline.lifecycle import Lifecycle
from batchline.store.models import ObjectStatus, StatusHistory
from batchline.store.types import utcnow


class StatusConflict(BatchlineError):
    """Another process moved the object first; re-read and decide again."""


class UnknownObject(BatchlineError):
    pass


class IllegalStart(BatchlineError):
    pass


@dataclass(frozen=True)
class StatusChange:
    lifecycle: str
    object_id: str
    from_status: str | None
    to_status: str
    actor: str
    at: datetime
    reason: str


def register(
    session: Session, lifecycle: Lifecycle, object_id: str, status: str, *, actor: str, reason: str = ""
) -> StatusChange:
    """Create the object's status at one of the lifecycle's initial statuses."""
    if status not in lifecycle.initial:
        raise IllegalStart(
            f"{lifecycle.label} {object_id}: cannot start at {lifecycle.status(status).title!r}; "
            f"a {lifecycle.label} starts at {', '.join(lifecycle.status(c).title for c in lifecycle.initial)}"
        )
    now = utcnow()
    session.add(ObjectStatus(lifecycle=lifecycle.name, object_id=object_id, status=status, updated_at=now))
    return _record(session, lifecycle, object_id, None, status, actor, now, reason)


def current_status(session: Session, lifecycle: Lifecycle, object_id: str) -> str:
    row = session.get(ObjectStatus, (lifecycle.name, object_id))
    if row is None:
        raise UnknownObject(f"{lifecycle.name} {object_id}: no such object in the store")
    return row.status


def move(
    session: Session,
    lifecycle: Lifecycle,
    object_id: str,
    to_status: str,
    *,
    actor: str,
    reason: str = "",
    expected_from: str | None = None,
) -> StatusChange:
    """Move the object to `to_status` if the lifecycle's table allows it.

    The status row is updated with a compare-and-set on its version, so two
    writers racing on one object cannot both succeed; the history row is written
    in the same transaction.
    """
    row = session.execute(
        select(ObjectStatus.status, ObjectStatus.version).where(
            ObjectStatus.lifecycle == lifecycle.name, ObjectStatus.object_id == object_id
        )
    ).one_or_none()
    if row is None:
        raise UnknownObject(f"{lifecycle.name} {object_id}: no such object in the store")
    from_status, version = row
    if expected_from is not None and from_status != expected_from:
        raise StatusConflict(
            f"{lifecycle.name} {object_id}: expected to be at "
            f"{lifecycle.status(expected_from).title!r}, found {lifecycle.status(from_status).title!r}"
        )
    lifecycle.check_move(from_status, to_status, object_id=object_id)
    now = utcnow()
    result = session.execute(
        update(ObjectStatus)
        .where(
            ObjectStatus.lifecycle == lifecycle.name,
            ObjectStatus.object_id == object_id,
            ObjectStatus.version == version,
        )
        .values(status=to_status, version=version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StatusConflict(
            f"{lifecycle.name} {object_id}: moved by someone else while moving to {to_status}; re-read it"
        )
    return _record(session, lifecycle, object_id, from_status, to_status, actor, now, reason)


def history(session: Session, lifecycle: Lifecycle, object_id: str) -> list[StatusChange]:
    rows = session.scalars(
        select(StatusHistory)
        .where(StatusHistory.lifecycle == lifecycle.name, StatusHistory.object_id == object_id)
        .order_by(StatusHistory.id)
    )
    return [
        StatusChange(r.lifecycle, r.object_id, r.from_status, r.to_status, r.actor, r.at, r.reason)
        for r in rows
    ]


def _record(
    session: Session,
    lifecycle: Lifecycle,
    object_id: str,
    from_status: str | None,
    to_status: str,
    actor: str,
    at: datetime,
    reason: str,
) -> StatusChange:
    session.add(
        StatusHistory(
            lifecycle=lifecycle.name,
            object_id=object_id,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            at=at,
            reason=reason,
        )
    )
    return StatusChange(lifecycle.name, object_id, from_status, to_status, actor, at, reason)
