"""Job Activity Report (seed 001 FAQ): one job's statuses, deliveries, batches, approvals and totals.

Emailed to the client's contact once the job is complete (``reports.activity_email``); on demand
from the ``job-activity-report`` flow, or from a shell or notebook:

    python -m batchline.reports.job_activity JOB_ID            # markdown to stdout
    python -m batchline.reports.job_activity JOB_ID --write    # PDF, markdown, CSVs under BATCHLINE_HOME/reports
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from batchline.billing import jobs
from batchline.billing.envelopes import mail_class_label
from batchline.lifecycle import BILL_RUN, UnknownStatus, code_meaning, phase_of
from batchline.reports.document import ReportDocument, ReportFiles, Section
from batchline.store import status as statuses
from batchline.store.db import Store
from batchline.store.models import Approval, Batch, Delivery, Job
from batchline.store.types import utcnow

if TYPE_CHECKING:
    import pandas as pd

TITLE = "Job Activity Report"
PULLED_SHOWN = 20  # pulled document numbers listed per decision in the PDF and markdown; the CSV has all


@dataclass(frozen=True, eq=False, slots=True)
class JobActivity:
    job_id: str
    client_id: str
    client_name: str
    status: str
    generated_at: datetime
    sections: tuple[Section, ...]

    def section(self, name: str) -> pd.DataFrame:
        return next(s.frame for s in self.sections if s.name == name)

    @property
    def heading(self) -> str:
        return f"{TITLE}: job {self.job_id}"

    @property
    def lines(self) -> list[str]:
        client = f"{self.client_name} ({self.client_id})" if self.client_name else self.client_id
        return [
            f"Client {client}. Status: {self.status}.",
            f"Generated {self.generated_at:%Y-%m-%d %H:%M} UTC; all times are UTC.",
        ]

    @property
    def document(self) -> ReportDocument:
        shown = tuple(dataclasses.replace(s, shown=_shortened(s.frame)) for s in self.sections)
        return ReportDocument(f"job-activity-{self.job_id}", self.heading, tuple(self.lines), shown)

    def to_markdown(self) -> str:
        return self.document.to_markdown()

    def write_pdf(self, path: Path) -> Path:
        return self.document.write_pdf(path)

    def write_files(self, reports_dir: Path) -> ReportFiles:
        """The PDF, the markdown, and a CSV and a Parquet file per section, in reports_dir/job-activity-<job>/."""
        return self.document.write_files(reports_dir)


def job_activity(store: Store, job_id: str, *, client_name: str = "") -> JobActivity:
    """The report of one job as it stands in the store; money is exact (Decimal) throughout."""
    import pandas as pd

    with store.unit_of_work() as session:
        job = jobs.get_job(session, job_id)
        status = statuses.current_status(session, BILL_RUN, job_id)
        history = statuses.history(session, BILL_RUN, job_id)
        counted = session.execute(
            select(Delivery.channel, Delivery.state, Delivery.routing, func.count())
            .where(Delivery.job_id == job_id)
            .group_by(Delivery.channel, Delivery.state, Delivery.routing)
            .order_by(Delivery.channel, Delivery.state, Delivery.routing)
        ).all()
        batches = list(session.scalars(select(Batch).where(Batch.job_id == job_id).order_by(Batch.sequence)))
        approvals = list(
            session.scalars(
                select(Approval)
                .where(Approval.lifecycle == BILL_RUN.name, Approval.object_id == job_id)
                .order_by(Approval.at, Approval.id)
            )
        )
    title = _title(status, job.post_office_date)
    frames = {
        "job": _pairs(_job_rows(job, title, status)),
        "history": pd.DataFrame(
            [
                {
                    "at": _when(h.at),
                    "from": _title(h.from_status, job.post_office_date) if h.from_status else "",
                    "to": _title(h.to_status, job.post_office_date),
                    "by": h.actor,
                    "reason": h.reason,
                }
                for h in history
            ],
            columns=["at", "from", "to", "by", "reason"],
        ),
        "deliveries": pd.DataFrame(
            [{"channel": c, "state": s, "routing": r, "documents": int(n)} for c, s, r, n in counted],
            columns=["channel", "state", "routing", "documents"],
        ),
        "batches": pd.DataFrame([_batch_row(b) for b in batches], columns=list(_BATCH_COLUMNS), dtype=object),
        "approvals": pd.DataFrame(
            [
                {
                    "at": _when(a.at),
                    "gate": _title(a.gate),
                    "decision": a.decision,
                    "approver": a.approver,
                    "pulled": len(a.pulled or []),
                    "pulled_documents": " ".join(a.pulled or []),
                    "note": a.note,
                }
                for a in approvals
            ],
            columns=["at", "gate", "decision", "approver", "pulled", "pulled_documents", "note"],
        ),
        "totals": _pairs(_totals(job, counted, batches)),
    }
    titles = {
        "job": "Job",
        "history": "Status history",
        "deliveries": "Deliveries by channel and state",
        "batches": "Batches",
        "approvals": "Approvals",
        "totals": "Totals",
    }
    return JobActivity(
        job.id,
        job.client_id,
        client_name,
        title,
        utcnow(),
        tuple(Section(name, titles[name], frame) for name, frame in frames.items()),
    )


_BATCH_COLUMNS = (
    "batch",
    "channel",
    "mail_class",
    "pieces",
    "sheets",
    "weight_oz",
    "zip_range",
    "dropped_at",
    "pieces_mailed",
    "postage",
)


def _batch_row(batch: Batch) -> dict[str, Any]:
    zips = " - ".join(z for z in (batch.zip_first, batch.zip_last) if z)
    return {
        "batch": batch.id,
        "channel": batch.channel,
        "mail_class": mail_class_label(batch.mail_class),
        "pieces": batch.pieces,
        "sheets": batch.sheets,
        "weight_oz": batch.weight_oz,
        "zip_range": zips,
        "dropped_at": _when(batch.delivered_at),
        "pieces_mailed": batch.pieces_mailed,
        "postage": batch.postage_amount,
    }


def _job_rows(job: Job, title: str, status: str) -> list[tuple[str, Any]]:
    return [
        ("Job", job.id),
        ("Client", job.client_id),
        ("Data file", Path(job.source_file).name),
        ("Status", title),
        ("Phase", phase_of(status)),
        ("Job code", f"{job.job_code} {code_meaning(job.job_code)}".strip()),
        ("Records", job.record_count),
        ("Documents", job.document_count),
        ("Total amount", job.total_amount),
        ("Received", _when(job.created_at)),
        ("Paper bills at the post office no later than", job.post_office_date),
        ("Completed", _when(job.completed_at)),
    ]


def _totals(job: Job, counted: Sequence[Any], batches: Sequence[Batch]) -> list[tuple[str, Any]]:
    by_state: dict[str, int] = {}
    sent: dict[str, int] = {}
    for channel, state, _, n in counted:
        by_state[state] = by_state.get(state, 0) + int(n)
        if state == "SENT":
            sent[channel] = sent.get(channel, 0) + int(n)
    printed = [b for b in batches if b.channel == "PRINT" and b.pieces]
    postage = [b.postage_amount for b in printed if b.postage_amount is not None]
    rows: list[tuple[str, Any]] = [
        ("Documents", job.document_count or 0),
        ("Total amount", job.total_amount),
        *((f"Sent by {channel.lower()}", n) for channel, n in sorted(sent.items())),
        *((f"Documents {state.lower()}", n) for state, n in sorted(by_state.items()) if state != "SENT"),
        ("Print batches", len(printed)),
        ("Pieces printed", sum(b.pieces for b in printed)),
        ("Sheets", sum(b.sheets for b in printed)),
        ("Weight (oz)", sum((b.weight_oz or Decimal(0) for b in printed), Decimal(0))),
        ("Pieces mailed", sum(b.pieces_mailed or 0 for b in printed)),
        ("Postage", job.postage_amount if job.postage_amount is not None else sum(postage, Decimal(0))),
    ]
    return rows


def _pairs(rows: list[tuple[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([{"item": k, "value": v} for k, v in rows], columns=["item", "value"], dtype=object)


def _title(code: str, post_office: date | None = None) -> str:
    """A status's title, "no later than (Date)" filled in with the job's post office date."""
    try:
        return BILL_RUN.display_name(code, on=post_office if code == "DELIVERED_TO_POST_OFFICE" else None)
    except UnknownStatus:  # a status retired from the catalog still shows in old history
        return code


def _when(value: datetime | None) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M:%S}"


def _shortened(frame: pd.DataFrame) -> pd.DataFrame:
    """Long lists of pulled documents cut for reading; the CSV keeps them whole."""
    if "pulled_documents" not in frame.columns:
        return frame
    shown = frame.copy()
    shown["pulled_documents"] = [
        " ".join(ns[:PULLED_SHOWN]) + (f" (+{len(ns) - PULLED_SHOWN} more)" if len(ns) > PULLED_SHOWN else "")
        for ns in (str(v).split() for v in frame["pulled_documents"])
    ]
    return shown


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m batchline.reports.job_activity", description=TITLE)
    parser.add_argument("job_id")
    parser.add_argument(
        "--write",
        nargs="?",
        const="",
        metavar="DIR",
        help="write the PDF, markdown and CSVs (to DIR, default BATCHLINE_HOME/reports)",
    )
    args = parser.parse_args(argv)
    from batchline.settings import load_settings
    from batchline.store.db import default_store

    try:
        activity = job_activity(default_store(), args.job_id)
    except jobs.JobNotFound as missing:
        parser.exit(2, f"{missing}\n")
    if args.write is None:
        print(activity.to_markdown(), end="")
        return 0
    files = activity.write_files(Path(args.write) if args.write else load_settings().home / "reports")
    for path in (files.pdf, files.markdown, *files.csv):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
