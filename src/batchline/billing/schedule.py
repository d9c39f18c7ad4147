"""Dates a client's rules put on a job: delayed electronic delivery, and timed starts.

Electronic Bills Sending/Sent on (Date) (seed 001): a client may hold its
electronic bills until a date. The date is fixed once, when the job reaches
delivery, and kept in the job's summary; the run waits at a gate without holding
a worker, and the intake flow resumes it once the date has come (`due_releases`).

Timed rule (seed 001 FAQ): "do not start before 06:00 America/New_York". A file
picked up earlier starts at that time (`start_time`), as a Scheduled run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from batchline.billing import jobs
from batchline.billing.context import JobContext
from batchline.billing.profile import ElectronicDelay, IntakeRules
from batchline.lifecycle import BILL_RUN
from batchline.store.db import Store
from batchline.store.models import Job, ObjectStatus

HOLD = "electronic_hold"


def electronic_send_time(
    rule: ElectronicDelay, approved_at: datetime, latest_document_date: date | None
) -> datetime | None:
    """When held electronic bills go (UTC), or None if the rule does not hold them past `approved_at`."""
    if not rule.active:
        return None
    zone = ZoneInfo(rule.timezone)
    day = approved_at.astimezone(zone).date() + timedelta(days=rule.days)
    if rule.until_document_date and latest_document_date is not None:
        day = max(day, latest_document_date)
    moment = datetime.combine(day, rule.send_at, tzinfo=zone).astimezone(UTC)
    return moment if moment > approved_at else None


def _latest_document_date(ctx: JobContext) -> date | None:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    dates = pq.read_table(ctx.workspace / "documents.parquet", columns=["document_date"]).column(0)
    latest = pc.max(dates).as_py()
    return latest if isinstance(latest, date) else None


@dataclass(frozen=True, slots=True)
class Hold:
    send_at: datetime
    day: date  # the send date in the client's time zone

    @property
    def title(self) -> str:
        """e.g. "Electronic Bills Sending/Sent on 2026-12-01": the status with its date."""
        return BILL_RUN.display_name("ELECTRONIC_SCHEDULED", on=self.day)

    def as_dict(self) -> dict[str, str]:
        return {"send_at": self.send_at.isoformat(), "day": self.day.isoformat(), "title": self.title}


def electronic_hold(ctx: JobContext, now: datetime) -> Hold | None:
    """The job's hold, fixed the first time it is asked for (a resumed run finds the same date)."""
    recorded = jobs.stage_result(ctx.store, ctx.job_id, HOLD)
    if recorded is not None:
        if not recorded.get("send_at"):
            return None
        return Hold(datetime.fromisoformat(recorded["send_at"]), date.fromisoformat(recorded["day"]))
    rule = ctx.profile.electronic_delay
    latest = _latest_document_date(ctx) if rule.until_document_date else None
    send_at = electronic_send_time(rule, now, latest)
    hold = None if send_at is None else Hold(send_at, send_at.astimezone(ZoneInfo(rule.timezone)).date())
    with ctx.store.unit_of_work() as session:
        job = jobs.get_job(session, ctx.job_id)
        job.summary = {**job.summary, HOLD: hold.as_dict() if hold else {"send_at": ""}}
    return hold


@dataclass(frozen=True, slots=True)
class Release:
    job_id: str
    flow_run_id: str
    send_at: datetime


def scheduled_jobs(store: Store) -> list[Release]:
    """Jobs waiting at "Electronic Bills Sending on (Date)", with their dates."""
    with store.unit_of_work() as session:
        rows = session.execute(
            select(Job.id, Job.flow_run_id, Job.summary)
            .join(
                ObjectStatus, (ObjectStatus.object_id == Job.id) & (ObjectStatus.lifecycle == BILL_RUN.name)
            )
            .where(ObjectStatus.status == "ELECTRONIC_SCHEDULED")
        ).all()
    out = []
    for job_id, flow_run_id, summary in rows:
        send_at = (summary or {}).get(HOLD, {}).get("send_at")
        if send_at:
            out.append(Release(job_id, flow_run_id or "", datetime.fromisoformat(send_at)))
    return sorted(out, key=lambda r: (r.send_at, r.job_id))


def due_releases(store: Store, now: datetime) -> list[Release]:
    """Held jobs whose date has come."""
    return [r for r in scheduled_jobs(store) if r.send_at <= now]


def start_time(rule: IntakeRules, picked_up: datetime) -> datetime | None:
    """When a file picked up at `picked_up` may start (UTC), or None to start now.

    Before `not_before` local time: today at that time. At or after it: now.
    """
    if rule.not_before is None:
        return None
    zone = ZoneInfo(rule.timezone)
    local = picked_up.astimezone(zone)
    if local.time() >= rule.not_before:
        return None
    return datetime.combine(local.date(), rule.not_before, tzinfo=zone).astimezone(UTC)
