"""The sweep in the store: one submission per batch, whatever reruns or second sweeps do."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bacs_support import write_csv

from batchline.bacs import batches, sweep
from batchline.bacs.gateway import GatewayOutcome
from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.profiles import SAMPLE, load_payment_profile
from batchline.store.db import Store

PAYROLL = load_payment_profile(SAMPLE, "PAYROLL")
EASTER_THURSDAY = date(2026, 4, 2)


class CountingGateway:
    def __init__(self, outcome: str) -> None:
        self.outcome_now = outcome
        self.submitted: list[str] = []

    def submit(self, serial: str, data: bytes) -> GatewayOutcome:
        self.submitted.append(serial)
        return GatewayOutcome(self.outcome_now, "test gateway")

    def outcome(self, serial: str) -> GatewayOutcome:
        return GatewayOutcome(self.outcome_now, "later")


def committed(
    store: Store, tmp_path: Path, checker: ModulusChecker, batch_id: str, amount: str = "10.00"
) -> None:
    source = write_csv(tmp_path / f"{batch_id}.csv", f"089999,66374958,Jane Smith,{amount},99,SALARY")
    batches.open_batch(store, batch_id, "PAYROLL", "import", "fin.carol", str(source))
    batches.import_payments(store, batch_id, source, checker, PAYROLL.as_originator(), tmp_path)
    for to in ("ENTERED", "APPROVED", "COMMITTED"):
        batches.move(store, batch_id, to, actor="test")


def test_a_batch_is_submitted_once_even_when_submit_is_called_again(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    committed(store, tmp_path, checker, "S1")
    committed(store, tmp_path, checker, "S2")
    assert sweep.committed_batches(store) == ["S1", "S2"]
    gateway = CountingGateway("ACCEPTED")
    for batch in ("S1", "S2"):
        sweep.lock(store, batch)
        written = sweep.write_submission(store, batch, PAYROLL, tmp_path / "out", EASTER_THURSDAY)
        assert written["processing_day"] == "2026-04-07"
    assert sweep.submit(store, "S1", gateway)["status"] == "SENT"
    assert sweep.submit(store, "S1", gateway) == {"status": "SENT", "submitted": "before"}
    assert (
        sweep.write_submission(store, "S1", PAYROLL, tmp_path / "out", EASTER_THURSDAY)["status"] == "LOCKED"
    )
    sweep.submit(store, "S2", gateway)
    assert gateway.submitted == ["092001", "092002"]  # day 92 of 2026, first and second of the day


def test_a_held_batch_is_not_submitted_again_and_settles_rejected_if_bacs_did_not_receive_it(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    committed(store, tmp_path, checker, "SH")
    gateway = CountingGateway("NO_SIGN_OFF")
    sweep.lock(store, "SH")
    sweep.write_submission(store, "SH", PAYROLL, tmp_path, EASTER_THURSDAY)
    assert sweep.submit(store, "SH", gateway)["status"] == sweep.HELD
    assert (
        sweep.committed_batches(store) == [] and sweep.submit(store, "SH", gateway)["submitted"] == "before"
    )
    gateway.outcome_now = "PENDING"
    assert sweep.settle_held(store, gateway) == {}
    gateway.outcome_now = "REJECTED"
    assert sweep.settle_held(store, gateway) == {"SH": "REJECTED"}
    assert gateway.submitted == ["092001"]
    assert batches.batch_status(store, "SH") == "REJECTED"


def test_a_sweep_that_stopped_during_its_call_is_settled_by_asking_never_by_sending_again(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    committed(store, tmp_path, checker, "SX")
    sweep.lock(store, "SX")
    sweep.write_submission(store, "SX", PAYROLL, tmp_path, EASTER_THURSDAY)

    class Crashing(CountingGateway):
        def submit(self, serial: str, data: bytes) -> GatewayOutcome:
            raise RuntimeError("worker lost mid-call")

    with pytest.raises(RuntimeError):
        sweep.submit(store, "SX", Crashing("ACCEPTED"))
    gateway = CountingGateway("ACCEPTED")
    assert sweep.submit(store, "SX", gateway)["submitted"] == "before"
    assert sweep.settle_held(store, gateway) == {"SX": "SENT"}
    assert gateway.submitted == []


def test_every_later_sweep_offers_to_wake_the_runs_of_batches_with_an_outcome_but_not_of_held_ones(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    for batch_id, outcome in (("SW1", "ACCEPTED"), ("SW2", "NO_SIGN_OFF")):
        committed(store, tmp_path, checker, batch_id)
        sweep.lock(store, batch_id)
        sweep.write_submission(store, batch_id, PAYROLL, tmp_path, EASTER_THURSDAY)
        sweep.submit(store, batch_id, CountingGateway(outcome))
    assert sweep.swept_batches(store) == ["SW1"]  # SW2 is held: settling it wakes its run
