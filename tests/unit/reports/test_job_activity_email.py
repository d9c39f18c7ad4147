"""The Job Activity Report emailed to the client's contact over real SMTP: once, recorded, never failing."""

from __future__ import annotations

import dataclasses
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from batchline.billing import jobs
from batchline.billing.context import JobContext
from batchline.reports.activity_email import RECORDED, email_job_activity
from batchline.settings import load_settings
from batchline.store.db import Store
from deployments.smtp import Mailbox, free_port

JOB = "JMAIL1"
CONTACT = "ap-contact@northwind.example"


@pytest.fixture
def ctx(store: Store, batchline_home: Path, mailbox: Mailbox) -> JobContext:
    """A completed job of the demo client, whose profile names a contact; SMTP is the mailbox."""
    jobs.open_job(store, JOB, "DEMO", batchline_home / "northwind.csv", batchline_home / "jobs" / JOB)
    for status in ("USPS_PREPARATION", "GENERATING_PDFS", "AWAITING_OPS_APPROVAL"):
        jobs.advance(store, JOB, status)
    with store.unit_of_work() as session:
        jobs.move_job(session, JOB, "REJECTED", actor="ops.alice", reason="wrong cycle")
    return JobContext.load(JOB, "DEMO", load_settings(), store)


def recorded(ctx: JobContext) -> dict[str, object] | None:
    return jobs.stage_result(ctx.store, ctx.job_id, RECORDED)


def test_the_report_arrives_at_the_contact_with_the_pdf_attached(ctx: JobContext, mailbox: Mailbox) -> None:
    outcome = email_job_activity(ctx)
    (message,) = mailbox.reports()
    assert (message["To"], message["From"]) == (CONTACT, "billing@northwind.example")
    assert message["Subject"] == f"Job Activity Report: job {JOB} (Northwind Industrial Supply)"
    assert message["Message-ID"] == f"<{JOB}.job-activity@batchline>"
    assert message["X-Batchline-Document"] is None and mailbox.documents() == []
    body, attachment = message.get_payload()
    assert "Status: Job Rejected" in body.get_payload()
    assert (attachment.get_content_type(), attachment.get_filename()) == (
        "application/pdf",
        f"job-activity-{JOB}.pdf",
    )
    pdf = PdfReader(BytesIO(attachment.get_payload(decode=True)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert f"Job Activity Report: job {JOB}" in text and "ops.alice" in text
    assert outcome["state"] == "SENT" and outcome["to"] == CONTACT
    assert recorded(ctx) == outcome
    assert Path(str(outcome["attachment"])).exists()


def test_the_report_is_sent_once_per_job(ctx: JobContext, mailbox: Mailbox) -> None:
    first = email_job_activity(ctx)
    again = email_job_activity(ctx)
    assert len(mailbox.reports()) == 1
    assert again == first


def test_asked_for_again_on_demand_it_is_sent_again_with_its_own_message_id(
    ctx: JobContext, mailbox: Mailbox
) -> None:
    email_job_activity(ctx)
    email_job_activity(ctx, again=True)
    first, second = mailbox.reports()
    assert first["Message-ID"] != second["Message-ID"]


def test_without_a_contact_email_nothing_is_sent_and_the_reason_is_recorded(
    ctx: JobContext, mailbox: Mailbox
) -> None:
    nobody = dataclasses.replace(ctx, profile=ctx.profile.model_copy(update={"contact_email": ""}))
    outcome = email_job_activity(nobody)
    assert mailbox.messages == []
    assert outcome["state"] == "NOT_SENT"
    assert outcome["reason"] == "client profile DEMO has no contact_email"
    assert recorded(ctx) == outcome


def test_a_report_that_cannot_be_emailed_is_recorded_and_sent_by_a_later_run(
    ctx: JobContext, mailbox: Mailbox
) -> None:
    down = free_port()
    unreachable = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, smtp_port=down))
    outcome = email_job_activity(unreachable)  # does not raise
    assert outcome["state"] == "FAILED"
    assert f"SMTP server 127.0.0.1:{down}: cannot connect" in str(outcome["reason"])
    assert recorded(ctx) == outcome
    assert jobs.job_status(ctx.store, JOB) == "REJECTED"
    assert email_job_activity(ctx)["state"] == "SENT"
    assert len(mailbox.reports()) == 1


def test_a_send_interrupted_midway_is_marked_uncertain_and_not_repeated(
    ctx: JobContext, mailbox: Mailbox
) -> None:
    with ctx.store.unit_of_work() as session:
        job = jobs.get_job(session, JOB)
        job.summary = {**job.summary, RECORDED: {"state": "SENDING", "to": CONTACT}}
    outcome = email_job_activity(ctx)
    assert outcome["state"] == "UNCERTAIN"
    assert "check the mail log" in str(outcome["reason"])
    assert email_job_activity(ctx)["state"] == "UNCERTAIN"
    assert mailbox.messages == []
