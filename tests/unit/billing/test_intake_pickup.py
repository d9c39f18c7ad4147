"""Intake: billing files taken from the drop folder once, postage reports matched to their job."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from batchline.billing import intake, jobs
from batchline.billing.sample import write_sample_file
from batchline.settings import load_settings
from batchline.store.db import Store
from batchline.store.models import Batch


def settled(path: Path) -> Path:
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


@pytest.fixture
def drop(batchline_home: Path) -> Path:
    folder = batchline_home / "drop/intake/DEMO"
    folder.mkdir(parents=True)
    return folder


def test_a_settled_file_is_moved_to_its_job_with_its_sidecar(store: Store, drop: Path) -> None:
    summary = write_sample_file(drop / "cycle1.csv", 5, control="sidecar")
    settled(drop / "cycle1.csv")
    assert summary.control_path is not None and summary.control_path.exists()

    accepted, duplicates = intake.pick_up_billing_files(load_settings(), store)

    [file] = accepted
    assert duplicates == []
    assert file.client_id == "DEMO" and file.job_id.startswith("J")
    assert Path(file.data_file).exists() and not (drop / "cycle1.csv").exists()
    assert (Path(file.data_file).parent / "cycle1.csv.ctl").exists()


def test_a_file_still_being_written_is_left_for_the_next_pickup(store: Store, drop: Path) -> None:
    write_sample_file(drop / "cycle1.csv", 5)
    accepted, _ = intake.pick_up_billing_files(load_settings(), store)
    assert accepted == [] and (drop / "cycle1.csv").exists()


def test_the_same_file_uploaded_twice_is_set_aside_not_processed_twice(store: Store, drop: Path) -> None:
    write_sample_file(drop / "cycle1.csv", 5)
    content = (drop / "cycle1.csv").read_bytes()
    settled(drop / "cycle1.csv")
    [first], _ = intake.pick_up_billing_files(load_settings(), store)

    (drop / "cycle1-again.csv").write_bytes(content)
    settled(drop / "cycle1-again.csv")
    accepted, [duplicate] = intake.pick_up_billing_files(load_settings(), store)

    assert accepted == []
    assert duplicate.job_id == first.job_id
    assert (drop / "duplicates/cycle1-again.csv").exists()


def _job_with_batch(store: Store, home: Path, job_id: str, batch_id: str) -> None:
    jobs.open_job(store, job_id, "DEMO", home / "f.csv", home / "jobs" / job_id)
    jobs.attach_flow_run(store, job_id, "run-1")
    with store.unit_of_work() as session:
        session.add(Batch(id=batch_id, job_id=job_id, channel="PRINT", sequence=1, pieces=3, sheets=3))


def test_a_postage_report_is_matched_to_its_job_by_print_batch(store: Store, batchline_home: Path) -> None:
    _job_with_batch(store, batchline_home, "JP1", "JP1-P0001")
    report = batchline_home / "drop/postage/facility-0001.csv"
    report.parent.mkdir(parents=True)
    report.write_text("print_batch,pieces_mailed,postage_amount\nJP1-P0001,3,1.78\n", encoding="utf-8")
    settled(report)

    [arrival], problems = intake.match_postage_reports(load_settings(), store)

    assert problems == []
    assert (arrival.job_id, arrival.flow_run_id) == ("JP1", "run-1")
    assert Path(arrival.report) == batchline_home / "jobs/JP1/postage/facility-0001.csv"


def test_a_postage_report_for_unknown_batches_is_set_aside_with_the_reason(
    store: Store, batchline_home: Path
) -> None:
    report = batchline_home / "drop/postage/facility-0002.csv"
    report.parent.mkdir(parents=True)
    report.write_text("print_batch,pieces_mailed,postage_amount\nJZZ-P0009,3,1.78\n", encoding="utf-8")
    settled(report)

    arrivals, [problem] = intake.match_postage_reports(load_settings(), store)

    assert arrivals == []
    assert "JZZ-P0009 not found" in problem
    assert (report.parent / "facility-0002.csv.rejected").exists()
