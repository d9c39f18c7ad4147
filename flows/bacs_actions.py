"""What a user does to a Bacs batch outside its run: withdraw, reject, correct, or edit its payments.

Seed 002: Withdrawn is set by a user who has contacted the sponsoring bank; a user can
reject a batch (while it imports, at risk assessment or awaiting approval); a Rejected
batch is edited to correct its data, back to Draft; a Manual Data Entry or Direct Debit
Management batch is edited (its payments replaced from `payments_file`), and an Entered
one returns to Draft: its run, waiting at an approval gate, ends "edited, back to Draft" when
next answered, and a new bacs-batch run (kind manual, the same batch_id) takes it from Draft.
Every move is checked against the status table: one it does not allow fails the run.
"""

from __future__ import annotations

from typing import Literal

from prefect import flow

from batchline.bacs import archive, batches, entry
from batchline.lifecycle import BACS_BATCH
from batchline.store.db import default_store
from tasks.bacs import enter_payments


@flow(name="bacs-batch-action", flow_run_name="{action} {batch_id} by {user}", log_prints=True)
def bacs_batch_action(
    batch_id: str,
    action: Literal["withdraw", "reject", "correct", "edit"],
    user: str,
    reason: str = "",
    payments_file: str = "",
) -> str:
    """Record the user's action on the batch; returns its new status title."""
    store = default_store()
    if action == "edit":
        with store.unit_of_work() as session:
            profile = batches.get_batch(session, batch_id).profile
        moved = enter_payments(batch_id, profile, payments_file, user)
    elif action == "withdraw":
        moved = archive.withdraw(store, batch_id, actor=user, reason=reason)
    elif action == "reject":
        moved = batches.reject(store, batch_id, actor=user, reason=reason or "rejected by the user")
    else:
        moved = entry.correct(store, batch_id, actor=user, reason=reason or "corrected after rejection")
    title = BACS_BATCH.status(moved).title
    print(f"Bacs batch {batch_id}: {title} ({action} by {user})")
    return title
