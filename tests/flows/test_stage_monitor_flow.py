"""The stage-monitor flow puts a job stuck past its stage's limit in error, and its flow run shows it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from prefect import flow, get_client
from sqlalchemy import select

from batchline.billing import jobs
from batchline.lifecycle import BILL_RUN
from batchline.store import status
from batchline.store.db import default_store
from batchline.store.models import ObjectStatus
from flows.stage_monitor import stage_monitor


@flow(name="stuck-stage")
def stuck_stage() -> None:
    """Stands in for a bill run whose worker stopped making progress."""


def test_the_monitor_fails_a_stuck_job_and_its_run_with_the_stage_error(batchline_home: Path) -> None:
    store = default_store()
    with get_client(sync_client=True) as client:
        run = client.create_flow_run(stuck_stage, state=None)
        jobs.open_job(
            store, "JSTUCK", "DEMO", batchline_home / "bills.csv", batchline_home / "jobs" / "JSTUCK"
        )
        jobs.attach_flow_run(store, "JSTUCK", str(run.id))
        jobs.advance(store, "JSTUCK", "USPS_PREPARATION")
        with store.unit_of_work() as session:
            since = session.scalar(select(ObjectStatus.updated_at).where(ObjectStatus.object_id == "JSTUCK"))
        assert stage_monitor(now=since + timedelta(minutes=30)) == 0
        assert stage_monitor(now=since + timedelta(minutes=61)) == 1
        shown = client.read_flow_run(run.id).state
    assert jobs.job_status(store, "JSTUCK") == "USPS_ERROR"
    assert shown is not None and (shown.type.value, shown.name) == ("FAILED", "USPS Preparation Error")
    with store.unit_of_work() as session:
        last = status.history(session, BILL_RUN, "JSTUCK")[-1]
    assert last.actor == "stage-monitor" and "within 60 minutes" in last.reason
