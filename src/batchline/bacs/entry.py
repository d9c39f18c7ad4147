"""Manual Data Entry and Direct Debit Management batches: Draft (editable), Pre-entered, Entered.

Editing an Entered batch of these kinds returns it to Draft; a Rejected batch of any kind
is corrected back to Draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from batchline.bacs.batches import BatchError, get_batch, move, replace_payments
from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import Originator, Payment
from batchline.bacs.problems import BacsFileError, Problem
from batchline.bacs.validate import PaymentChecks
from batchline.lifecycle import BACS_BATCH
from batchline.store import status
from batchline.store.db import Store

EDITABLE_KINDS = ("manual", "direct_debit")  # seed 002: Manual Data Entry and Direct Debit Management
_PLACES = {
    name: f"field {name}"
    for name in ("sort_code", "account_number", "account_name", "amount", "transaction_code", "reference")
} | {"payment_date": "field payment_date"}


def enter_payments(
    store: Store,
    batch_id: str,
    payments: Sequence[Payment],
    checker: ModulusChecker,
    originator: Originator,
    *,
    actor: str,
) -> str:
    """Manual data entry: replace a Draft batch's payments (an Entered one returns to Draft first)."""
    problems: list[Problem] = []
    checks = PaymentChecks(checker, originator)
    numbered = [p._replace(line=n) for n, p in enumerate(payments, start=1)]
    for p in numbered:
        checks.check(p, _PLACES, problems)
    if problems:
        raise BacsFileError(Path(f"batch {batch_id}"), problems)
    with store.unit_of_work() as session:
        batch = get_batch(session, batch_id)
        now = status.current_status(session, BACS_BATCH, batch_id)
        if batch.kind not in EDITABLE_KINDS:
            raise BatchError(f"Bacs batch {batch_id}: an imported batch is corrected by importing a new file")
        if now == "ENTERED":
            status.move(session, BACS_BATCH, batch_id, "DRAFT", actor=actor, reason="edited: back to Draft")
        elif now != "DRAFT":
            raise BatchError(
                f"Bacs batch {batch_id} is {BACS_BATCH.status(now).title}: only a Draft can be edited"
            )
        replace_payments(session, batch, numbered)
    return "DRAFT"


def correct(store: Store, batch_id: str, *, actor: str, reason: str = "corrected after rejection") -> str:
    """A Rejected batch is edited to correct its data: back to Draft."""
    return move(store, batch_id, "DRAFT", actor=actor, reason=reason)


def pre_enter(store: Store, batch_id: str, *, actor: str) -> str:
    """A Draft batch is finished: Pre-entered on its way to Entered."""
    with store.unit_of_work() as session:
        if not get_batch(session, batch_id).payment_count:
            raise BatchError(f"Bacs batch {batch_id}: enter at least one payment before it goes for approval")
    return move(store, batch_id, "PRE_ENTERED", actor=actor, reason="draft complete")
