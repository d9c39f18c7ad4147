"""A bill run with every delivery channel of seed 001: print, email, fax, e-bill portal and CSV export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from batchline.billing.sample import write_sample_file
from batchline.store.db import default_store
from batchline.store.models import Batch, Delivery
from flows.bill_run import bill_run

CHANNELS = {"PRINT": 0.3, "EMAIL": 0.2, "FAX": 0.2, "EBILL": 0.15, "CSV": 0.15}


def postage_report(home: Path, job_id: str) -> dict[str, Any]:
    with default_store().unit_of_work() as session:
        rows = session.execute(
            select(Batch.id, Batch.pieces).where(Batch.job_id == job_id, Batch.channel == "PRINT")
        ).all()
    report = home / f"postage-{job_id}.csv"
    lines = "".join(f"{batch},{pieces},{pieces * 0.63:.2f}\n" for batch, pieces in rows if pieces)
    report.write_text("print_batch,pieces_mailed,postage_amount\n" + lines, encoding="utf-8")
    return {"postage_report": str(report)}


def test_a_job_with_every_delivery_channel_completes_and_records_each_delivery(
    batchline_home: Path, mailbox: Any, reviewer: Any
) -> None:
    data = batchline_home / "northwind.csv"
    summary = write_sample_file(data, 40, seed=13, channels=CHANNELS)
    made = summary.documents_by_channel
    assert all(made.get(channel) for channel in CHANNELS), made
    job_id = "JCHANNELS1"
    answers = [
        ("Awaiting Ops Approval", {"decision": "approve", "approver": "ops.alice"}),
        ("Awaiting Customer Approval", {"decision": "approve", "approver": "customer.bob"}),
        ("Printing complete: Awaiting closeout", lambda: postage_report(batchline_home, job_id)),
    ]
    with reviewer(answers) as person:
        state = bill_run(str(data), "DEMO", job_id=job_id, return_state=True)
    assert not person.errors, person.errors
    assert (state.type.value, state.name) == ("COMPLETED", "Job Complete/All Bills Sent")

    with default_store().unit_of_work() as session:
        rows = session.execute(
            select(Delivery.channel, Delivery.state, func.count())
            .where(Delivery.job_id == job_id)
            .group_by(Delivery.channel, Delivery.state)
        ).all()
    recorded = {(channel, state): n for channel, state, n in rows}
    for channel in ("EMAIL", "FAX", "EBILL", "CSV"):
        assert recorded[(channel, "SENT")] == made[channel], recorded
    print_states = {s: n for (c, s), n in recorded.items() if c == "PRINT"}
    assert set(print_states) <= {"SENT", "UNDELIVERABLE"} and sum(print_states.values()) == made["PRINT"]

    bills = [m for m in mailbox.messages if m["X-Batchline-Document"]]  # not the job activity report
    faxed = [m for m in bills if str(m["To"]).endswith("@fax.gateway.example")]
    assert (len(bills), len(faxed)) == (made["EMAIL"] + made["FAX"], made["FAX"])
    portal = batchline_home / "drop/portal/DEMO" / job_id
    assert json.loads((portal / "manifest.json").read_text(encoding="utf-8"))["documents"] == made["EBILL"]
    assert len(list(portal.glob("*.pdf"))) == made["EBILL"]
    export = (batchline_home / f"drop/export/DEMO/{job_id}.csv").read_text(encoding="utf-8")
    assert export.startswith("document_number,document_type,")
