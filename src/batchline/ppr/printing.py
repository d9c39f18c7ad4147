"""Printing checks (seed 004): send the file to the printer, then Record Print Status.

Every number on the file is accounted for as printed or spoiled. Spoiled checks are
reprinted on new numbers from the stock and their old numbers voided; the file goes to
the printer again (SUBMITTED FOR PRINTING to itself) until no check is spoiled, and is
then PRINTED. The positive pay file lists the printed checks and the voids.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update

from batchline.lifecycle import PAYMENT_INSTRUCTION
from batchline.payments.positive_pay import DEFAULT_FIXED_LAYOUT, PositivePayItem, build_positive_pay
from batchline.ppr.check_stock import format_ranges, record_checks, skip_numbers
from batchline.ppr.documents import disbursement_account, load_payments
from batchline.ppr.errors import AnswerRefused, PprError
from batchline.ppr.requests import load_header
from batchline.store import status
from batchline.store.db import Store
from batchline.store.ppr_models import BankAccount, IssuedCheck, PaymentInstruction, PprPayment
from batchline.store.types import utcnow


@dataclass(frozen=True)
class PrintResult:
    status: str  # PRINTED, or SUBMITTED_FOR_PRINTING when spoiled checks were reprinted
    printed: list[int] = field(default_factory=list)
    voided: list[int] = field(default_factory=list)
    reprinted: dict[str, int] = field(default_factory=dict)  # payment id -> its new number
    file_path: str = ""


def issued_numbers(store: Store, instruction_id: str) -> list[int]:
    with store.unit_of_work() as session:
        return list(
            session.scalars(
                select(IssuedCheck.check_number)
                .where(IssuedCheck.instruction_id == instruction_id, IssuedCheck.state == "ISSUED")
                .order_by(IssuedCheck.check_number)
            )
        )


def submit_for_printing(store: Store, instruction_id: str, printer_dir: Path, *, actor: str) -> Path:
    """FORMATTED - READY FOR PRINTING -> SUBMITTED FOR PRINTING: the PDF is dropped for the printer."""
    with store.unit_of_work() as session:
        instruction = session.get(PaymentInstruction, instruction_id)
        if instruction is None:
            raise PprError(f"payment instruction {instruction_id}: not in the store")
        source = Path(instruction.file_path)
        current = status.current_status(session, PAYMENT_INSTRUCTION, instruction_id)
        if current == "FORMATTED_READY_FOR_PRINTING":
            status.move(session, PAYMENT_INSTRUCTION, instruction_id, "SUBMITTED_FOR_PRINTING", actor=actor)
    printer_dir.mkdir(parents=True, exist_ok=True)
    target = printer_dir / source.name
    shutil.copyfile(source, target)
    return target


def record_print_status(
    store: Store,
    instruction_id: str,
    printed: list[int],
    spoiled: list[int],
    skipped: list[int],
    out_dir: Path,
    *,
    actor: str,
) -> PrintResult:
    """Take the printer's outcome; spoiled checks get new numbers, a reprint file, and their old numbers voided."""
    on_file = issued_numbers(store, instruction_id)
    both = sorted(set(printed) & set(spoiled))
    if both:
        raise AnswerRefused(f"checks {format_ranges(both)}: expected printed or spoiled, found both")
    accounted = sorted(set(printed) | set(spoiled))
    if accounted != on_file:
        missing = sorted(set(on_file) - set(accounted))
        extra = sorted(set(accounted) - set(on_file))
        raise AnswerRefused(
            f"instruction {instruction_id}: expected every check on the file ({format_ranges(on_file)}) "
            f"as printed or spoiled; "
            + (f"not given: {format_ranges(missing)}" if missing else "")
            + ("; " if missing and extra else "")
            + (f"not on this file: {format_ranges(extra)}" if extra else "")
        )
    now = utcnow()
    with store.unit_of_work() as session:
        instruction = session.get(PaymentInstruction, instruction_id)
        if instruction is None:
            raise PprError(f"payment instruction {instruction_id}: not in the store")
        bank_id = instruction.bank_account_id
        skip_numbers(session, bank_id, skipped)
        for numbers, state in ((printed, "PRINTED"), (spoiled, "VOID")):
            for start in range(0, len(numbers), 900):
                session.execute(
                    update(IssuedCheck)
                    .where(
                        IssuedCheck.bank_account_id == bank_id,
                        IssuedCheck.check_number.in_(numbers[start : start + 900]),
                    )
                    .values(state=state, updated_at=now)
                    .execution_options(synchronize_session=False)
                )
        reprint = session.execute(
            select(PprPayment.id, PprPayment.amount)
            .join(IssuedCheck, IssuedCheck.payment_id == PprPayment.id)
            .where(IssuedCheck.bank_account_id == bank_id, IssuedCheck.check_number.in_(spoiled or [-1]))
            .order_by(PprPayment.id)
        ).all()
        new_numbers = record_checks(session, bank_id, instruction_id, [(p, a) for p, a in reprint])
        if reprint:
            session.execute(
                update(PprPayment),
                [{"id": p, "check_number": n} for (p, _), n in zip(reprint, new_numbers, strict=True)],
            )
            # Recorded before it is written: a crash leaves a missing file that `ensure_print_file` writes.
            instruction.file_path = str(out_dir / f"{instruction_id}-reprint-{new_numbers[0]}.pdf")
        outcome = "SUBMITTED_FOR_PRINTING" if reprint else "PRINTED"
        reason = f"printed {format_ranges(printed) or 'none'}; voided {format_ranges(spoiled) or 'none'}"
        status.move(session, PAYMENT_INSTRUCTION, instruction_id, outcome, actor=actor, reason=reason)
        path = instruction.file_path if reprint else ""
    if reprint:
        ensure_print_file(store, instruction_id)
    reprinted = {p: n for (p, _), n in zip(reprint, new_numbers, strict=True)}
    return PrintResult(outcome, sorted(printed), sorted(spoiled), reprinted, path)


def ensure_print_file(store: Store, instruction_id: str) -> Path:
    """The file of the checks still to print (ISSUED) on this instruction, written again if missing."""
    from batchline.render.check_pdf import render_checks

    with store.unit_of_work() as session:
        instruction = session.get(PaymentInstruction, instruction_id)
        if instruction is None:
            raise PprError(f"payment instruction {instruction_id}: not in the store")
        path = Path(instruction.file_path)
        if path.exists():
            return path
        rows = session.scalars(
            select(PprPayment)
            .join(IssuedCheck, IssuedCheck.payment_id == PprPayment.id)
            .where(
                IssuedCheck.instruction_id == instruction_id,
                IssuedCheck.state == "ISSUED",
                IssuedCheck.check_number == PprPayment.check_number,
            )
            .order_by(PprPayment.id)
        ).all()
        header = load_header(session, instruction.ppr_id)
        payments = load_payments(session, rows, header.payment_date)
        bank = session.get(BankAccount, instruction.bank_account_id)
        if bank is None:
            raise PprError(f"instruction {instruction_id}: its bank account is no longer in the store")
        account = disbursement_account(bank)
    partial = path.with_name(path.name + ".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    render_checks(payments, account, partial)
    partial.replace(path)
    return path


def write_positive_pay(store: Store, ppr_id: str, out_dir: Path) -> Path | None:
    """The positive pay file of the PPR's printed checks and voided numbers; None when it printed none."""
    with store.unit_of_work() as session:
        header = load_header(session, ppr_id)
        rows = session.execute(
            select(IssuedCheck, BankAccount.account_number, PprPayment.supplier_site_id)
            .join(PprPayment, PprPayment.id == IssuedCheck.payment_id)
            .join(BankAccount, BankAccount.id == IssuedCheck.bank_account_id)
            .where(PprPayment.ppr_id == ppr_id, IssuedCheck.state.in_(("PRINTED", "VOID")))
            .order_by(IssuedCheck.check_number)
        ).tuples()
        payees = {
            p.payment_id: p for p in load_payments(
                session,
                session.scalars(select(PprPayment).where(PprPayment.ppr_id == ppr_id, PprPayment.payment_method == "CHECK")).all(),
                header.payment_date,
            )
        }  # fmt: skip
        items = [
            PositivePayItem(
                account,
                check.check_number,
                check.amount,
                header.payment_date,
                payees[check.payment_id or ""].payee_name,
                void=check.state == "VOID",
            )
            for check, account, _ in rows
        ]
    if not items:
        return None
    path = out_dir / f"{ppr_id}-positive-pay.txt"
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_positive_pay(items, DEFAULT_FIXED_LAYOUT).to_bytes())
    return path
