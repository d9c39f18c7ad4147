"""Billing statistics (seed 001): bills by delivery method for the jobs completed in a period.

A job's complete date is when its last bill went out: all electronic versions sent or
the job sent to print, whichever is last. A job with a bill still to send (or held,
or awaiting approval) is not complete and is not counted.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from batchline.billing.objects import as_utc as utc
from batchline.reports.period import Period
from batchline.reports.queries import CHANNELS, frame, of_client, sent_column
from batchline.store.deliveries import HELD, PENDING, PULLED, SENDING, SENT, UNCERTAIN
from batchline.store.models import Delivery, Job

if TYPE_CHECKING:
    import pandas as pd

    from batchline.store.db import Store

_OPEN = (PENDING, SENDING, HELD, UNCERTAIN)
COLUMNS = ("complete_date", "job_id", "client_id", *map(sent_column, CHANNELS), "bills_sent", "pulled")


def billing_statistics(store: Store, client_id: str | None, period: Period) -> pd.DataFrame:
    """One row per job completed in the period, by complete date then job."""
    with store.unit_of_work() as session:
        counted = session.execute(
            of_client(
                select(
                    Delivery.job_id,
                    Delivery.channel,
                    Delivery.state,
                    func.count(),
                    func.max(Delivery.sent_at),
                ),
                client_id,
            ).group_by(Delivery.job_id, Delivery.channel, Delivery.state)
        ).all()
        counted_jobs = sorted({row[0] for row in counted})
        clients = {
            job_id: client
            for job_id, client in session.execute(
                select(Job.id, Job.client_id).where(Job.id.in_(counted_jobs))
            )
        }
    jobs: dict[str, dict[str, int]] = {}
    last_sent: dict[str, datetime] = {}
    still_open: set[str] = set()
    for job_id, channel, state, n, sent in counted:
        bucket = jobs.setdefault(job_id, {})
        if state == SENT and channel in CHANNELS:
            bucket[sent_column(channel)] = bucket.get(sent_column(channel), 0) + int(n)
            if sent is not None:
                moment = utc(sent)
                last_sent[job_id] = max(moment, last_sent.get(job_id, moment))
        elif state == PULLED:
            bucket["pulled"] = bucket.get("pulled", 0) + int(n)
        elif state in _OPEN:
            still_open.add(job_id)
    rows = []
    for job_id, bucket in jobs.items():
        if job_id in still_open or job_id not in last_sent:
            continue
        day = period.day_of(last_sent[job_id])
        if day not in period:
            continue
        sent = {column: bucket.get(column, 0) for column in map(sent_column, CHANNELS)}
        rows.append(
            {
                "complete_date": day,
                "job_id": job_id,
                "client_id": clients[job_id],
                **sent,
                "bills_sent": sum(sent.values()),
                "pulled": bucket.get("pulled", 0),
            }
        )
    rows.sort(key=lambda r: (r["complete_date"], r["job_id"]))
    return frame(rows, COLUMNS)


def by_day_and_channel(statistics: pd.DataFrame) -> pd.DataFrame:
    """Bills sent per complete date and channel: the chart's data (one column per channel)."""
    columns = list(map(sent_column, CHANNELS))
    return statistics.groupby("complete_date")[columns].sum().reset_index()
