"""The sweep: Committed batches are Locked, written as Standard 18 and submitted once each.

A batch's submission row is written before the gateway is called and moved on with a
compare-and-set, so a rerun, a crash or a second sweep never submits a batch again. A
submission with no final sign-off is held for escalation until the gateway's later answer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from batchline.bacs.batches import get_batch, payments_of
from batchline.bacs.calendar import processing_day
from batchline.bacs.gateway import ACCEPTED, NO_SIGN_OFF, PENDING, REJECTED, BacsGateway
from batchline.bacs.problems import BacsFileError
from batchline.bacs.profiles import PaymentProfile
from batchline.bacs.standard18 import write_standard18
from batchline.lifecycle import BACS_BATCH
from batchline.store import status
from batchline.store.bacs_models import BacsSubmission
from batchline.store.db import Store
from batchline.store.models import ObjectStatus
from batchline.store.types import utcnow

SWEEP = "sweep"
# Seed 002's table leads to Held for escalation from Approved only; a swept batch is Locked. Until
# the catalog allows Locked -> Held for escalation, a submission with no sign-off keeps its batch
# Locked (from where Sent and Rejected, the held outcomes, are allowed): held either way.
HELD = "HELD_FOR_ESCALATION"
_AFTER = {ACCEPTED: "SENT", REJECTED: "REJECTED_BY_BACS"}
_AFTER_HELD = {ACCEPTED: "SENT", REJECTED: "REJECTED"}  # seed 002: Rejected "if not received by Bacs"


def position(store: Store, batch_id: str) -> dict[str, Any]:
    """Where a batch stands for its run: its status, whether it is held, and the run to wake."""
    with store.unit_of_work() as session:
        submission = session.get(BacsSubmission, batch_id)
        return {
            "status": status.current_status(session, BACS_BATCH, batch_id),
            "held": submission is not None and submission.outcome == NO_SIGN_OFF,
            "flow_run_id": get_batch(session, batch_id).flow_run_id,
        }


def swept_batches(store: Store) -> list[str]:
    """Batches a sweep submitted that have their outcome and are not archived: their runs may still wait.

    A run that reached its sweep gate just after the sweep handled its batch missed that wake-up;
    every later sweep offers it again.
    """
    with store.unit_of_work() as session:
        return list(
            session.scalars(
                select(BacsSubmission.batch_id)
                .join(
                    ObjectStatus,
                    (ObjectStatus.object_id == BacsSubmission.batch_id)
                    & (ObjectStatus.lifecycle == BACS_BATCH.name),
                )
                .where(ObjectStatus.status.in_(("SENT", "REJECTED_BY_BACS", "REJECTED", "WITHDRAWN")))
                .order_by(BacsSubmission.batch_id)
            )
        )


def committed_batches(store: Store) -> list[str]:
    with store.unit_of_work() as session:
        return list(
            session.scalars(
                select(ObjectStatus.object_id)
                .where(ObjectStatus.lifecycle == BACS_BATCH.name, ObjectStatus.status == "COMMITTED")
                .order_by(ObjectStatus.updated_at)
            )
        )


def lock(store: Store, batch_id: str) -> str:
    with store.unit_of_work() as session:
        status.move(session, BACS_BATCH, batch_id, "LOCKED", actor=SWEEP, expected_from="COMMITTED")
    return "LOCKED"


def _serial(session: Session, day: date) -> str:
    """Day of the year and a count: unique among the day's submissions."""
    prefix = f"{day.timetuple().tm_yday:03d}"
    # The same day of the year and the same processing day: the same submission day.
    taken = session.scalars(
        select(BacsSubmission.serial).where(
            BacsSubmission.serial.like(f"{prefix}%"), BacsSubmission.processing_day == processing_day(day)
        )
    ).all()
    return f"{prefix}{len(taken) + 1:03d}"


def write_submission(
    store: Store, batch_id: str, profile: PaymentProfile, out_dir: Path, submission_day: date
) -> dict[str, Any]:
    """The Standard 18 file of a Locked batch; a batch that cannot be written is Rejected with why."""
    with store.unit_of_work() as session:
        found = session.get(BacsSubmission, batch_id)
        if found is not None:
            return {"status": "LOCKED", "serial": found.serial, "file": found.file_path}
        payments = payments_of(session, batch_id)
        serial = _serial(session, submission_day)
        path = out_dir / f"{batch_id}.{serial}.bacs"
        try:
            summary = write_standard18(
                path, payments, profile.as_originator(), serial=serial, submission_day=submission_day
            )
        except BacsFileError as bad:
            reason = f"the submission cannot be written: {str(bad).splitlines()[0]}"
            status.move(session, BACS_BATCH, batch_id, "REJECTED", actor=SWEEP, reason=reason)
            return {"status": "REJECTED", "reason": reason}
        session.add(
            BacsSubmission(
                batch_id=batch_id, serial=serial, file_path=str(path), processing_day=summary.processing_day,
                submitted_at=utcnow(), outcome="WRITTEN", message="",
            )
        )  # fmt: skip
        return {
            "status": "LOCKED",
            "serial": serial,
            "file": str(path),
            "processing_day": str(summary.processing_day),
        }


def submit(store: Store, batch_id: str, gateway: BacsGateway) -> dict[str, str]:
    """Send the written file once; the gateway's answer moves the batch to Sent, Rejected by Bacs or held."""
    with store.unit_of_work() as session:
        claimed = session.execute(
            update(BacsSubmission)
            .where(BacsSubmission.batch_id == batch_id, BacsSubmission.outcome == "WRITTEN")
            .values(outcome=PENDING, submitted_at=utcnow())
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return {"status": status.current_status(session, BACS_BATCH, batch_id), "submitted": "before"}
        submission = session.get(BacsSubmission, batch_id)
        if submission is None:
            raise RuntimeError(f"Bacs batch {batch_id}: its submission vanished")
        serial, path = submission.serial, Path(submission.file_path)
    answer = gateway.submit(serial, path.read_bytes())
    to = _AFTER.get(answer.outcome, HELD)
    _record(store, batch_id, answer.outcome if answer.outcome in _AFTER else NO_SIGN_OFF, answer.message, to)
    return {"status": to, "serial": serial, "message": answer.message}


def settle_held(store: Store, gateway: BacsGateway) -> dict[str, str]:
    """Ask the gateway again about each submission with no final sign-off; never resubmit.

    A submission still PENDING (a sweep stopped during its call) is asked about too.
    """
    with store.unit_of_work() as session:
        held = session.execute(
            select(BacsSubmission.batch_id, BacsSubmission.serial).where(
                BacsSubmission.outcome.in_((NO_SIGN_OFF, PENDING))
            )
        ).all()
    moved = {}
    for batch_id, serial in held:
        answer = gateway.outcome(serial)
        if answer.outcome in _AFTER_HELD:
            moved[batch_id] = _record(
                store, batch_id, answer.outcome, answer.message, _AFTER_HELD[answer.outcome]
            )
    return moved


def _record(store: Store, batch_id: str, outcome: str, message: str, to: str) -> str:
    with store.unit_of_work() as session:
        submission = session.get(BacsSubmission, batch_id)
        if submission is None:
            raise RuntimeError(f"Bacs batch {batch_id}: no submission to record an outcome on")
        now = utcnow()
        submission.outcome, submission.outcome_at, submission.message = outcome, now, message
        reason = f"{outcome.lower().replace('_', ' ')}: {message}"[:2000]
        if status.current_status(session, BACS_BATCH, batch_id) != to:
            status.move(session, BACS_BATCH, batch_id, to, actor="bacs gateway", reason=reason)
        if to == "SENT":
            get_batch(session, batch_id).sent_at = now
    return to
