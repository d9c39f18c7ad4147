"""Bacs batches in the store (SQLite and PostgreSQL): import, manual entry, approvals, withdraw, archive."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from bacs_support import VALID, write_csv

from batchline.bacs import archive, batches, entry
from batchline.bacs.approval import Answer
from batchline.bacs.batches import BatchError
from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import Payment
from batchline.bacs.problems import BacsFileError
from batchline.bacs.profiles import SAMPLE, load_payment_profile
from batchline.bacs.standard18 import write_standard18
from batchline.lifecycle import BACS_BATCH, IllegalTransition
from batchline.store import status
from batchline.store.db import Store
from batchline.store.types import utcnow

PAYROLL = load_payment_profile(SAMPLE, "PAYROLL")
SUPPLIERS = load_payment_profile(SAMPLE, "SUPPLIERS")
JANE = Payment(*VALID["mod10"], "JANE SMITH", 120000, "99", "SALARY APR")
ACME = Payment(*VALID["mod11_dblal"], "ACME SUPPLIES", 5000, "99", "INV 1002")


def imported(
    store: Store, tmp_path: Path, checker: ModulusChecker, batch_id: str, *rows: str
) -> dict[str, object]:
    source = write_csv(tmp_path / f"{batch_id}.csv", *rows)
    batches.open_batch(store, batch_id, "PAYROLL", "import", "fin.carol", str(source))
    return batches.import_payments(
        store, batch_id, source, checker, PAYROLL.as_originator(), tmp_path / "reports"
    )


def trail(store: Store, batch_id: str) -> list[str]:
    with store.unit_of_work() as session:
        return [h.to_status for h in status.history(session, BACS_BATCH, batch_id)]


def test_an_imported_file_is_stored_with_its_count_and_total(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    rows = ("089999,66374958,Jane Smith,1200.00,99,SALARY", "202959,63748472,Acme,50.5,99,INV 1")
    assert imported(store, tmp_path, checker, "B1", *rows) == {
        "status": "IMPORT_IN_PROGRESS", "payments": 2, "total_pence": 125050,
    }  # fmt: skip
    with store.unit_of_work() as session:
        assert [p.amount_pence for p in batches.payments_of(session, "B1")] == [120000, 5050]


def test_a_standard18_file_is_imported_too(store: Store, tmp_path: Path, checker: ModulusChecker) -> None:
    source = tmp_path / "payroll.std18"
    write_standard18(
        source, [JANE, ACME], PAYROLL.as_originator(), serial="000042", submission_day=date(2026, 4, 2)
    )
    batches.open_batch(store, "B18", "PAYROLL", "import", "fin.carol", str(source))
    found = batches.import_payments(store, "B18", source, checker, PAYROLL.as_originator(), tmp_path)
    assert found == {"status": "IMPORT_IN_PROGRESS", "payments": 2, "total_pence": 125000}


def test_a_faulty_file_rejects_the_batch_with_a_report_of_every_faulty_line(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    rows = (
        "089999,66374958,Jane Smith,1200.00,99,SALARY",
        "0899,1,O'Brien,x,99,A",
        "202959,63748472,A,1,42,B",
    )
    result = imported(store, tmp_path, checker, "BBAD", *rows)
    assert result["status"] == "REJECTED" and trail(store, "BBAD") == ["IMPORT_IN_PROGRESS", "REJECTED"]
    report = Path(str(result["report"])).read_text(encoding="utf-8")
    assert "line 3" in report and "line 4" in report and "line 2" not in report
    assert (tmp_path / "reports/BBAD.rejected.csv").exists()


def test_a_user_can_reject_a_batch_while_it_imports_and_the_import_then_stops(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    batches.open_batch(store, "BSTOP", "PAYROLL", "import", "fin.carol", "x.csv")
    batches.reject(store, "BSTOP", actor="fin.bob", reason="wrong file")
    source = write_csv(tmp_path / "x.csv", "089999,66374958,Jane Smith,1200.00,99,SALARY")
    assert batches.import_payments(store, "BSTOP", source, checker, PAYROLL.as_originator(), tmp_path) == {
        "status": "REJECTED"
    }
    assert batches.assess_risk(store, "BSTOP", PAYROLL, date.today())["status"] == "REJECTED"


def test_a_manual_batch_is_edited_in_draft_and_an_edit_of_an_entered_batch_returns_it_to_draft(
    store: Store, checker: ModulusChecker
) -> None:
    originator = SUPPLIERS.as_originator()
    assert batches.open_batch(store, "BM", "SUPPLIERS", "manual", "ap.dave") == "DRAFT"
    entry.enter_payments(store, "BM", [JANE], checker, originator, actor="ap.dave")
    entry.enter_payments(store, "BM", [JANE, ACME], checker, originator, actor="ap.dave")
    entry.pre_enter(store, "BM", actor="ap.dave")
    assert batches.assess_risk(store, "BM", SUPPLIERS, date.today())["status"] == "ENTERED"
    assert entry.enter_payments(store, "BM", [ACME], checker, originator, actor="ap.dave") == "DRAFT"
    assert trail(store, "BM") == ["DRAFT", "PRE_ENTERED", "RISK_ASSESSMENT", "ENTERED", "DRAFT"]
    with store.unit_of_work() as session:
        assert batches.payments_of(session, "BM") == [ACME._replace(line=1)]


def test_manual_entry_checks_every_payment(store: Store, checker: ModulusChecker) -> None:
    batches.open_batch(store, "BMBAD", "SUPPLIERS", "manual", "ap.dave")
    bad = JANE._replace(account_number="66374959", account_name="O'BRIEN")
    with pytest.raises(BacsFileError) as refused:
        entry.enter_payments(store, "BMBAD", [ACME, bad], checker, SUPPLIERS.as_originator(), actor="ap.dave")
    assert refused.value.lines == (2,)
    assert len(refused.value.problems) == 2


def test_an_imported_batch_is_not_edited_by_hand_and_a_rejected_one_is_corrected_to_draft(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    imported(store, tmp_path, checker, "BI", "089999,66374958,Jane Smith,1200.00,99,SALARY")
    with pytest.raises(BatchError, match="importing a new file"):
        entry.enter_payments(store, "BI", [JANE], checker, PAYROLL.as_originator(), actor="fin.carol")
    batches.reject(store, "BI", actor="fin.bob", reason="wrong")
    assert entry.correct(store, "BI", actor="fin.carol") == "DRAFT"


def test_approvals_start_again_after_a_part_approved_batch_returns_to_entered(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    imported(store, tmp_path, checker, "BA", "089999,66374958,Jane Smith,20000.00,99,SALARY")
    batches.move(store, "BA", "ENTERED", actor="test")
    assert batches.decide(store, "BA", PAYROLL, Answer("approve", "fin.alice")) == {"status": "PART_APPROVED"}
    assert "refused" in batches.decide(store, "BA", PAYROLL, Answer("approve", "fin.carol"))
    batches.move(store, "BA", "ENTERED", actor="fin.carol", reason="amended")
    assert batches.decide(store, "BA", PAYROLL, Answer("approve", "fin.alice")) == {"status": "PART_APPROVED"}
    assert batches.answers_recorded(store, "BA") == 3


def test_a_sent_batch_is_withdrawn_with_a_reason_then_archived_after_the_profiles_period(
    store: Store, tmp_path: Path, checker: ModulusChecker
) -> None:
    imported(store, tmp_path, checker, "BW", "089999,66374958,Jane Smith,10.00,99,SALARY")
    for to in ("ENTERED", "APPROVED", "SENT"):
        batches.move(store, "BW", to, actor="test")
    with pytest.raises(BatchError, match="say why"):
        archive.withdraw(store, "BW", actor="fin.carol", reason=" ")
    archive.withdraw(store, "BW", actor="fin.carol", reason="bank ref W123")
    with pytest.raises(IllegalTransition):
        batches.move(store, "BW", "SENT", actor="test")
    profiles = {"PAYROLL": PAYROLL}.__getitem__
    assert archive.archive_due(store, profiles, utcnow()) == []
    assert ("BW", "WITHDRAWN") in archive.active_batches(store)
    later = utcnow() + timedelta(days=PAYROLL.archive_after_days)
    assert archive.archive_due(store, profiles, later) == ["BW"]
    assert ("BW", "ARCHIVED") not in archive.active_batches(store)
    assert batches.batch_status(store, "BW") == "ARCHIVED"  # hidden from the active list, kept
