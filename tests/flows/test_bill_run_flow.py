"""The bill run flow run ad hoc under the test harness: gates pause in place, answered over REST."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from batchline.billing.sample import write_sample_file
from batchline.lifecycle import BILL_RUN
from batchline.store import status
from batchline.store.db import default_store
from batchline.store.models import Batch, Delivery
from flows.bill_run import bill_run

APPROVE_OPS = {"decision": "approve", "approver": "ops.alice"}
APPROVE_CUSTOMER = {"decision": "approve", "approver": "customer.bob"}


def postage_report(home: Path, job_id: str) -> dict[str, Any]:
    with default_store().unit_of_work() as session:
        rows = session.execute(select(Batch.id, Batch.pieces).where(Batch.job_id == job_id)).all()
    report = home / f"postage-{job_id}.csv"
    lines = "".join(f"{batch},{pieces},{pieces * 0.63:.2f}\n" for batch, pieces in rows if pieces)
    report.write_text("print_batch,pieces_mailed,postage_amount\n" + lines, encoding="utf-8")
    return {"postage_report": str(report)}


def job_status(job_id: str) -> str:
    with default_store().unit_of_work() as session:
        return status.current_status(session, BILL_RUN, job_id)


def test_a_bill_run_goes_from_data_file_to_job_complete_through_both_gates(
    batchline_home: Path, mailbox: Any, reviewer: Any
) -> None:
    data = batchline_home / "northwind.csv"
    summary = write_sample_file(data, 60, seed=11)
    job_id, pulled = "JFLOW1", "100003"
    answers = [
        ("Awaiting Ops Approval", {**APPROVE_OPS, "pull_documents": [pulled], "note": "hold for credit"}),
        ("Awaiting Customer Approval", APPROVE_CUSTOMER),
        ("Printing complete: Awaiting closeout", {"postage_report": str(batchline_home / "missing.csv")}),
        ("Printing complete: Awaiting closeout", lambda: postage_report(batchline_home, job_id)),
    ]
    with reviewer(answers) as person:
        state = bill_run(str(data), "DEMO", job_id=job_id, return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("COMPLETED", "Job Complete/All Bills Sent")
    assert "60 documents" in person.seen[0]["description"]
    assert len(person.seen) == 4  # the unreadable postage report re-opened the closeout gate
    assert job_status(job_id) == "JOB_COMPLETE"

    with default_store().unit_of_work() as session:
        pulled_row = session.scalars(select(Delivery).where(Delivery.document_number == pulled)).one()
        emailed = session.scalars(
            select(Delivery.document_number).where(Delivery.channel == "EMAIL", Delivery.state == "SENT")
        ).all()
    assert pulled_row.routing == "Pull Class T"
    assert sorted(mailbox.documents()) == sorted(emailed)
    assert len(emailed) == summary.documents_by_channel["EMAIL"] - (pulled_row.channel == "EMAIL")
    drop = batchline_home / "drop/print/DEMO"
    assert list(drop.glob("*.pdf")) and (drop / f"{job_id}.ticket.json").exists()


def test_a_rejected_job_ends_job_rejected_and_delivers_nothing(
    batchline_home: Path, mailbox: Any, reviewer: Any
) -> None:
    data = batchline_home / "northwind.csv"
    write_sample_file(data, 20, seed=3)
    answers = [
        ("Awaiting Ops Approval", {"decision": "reject", "approver": "ops.alice", "note": "wrong cycle"})
    ]
    with reviewer(answers) as person:
        state = bill_run(str(data), "DEMO", job_id="JREJ1", return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("CANCELLED", "Job Rejected")
    assert job_status("JREJ1") == "REJECTED"
    assert mailbox.messages == []
    assert not list((batchline_home / "drop").glob("**/*.pdf"))


def test_an_answer_that_cannot_be_taken_reopens_the_gate_with_the_reason(
    batchline_home: Path, mailbox: Any, reviewer: Any
) -> None:
    data = batchline_home / "northwind.csv"
    write_sample_file(data, 10, seed=5, channels={"EMAIL": 1.0})
    answers = [
        ("Awaiting Ops Approval", {**APPROVE_OPS, "pull_documents": ["999999"]}),
        ("Awaiting Ops Approval", APPROVE_OPS),
        ("Awaiting Customer Approval", APPROVE_CUSTOMER),
    ]
    with reviewer(answers) as person:
        state = bill_run(str(data), "DEMO", job_id="JREFUSE1", return_state=True)
    assert not person.errors, person.errors
    assert "999999 not in job JREFUSE1" in person.seen[1]["description"]
    assert (state.type.value, state.name) == ("COMPLETED", "Job Complete/All Bills Sent")
    assert len(mailbox.documents()) == 10  # the bills; the job activity report comes on top


def test_a_bad_data_file_fails_the_job_in_parsing_with_a_report(batchline_home: Path) -> None:
    data = batchline_home / "bad.csv"
    write_sample_file(data, 5, seed=2)
    text = data.read_text(encoding="utf-8").splitlines()
    text[-1] = text[-1].rsplit(",", 1)[0] + ",1.00"  # trailer total that does not match
    data.write_text("\n".join(text) + "\n", encoding="utf-8")
    state = bill_run(str(data), "DEMO", job_id="JBAD1", return_state=True)
    assert (state.type.value, state.name) == ("FAILED", "Bad Data File")
    assert job_status("JBAD1") == "BAD_DATA_FILE"
    report = (batchline_home / "jobs/JBAD1/bad_data_file_report.md").read_text(encoding="utf-8")
    assert "total" in report.lower()
    assert not (batchline_home / "jobs/JBAD1/documents.parquet").exists()


def test_a_stage_that_fails_ends_the_run_named_after_its_error_and_a_rerun_resumes_there(
    batchline_home: Path, mailbox: Any, reviewer: Any
) -> None:
    data = batchline_home / "northwind.csv"
    write_sample_file(data, 10, seed=8)
    blocker = batchline_home / "jobs/JERR1/print"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder", encoding="utf-8")  # the PDFs cannot be written

    state = bill_run(str(data), "DEMO", job_id="JERR1", return_state=True)
    assert (state.type.value, state.name) == ("FAILED", "PDF Generation Error")
    assert job_status("JERR1") == "ASSEMBLY_ERROR"

    blocker.unlink()
    answers = [("Awaiting Ops Approval", {"decision": "reject", "approver": "ops.alice"})]
    with reviewer(answers) as person:
        rerun = bill_run(str(data), "DEMO", job_id="JERR1", return_state=True)
    assert not person.errors, person.errors
    assert rerun.name == "Job Rejected"
    with default_store().unit_of_work() as session:
        moves = [(h.from_status, h.to_status) for h in status.history(session, BILL_RUN, "JERR1")]
    assert ("GENERATING_PDFS", "ASSEMBLY_ERROR") in moves
    assert ("ASSEMBLY_ERROR", "GENERATING_PDFS") in moves


def test_a_run_cancelled_while_it_waits_at_a_gate_cancels_the_job_and_delivers_nothing(
    batchline_home: Path, mailbox: Any, prefect_harness: str
) -> None:
    import threading

    from deployments import rest

    data = batchline_home / "northwind.csv"
    write_sample_file(data, 10, seed=9)

    def cancel_at_the_gate() -> None:
        run = rest.wait_for_pause(prefect_harness, "Awaiting Ops Approval", timeout=120)
        state = {"type": "CANCELLED", "name": "Cancelled", "message": "cancelled by ops.carol"}
        rest.request(
            "POST", f"{prefect_harness}/flow_runs/{run['id']}/set_state", json={"state": state, "force": True}
        )

    canceller = threading.Thread(target=cancel_at_the_gate, daemon=True)
    canceller.start()
    state = bill_run(str(data), "DEMO", job_id="JCANCEL1", return_state=True)
    canceller.join(timeout=60)

    assert state.type.value == "CANCELLED"
    assert job_status("JCANCEL1") == "CANCELLED"
    assert mailbox.messages == []
    with default_store().unit_of_work() as session:
        states = set(session.scalars(select(Delivery.state).where(Delivery.job_id == "JCANCEL1")))
    assert "PENDING" not in states and "SENT" not in states
