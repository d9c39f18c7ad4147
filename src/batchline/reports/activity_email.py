"""The Job Activity Report emailed to the client's contact when the job is complete (seed 001 FAQ).

Sent once per job: the outcome is kept in the job's summary under ``RECORDED`` (state SENT,
FAILED, NOT_SENT or UNCERTAIN, with who, when and why). A rerun finds SENT and sends nothing;
FAILED and NOT_SENT are tried again; SENDING left behind by an interrupted run becomes
UNCERTAIN and is not resent automatically. Nothing here raises: the job is complete whatever
happens to its report.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any

from batchline.billing import jobs
from batchline.billing.context import JobContext
from batchline.delivery.email import ReportEmail, SmtpMailer
from batchline.reports.job_activity import TITLE, JobActivity, job_activity
from batchline.store.types import utcnow

RECORDED = "job_activity_email"
REPORT = "job-activity"
SENDING, SENT, FAILED, NOT_SENT, UNCERTAIN = "SENDING", "SENT", "FAILED", "NOT_SENT", "UNCERTAIN"

log = logging.getLogger(__name__)


def reports_dir(ctx: JobContext) -> Path:
    return ctx.settings.home / "reports"


def email_job_activity(ctx: JobContext, *, again: bool = False) -> dict[str, Any]:
    """Email the report to the profile's contact_email, once per job unless `again` (asked for on demand).

    Returns what was recorded.
    """
    to = ctx.profile.contact_email.strip()
    claimed = _claim(ctx, to, again)
    if claimed is not None:
        return claimed
    try:
        activity = job_activity(ctx.store, ctx.job_id, client_name=ctx.profile.name)
        pdf = activity.write_files(reports_dir(ctx)).pdf
        mail = _mail(ctx, activity, to, pdf, again)
        with SmtpMailer(
            ctx.settings.smtp_host, ctx.settings.smtp_port, ctx.profile.email_delivery.sender
        ) as m:
            m.send_report(mail)
    except Exception as error:  # the job is complete: its report failing must not undo that
        log.warning("job %s: the %s was not emailed to %s: %s", ctx.job_id, TITLE, to, error)
        return _record(ctx, {"state": FAILED, "to": to, "reason": f"{type(error).__name__}: {error}"})
    return _record(ctx, {"state": SENT, "to": to, "message_id": mail.message_id, "attachment": str(pdf)})


def _claim(ctx: JobContext, to: str, again: bool) -> dict[str, Any] | None:
    """None when this call is to send (SENDING recorded); otherwise what stands recorded."""
    with ctx.store.unit_of_work() as session:
        job = jobs.get_job(session, ctx.job_id)
        value = job.summary.get(RECORDED)
        current: dict[str, Any] = dict(value) if isinstance(value, dict) else {}
        state = current.get("state")
        if not again and state == SENT:
            return current
        outcome: dict[str, Any]
        if not again and state in (SENDING, UNCERTAIN):
            outcome = {
                **current,
                "state": UNCERTAIN,
                "reason": "interrupted while sending: check the mail log before sending it again",
            }
        elif not to:
            outcome = {"state": NOT_SENT, "reason": f"client profile {ctx.client_id} has no contact_email"}
        else:
            job.summary = {**job.summary, RECORDED: {"state": SENDING, "to": to, "at": utcnow().isoformat()}}
            return None
        outcome["at"] = utcnow().isoformat()
        job.summary = {**job.summary, RECORDED: outcome}
        return outcome


def _record(ctx: JobContext, outcome: dict[str, Any]) -> dict[str, Any]:
    outcome = {**outcome, "at": utcnow().isoformat()}
    with ctx.store.unit_of_work() as session:
        job = jobs.get_job(session, ctx.job_id)
        job.summary = {**job.summary, RECORDED: outcome}
    return outcome


def _mail(ctx: JobContext, activity: JobActivity, to: str, pdf: Path, again: bool) -> ReportEmail:
    totals = {row["item"]: row["value"] for row in activity.section("totals").to_dict("records")}
    facts = "\n".join(f"{item}: {'' if value is None else value}" for item, value in totals.items())
    # The automatic email has one Message-ID per job, so a receiving system can spot a duplicate.
    unique = f".{secrets.token_hex(6)}" if again else ""
    return ReportEmail(
        job_id=ctx.job_id,
        report=REPORT,
        to=to,
        subject=f"{TITLE}: job {ctx.job_id} ({ctx.profile.name})",
        body=(
            f"The {TITLE} for job {ctx.job_id} of {ctx.profile.name} is attached.\n\n"
            f"Status: {activity.status}\n{facts}\n\n"
            f"Questions: {ctx.profile.phone or ctx.profile.email}\n"
        ),
        attachment=pdf,
        message_id=f"<{ctx.job_id}.{REPORT}{unique}@batchline>",
    )
