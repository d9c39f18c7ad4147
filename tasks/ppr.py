"""PPR tasks: each opens the store, calls the `batchline.ppr` core, and returns a small summary.

Every step is idempotent on the store: a rerun (or a run resumed from suspension, which
runs the flow body again from the top) finds the work done and returns what was recorded.
A gate's answer that cannot be taken comes back as {"refused": reason}.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task
from prefect.artifacts import create_markdown_artifact

from batchline.lifecycle import PAYMENT_INSTRUCTION
from batchline.ppr import build, confirm, formatting, printing, registers, requests, selection, special
from batchline.ppr.check_stock import parse_ranges
from batchline.ppr.errors import AnswerRefused
from batchline.ppr.header import PprHeader
from batchline.settings import load_settings
from batchline.store import status
from batchline.store.db import default_store


def ppr_dir(ppr_id: str) -> Path:
    return load_settings().home / "ppr" / ppr_id


def _refusable(call: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        return {"result": call(*args, **kwargs)}
    except AnswerRefused as refused:
        return {"refused": str(refused)}


@task(name="open-ppr")
def open_ppr(ppr_id: str, name: str, header: PprHeader, flow_run_id: str = "") -> str:
    """Create the PPR at NEW (or find it on a rerun); returns its status."""
    return requests.open_ppr(default_store(), ppr_id, name, header, flow_run_id)


@task(name="ppr-status")
def ppr_status(ppr_id: str) -> str:
    return requests.ppr_status(default_store(), ppr_id)


@task(name="advance-ppr")
def advance(ppr_id: str, to_status: str, reason: str = "") -> str:
    return requests.advance(default_store(), ppr_id, to_status, reason=reason)


@task(name="select-invoices")
def select_invoices(ppr_id: str) -> dict[str, Any]:
    """Select and lock the invoices the header asks for."""
    result = selection.select_invoices(default_store(), ppr_id)
    return {"status": result.status, "selected": result.selected, "total": str(result.total),
            "missing_rates": result.missing_rates}  # fmt: skip


@task(name="supply-exchange-rates")
def supply_exchange_rates(ppr_id: str, rates: dict[str, str], actor: str) -> dict[str, Any]:
    return _refusable(selection.supply_exchange_rates, default_store(), ppr_id, rates, actor=actor)


@task(name="remove-invoices")
def remove_invoices(ppr_id: str, invoice_numbers: list[str], actor: str) -> dict[str, Any]:
    return _refusable(selection.remove_invoices, default_store(), ppr_id, invoice_numbers, actor=actor)


@task(name="calculate-special-amounts")
def calculate_special_amounts(ppr_id: str) -> dict[str, object]:
    """Late-payment interest invoices and withholding tax."""
    return special.calculate_special_amounts(default_store(), ppr_id)


@task(name="build-payments")
def build_payments(ppr_id: str) -> dict[str, Any]:
    """One payment per site, remit-to account, currency, method and profile."""
    result = build.build_payments(default_store(), ppr_id)
    return {"status": result.status, "payments": result.payments, "total": str(result.total),
            "not_made": result.not_made, "missing": result.missing}  # fmt: skip


@task(name="supply-information")
def supply_information(
    ppr_id: str, bank_account_id: str, profile_id: str, assignments: dict[str, tuple[str, str]]
) -> dict[str, Any]:
    return _refusable(
        build.supply_information, default_store(), ppr_id, bank_account_id, profile_id, assignments
    )


@task(name="dismiss-payments")
def dismiss_payments(ppr_id: str, payment_ids: list[str], actor: str) -> dict[str, Any]:
    return _refusable(build.dismiss_payments, default_store(), ppr_id, payment_ids, actor=actor)


@task(name="payment-register")
def payment_register(ppr_id: str, final: bool) -> str:
    """The preliminary or final payment register: a CSV file and a markdown artifact; returns the file."""
    register = registers.payment_register(default_store(), ppr_id, ppr_dir(ppr_id), final=final)
    key = f"{ppr_id.lower()}-{'final' if final else 'preliminary'}-payment-register"
    create_markdown_artifact(register.markdown, key=key, description=f"PPR {ppr_id}")
    return str(register.path)


@task(name="void-register")
def void_register(ppr_id: str) -> str:
    register = registers.void_register(default_store(), ppr_id, ppr_dir(ppr_id))
    create_markdown_artifact(
        register.markdown, key=f"{ppr_id.lower()}-void-register", description=f"PPR {ppr_id}"
    )
    return str(register.path)


@task(name="format-payments")
def format_payments(ppr_id: str) -> list[dict[str, Any]]:
    """FORMATTING: one payment instruction file per method, profile and bank account."""
    files = formatting.format_payments(default_store(), ppr_id, ppr_dir(ppr_id))
    return [{"instruction_id": f.instruction_id, "method": f.payment_method, "payments": f.payments,
             "total": str(f.total), "file": f.file_path, "status": f.status} for f in files]  # fmt: skip


@task(name="instruction-status")
def instruction_status(instruction_id: str) -> str:
    with default_store().unit_of_work() as session:
        return status.current_status(session, PAYMENT_INSTRUCTION, instruction_id)


@task(name="submit-for-printing")
def submit_for_printing(ppr_id: str, instruction_id: str, actor: str) -> str:
    """Drop the check PDF for the printer."""
    printer = load_settings().home / "drop" / "checks"
    return str(printing.submit_for_printing(default_store(), instruction_id, printer, actor=actor))


@task(name="checks-to-print")
def checks_to_print(instruction_id: str) -> dict[str, Any]:
    """The numbers still to be accounted for, their file written again if a crash lost it."""
    store = default_store()
    path = printing.ensure_print_file(store, instruction_id)
    return {"numbers": printing.issued_numbers(store, instruction_id), "file": str(path)}


@task(name="record-print-status")
def record_print_status(
    ppr_id: str, instruction_id: str, printed: str, spoiled: str, skipped: str, actor: str
) -> dict[str, Any]:
    """Record Print Status: printed, spoiled (reprinted on new numbers) and skipped checks."""

    def record() -> dict[str, Any]:
        result = printing.record_print_status(
            default_store(), instruction_id, parse_ranges(printed), parse_ranges(spoiled), parse_ranges(skipped),
            ppr_dir(ppr_id), actor=actor,
        )  # fmt: skip
        return {"status": result.status, "voided": result.voided, "reprinted": result.reprinted}

    return _refusable(record)


@task(name="positive-pay")
def positive_pay(ppr_id: str) -> str:
    """The positive pay file of the printed checks and voids, for the bank."""
    path = printing.write_positive_pay(default_store(), ppr_id, ppr_dir(ppr_id))
    return str(path or "")


@task(name="confirm-payments")
def confirm_payments(ppr_id: str) -> dict[str, object]:
    """CONFIRMED PAYMENT: invoices paid with the payment reference."""
    return confirm.confirm_payments(default_store(), ppr_id)


@task(name="terminate-ppr")
def terminate_ppr(ppr_id: str, actor: str, reason: str) -> dict[str, int]:
    """TERMINATED: invoices unlocked, checks not printed voided."""
    return confirm.terminate_ppr(default_store(), ppr_id, actor=actor, reason=reason)


@task(name="ppr-summary")
def ppr_summary(ppr_id: str) -> dict[str, Any]:
    with default_store().unit_of_work() as session:
        from batchline.store.ppr_models import PaymentProcessRequest

        row = session.get(PaymentProcessRequest, ppr_id)
        return dict(row.summary) if row is not None else {}


@task(name="load-ap-ledger")
def load_ap_ledger(folder: str) -> dict[str, int]:
    """Load the AP ledger files of `folder` (docs/payment-process-request.md) into the store."""
    from batchline.ppr.ledger import load_ledger

    with default_store().unit_of_work() as session:
        return load_ledger(session, Path(folder))
