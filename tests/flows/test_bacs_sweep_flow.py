"""The Bacs sweep against the loopback gateway simulator: Sent, Rejected by Bacs, and held for escalation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from batchline.bacs import batches
from batchline.bacs.gateway import gateway_simulator
from batchline.bacs.modulus import modulus_checker
from batchline.bacs.profiles import SAMPLE, load_payment_profile
from batchline.bacs.sweep import HELD
from batchline.lifecycle import BACS_BATCH
from batchline.store import status
from batchline.store.bacs_models import BacsSubmission
from batchline.store.db import default_store
from flows.bacs_sweep import bacs_sweep

THURSDAY_BEFORE_EASTER = date(2026, 4, 2)  # processing day Tuesday 7 April


def committed_batch(home: Path, batch_id: str) -> None:
    """A PAYROLL batch already approved and committed (the batch flow's part is tested on its own)."""
    source = home / f"{batch_id}.csv"
    source.write_text(
        "sort_code,account_number,account_name,amount,transaction_code,reference\n"
        "089999,66374958,Jane Smith,1200.00,99,SALARY APR\n107999,88837491,John Brown,800.00,99,SALARY APR\n",
        encoding="utf-8",
    )
    store, profile = default_store(), load_payment_profile(SAMPLE, "PAYROLL")
    batches.open_batch(store, batch_id, "PAYROLL", "import", "fin.carol", str(source))
    batches.import_payments(
        store, batch_id, source, modulus_checker(), profile.as_originator(), home / "reports"
    )
    for to in ("ENTERED", "APPROVED", "COMMITTED"):
        batches.move(store, batch_id, to, actor="test")


def status_of(batch_id: str) -> str:
    return batches.batch_status(default_store(), batch_id)


def submission(batch_id: str) -> BacsSubmission:
    with default_store().unit_of_work() as session:
        return session.scalars(select(BacsSubmission).where(BacsSubmission.batch_id == batch_id)).one()


def test_committed_batches_are_locked_written_and_sent_once(
    batchline_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_batch(batchline_home, "BSW1")
    committed_batch(batchline_home, "BSW2")
    with gateway_simulator("accept") as bacs:
        monkeypatch.setenv("BATCHLINE_BACS_GATEWAY_URL", bacs.url)
        state = bacs_sweep(THURSDAY_BEFORE_EASTER, return_state=True)
        again = bacs_sweep(THURSDAY_BEFORE_EASTER, return_state=True)
    assert (state.type.value, state.name) == ("COMPLETED", "Sweep complete")
    assert "swept 2 batches" in str(state.message) and "swept 0 batches" in str(again.message)
    assert sorted(bacs.received) == sorted({submission("BSW1").serial, submission("BSW2").serial})
    assert status_of("BSW1") == status_of("BSW2") == "SENT"
    with default_store().unit_of_work() as session:
        trail = [(h.from_status, h.to_status) for h in status.history(session, BACS_BATCH, "BSW1")][-2:]
    assert trail == [("COMMITTED", "LOCKED"), ("LOCKED", "SENT")]
    written = Path(submission("BSW1").file_path).read_bytes().decode("ascii").split("\r\n")
    assert written[3].startswith("UHL1 26097")  # the Bacs three-day cycle: Tuesday 7 April 2026
    assert submission("BSW1").processing_day == date(2026, 4, 7)


def test_a_submission_bacs_rejects_whole_ends_rejected_by_bacs(
    batchline_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_batch(batchline_home, "BSWREJ")
    with gateway_simulator("reject") as bacs:
        monkeypatch.setenv("BATCHLINE_BACS_GATEWAY_URL", bacs.url)
        bacs_sweep(THURSDAY_BEFORE_EASTER)
    assert status_of("BSWREJ") == "REJECTED_BY_BACS"
    assert submission("BSWREJ").outcome == "REJECTED"


def test_a_batch_with_no_final_sign_off_is_held_never_resubmitted_and_moved_on_by_the_later_outcome(
    batchline_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_batch(batchline_home, "BHELD")
    monkeypatch.setenv("BATCHLINE_BACS_GATEWAY_TIMEOUT", "1")
    with gateway_simulator("silent") as bacs:
        monkeypatch.setenv("BATCHLINE_BACS_GATEWAY_URL", bacs.url)
        bacs_sweep(THURSDAY_BEFORE_EASTER)  # the gateway never answers
        assert status_of("BHELD") == HELD
        assert submission("BHELD").outcome == "NO_SIGN_OFF"

        bacs_sweep(THURSDAY_BEFORE_EASTER)  # still no outcome: held, and nothing submitted again
        assert status_of("BHELD") == HELD
        assert bacs.received == [submission("BHELD").serial]

        bacs.settle(submission("BHELD").serial, "accepted")
        bacs_sweep(THURSDAY_BEFORE_EASTER)
    assert bacs.received == [submission("BHELD").serial]
    assert status_of("BHELD") == "SENT"
    assert submission("BHELD").outcome == "ACCEPTED"
