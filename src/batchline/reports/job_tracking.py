"""Job tracking report (seed 001): per job its status, phase, seed 003 code and counts by channel."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from batchline.billing import objects
from batchline.lifecycle import BILL_RUN, code_meaning, phase_of
from batchline.store.db import Store
from batchline.store.models import Delivery, Job, ObjectStatus, Transaction

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = (
    "job_id",
    "client_id",
    "status",
    "phase",
    "job_code",
    "job_code_meaning",
    "documents",
    "total_amount",
    "objects",
)


def job_tracking(
    store: Store, *, client_id: str | None = None, job_ids: list[str] | None = None
) -> pd.DataFrame:
    """One row per job; `sent_<channel>` columns count documents delivered by each channel."""
    return job_tracking_with_objects(store, client_id=client_id, job_ids=job_ids)[0]


def job_tracking_with_objects(
    store: Store, *, client_id: str | None = None, job_ids: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The job tracking report and its jobs' seed 003 objects by code (object_codes), counted once."""
    import pandas as pd

    with store.unit_of_work() as session:
        query = (
            select(Job, ObjectStatus.status)
            .join(
                ObjectStatus, (ObjectStatus.object_id == Job.id) & (ObjectStatus.lifecycle == BILL_RUN.name)
            )
            .order_by(Job.created_at, Job.id)
        )
        if client_id:
            query = query.where(Job.client_id == client_id)
        if job_ids:
            query = query.where(Job.id.in_(job_ids))
        jobs = session.execute(query).all()
        ids = [job.id for job, _ in jobs]
        counted = session.execute(
            select(Delivery.job_id, Delivery.channel, Delivery.state, func.count())
            .where(Delivery.job_id.in_(ids))
            .group_by(Delivery.job_id, Delivery.channel, Delivery.state)
        ).all()
        codes = objects.code_counts(session, ids)
        object_summary = _object_summary(codes)
    per_job: dict[str, dict[str, int]] = {}
    for job_id, channel, state, n in counted:
        column = f"sent_{channel.lower()}" if state == "SENT" else state.lower()
        bucket = per_job.setdefault(job_id, {})
        bucket[column] = bucket.get(column, 0) + int(n)
    rows = []
    for job, status in jobs:
        rows.append(
            {
                "job_id": job.id,
                "client_id": job.client_id,
                "status": BILL_RUN.display_name(status, on=_status_date(job, status)),
                "phase": phase_of(status),
                "job_code": job.job_code,
                "job_code_meaning": code_meaning(job.job_code),
                "documents": job.document_count or 0,
                "total_amount": job.total_amount,
                "objects": object_summary.get(job.id, ""),
                **per_job.get(job.id, {}),
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS)) if not rows else pd.DataFrame(rows)
    count_columns = [c for c in frame.columns if c not in COLUMNS]
    frame[count_columns] = frame[count_columns].fillna(0).astype("int64")
    return frame[[*COLUMNS, *sorted(count_columns)]], _codes_frame(codes)


def _object_summary(counts: list[tuple[str, str, int, int]]) -> dict[str, str]:
    """Per job, e.g. "TRN 999:2990 888:10; RCP 999:2990 888:10; BCH 999:7; PUB 999:7"."""
    by_job: dict[str, dict[str, list[str]]] = {}
    for job_id, kind, code, n in counts:
        if kind != "JOB":
            by_job.setdefault(job_id, {}).setdefault(kind, []).append(f"{code}:{n}")
    return {
        job_id: "; ".join(
            f"{kind} {' '.join(kinds[kind])}" for kind in ("TRN", "RCP", "BCH", "PUB") if kind in kinds
        )
        for job_id, kinds in by_job.items()
    }


def object_codes(store: Store, job_ids: list[str]) -> pd.DataFrame:
    """Seed 003 objects of each job counted by code: job_id, object (JOB/TRN/RCP/BCH/PUB), code, meaning, count."""

    with store.unit_of_work() as session:
        return _codes_frame(objects.code_counts(session, job_ids))


def _codes_frame(counts: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    import pandas as pd

    order = {kind: n for n, kind in enumerate(("JOB", "TRN", "RCP", "BCH", "PUB"))}
    rows = [
        {"job_id": j, "object": k, "code": c, "meaning": code_meaning(c), "count": n}
        for j, k, c, n in sorted(counts, key=lambda r: (r[0], order[r[1]], r[2]))
    ]
    return pd.DataFrame(rows, columns=["job_id", "object", "code", "meaning", "count"])


def _status_date(job: Job, status: str) -> date | None:
    if status in ("DELIVERED_TO_POST_OFFICE", "JOB_COMPLETE", "CLOSEOUT_OVERDUE"):
        return job.post_office_date
    return None


DETAIL_COLUMNS = (
    "document_number", "document_type", "account_number", "branch", "amount", "pages", "routed_by",
    "code", "meaning", "deliveries",
)  # fmt: skip


def job_details(store: Store, job_id: str) -> pd.DataFrame:
    """The details view of one job: its documents, each with its channels and where each stands.

    `deliveries` reads like "PRINT SENT; EMAIL SENT"; the job's activity report is the next step
    (`batchline.reports.job_activity`).
    """
    import pandas as pd

    with store.unit_of_work() as session:
        documents = session.scalars(
            select(Transaction).where(Transaction.job_id == job_id).order_by(Transaction.document_number)
        ).all()
        sent = session.execute(
            select(Delivery.document_number, Delivery.channel, Delivery.state)
            .where(Delivery.job_id == job_id)
            .order_by(Delivery.document_number, Delivery.is_copy, Delivery.channel)
        ).all()
    channels: dict[str, list[str]] = {}
    for number, channel, state in sent:
        channels.setdefault(number, []).append(f"{channel} {state}")
    rows = [
        {
            "document_number": d.document_number,
            "document_type": d.document_type,
            "account_number": d.account_number,
            "branch": d.branch,
            "amount": d.amount,
            "pages": d.pages,
            "routed_by": d.routed_by,
            "code": d.code,
            "meaning": code_meaning(d.code),
            "deliveries": "; ".join(channels.get(d.document_number, [])),
        }
        for d in documents
    ]
    return pd.DataFrame(rows, columns=list(DETAIL_COLUMNS))
