"""A user's actions on a Bacs batch outside its run, through the bacs-batch-action flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from batchline.bacs import batches
from batchline.lifecycle import IllegalTransition
from batchline.store.db import default_store
from flows.bacs_actions import bacs_batch_action

SENT_PATH = ("RISK_ASSESSMENT", "ENTERED", "APPROVED", "COMMITTED", "LOCKED", "SENT")


def batch_at(batch_id: str, path: tuple[str, ...]) -> None:
    store = default_store()
    batches.open_batch(store, batch_id, "PAYROLL", "import", "ap.sam", source_file="pay.csv")
    for code in path:
        batches.move(store, batch_id, code, actor="test")


def test_a_sent_file_withdrawn_through_the_bank_is_recorded_with_its_reason(batchline_home: Path) -> None:
    batch_at("BACT1", SENT_PATH)
    with pytest.raises(batches.BatchError, match="say why it is withdrawn"):
        bacs_batch_action("BACT1", "withdraw", "ap.sam")
    assert bacs_batch_action("BACT1", "withdraw", "ap.sam", "bank ref W-4471") == "Withdrawn"
    assert batches.last_reason(default_store(), "BACT1") == "Withdrawn by ap.sam: bank ref W-4471"


def test_a_batch_rejected_while_it_imports_can_be_corrected_back_to_draft(batchline_home: Path) -> None:
    batch_at("BACT2", ())
    assert bacs_batch_action("BACT2", "reject", "ap.sam", "wrong file") == "Rejected"
    assert bacs_batch_action("BACT2", "correct", "ap.sam") == "Draft"


def test_a_move_the_status_table_does_not_allow_fails_the_run(batchline_home: Path) -> None:
    batch_at("BACT3", SENT_PATH)
    with pytest.raises(IllegalTransition):
        bacs_batch_action("BACT3", "reject", "ap.sam", "too late")
    assert batches.batch_status(default_store(), "BACT3") == "SENT"
