"""The job tracking report: one row per job with its status, phase, JOB code and deliveries."""

from __future__ import annotations

from pathlib import Path

from batchline.billing import jobs
from batchline.reports.document import markdown_table as to_markdown
from batchline.reports.job_tracking import COLUMNS, job_tracking
from batchline.store.db import Store
from batchline.store.models import Delivery


def open_jobs(store: Store, tmp_path: Path, *ids_and_clients: tuple[str, str]) -> None:
    for job_id, client_id in ids_and_clients:
        jobs.open_job(store, job_id, client_id, tmp_path / f"{job_id}.csv", tmp_path / job_id)


def test_an_empty_store_gives_an_empty_report_with_the_columns(store: Store) -> None:
    frame = job_tracking(store)
    assert list(frame.columns) == list(COLUMNS)
    assert frame.empty


def test_a_new_job_is_reported_at_parsing_with_its_job_code(store: Store, tmp_path: Path) -> None:
    open_jobs(store, tmp_path, ("J1", "DEMO"))
    (row,) = job_tracking(store).to_dict("records")
    assert row["job_id"] == "J1"
    assert row["status"] == "Parsing and Loading Data File(s)"
    assert row["phase"] == "Preparing files for processing"
    assert row["job_code"] == 131
    assert row["documents"] == 0


def test_deliveries_are_counted_as_sent_by_channel_and_otherwise_by_state(
    store: Store, tmp_path: Path
) -> None:
    open_jobs(store, tmp_path, ("J1", "DEMO"), ("J2", "DEMO"))
    states = [
        ("PRINT", "SENT"),
        ("PRINT", "SENT"),
        ("EMAIL", "SENT"),
        ("EMAIL", "FAILED"),
        ("PRINT", "PULLED"),
    ]
    with store.unit_of_work() as session:
        for n, (channel, state) in enumerate(states):
            session.add(Delivery(job_id="J1", document_number=f"1000{n}", channel=channel, state=state))
    rows = {row["job_id"]: row for row in job_tracking(store).to_dict("records")}
    assert {k: rows["J1"][k] for k in ("sent_print", "sent_email", "failed", "pulled")} == {
        "sent_print": 2,
        "sent_email": 1,
        "failed": 1,
        "pulled": 1,
    }
    assert {k: rows["J2"][k] for k in ("sent_print", "sent_email", "failed", "pulled")} == {
        "sent_print": 0,
        "sent_email": 0,
        "failed": 0,
        "pulled": 0,
    }


def test_the_report_can_be_limited_to_a_client_or_to_jobs(store: Store, tmp_path: Path) -> None:
    open_jobs(store, tmp_path, ("J1", "DEMO"), ("J2", "ACME"), ("J3", "ACME"))
    assert list(job_tracking(store, client_id="ACME")["job_id"]) == ["J2", "J3"]
    assert list(job_tracking(store, job_ids=["J1", "J3"])["job_id"]) == ["J1", "J3"]


def test_the_report_renders_as_a_markdown_table(store: Store, tmp_path: Path) -> None:
    open_jobs(store, tmp_path, ("J1", "DEMO"))
    lines = to_markdown(job_tracking(store)).splitlines()
    assert lines[0] == "| " + " | ".join(COLUMNS) + " |"
    assert lines[2].startswith(
        "| J1 | DEMO | Parsing and Loading Data File(s) | Preparing files for processing | 131 |"
    )
