"""The Job Activity Report in flows: emailed once when a bill run completes, and on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batchline.billing import jobs
from batchline.billing.sample import write_sample_file
from batchline.store.db import default_store
from flows.bill_run import bill_run
from flows.job_activity import job_activity_report

CONTACT = "ap-contact@northwind.example"


def no_approvals(home: Path) -> None:
    profile = home / "profiles" / "DEMO.toml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace("ops = true", "ops = false").replace("customer = true", "customer = false"),
        encoding="utf-8",
    )


def test_a_completed_job_emails_its_activity_report_to_the_contact_once(
    batchline_home: Path, mailbox: Any
) -> None:
    no_approvals(batchline_home)
    data = batchline_home / "northwind.csv"
    write_sample_file(data, 8, seed=4, channels={"EMAIL": 1.0})

    state = bill_run(str(data), "DEMO", job_id="JACTFLOW1", return_state=True)
    assert (state.type.value, state.name) == ("COMPLETED", "Job Complete/All Bills Sent")
    (report,) = mailbox.reports()
    assert report["To"] == CONTACT
    assert report["X-Batchline-Job"] == "JACTFLOW1"
    assert [part.get_filename() for part in report.walk() if part.get_filename()] == [
        "job-activity-JACTFLOW1.pdf"
    ]
    assert len(mailbox.documents()) == 8  # the bills themselves, each once

    rerun = bill_run(str(data), "DEMO", job_id="JACTFLOW1", return_state=True)
    assert rerun.name == "Job Complete/All Bills Sent"
    assert len(mailbox.reports()) == 1
    assert len(mailbox.documents()) == 8
    recorded = jobs.stage_result(default_store(), "JACTFLOW1", "job_activity_email")
    assert recorded is not None and recorded["state"] == "SENT"


def test_the_report_flow_publishes_the_report_for_any_job_and_emails_it_when_asked(
    batchline_home: Path, mailbox: Any
) -> None:
    no_approvals(batchline_home)
    data = batchline_home / "northwind.csv"
    write_sample_file(data, 4, seed=6, channels={"EMAIL": 1.0})
    bill_run(str(data), "DEMO", job_id="JACTFLOW2", return_state=True)
    emailed_by_the_run = len(mailbox.reports())

    published = job_activity_report("JACTFLOW2")
    assert published["status"] == "Job Complete/All Bills Sent"
    assert Path(published["pdf"]).exists()
    assert (
        Path(published["markdown"])
        .read_text(encoding="utf-8")
        .startswith("# Job Activity Report: job JACTFLOW2")
    )
    assert len(mailbox.reports()) == emailed_by_the_run

    asked = job_activity_report("JACTFLOW2", email=True)
    assert asked["email"]["state"] == "SENT"
    assert len(mailbox.reports()) == emailed_by_the_run + 1
