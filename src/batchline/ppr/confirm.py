"""CONFIRMED PAYMENT: every instruction transmitted or printed; invoices are marked paid with the payment reference."""

from __future__ import annotations

from sqlalchemy import select, update

from batchline.lifecycle import PAYMENT_INSTRUCTION, PPR
from batchline.ppr.errors import PprError
from batchline.ppr.requests import SYSTEM, load_header, update_summary
from batchline.store import status
from batchline.store.db import Store
from batchline.store.ppr_models import Invoice, IssuedCheck, PaymentInstruction, PprDocument, PprPayment

DONE = ("COMPLETE", "PRINTED")


def confirm_payments(store: Store, ppr_id: str, *, actor: str = SYSTEM) -> dict[str, object]:
    """Electronic files are marked COMPLETE; once every file is done the invoices are paid and the PPR confirmed."""
    with store.unit_of_work() as session:
        if status.current_status(session, PPR, ppr_id) == "CONFIRMED_PAYMENT":
            return {"status": "CONFIRMED_PAYMENT", "already": True}
        header = load_header(session, ppr_id)
        instructions = session.scalars(
            select(PaymentInstruction.id)
            .where(PaymentInstruction.ppr_id == ppr_id)
            .order_by(PaymentInstruction.id)
        ).all()
        for instruction_id in instructions:
            current = status.current_status(session, PAYMENT_INSTRUCTION, instruction_id)
            if current == "FORMATTED":
                status.move(session, PAYMENT_INSTRUCTION, instruction_id, "COMPLETE", actor=actor)
            elif current not in DONE:
                title = PAYMENT_INSTRUCTION.status(current).title
                raise PprError(
                    f"PPR {ppr_id}: instruction {instruction_id} is {title!r}, expected it printed"
                )
        formatted = select(PprPayment.id).where(PprPayment.ppr_id == ppr_id, PprPayment.state == "FORMATTED")
        paying = select(PprDocument.invoice_id).where(
            PprDocument.ppr_id == ppr_id,
            PprDocument.state == "SELECTED",
            PprDocument.payment_id.in_(formatted),
        )
        reference = (
            select(PprDocument.payment_id)
            .where(PprDocument.ppr_id == ppr_id, PprDocument.invoice_id == Invoice.id)
            .scalar_subquery()
        )
        paid = session.execute(
            update(Invoice)
            .where(Invoice.ppr_id == ppr_id, Invoice.state == "OPEN", Invoice.id.in_(paying))
            .values(state="PAID", paid_on=header.payment_date, payment_reference=reference)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        session.execute(
            update(PprDocument)
            .where(
                PprDocument.ppr_id == ppr_id,
                PprDocument.state == "SELECTED",
                PprDocument.payment_id.in_(formatted),
            )
            .values(state="PAID")
            .execution_options(synchronize_session=False)
        )
        confirmed = session.execute(
            update(PprPayment)
            .where(PprPayment.ppr_id == ppr_id, PprPayment.state == "FORMATTED")
            .values(state="CONFIRMED")
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        reason = f"{confirmed} payments confirmed, {paid} invoices paid"
        status.move(session, PPR, ppr_id, "CONFIRMED_PAYMENT", actor=actor, reason=reason)
        update_summary(session, ppr_id, confirmed=confirmed, invoices_paid=paid)
        return {"status": "CONFIRMED_PAYMENT", "confirmed": confirmed, "invoices_paid": paid}


def void_unprinted_checks(store: Store, ppr_id: str) -> int:
    """A PPR terminated after formatting: its checks not yet printed are void; their numbers are never reused."""
    with store.unit_of_work() as session:
        payments = select(PprPayment.id).where(PprPayment.ppr_id == ppr_id)
        voided = session.execute(
            update(IssuedCheck)
            .where(IssuedCheck.payment_id.in_(payments), IssuedCheck.state == "ISSUED")
            .values(state="VOID")
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        for instruction_id in session.scalars(
            select(PaymentInstruction.id).where(PaymentInstruction.ppr_id == ppr_id)
        ):
            try:
                current = status.current_status(session, PAYMENT_INSTRUCTION, instruction_id)
            except status.UnknownObject:  # recorded but its file never written: no status yet
                continue
            if PAYMENT_INSTRUCTION.can_move(current, "TERMINATED"):
                status.move(session, PAYMENT_INSTRUCTION, instruction_id, "TERMINATED", actor=SYSTEM)
        return int(voided)


def terminate_ppr(store: Store, ppr_id: str, *, actor: str, reason: str) -> dict[str, int]:
    """TERMINATED from any gate before confirmation: invoices unlocked, unprinted checks voided."""
    from batchline.ppr.requests import terminate

    released = terminate(store, ppr_id, actor=actor, reason=reason)
    return {"released": released, "voided": void_unprinted_checks(store, ppr_id)}
