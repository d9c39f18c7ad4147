"""The Bacs batch flow run ad hoc under the test harness: approval gates answered over REST, as the UI does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from batchline.bacs import batches
from batchline.bacs.gateway import GatewaySimulator, gateway_simulator
from batchline.lifecycle import BACS_BATCH
from batchline.store import status
from batchline.store.db import default_store
from flows.bacs_batch import bacs_batch
from flows.bacs_sweep import bacs_sweep

HEADER = "sort_code,account_number,account_name,amount,transaction_code,reference"
PAYROLL = [  # 15,000.00 in all: PAYROLL's second band, two approvers
    "08-99-99,66374958,Jane Smith,7000.00,99,SALARY APR",
    "107999,88837491,John Brown,5000.00,99,SALARY APR",
    "202959,63748472,Acme Supplies Ltd,3000.00,99,INV/1002",
]


@pytest.fixture
def bacs_gateway(monkeypatch: pytest.MonkeyPatch) -> Iterator[GatewaySimulator]:
    with gateway_simulator("accept") as simulator:
        monkeypatch.setenv("BATCHLINE_BACS_GATEWAY_URL", simulator.url)
        yield simulator


def sweep_now() -> None:
    """The sweep deployment's run, at the gate: it resumes the batch's run itself (as a program does)."""
    bacs_sweep(date(2026, 4, 2))


def payments_csv(home: Path, name: str, rows: list[str]) -> str:
    path = home / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def moves(batch: str) -> list[tuple[str | None, str, str]]:
    with default_store().unit_of_work() as session:
        return [(h.from_status, h.to_status, h.actor) for h in status.history(session, BACS_BATCH, batch)]


def approve(who: str) -> dict[str, Any]:
    return {"decision": "approve", "approver": who}


def test_segregation_of_duties_is_enforced_through_the_rest_resume_and_each_refusal_is_shown(
    batchline_home: Path, reviewer: Any, bacs_gateway: GatewaySimulator
) -> None:
    source = payments_csv(batchline_home, "payroll.csv", PAYROLL)
    answers = [
        ("Awaiting approval 1 of 2", approve("fin.carol")),  # the submitter
        ("Awaiting approval 1 of 2", approve("mallory")),  # not an approver of the profile
        ("Awaiting approval 1 of 2", approve("fin.alice")),
        ("Awaiting approval 2 of 2", approve("fin.alice")),  # approving twice
        ("Awaiting approval 2 of 2", {**approve("fin.bob"), "note": "checked against payroll"}),
        ("Awaiting the Bacs sweep", sweep_now),
    ]
    with reviewer(answers) as person:
        state = bacs_batch(source, "PAYROLL", "fin.carol", batch_id="BSOD1", return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("COMPLETED", "Sent")
    assert len(bacs_gateway.received) == 1
    shown = [seen["description"] for seen in person.seen]
    assert "15,000.00" in shown[0] and "Not accepted" not in shown[0]
    assert "fin.carol submitted this batch and cannot approve it" in shown[1]
    assert "mallory may not approve or reject PAYROLL batches" in shown[2]
    assert "fin.alice has already approved this batch" in shown[4]
    assert [(a, b) for a, b, _ in moves("BSOD1")] == [
        (None, "IMPORT_IN_PROGRESS"),
        ("IMPORT_IN_PROGRESS", "RISK_ASSESSMENT"),
        ("RISK_ASSESSMENT", "ENTERED"),
        ("ENTERED", "PART_APPROVED"),
        ("PART_APPROVED", "APPROVED"),
        ("APPROVED", "COMMITTED"),
        ("COMMITTED", "LOCKED"),
        ("LOCKED", "SENT"),
    ]
    assert moves("BSOD1")[4][2] == "fin.bob"


def test_any_allowed_approver_can_reject_and_the_run_ends_rejected(
    batchline_home: Path, reviewer: Any
) -> None:
    source = payments_csv(batchline_home, "small.csv", PAYROLL[:1])
    answers = [
        ("Awaiting approval 1 of 1", {"decision": "reject", "approver": "fin.bob", "note": "wrong month"})
    ]
    with reviewer(answers) as person:
        state = bacs_batch(source, "PAYROLL", "fin.carol", batch_id="BREJ1", return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("FAILED", "Rejected")
    assert "by fin.bob: reject by fin.bob: wrong month" in str(state.message)
    assert batches.batch_status(default_store(), "BREJ1") == "REJECTED"


def test_an_incorrectly_formatted_file_is_rejected_with_a_report_of_every_faulty_line(
    batchline_home: Path,
) -> None:
    rows = [PAYROLL[0], "08-99-99,66374959,O'Brien,12.345,99,X", PAYROLL[1], "1234,1,Someone,-1,42,REF"]
    source = payments_csv(batchline_home, "bad.csv", rows)
    state = bacs_batch(source, "PAYROLL", "fin.carol", batch_id="BBAD1", return_state=True)
    assert (state.type.value, state.name) == ("FAILED", "Rejected")
    assert "incorrectly formatted file" in str(state.message)
    assert batches.batch_status(default_store(), "BBAD1") == "REJECTED"
    report = (batchline_home / "bacs/reports/BBAD1.rejected.md").read_text(encoding="utf-8")
    assert "line 3" in report and "line 5" in report and "line 2" not in report


def test_a_risk_hit_errors_the_batch_when_the_profile_says_so(batchline_home: Path) -> None:
    source = payments_csv(
        batchline_home, "big.csv", ["202959,63748472,Acme Supplies Ltd,25000.00,99,INV/1003"]
    )
    state = bacs_batch(source, "SUPPLIERS", "ap.dave", batch_id="BRISK1", return_state=True)
    assert (state.type.value, state.name) == ("FAILED", "Rejected")
    assert moves("BRISK1")[-1][:2] == ("RISK_ASSESSMENT", "REJECTED")
    with default_store().unit_of_work() as session:
        assert "amount above threshold" in str(batches.get_batch(session, "BRISK1").report["risk"])


def test_a_manually_entered_draft_goes_through_pre_entered_approval_and_the_sweep(
    batchline_home: Path, reviewer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from batchline.bacs import entry
    from batchline.bacs.modulus import modulus_checker
    from batchline.bacs.payments import Payment
    from batchline.bacs.profiles import SAMPLE, load_payment_profile

    store, profile = default_store(), load_payment_profile(SAMPLE, "SUPPLIERS")
    batches.open_batch(store, "BMAN1", "SUPPLIERS", "manual", "ap.dave")
    payment = Payment("202959", "63748472", "ACME SUPPLIES", 12345, "99", "INV 1004")
    entry.enter_payments(
        store, "BMAN1", [payment], modulus_checker(), profile.as_originator(), actor="ap.dave"
    )
    answers = [("Awaiting approval 1 of 1", approve("ap.erin")), ("Awaiting the Bacs sweep", sweep_now)]
    with gateway_simulator("reject") as bacs, reviewer(answers) as person:
        monkeypatch.setenv("BATCHLINE_BACS_GATEWAY_URL", bacs.url)
        state = bacs_batch("", "SUPPLIERS", "ap.dave", kind="manual", batch_id="BMAN1", return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("FAILED", "Rejected by Bacs")
    assert [b for _, b, _ in moves("BMAN1")] == [
        "DRAFT", "PRE_ENTERED", "RISK_ASSESSMENT", "ENTERED", "APPROVED", "COMMITTED", "LOCKED", "REJECTED_BY_BACS",
    ]  # fmt: skip
