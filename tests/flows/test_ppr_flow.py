"""The PPR flow run ad hoc under the test harness: every gate answered through the REST resume the UI uses."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from batchline.lifecycle import PPR
from batchline.ppr.header import PprHeader
from batchline.ppr.ledger import load_ledger
from batchline.ppr.sample import write_sample_ledger
from batchline.store import status
from batchline.store.db import default_store
from batchline.store.ppr_models import Invoice, IssuedCheck, PprDocument, PprPayment
from deployments import rest
from flows import payment_process_request as ppr_flow
from flows.payment_process_request import payment_process_request


def load(home: Path, **options: Any) -> None:
    folder = write_sample_ledger(home / "ap", suppliers=6, invoices_per_supplier=3, seed=2, **options)
    with default_store().unit_of_work() as session:
        load_ledger(session, folder)


def header(**changes: Any) -> PprHeader:
    values: dict[str, Any] = {
        "pay_through_date": date(2026, 12, 7),
        "payment_date": date(2026, 11, 30),
        "bank_account_id": "BA1",
    }
    return PprHeader.model_validate({**values, **changes})


def ppr_status(ppr_id: str) -> str:
    with default_store().unit_of_work() as session:
        return status.current_status(session, PPR, ppr_id)


def locked(ppr_id: str) -> list[str]:
    with default_store().unit_of_work() as session:
        return list(
            session.scalars(
                select(Invoice.invoice_number).where(Invoice.ppr_id == ppr_id, Invoice.state == "OPEN")
            )
        )


def issued(ppr_id: str) -> list[int]:
    with default_store().unit_of_work() as session:
        return list(
            session.scalars(
                select(IssuedCheck.check_number)
                .join(PprPayment, PprPayment.id == IssuedCheck.payment_id)
                .where(PprPayment.ppr_id == ppr_id, IssuedCheck.state == "ISSUED")
                .order_by(IssuedCheck.check_number)
            )
        )


def test_a_ppr_goes_from_new_to_confirmed_payment_through_every_review_and_print_gate(
    batchline_home: Path, reviewer: Any, prefect_harness: str
) -> None:
    load(batchline_home)
    ppr = "PFLOW1"
    removed: list[str] = []
    dismissed: list[str] = []

    def remove_one() -> dict[str, Any]:
        run = rest.wait_for_pause(prefect_harness, "INVOICES PENDING REVIEW", timeout=30)
        assert "Not accepted" in rest.gate_description(prefect_harness, run)  # the refusal's reason is shown
        assert "NO-SUCH" in rest.gate_description(prefect_harness, run)
        removed.append(sorted(locked(ppr))[0])
        return {"remove_invoices": removed, "user": "ap.clerk"}

    def dismiss_one() -> dict[str, Any]:
        with default_store().unit_of_work() as session:
            dismissed.append(
                session.scalars(
                    select(PprPayment.id).where(PprPayment.ppr_id == ppr, PprPayment.payment_method == "ACH")
                ).first()
                or ""
            )
        return {"dismiss_payments": dismissed, "user": "ap.lead"}

    def spoil_last() -> dict[str, Any]:
        numbers = issued(ppr)
        return {"printed": f"{numbers[0]}-{numbers[-2]}", "spoiled": str(numbers[-1]), "user": "ap.clerk"}

    def print_rest() -> dict[str, Any]:
        return {"printed": ",".join(map(str, issued(ppr))), "user": "ap.clerk"}

    answers = [
        ("INVOICES PENDING REVIEW", {"remove_invoices": ["NO-SUCH"], "user": "ap.clerk"}),
        ("INVOICES PENDING REVIEW", remove_one),
        ("PENDING PROPOSED PAYMENT REVIEW", dismiss_one),
        ("FORMATTED - READY FOR PRINTING", {"user": "ap.clerk"}),
        ("SUBMITTED FOR PRINTING", spoil_last),
        ("SUBMITTED FOR PRINTING", print_rest),
    ]
    options = header(
        stop_after_selection=True, calculate_special_amounts=True, stop_after_proposed_payments=True
    )
    with reviewer(answers) as person:
        state = payment_process_request("November run", options, ppr_id=ppr, return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("COMPLETED", "CONFIRMED PAYMENT")
    assert len(person.seen) == 6
    assert ppr_status(ppr) == "CONFIRMED_PAYMENT"

    with default_store().unit_of_work() as session:
        moves = [h.to_status for h in status.history(session, PPR, ppr)]
        invoices = {i.invoice_number: i for i in session.scalars(select(Invoice))}
        paid_docs = session.execute(
            select(PprDocument.invoice_id, PprDocument.payment_id).where(PprDocument.state == "PAID")
        ).all()
        checks = dict(session.execute(select(IssuedCheck.check_number, IssuedCheck.state)).tuples().all())
    assert moves[:4] == ["NEW", "SELECTING_INVOICES", "INVOICES_SELECTED", "INVOICES_PENDING_REVIEW"]
    assert moves[-3:] == ["PENDING_PROPOSED_PAYMENT_REVIEW", "FORMATTING", "CONFIRMED_PAYMENT"]
    assert invoices[removed[0]].state == "OPEN" and invoices[removed[0]].ppr_id is None
    assert paid_docs and all(i.state != "PAID" or i.payment_reference for i in invoices.values())
    assert {i.payment_reference for i in invoices.values() if i.state == "PAID"}.isdisjoint(dismissed)
    assert "VOID" in checks.values() and "PRINTED" in checks.values() and "ISSUED" not in checks.values()
    folder = batchline_home / "ppr" / ppr
    names = {p.name for p in folder.iterdir()}
    assert {
        f"{ppr}-positive-pay.txt",
        f"{ppr}-final-payment-register.csv",
        f"{ppr}-void-register.csv",
    } <= names
    assert f"{ppr}-preliminary-payment-register.csv" in names
    assert any(n.endswith(".ach") for n in names) and any(n.endswith(".xml") for n in names)
    assert any("reprint" in n for n in names)
    assert list((batchline_home / "drop" / "checks").glob("*.pdf"))


def test_missing_rates_and_missing_bank_account_are_supplied_at_their_gates(
    batchline_home: Path, reviewer: Any
) -> None:
    load(batchline_home, foreign_currency="EUR")
    answers = [
        ("MISSING EXCHANGE RATES", {"rates": {"EUR": "1.0850"}, "user": "ap.clerk"}),
        ("INFORMATION REQUIRED - PENDING ACTION", {"bank_account_id": "BA9", "user": "ap.clerk"}),
        ("INFORMATION REQUIRED - PENDING ACTION", {"bank_account_id": "BA1", "user": "ap.clerk"}),
    ]
    options = header(bank_account_id="", payment_methods=["ACH", "WIRE"])
    with reviewer(answers) as person:
        state = payment_process_request("Euro run", options, ppr_id="PRATES1", return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("COMPLETED", "CONFIRMED PAYMENT")
    with default_store().unit_of_work() as session:
        moves = [h.to_status for h in status.history(session, PPR, "PRATES1")]
        currencies = set(session.scalars(select(Invoice.currency).where(Invoice.state == "PAID")))
    assert "MISSING_EXCHANGE_RATES" in moves and "INFORMATION_REQUIRED" in moves
    assert currencies == {"USD", "EUR"}


CONTINUE = [
    ("MISSING EXCHANGE RATES", {"rates": {"EUR": "1.0850"}}),
    ("INVOICES PENDING REVIEW", {}),
    ("INFORMATION REQUIRED - PENDING ACTION", {"bank_account_id": "BA1"}),
    ("PENDING PROPOSED PAYMENT REVIEW", {}),
    ("FORMATTED - READY FOR PRINTING", {}),
    ("SUBMITTED FOR PRINTING", {}),
]


@pytest.mark.parametrize("at", range(len(CONTINUE)), ids=[name for name, _ in CONTINUE])
def test_a_ppr_terminated_at_a_gate_unlocks_its_invoices_and_voids_its_checks(
    batchline_home: Path, reviewer: Any, at: int
) -> None:
    load(batchline_home, foreign_currency="EUR")
    ppr = f"PTERM{at}"
    terminate = {"decision": "terminate", "user": "ap.lead", "note": "wrong period"}
    answers = [*CONTINUE[:at], (CONTINUE[at][0], terminate)]
    options = header(
        bank_account_id="",
        stop_after_selection=True,
        calculate_special_amounts=True,
        stop_after_proposed_payments=True,
    )
    with reviewer(answers) as person:
        state = payment_process_request("To terminate", options, ppr_id=ppr, return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("CANCELLED", "TERMINATED")
    assert ppr_status(ppr) == "TERMINATED"
    assert locked(ppr) == []
    assert issued(ppr) == []  # checks formatted but not printed are void
    with default_store().unit_of_work() as session:
        paid = session.scalars(select(Invoice.id).where(Invoice.state == "PAID")).all()
        history = status.history(session, PPR, ppr)
    assert paid == []
    assert history[-1].actor == "ap.lead" and "wrong period" in history[-1].reason


def test_a_run_that_dies_while_formatting_is_rerun_with_the_same_payments_and_check_numbers(
    batchline_home: Path, reviewer: Any
) -> None:
    load(batchline_home)
    ppr = "PCRASH1"
    blocker = batchline_home / "ppr" / ppr
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder", encoding="utf-8")  # the files cannot be written
    state = payment_process_request("Crash", header(), ppr_id=ppr, return_state=True)
    assert state.type.value == "FAILED"
    assert ppr_status(ppr) == "FORMATTING"
    with default_store().unit_of_work() as session:
        before = session.execute(select(PprPayment.id, PprPayment.check_number).order_by(PprPayment.id)).all()
    numbers = issued(ppr)
    assert numbers  # taken before the files were written

    blocker.unlink()
    answers = [
        ("FORMATTED - READY FOR PRINTING", {"user": "ap.clerk"}),
        ("SUBMITTED FOR PRINTING", lambda: {"printed": ",".join(map(str, issued(ppr))), "user": "ap.clerk"}),
    ]
    with reviewer(answers) as person:
        rerun = payment_process_request("Crash", header(), ppr_id=ppr, return_state=True)
    assert not person.errors, person.errors
    assert rerun.name == "CONFIRMED PAYMENT"
    with default_store().unit_of_work() as session:
        after = session.execute(select(PprPayment.id, PprPayment.check_number).order_by(PprPayment.id)).all()
        printed = session.scalars(
            select(IssuedCheck.check_number).where(IssuedCheck.state == "PRINTED")
        ).all()
    assert after == before
    assert sorted(printed) == numbers


def test_a_review_nobody_answers_in_time_terminates_the_ppr_and_unlocks_its_invoices(
    batchline_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(batchline_home)
    monkeypatch.setattr(ppr_flow, "REVIEW_TIMEOUT", 3)
    state = payment_process_request(
        "Unanswered", header(stop_after_selection=True), ppr_id="PLATE1", return_state=True
    )
    # The server fails a run whose pause expired ("never resumed"); the PPR itself is TERMINATED.
    assert state.type.value in ("CANCELLED", "FAILED")
    assert ppr_status("PLATE1") == "TERMINATED"
    assert locked("PLATE1") == []
    with default_store().unit_of_work() as session:
        assert status.history(session, PPR, "PLATE1")[-1].actor == "gate timeout"
