"""The end of a batch's life: Withdrawn by a user, Archived after the profile's period.

An archived batch is hidden from the active list (the 'Card' view) and kept in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from batchline.bacs.batches import BatchError, get_batch, move
from batchline.bacs.profiles import PaymentProfile
from batchline.lifecycle import BACS_BATCH
from batchline.store import status
from batchline.store.bacs_models import BacsBatch
from batchline.store.db import Store
from batchline.store.models import ObjectStatus

FINISHED = ("SENT", "REJECTED_BY_BACS", "REJECTED", "WITHDRAWN")  # may be archived


def withdraw(store: Store, batch_id: str, *, actor: str, reason: str) -> str:
    """The user withdrew the sent file through the sponsoring bank."""
    if not reason.strip():
        raise BatchError(f"Bacs batch {batch_id}: say why it is withdrawn (e.g. the bank's reference)")
    return move(store, batch_id, "WITHDRAWN", actor=actor, reason=reason)


def archive_due(store: Store, profile_of: Callable[[str], PaymentProfile], now: datetime) -> list[str]:
    """Archive finished batches older than their profile's period; they stay in the store."""
    with store.unit_of_work() as session:
        rows = session.execute(
            select(BacsBatch.id, BacsBatch.profile, ObjectStatus.updated_at)
            .join(
                ObjectStatus,
                (ObjectStatus.object_id == BacsBatch.id) & (ObjectStatus.lifecycle == BACS_BATCH.name),
            )
            .where(ObjectStatus.status.in_(FINISHED))
        ).all()
    archived = []
    for batch_id, profile, since in rows:
        days = profile_of(profile).archive_after_days
        if since + timedelta(days=days) <= now:
            with store.unit_of_work() as session:
                status.move(
                    session, BACS_BATCH, batch_id, "ARCHIVED", actor="archive", reason=f"after {days} days"
                )
                get_batch(session, batch_id).archived_at = now
            archived.append(batch_id)
    return archived


def active_batches(store: Store) -> list[tuple[str, str]]:
    """(batch, status) of every batch not Archived: the 'Card' view."""
    with store.unit_of_work() as session:
        return [
            (batch_id, code)
            for batch_id, code in session.execute(
                select(ObjectStatus.object_id, ObjectStatus.status)
                .where(ObjectStatus.lifecycle == BACS_BATCH.name, ObjectStatus.status != "ARCHIVED")
                .order_by(ObjectStatus.object_id)
            )
        ]
