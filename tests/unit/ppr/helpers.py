"""A sample AP ledger in a store, and PPR headers over it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from batchline.ppr.header import PprHeader
from batchline.ppr.ledger import load_ledger
from batchline.ppr.requests import open_ppr
from batchline.ppr.sample import write_sample_ledger
from batchline.store.db import Store

PAY_DAY = date(2026, 11, 30)


def header(**changes: object) -> PprHeader:
    values: dict[str, object] = {
        "pay_through_date": date(2026, 12, 7),
        "payment_date": PAY_DAY,
        "bank_account_id": "BA1",
    }
    values.update(changes)
    return PprHeader.model_validate(values)


def load_sample(store: Store, folder: Path, **options: object) -> Path:
    write_sample_ledger(folder, **options)  # type: ignore[arg-type]
    with store.unit_of_work() as session:
        load_ledger(session, folder)
    return folder


def new_ppr(store: Store, ppr_id: str, **changes: object) -> str:
    open_ppr(store, ppr_id, f"Test {ppr_id}", header(**changes))
    return ppr_id


def run_to_confirmation(store: Store, ppr_id: str, out: Path) -> None:
    """Select, build, format, print every check as printed and confirm: a PPR with no stops."""
    from batchline.ppr.build import build_payments
    from batchline.ppr.confirm import confirm_payments
    from batchline.ppr.formatting import format_payments
    from batchline.ppr.printing import issued_numbers, record_print_status, submit_for_printing
    from batchline.ppr.selection import select_invoices

    if select_invoices(store, ppr_id).status != "INVOICES_SELECTED":
        return
    build_payments(store, ppr_id)
    for instruction in format_payments(store, ppr_id, out):
        if instruction.payment_method == "CHECK":
            submit_for_printing(store, instruction.instruction_id, out / "printer", actor="test")
            numbers = issued_numbers(store, instruction.instruction_id)
            record_print_status(store, instruction.instruction_id, numbers, [], [], out, actor="test")
    confirm_payments(store, ppr_id)
