from datetime import timedelta
from pathlib import Path

from batchline.billing import jobs
from batchline.billing.overdue import expire_overdue
from batchline.settings import load_settings
from batchline.store import deliveries
from batchline.store.db import Store
from batchline.store.deliveries import PlannedDelivery
from batchline.store.types import utcnow


def _job_waiting_at(store: Store, home: Path, job_id: str, *path: str) -> None:
    jobs.open_job(store, job_id, "DEMO", home / "f.csv", home / "jobs" / job_id)
    for status in ("USPS_PREPARATION", "GENERATING_PDFS", *path):
        jobs.advance(store, job_id, status)
    with store.unit_of_work() as session:
        deliveries.record_planned(session, job_id, [PlannedDelivery("D1", "EMAIL", "a@b.example")])


def test_an_approval_nobody_answers_in_time_expires_and_delivers_nothing(
    store: Store, batchline_home: Path
) -> None:
    _job_waiting_at(store, batchline_home, "JX1", "AWAITING_OPS_APPROVAL")
    settings = load_settings()

    assert expire_overdue(settings, store, now=utcnow() + timedelta(hours=71)) == []
    [expired] = expire_overdue(settings, store, now=utcnow() + timedelta(hours=73))

    assert (expired.job_id, expired.status, expired.outcome) == (
        "JX1",
        "AWAITING_OPS_APPROVAL",
        "APPROVAL_EXPIRED",
    )
    assert jobs.job_status(store, "JX1") == "APPROVAL_EXPIRED"
    with store.unit_of_work() as session:
        assert deliveries.counts(session, "JX1") == {("EMAIL", "CANCELLED"): 1}


def test_a_closeout_without_a_postage_report_in_time_is_overdue(store: Store, batchline_home: Path) -> None:
    _job_waiting_at(
        store,
        batchline_home,
        "JX2",
        "AWAITING_OPS_APPROVAL",
        "PRINTING_PAPER_BILLS",
        "PRINTING_COMPLETE",
        "DELIVERED_TO_POST_OFFICE",
    )
    settings = load_settings()

    assert expire_overdue(settings, store, now=utcnow() + timedelta(days=9)) == []
    [expired] = expire_overdue(settings, store, now=utcnow() + timedelta(days=11))

    assert expired.outcome == "CLOSEOUT_OVERDUE"
    assert jobs.job_status(store, "JX2") == "CLOSEOUT_OVERDUE"
