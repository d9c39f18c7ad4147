"""Electronic bills held to a date by the client's rule: paper goes at once, electronic bills only when
the intake flow finds their date has come (on a clock the test controls)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from batchline.billing import schedule
from batchline.billing.sample import write_sample_file
from batchline.lifecycle import BILL_RUN
from batchline.store import status
from batchline.store.db import default_store
from flows.bill_run import bill_run
from tasks.intake import release_held_electronic_bills
from tests.flows.test_bill_run_flow import APPROVE_CUSTOMER, APPROVE_OPS, job_status, postage_report

HOLD_DAYS = 3


def test_electronic_bills_held_to_a_date_go_only_when_the_date_is_reached(
    batchline_home: Path, mailbox: Any, reviewer: Any
) -> None:
    profile = batchline_home / "profiles" / "DEMO.toml"
    profile.write_text(
        profile.read_text() + f'\n[electronic_delay]\ndays = {HOLD_DAYS}\nsend_at = "07:00"\n',
        encoding="utf-8",
    )
    data = batchline_home / "held.csv"
    summary = write_sample_file(data, 40, seed=5)
    job_id = "JHELD1"
    send_day = datetime.now(ZoneInfo("America/New_York")).date() + timedelta(days=HOLD_DAYS)
    held_gate = BILL_RUN.display_name("ELECTRONIC_SCHEDULED", on=send_day)
    seen: dict[str, Any] = {}

    def release_on_the_date() -> None:
        store = default_store()
        [held] = schedule.scheduled_jobs(store)
        seen["held"] = held
        seen["emails_while_held"] = len(mailbox.messages)
        seen["printed_while_held"] = len(list((batchline_home / "drop/print/DEMO").glob("*.pdf")))
        seen["before"] = release_held_electronic_bills.fn(now=held.send_at - timedelta(minutes=1))
        seen["on_the_date"] = release_held_electronic_bills.fn(now=held.send_at)
        return None

    answers = [
        ("Awaiting Ops Approval", APPROVE_OPS),
        ("Awaiting Customer Approval", APPROVE_CUSTOMER),
        (held_gate, release_on_the_date),
        ("Printing complete: Awaiting closeout", lambda: postage_report(batchline_home, job_id)),
    ]
    with reviewer(answers) as person:
        state = bill_run(str(data), "DEMO", job_id=job_id, return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("COMPLETED", "Job Complete/All Bills Sent")

    gate_text = person.seen[0]["description"]
    assert "Sample documents" in gate_text and "/samples/" in gate_text and "largest" in gate_text
    held = seen["held"]
    assert held.job_id == job_id
    assert held.send_at.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") == "07:00"
    assert seen["emails_while_held"] == 0  # nothing electronic before the date...
    assert seen["printed_while_held"] > 0  # ...while paper bills were not held
    assert seen["before"] == []
    assert seen["on_the_date"] == [f"{job_id}: ACCEPT"]
    assert len(mailbox.documents()) == summary.documents_by_channel["EMAIL"]
    with default_store().unit_of_work() as session:
        moves = [(c.to_status, c.reason) for c in status.history(session, BILL_RUN, job_id)]
    path = [to for to, _ in moves]
    assert (
        path.index("PRINTING_PAPER_BILLS")
        < path.index("ELECTRONIC_SCHEDULED")
        < path.index("SENDING_ELECTRONIC")
    )
    assert dict(moves)["ELECTRONIC_SCHEDULED"].startswith(held_gate)
    assert job_status(job_id) == "JOB_COMPLETE"
