"""FORMATTING: the PPR's proposed payments become payment instruction files, one per method,
profile and bank account (NACHA, pain.001, a PDF of checks), written by `batchline.payments`.

Recording comes first and writing second: an instruction, its payments and (for checks)
their numbers are recorded in one transaction; the file is then written from what was
recorded, and its status registered when it exists. A rerun after a crash writes the
missing files again from the same records: no second payment, no new check number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from batchline.lifecycle import PAYMENT_INSTRUCTION, PPR
from batchline.payments.model import PaymentMethod
from batchline.ppr.bulk import update_rows
from batchline.ppr.check_stock import record_checks
from batchline.ppr.documents import disbursement_account, load_payments, process_profile
from batchline.ppr.errors import PprError
from batchline.ppr.requests import SYSTEM, load_header
from batchline.store import status
from batchline.store.db import Store
from batchline.store.models import ObjectStatus
from batchline.store.ppr_models import BankAccount, PaymentInstruction, PaymentProfile, PprPayment

ELECTRONIC_START = "FORMATTED"
CHECK_START = "FORMATTED_READY_FOR_PRINTING"
FORMAT_FROM = ("ASSEMBLED_PAYMENTS", "PENDING_PROPOSED_PAYMENT_REVIEW")
SUFFIX = {"ACH": ".ach", "WIRE": ".xml", "CHECK": ".pdf"}


@dataclass(frozen=True)
class InstructionSummary:
    instruction_id: str
    payment_method: str
    payments: int
    total: Decimal
    file_path: str
    status: str


def format_payments(
    store: Store, ppr_id: str, out_dir: Path, *, workers: int = 1
) -> list[InstructionSummary]:
    """Record the instructions (checks numbered from the stock), then write every file not yet written.

    With `workers` > 1 the files are written in parallel processes (each opens the same store).
    """
    with store.unit_of_work() as session:
        current = status.current_status(session, PPR, ppr_id)
        if current in FORMAT_FROM:
            status.move(session, PPR, ppr_id, "FORMATTING", actor=SYSTEM)
        elif current != "FORMATTING":
            return instructions_of(store, ppr_id)
    _record_instructions(store, ppr_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    with store.unit_of_work() as session:
        pending = session.scalars(
            select(PaymentInstruction.id)
            .outerjoin(
                ObjectStatus,
                (ObjectStatus.lifecycle == PAYMENT_INSTRUCTION.name)
                & (ObjectStatus.object_id == PaymentInstruction.id),
            )
            .where(PaymentInstruction.ppr_id == ppr_id, ObjectStatus.status.is_(None))
            .order_by(PaymentInstruction.id)
        ).all()
    if workers > 1 and len(pending) > 1:
        from concurrent.futures import ProcessPoolExecutor

        url = store.engine.url.render_as_string(hide_password=False)
        with ProcessPoolExecutor(min(workers, len(pending))) as pool:
            for done in [pool.submit(_write_in_worker, url, i, out_dir) for i in pending]:
                done.result()
    else:
        for instruction_id in pending:
            write_instruction(store, instruction_id, out_dir)
    return instructions_of(store, ppr_id)


def _write_in_worker(url: str, instruction_id: str, out_dir: Path) -> str:
    worker_store = Store.open(url, upgrade=False)
    try:
        return str(write_instruction(worker_store, instruction_id, out_dir))
    finally:
        worker_store.dispose()


def _record_instructions(store: Store, ppr_id: str) -> None:
    with store.unit_of_work() as session:
        header = load_header(session, ppr_id)
        groups = session.execute(
            select(PprPayment.payment_method, PprPayment.profile_id, PprPayment.bank_account_id)
            .where(
                PprPayment.ppr_id == ppr_id,
                PprPayment.state == "PROPOSED",
                PprPayment.instruction_id.is_(None),
            )
            .distinct()
            .order_by(PprPayment.payment_method, PprPayment.profile_id, PprPayment.bank_account_id)
        ).all()
        if not groups:
            return
        existing = session.scalar(
            select(func.count()).select_from(PaymentInstruction).where(PaymentInstruction.ppr_id == ppr_id)
        )
        today = header.payment_date
        for n, (method, profile_id, bank_id) in enumerate(groups, start=(existing or 0) + 1):
            instruction_id = f"{ppr_id}-PI{n}"
            payments = session.scalars(
                select(PprPayment)
                .where(
                    PprPayment.ppr_id == ppr_id,
                    PprPayment.state == "PROPOSED",
                    PprPayment.instruction_id.is_(None),
                    PprPayment.payment_method == method,
                    PprPayment.profile_id == profile_id,
                    PprPayment.bank_account_id == bank_id,
                )
                .order_by(PprPayment.id)
            ).all()
            reference = _reference(session, method, bank_id, today, instruction_id)
            session.add(
                PaymentInstruction(
                    id=instruction_id,
                    ppr_id=ppr_id,
                    payment_method=method,
                    profile_id=profile_id,
                    bank_account_id=bank_id,
                    reference=reference,
                    formatted_on=today,
                    payments=len(payments),
                    total=sum((p.amount for p in payments), Decimal(0)),
                )
            )
            session.flush()
            numbers = (
                record_checks(session, bank_id, instruction_id, [(p.id, p.amount) for p in payments])
                if method == PaymentMethod.CHECK
                else [None] * len(payments)
            )
            update_rows(
                session,
                PprPayment,
                ("id",),
                [
                    {
                        "id": p.id,
                        "instruction_id": instruction_id,
                        "state": "FORMATTED",
                        "check_number": number,
                    }
                    for p, number in zip(payments, numbers, strict=True)
                ],
            )


def _reference(session: Session, method: str, bank_id: str, day: date, instruction_id: str) -> str:
    """NACHA: the next file id modifier of the day for this bank; pain.001: the message id."""
    if method != PaymentMethod.ACH:
        return instruction_id
    from batchline.payments.nacha import next_file_id_modifier

    used = session.scalars(
        select(PaymentInstruction.reference).where(
            PaymentInstruction.payment_method == "ACH",
            PaymentInstruction.bank_account_id == bank_id,
            PaymentInstruction.formatted_on == day,
        )
    ).all()
    return next_file_id_modifier(list(used))


def write_instruction(store: Store, instruction_id: str, out_dir: Path) -> Path:
    """Write one recorded instruction's file and register its status (FORMATTED or READY FOR PRINTING)."""
    with store.unit_of_work() as session:
        instruction = _instruction(session, instruction_id)
        header = load_header(session, instruction.ppr_id)
        rows = session.scalars(
            select(PprPayment).where(PprPayment.instruction_id == instruction_id).order_by(PprPayment.id)
        ).all()
        payments = load_payments(session, rows, header.payment_date)
        bank = session.get(BankAccount, instruction.bank_account_id)
        profile_row = session.get(PaymentProfile, instruction.profile_id)
        if bank is None or profile_row is None:
            raise PprError(
                f"instruction {instruction_id}: its bank account or profile is no longer in the store"
            )
        account, profile = disbursement_account(bank), process_profile(profile_row)
        method, reference = instruction.payment_method, instruction.reference
        created = datetime.combine(instruction.formatted_on or header.payment_date, time(0, 0), UTC)
    path = out_dir / f"{instruction_id}{SUFFIX[method]}"
    partial = path.with_name(path.name + ".part")
    if method == PaymentMethod.ACH:
        from batchline.payments.nacha import build_nacha_file

        partial.write_bytes(
            build_nacha_file(
                payments, account, profile, created=created, file_id_modifier=reference
            ).to_bytes()
        )
    elif method == PaymentMethod.WIRE:
        from batchline.payments.pain001 import build_pain001

        partial.write_bytes(
            build_pain001(payments, account, profile, message_id=reference, created=created).xml
        )
    else:
        from batchline.render.check_pdf import render_checks

        render_checks(payments, account, partial)
    partial.replace(path)
    with store.unit_of_work() as session:
        instruction = _instruction(session, instruction_id)
        instruction.file_path = str(path)
        start = CHECK_START if method == PaymentMethod.CHECK else ELECTRONIC_START
        status.register(session, PAYMENT_INSTRUCTION, instruction_id, start, actor=SYSTEM, reason=path.name)
    return path


def instructions_of(store: Store, ppr_id: str) -> list[InstructionSummary]:
    with store.unit_of_work() as session:
        rows = session.execute(
            select(PaymentInstruction, ObjectStatus.status)
            .outerjoin(
                ObjectStatus,
                (ObjectStatus.lifecycle == PAYMENT_INSTRUCTION.name)
                & (ObjectStatus.object_id == PaymentInstruction.id),
            )
            .where(PaymentInstruction.ppr_id == ppr_id)
            .order_by(PaymentInstruction.id)
        ).tuples()
        return [
            InstructionSummary(i.id, i.payment_method, i.payments, i.total, i.file_path, code or "")
            for i, code in rows
        ]


def _instruction(session: Session, instruction_id: str) -> PaymentInstruction:
    instruction = session.get(PaymentInstruction, instruction_id)
    if instruction is None:
        raise PprError(f"payment instruction {instruction_id}: not in the store")
    return instruction
