"""A PPR in the store: opened once, its status moved through `store.status`, its locks released on exit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from batchline.lifecycle import PPR
from batchline.ppr.errors import PprError
from batchline.ppr.header import PprHeader
from batchline.store import status
from batchline.store.db import Store
from batchline.store.ppr_models import Invoice, PaymentProcessRequest, PprDocument, PprPayment

SYSTEM = "batchline"
MAX_PPR_ID = 9  # a payment id is the PPR id and six digits: NACHA gives it 15 characters


def open_ppr(store: Store, ppr_id: str, name: str, header: PprHeader, flow_run_id: str = "") -> str:
    """Create the PPR at NEW (or find it on a rerun); returns its status."""
    if not ppr_id or len(ppr_id) > MAX_PPR_ID or not ppr_id.isalnum():
        raise PprError(f"PPR id {ppr_id!r}: expected 1-{MAX_PPR_ID} letters or digits")
    with store.unit_of_work() as session:
        if session.get(PaymentProcessRequest, ppr_id) is None:
            session.add(
                PaymentProcessRequest(
                    id=ppr_id, name=name, header=header.model_dump(mode="json"), flow_run_id=flow_run_id
                )
            )
            status.register(session, PPR, ppr_id, "NEW", actor=SYSTEM, reason=f"PPR {name} submitted")
            return "NEW"
        return status.current_status(session, PPR, ppr_id)


def load_header(session: Session, ppr_id: str) -> PprHeader:
    row = session.get(PaymentProcessRequest, ppr_id)
    if row is None:
        raise PprError(f"PPR {ppr_id}: no such payment process request in the store")
    return PprHeader.model_validate(row.header)


def ppr_status(store: Store, ppr_id: str) -> str:
    with store.unit_of_work() as session:
        return status.current_status(session, PPR, ppr_id)


def advance(store: Store, ppr_id: str, to_status: str, *, actor: str = SYSTEM, reason: str = "") -> str:
    """Move the PPR to `to_status`; already there (a rerun) is fine."""
    with store.unit_of_work() as session:
        if status.current_status(session, PPR, ppr_id) != to_status:
            status.move(session, PPR, ppr_id, to_status, actor=actor, reason=reason)
    return to_status


def update_summary(session: Session, ppr_id: str, **values: Any) -> dict[str, Any]:
    row = session.get(PaymentProcessRequest, ppr_id)
    if row is None:
        raise PprError(f"PPR {ppr_id}: no such payment process request in the store")
    row.summary = {**row.summary, **values}
    return dict(row.summary)


def release_invoices(session: Session, ppr_id: str, invoice_ids: list[int], state: str) -> int:
    """Unlock invoices of this PPR (removed, dismissed or terminated) so another PPR may select them."""
    released = 0
    for start in range(0, len(invoice_ids), 900):
        chunk = invoice_ids[start : start + 900]
        session.execute(
            update(PprDocument)
            .where(PprDocument.ppr_id == ppr_id, PprDocument.invoice_id.in_(chunk))
            .values(state=state)
            .execution_options(synchronize_session=False)
        )
        result = session.execute(
            update(Invoice)
            .where(Invoice.id.in_(chunk), Invoice.ppr_id == ppr_id, Invoice.state == "OPEN")
            .values(ppr_id=None)
            .execution_options(synchronize_session=False)
        )
        released += result.rowcount  # type: ignore[attr-defined]
    return released


def terminate(store: Store, ppr_id: str, *, actor: str, reason: str) -> int:
    """TERMINATED: the PPR is closed for good and every invoice it still holds is unlocked."""
    with store.unit_of_work() as session:
        current = status.current_status(session, PPR, ppr_id)
        if current == "TERMINATED":
            return 0
        status.move(session, PPR, ppr_id, "TERMINATED", actor=actor, reason=reason)
        held = list(
            session.scalars(select(Invoice.id).where(Invoice.ppr_id == ppr_id, Invoice.state == "OPEN"))
        )
        released = release_invoices(session, ppr_id, held, "TERMINATED")
        session.execute(
            update(PprPayment)
            .where(PprPayment.ppr_id == ppr_id, PprPayment.state.in_(("PROPOSED", "FORMATTED")))
            .values(state="TERMINATED")
            .execution_options(synchronize_session=False)
        )
        update_summary(session, ppr_id, terminated_by=actor, terminated_reason=reason)
        return released
