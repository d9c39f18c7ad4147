"""Payment process request: AP invoices from NEW to CONFIRMED PAYMENT or TERMINATED (seed 004).

Read top to bottom, this is the seed's list of statuses. Business status lives in the
Batchline store; the run mirrors it, each gate (a user's Take Action) is a pause named
after its status, and every gate can terminate the PPR until the payments are confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from prefect import flow, get_client
from prefect.context import FlowRunContext
from prefect.exceptions import FlowPauseTimeout
from prefect.input import RunInput
from prefect.runtime import flow_run
from prefect.states import Cancelled, Completed, Failed, Running, State
from pydantic import BaseModel, Field

from batchline.lifecycle import PAYMENT_INSTRUCTION, PPR, StateType
from batchline.ppr.header import PprHeader
from flows.gates import GateCancelled, gate
from tasks import ppr as t

DAY = 24 * 3600
REVIEW_TIMEOUT = 7 * DAY  # an unanswered review terminates the PPR: its invoices go back to be selected
PRINT_TIMEOUT = 14 * DAY  # an unanswered print step fails the run; the PPR waits in FORMATTING for a rerun
R = TypeVar("R", bound="PprGateInput")


class Terminated(Exception):
    """A user terminated the PPR at a gate (or a review expired)."""


class PprGateInput(RunInput):
    decision: Literal["continue", "terminate"] = "continue"
    user: str = ""
    note: str = ""


class ExchangeRatesInput(PprGateInput):
    """MISSING EXCHANGE RATES: a rate to the functional currency per missing currency, e.g. {"EUR": "1.0850"}."""

    rates: dict[str, str] = Field(default_factory=dict)


class InvoiceReviewInput(PprGateInput):
    """INVOICES PENDING REVIEW: invoice numbers to take out of this PPR."""

    remove_invoices: list[str] = Field(default_factory=list)


class Assignment(BaseModel):
    invoice_number: str
    bank_account_id: str = ""
    profile_id: str = ""


class InformationInput(PprGateInput):
    """INFORMATION REQUIRED - PENDING ACTION: a bank account and/or profile for all, or per invoice."""

    bank_account_id: str = ""
    profile_id: str = ""
    assignments: list[Assignment] = Field(default_factory=list)


class PaymentReviewInput(PprGateInput):
    """PENDING PROPOSED PAYMENT REVIEW: payment references to dismiss."""

    dismiss_payments: list[str] = Field(default_factory=list)


class PrintStatusInput(PprGateInput):
    """Record Print Status: check numbers or ranges ("100001-100040, 100042")."""

    printed: str = ""
    spoiled: str = ""
    skipped: str = ""


def show(code: str, lifecycle: Any = PPR) -> None:
    """Mirror a running business status on the flow run, so the UI shows the stage."""
    ctx = FlowRunContext.get()
    status = lifecycle.status(code)
    if ctx is None or ctx.flow_run is None or status.state_type != StateType.RUNNING:
        return
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(
            ctx.flow_run.id, Running(name=status.title, message=status.title), force=True
        )


def ppr_id_for_this_run() -> str:
    """A PPR's id comes from its flow run, so a resumed run finds the same PPR."""
    return "P" + str(flow_run.get_id() or "adhoc").replace("-", "")[:8].upper()


@flow(name="payment-process-request", flow_run_name="PPR {ppr_name}", log_prints=True)
def payment_process_request(ppr_name: str, header: PprHeader, ppr_id: str | None = None) -> State:
    """Select, review, build, format, print and confirm one payment process request."""
    ppr = ppr_id or ppr_id_for_this_run()
    try:
        return run_ppr(ppr, ppr_name, header)
    except Terminated as terminated:
        return Cancelled(name=PPR.status("TERMINATED").title, message=f"PPR {ppr}: {terminated}")
    except GateCancelled as cancelled:
        t.terminate_ppr(ppr, "prefect", str(cancelled))
        return Cancelled(name=PPR.status("TERMINATED").title, message=f"PPR {ppr}: {cancelled}")
    except FlowPauseTimeout as expired:
        return Failed(name="Awaiting Print Status", message=f"PPR {ppr}: {expired}; rerun to record it")


@flow(name="load-ap-ledger", log_prints=True)
def load_ap_ledger(folder: str) -> dict[str, int]:
    """Load AP ledger files (suppliers, sites, bank accounts, profiles, rates, settings, invoices) into the store."""
    counts = t.load_ap_ledger(folder)
    print(f"Loaded {counts}")
    return counts


def run_ppr(ppr: str, name: str, header: PprHeader) -> State:
    opened = t.open_ppr(ppr, name, header, str(flow_run.get_id() or ""))
    if PPR.status(opened).is_final:  # a rerun of a PPR already closed
        title = PPR.status(opened).title
        done = Completed if opened == "CONFIRMED_PAYMENT" else Cancelled
        return done(name=title, message=f"PPR {ppr} was already {title}")
    reached = PPR.codes.index(opened)

    def stage(code: str) -> None:
        """Show a running status, unless a rerun finds the PPR past it already."""
        if PPR.codes.index(code) >= reached:
            show(code)

    stage("SELECTING_INVOICES")
    selected = t.select_invoices(ppr)
    while selected["status"] == "MISSING_EXCHANGE_RATES":
        supply_rates(ppr, selected["missing_rates"])
        selected = t.select_invoices(ppr)
    if selected["status"] == "CANCELLED_NO_INVOICES":
        return Cancelled(name=PPR.status("CANCELLED_NO_INVOICES").title, message=f"PPR {ppr}: nothing to pay")
    stage("INVOICES_SELECTED")

    if header.stop_after_selection:
        review_invoices(ppr, selected)
    if header.calculate_special_amounts:
        stage("CALCULATING_SPECIAL_AMOUNTS")
        t.calculate_special_amounts(ppr)

    stage("ASSEMBLING_PAYMENTS")
    built = t.build_payments(ppr)
    while built["status"] == "INFORMATION_REQUIRED":
        supply_information(ppr, built["missing"])
        show("ASSEMBLING_PAYMENTS")
        built = t.build_payments(ppr)
    stage("ASSEMBLED_PAYMENTS")
    if header.stop_after_proposed_payments:
        review_payments(ppr, built)

    show("FORMATTING")
    files = t.format_payments(ppr)
    if not files:
        t.terminate_ppr(ppr, "batchline", "no payment to make: every payment was dismissed or not made")
        raise Terminated("no payment to make")
    for instruction in files:
        if instruction["method"] == "CHECK":
            print_checks(ppr, instruction)
    t.positive_pay(ppr)
    confirmed = t.confirm_payments(ppr)
    t.payment_register(ppr, final=True)
    t.void_register(ppr)
    return Completed(
        name=PPR.status("CONFIRMED_PAYMENT").title,
        message=f"PPR {ppr}: {confirmed.get('confirmed')} payments, {confirmed.get('invoices_paid')} invoices paid",
    )


def take_action(
    ppr: str,
    code: str,
    form: type[R],
    describe: Callable[[str], str],
    apply: Callable[[R], dict[str, Any]],
    *,
    key: str,
    printing: bool = False,
    lifecycle: Any = PPR,
) -> R:
    """One gate, asked again with the reason until its answer is taken; terminate ends the PPR."""
    title = lifecycle.status(code).title
    refused = ""
    for attempt in range(20):
        description = describe(f"\n\n> **Not accepted:** {refused}" if refused else "")
        try:
            timeout = PRINT_TIMEOUT if printing else REVIEW_TIMEOUT
            answer = gate(title, form.with_initial_data(description=description), f"{key}-{attempt}", timeout)
        except FlowPauseTimeout:
            if printing:  # checks may be in the printer: never terminate, wait for a rerun to record them
                raise
            expired = f"{title}: no answer within {timeout} s"
            t.terminate_ppr(ppr, "gate timeout", expired)
            raise Terminated(expired) from None
        if answer.decision == "terminate":
            t.terminate_ppr(ppr, answer.user or "unknown", f"terminated at {title}: {answer.note}".strip())
            raise Terminated(f"terminated at {title} by {answer.user or 'unknown'}")
        outcome = apply(answer)
        if "refused" not in outcome:
            return answer
        refused = outcome["refused"]
    raise RuntimeError(f"PPR {ppr}: {title} refused 20 answers in a row")


def supply_rates(ppr: str, missing: list[str]) -> None:
    take_action(
        ppr,
        "MISSING_EXCHANGE_RATES",
        ExchangeRatesInput,
        lambda refused: (
            f"PPR {ppr} needs exchange rates for {', '.join(missing)} on its payment date.{refused}"
        ),
        lambda a: t.supply_exchange_rates(ppr, a.rates, a.user),
        key="exchange-rates",
    )


def review_invoices(ppr: str, selected: dict[str, Any]) -> None:
    if t.ppr_status(ppr) not in ("INVOICES_SELECTED", "INVOICES_PENDING_REVIEW"):
        return  # reviewed before this rerun
    t.advance(ppr, "INVOICES_PENDING_REVIEW")
    take_action(
        ppr,
        "INVOICES_PENDING_REVIEW",
        InvoiceReviewInput,
        lambda refused: (
            f"PPR {ppr}: {selected['selected']} invoices and memos selected, {selected['total']} "
            f"to pay. Remove invoices, continue, or terminate.{refused}"
        ),
        lambda a: t.remove_invoices(ppr, a.remove_invoices, a.user),
        key="invoice-review",
    )


def supply_information(ppr: str, missing: list[str]) -> None:
    def apply(a: InformationInput) -> dict[str, Any]:
        per_invoice = {x.invoice_number: (x.bank_account_id, x.profile_id) for x in a.assignments}
        return t.supply_information(ppr, a.bank_account_id, a.profile_id, per_invoice)

    take_action(
        ppr,
        "INFORMATION_REQUIRED",
        InformationInput,
        lambda refused: (
            f"PPR {ppr}: {len(missing)} invoices need an internal bank account and/or payment "
            f"process profile: {', '.join(missing[:20])}{' ...' if len(missing) > 20 else ''}.{refused}"
        ),
        apply,
        key="information-required",
    )


def review_payments(ppr: str, built: dict[str, Any]) -> None:
    if t.ppr_status(ppr) not in ("ASSEMBLED_PAYMENTS", "PENDING_PROPOSED_PAYMENT_REVIEW"):
        return
    t.advance(ppr, "PENDING_PROPOSED_PAYMENT_REVIEW")
    register = t.payment_register(ppr, final=False)
    not_made = f" Not made (zero or negative): {len(built['not_made'])}." if built["not_made"] else ""
    take_action(
        ppr,
        "PENDING_PROPOSED_PAYMENT_REVIEW",
        PaymentReviewInput,
        lambda refused: (
            f"PPR {ppr}: {built['payments']} proposed payments, {built['total']}.{not_made} "
            f"Preliminary payment register: `{register}`. Dismiss payments, continue, or terminate.{refused}"
        ),
        lambda a: t.dismiss_payments(ppr, a.dismiss_payments, a.user),
        key="payment-review",
    )


def print_checks(ppr: str, instruction: dict[str, Any]) -> None:
    """FORMATTED - READY FOR PRINTING -> SUBMITTED FOR PRINTING -> (Record Print Status) -> PRINTED."""
    pi = instruction["instruction_id"]
    key = pi.lower()
    if t.instruction_status(pi) == "FORMATTED_READY_FOR_PRINTING":
        take_action(
            ppr,
            "FORMATTED_READY_FOR_PRINTING",
            PprGateInput,
            lambda refused: (
                f"Check file {pi}: {instruction['payments']} checks, {instruction['total']}. "
                f"Continue to send it to the printer.{refused}"
            ),
            lambda a: {"result": t.submit_for_printing(ppr, pi, a.user or "unknown")},
            key=f"submit-{key}",
            printing=True,
            lifecycle=PAYMENT_INSTRUCTION,
        )
    round_ = 0
    while t.instruction_status(pi) == "SUBMITTED_FOR_PRINTING":
        to_print = t.checks_to_print(pi)
        numbers = to_print["numbers"]
        prompt = (
            f"Record Print Status for {pi}: checks {numbers[0]}-{numbers[-1]} ({len(numbers)}) in "
            f"`{to_print['file']}`. Give the printed and the spoiled numbers (spoiled checks are reprinted "
            "on new numbers) and any skipped stock."
        )
        take_action(
            ppr,
            "SUBMITTED_FOR_PRINTING",
            PrintStatusInput,
            prompt.__add__,
            lambda a: t.record_print_status(ppr, pi, a.printed, a.spoiled, a.skipped, a.user or "unknown"),
            key=f"print-status-{key}-{round_}",
            printing=True,
            lifecycle=PAYMENT_INSTRUCTION,
        )
        round_ += 1
