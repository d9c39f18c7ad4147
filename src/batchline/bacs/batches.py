"""Bacs batches in the store: open, import, risk, approvals, commit, edit, withdraw, archive.

Every status change goes through `batchline.store.status.move` (seed 002's table) and is
written in the same transaction as the data it stands for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from batchline.bacs.approval import AWAITING, Answer, ApprovalRefused, next_status
from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import Originator, Payment
from batchline.bacs.payments_csv import load_payments_csv
from batchline.bacs.problems import BacsFileError
from batchline.bacs.profiles import PaymentProfile
from batchline.bacs.risk import PastPayment, RiskHistory, RiskReport, assess
from batchline.bacs.standard18_read import parse_standard18
from batchline.errors import BatchlineError
from batchline.lifecycle import BACS_BATCH
from batchline.store import status
from batchline.store.bacs_models import BacsBatch, BacsPayment
from batchline.store.db import Store
from batchline.store.models import Approval
from batchline.store.types import utcnow

KINDS = ("import", "manual", "direct_debit")


class BatchError(BatchlineError):
    pass


def get_batch(session: Session, batch_id: str) -> BacsBatch:
    batch = session.get(BacsBatch, batch_id)
    if batch is None:
        raise BatchError(f"Bacs batch {batch_id}: no such batch in the store")
    return batch


def open_batch(
    store: Store,
    batch_id: str,
    profile: str,
    kind: str,
    submitter: str,
    source_file: str = "",
    flow_run_id: str = "",
) -> str:
    """Create the batch at Import in progress (a file) or Draft (entered by hand); a rerun finds it."""
    if kind not in KINDS:
        raise BatchError(f"Bacs batch {batch_id}: kind must be one of {', '.join(KINDS)}, found {kind!r}")
    with store.unit_of_work() as session:
        found = session.get(BacsBatch, batch_id)
        if found is None:
            session.add(
                BacsBatch(
                    id=batch_id, profile=profile, kind=kind, source_file=source_file, submitter=submitter,
                    flow_run_id=flow_run_id, report={},
                )
            )  # fmt: skip
            start = "IMPORT_IN_PROGRESS" if kind == "import" else "DRAFT"
            status.register(session, BACS_BATCH, batch_id, start, actor=submitter, reason=f"{kind} batch")
            return start
        if flow_run_id:
            found.flow_run_id = flow_run_id
        return status.current_status(session, BACS_BATCH, batch_id)


def batch_status(store: Store, batch_id: str) -> str:
    with store.unit_of_work() as session:
        return status.current_status(session, BACS_BATCH, batch_id)


def last_reason(store: Store, batch_id: str) -> str:
    with store.unit_of_work() as session:
        last = status.history(session, BACS_BATCH, batch_id)[-1]
    return f"{BACS_BATCH.status(last.to_status).title} by {last.actor}: {last.reason}"


def move(store: Store, batch_id: str, to_status: str, *, actor: str, reason: str = "") -> str:
    with store.unit_of_work() as session:
        status.move(session, BACS_BATCH, batch_id, to_status, actor=actor, reason=reason)
    return to_status


def read_payments_file(path: Path, checker: ModulusChecker, originator: Originator) -> list[Payment]:
    """A payments CSV, or a Standard 18 file (it starts with its VOL1 label)."""
    with path.open("rb") as head:
        standard18 = head.read(4) == b"VOL1"
    if standard18:
        return parse_standard18(path, checker, originator).payments
    return load_payments_csv(path, checker, originator)


def import_payments(
    store: Store, batch_id: str, path: Path, checker: ModulusChecker, originator: Originator, report_dir: Path
) -> dict[str, Any]:
    """Import in progress: every transaction checked; a faulty file Rejects the batch with its report."""
    now = batch_status(store, batch_id)
    if now != "IMPORT_IN_PROGRESS":  # imported before this rerun, or a user rejected it meanwhile
        return {"status": now}
    try:
        payments = read_payments_file(path, checker, originator)
    except BacsFileError as bad:
        report_dir.mkdir(parents=True, exist_ok=True)
        report = report_dir / f"{batch_id}.rejected.md"
        report.write_text(bad.report_markdown(), encoding="utf-8")
        (report_dir / f"{batch_id}.rejected.csv").write_text(bad.report_csv(), encoding="utf-8")
        with store.unit_of_work() as session:
            batch = get_batch(session, batch_id)
            batch.report = {**batch.report, "import": {"rejected": str(report), "lines": list(bad.lines)}}
            reason = f"incorrectly formatted file: {len(bad.problems)} problems on {len(bad.lines)} lines"
            status.move(session, BACS_BATCH, batch_id, "REJECTED", actor="import", reason=reason)
        return {"status": "REJECTED", "report": str(report), "problems": len(bad.problems)}
    with store.unit_of_work() as session:
        replace_payments(session, get_batch(session, batch_id), payments)
    return {"status": "IMPORT_IN_PROGRESS", "payments": len(payments), "total_pence": _total(payments)}


def _total(payments: Sequence[Payment]) -> int:
    return sum(p.amount_pence for p in payments)


def replace_payments(session: Session, batch: BacsBatch, payments: Sequence[Payment]) -> None:
    session.execute(delete(BacsPayment).where(BacsPayment.batch_id == batch.id))
    session.add_all(
        BacsPayment(
            batch_id=batch.id, line=p.line or n, sort_code=p.sort_code, account_number=p.account_number,
            account_name=p.account_name, amount_pence=p.amount_pence, transaction_code=p.transaction_code,
            reference=p.reference, payment_date=p.payment_date,
        )
        for n, p in enumerate(payments, start=1)
    )  # fmt: skip
    batch.payment_count, batch.total_pence = len(payments), _total(payments)


def payments_of(session: Session, batch_id: str) -> list[Payment]:
    rows = session.scalars(
        select(BacsPayment).where(BacsPayment.batch_id == batch_id).order_by(BacsPayment.line)
    )
    return [
        Payment(
            r.sort_code, r.account_number, r.account_name, r.amount_pence, r.transaction_code, r.reference,
            r.payment_date, r.line,
        )
        for r in rows
    ]  # fmt: skip


def risk_history(session: Session, profile: str, batch_id: str, history_batches: int) -> RiskHistory:
    sent = session.execute(
        select(BacsBatch.id, BacsBatch.sent_at, BacsBatch.total_pence)
        .where(BacsBatch.profile == profile, BacsBatch.sent_at.is_not(None), BacsBatch.id != batch_id)
        .order_by(BacsBatch.sent_at.desc())
    ).all()
    past = [
        PastPayment(sent_at.date(), payment)
        for other, sent_at, _ in sent
        for payment in payments_of(session, other)
    ]
    return RiskHistory(past, [total for _, _, total in sent[:history_batches]])


def assess_risk(store: Store, batch_id: str, profile: PaymentProfile, today: date) -> dict[str, Any]:
    """Risk assessment when the profile enables it; the batch is then Entered, or Rejected on a hit
    when the profile says hits are errors."""
    with store.unit_of_work() as session:
        now = status.current_status(session, BACS_BATCH, batch_id)
        if now not in ("IMPORT_IN_PROGRESS", "DRAFT", "PRE_ENTERED"):  # a rerun, or a user rejected it
            return {"status": now, "hits": None}
        if not profile.risk.enabled:
            status.move(
                session, BACS_BATCH, batch_id, "ENTERED", actor="import", reason="risk assessment off"
            )
            return {"status": "ENTERED", "hits": 0}
        status.move(session, BACS_BATCH, batch_id, "RISK_ASSESSMENT", actor="protect")
    with store.unit_of_work() as session:
        payments = payments_of(session, batch_id)
        history = risk_history(session, profile.name, batch_id, profile.risk.history_batches)
    report: RiskReport = assess(payments, profile.risk, history, today)
    reject = bool(report.hits) and profile.risk.on_hit == "error"
    to = "REJECTED" if reject else "ENTERED"
    reason = f"{len(report.hits)} risk hits" + (" (the profile errors the batch)" if reject else "")
    with store.unit_of_work() as session:
        batch = get_batch(session, batch_id)
        batch.report = {**batch.report, "risk": report.markdown()}
        status.move(session, BACS_BATCH, batch_id, to, actor="protect", reason=reason)
    return {"status": to, "hits": len(report.hits), "report": report.markdown()}


def approved_by(session: Session, batch_id: str) -> list[str]:
    """Who approved since the batch was last Entered (an edit starts the approvals again)."""
    entered = [h.at for h in status.history(session, BACS_BATCH, batch_id) if h.to_status == "ENTERED"]
    query = select(Approval.approver).where(
        Approval.lifecycle == BACS_BATCH.name, Approval.object_id == batch_id, Approval.decision == "approve"
    )
    if entered:
        query = query.where(Approval.at >= entered[-1])
    return list(session.scalars(query.order_by(Approval.id)))


def answers_recorded(store: Store, batch_id: str) -> int:
    """Every answer taken or refused at this batch's approval gates (names the next gate)."""
    with store.unit_of_work() as session:
        return len(
            session.scalars(
                select(Approval.id).where(
                    Approval.lifecycle == BACS_BATCH.name, Approval.object_id == batch_id
                )
            ).all()
        )


def approval_state(store: Store, batch_id: str, profile: PaymentProfile) -> dict[str, Any]:
    with store.unit_of_work() as session:
        batch = get_batch(session, batch_id)
        return {
            "status": status.current_status(session, BACS_BATCH, batch_id),
            "approved_by": approved_by(session, batch_id),
            "needed": profile.approvals_needed(batch.total_pence),
            "payments": batch.payment_count,
            "total_pence": batch.total_pence,
            "submitter": batch.submitter,
            "risk": str(batch.report.get("risk", "")),
        }


def decide(store: Store, batch_id: str, profile: PaymentProfile, answer: Answer) -> dict[str, str]:
    """Take one answer from an approval gate, or refuse it with the reason (recorded either way)."""
    with store.unit_of_work() as session:
        batch = get_batch(session, batch_id)
        now = status.current_status(session, BACS_BATCH, batch_id)
        if now not in AWAITING:
            raise BatchError(
                f"Bacs batch {batch_id} is {BACS_BATCH.status(now).title}, not awaiting approval"
            )
        record = Approval(
            lifecycle=BACS_BATCH.name, object_id=batch_id, gate=now, approver=answer.approver, note=answer.note,
            pulled=[], at=utcnow(),
        )  # fmt: skip
        try:
            to = next_status(
                profile, batch.total_pence, batch.submitter, approved_by(session, batch_id), answer
            )
        except ApprovalRefused as refused:
            record.decision, record.note = "refused", str(refused)
            session.add(record)
            return {"refused": str(refused)}
        record.decision = answer.decision
        session.add(record)
        if to != now:
            reason = f"{answer.decision} by {answer.approver}" + (f": {answer.note}" if answer.note else "")
            status.move(session, BACS_BATCH, batch_id, to, actor=answer.approver, reason=reason)
        return {"status": to}


def reject(store: Store, batch_id: str, *, actor: str, reason: str) -> str:
    """A user rejects the batch (while it imports, at risk assessment, or awaiting approval)."""
    return move(store, batch_id, "REJECTED", actor=actor, reason=reason)


def commit(store: Store, batch_id: str, *, actor: str) -> str:
    return move(store, batch_id, "COMMITTED", actor=actor, reason="ready for the next sweep")
