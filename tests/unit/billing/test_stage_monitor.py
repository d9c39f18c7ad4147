"""Stage monitor: a job stuck in a running stage past its limit is put in error by the monitor, told apart
in history from an error a worker records."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from batchline.billing import jobs, monitor
from batchline.lifecycle import BILL_RUN
from batchline.store import status
from batchline.store.db import Store
from batchline.store.models import ObjectStatus


def opened(store: Store, tmp_path: Path, job_id: str = "JM1") -> None:
    jobs.open_job(store, job_id, "DEMO", tmp_path / "bills.csv", tmp_path / job_id)


def entered_at(store: Store, job_id: str):  # type: ignore[no-untyped-def]
    with store.unit_of_work() as session:
        return session.scalar(select(ObjectStatus.updated_at).where(ObjectStatus.object_id == job_id))


def test_a_job_past_its_stage_limit_is_put_in_the_stages_error_by_the_monitor(
    store: Store, tmp_path: Path
) -> None:
    opened(store, tmp_path)
    jobs.advance(store, "JM1", "USPS_PREPARATION")
    since = entered_at(store, "JM1")
    assert monitor.find_stuck(store, since + timedelta(minutes=59)) == []
    stuck = monitor.find_stuck(store, since + timedelta(minutes=61))
    assert [(s.job_id, s.status, s.error_status, s.limit_minutes) for s in stuck] == [
        ("JM1", "USPS_PREPARATION", "USPS_ERROR", 60)
    ]
    assert monitor.mark_stuck(store, stuck) == stuck
    assert jobs.job_status(store, "JM1") == "USPS_ERROR"
    with store.unit_of_work() as session:
        last = status.history(session, BILL_RUN, "JM1")[-1]
    assert last.actor == monitor.MONITOR
    assert "no progress at 'Performing USPS preparation'" in last.reason
    assert "within 60 minutes" in last.reason
    # A rerun takes the job back into the stage.
    assert jobs.advance(store, "JM1", "USPS_PREPARATION") == "USPS_PREPARATION"


def test_errors_from_a_worker_and_from_the_monitor_are_told_apart_in_history(
    store: Store, tmp_path: Path
) -> None:
    opened(store, tmp_path, "JW")
    opened(store, tmp_path, "JS")
    jobs.fail_stage(store, "JW", "LOAD_ERROR", actor=monitor.WORKER, reason="worker: OSError: disk full")
    since = entered_at(store, "JS")
    monitor.mark_stuck(store, monitor.find_stuck(store, since + timedelta(hours=1)))
    with store.unit_of_work() as session:
        worker = status.history(session, BILL_RUN, "JW")[-1]
        stuck = status.history(session, BILL_RUN, "JS")[-1]
    assert (worker.to_status, worker.actor) == ("LOAD_ERROR", "worker")
    assert (stuck.to_status, stuck.actor) == ("LOAD_ERROR", "stage-monitor")


def test_a_client_limit_overrides_the_default_and_a_job_that_moved_on_is_left_alone(
    store: Store, tmp_path: Path
) -> None:
    opened(store, tmp_path)
    since = entered_at(store, "JM1")
    later = since + timedelta(minutes=20)
    assert monitor.find_stuck(store, later) == []
    stuck = monitor.find_stuck(store, later, lambda client: {"PARSING": 10})
    assert [s.limit_minutes for s in stuck] == [10]
    jobs.advance(store, "JM1", "USPS_PREPARATION")  # the stage finished meanwhile
    assert monitor.mark_stuck(store, stuck) == []
    assert jobs.job_status(store, "JM1") == "USPS_PREPARATION"
