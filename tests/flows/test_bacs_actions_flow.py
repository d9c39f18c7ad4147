"""A user's actions on a Bacs batch outside its run, through the bacs-batch-action flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from batchline.bacs import batches
from batchline.bacs.problems import BacsFileError
from batchline.lifecycle import IllegalTransition
from batchline.store.db import default_store
from flows.bacs_actions import bacs_batch_action

HEADER = "sort_code,account_number,account_name,amount,transaction_code,reference"
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


def test_editing_an_entered_manual_batch_replaces_its_payments_and_returns_it_to_draft(
    batchline_home: Path,
) -> None:
    store = default_store()
    batches.open_batch(store, "BEDIT", "SUPPLIERS", "manual", "ap.dave")
    keyed = batchline_home / "keyed.csv"
    keyed.write_text(HEADER + "\n202959,63748472,Acme Supplies Ltd,123.45,99,INV 1004\n", encoding="utf-8")
    assert bacs_batch_action("BEDIT", "edit", "ap.dave", payments_file=str(keyed)) == "Draft"
    for code in ("PRE_ENTERED", "RISK_ASSESSMENT", "ENTERED"):
        batches.move(store, "BEDIT", code, actor="test")
    keyed.write_text(
        HEADER
        + "\n202959,63748472,Acme Supplies Ltd,123.45,99,INV 1004\n107999,88837491,J Brown,10.00,99,INV 1005\n",
        encoding="utf-8",
    )
    assert bacs_batch_action("BEDIT", "edit", "ap.erin", payments_file=str(keyed)) == "Draft"
    with store.unit_of_work() as session:
        assert [p.amount_pence for p in batches.payments_of(session, "BEDIT")] == [12345, 1000]
    keyed.write_text(HEADER + "\n20-29-59,1,Nobody,5.00,99,X\n", encoding="utf-8")
    with pytest.raises(BacsFileError):
        bacs_batch_action("BEDIT", "edit", "ap.erin", payments_file=str(keyed))
    with store.unit_of_work() as session:
        assert len(batches.payments_of(session, "BEDIT")) == 2  # a faulty file changes nothing
