"""Intake under a client's timed rule: a file picked up before 06:00 New York time becomes a Scheduled
run for 06:00, visible as such on the server; the same file uploaded again is not processed twice."""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from batchline.billing.sample import write_sample_file
from deployments import rest as prefect_api
from flows.bill_run import bill_run
from flows.intake import intake

EARLY = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)  # 04:40 in New York, before the rule's 06:00


def test_an_early_file_is_scheduled_for_the_clients_start_time_and_a_second_upload_is_set_aside(
    batchline_home: Path, prefect_harness: str, monkeypatch: Any
) -> None:
    monkeypatch.setenv("BATCHLINE_SETTLE_SECONDS", "0")
    profile = batchline_home / "profiles" / "DEMO.toml"
    profile.write_text(
        profile.read_text() + '\n[intake]\nnot_before = "06:00"\ntimezone = "America/New_York"\n',
        encoding="utf-8",
    )
    bill_run.to_deployment(name="bill-run").apply()
    drop = batchline_home / "drop" / "intake" / "DEMO"
    drop.mkdir(parents=True)
    source = batchline_home / "upload.csv"
    write_sample_file(source, 10, seed=8)
    shutil.copy(source, drop / "bills.csv")
    past = time.time() - 60
    os.utime(drop / "bills.csv", (past, past))

    first = intake(now=EARLY)
    assert (first["bill_runs_started"], first["bill_runs_scheduled"], first["duplicates"]) == (1, 1, 0)
    runs = [
        r
        for r in prefect_api.request("POST", f"{prefect_harness}/flow_runs/filter", json={}).json()
        if r["name"] and r["parameters"].get("client_id") == "DEMO" and r["state_type"] == "SCHEDULED"
    ]
    assert len(runs) == 1
    run = runs[0]
    assert run["state"]["name"] == "Scheduled"
    assert datetime.fromisoformat(run["expected_start_time"]) == datetime(2026, 11, 23, 11, 0, tzinfo=UTC)

    shutil.copy(source, drop / "bills-again.csv")  # the same content under another name
    os.utime(drop / "bills-again.csv", (past, past))
    second = intake(now=EARLY)
    assert (second["bill_runs_started"], second["duplicates"]) == (0, 1)
    assert (drop / "duplicates" / "bills-again.csv").exists()
    prefect_api.request("DELETE", f"{prefect_harness}/flow_runs/{run['id']}")
