"""A real `prefect server start` on loopback, served deployments, and the REST resume the UI uses."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from batchline.billing.sample import write_sample_file
from deployments import rest as prefect_api
from deployments.local import LocalStack
from deployments.print_facility import write_postage_report
from deployments.smtp import Mailbox, smtp_server

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
APPROVE = {"decision": "approve", "approver": "ops.alice"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalStack, Mailbox]]:
    home = tmp_path_factory.mktemp("batchline")
    (home / "profiles").mkdir()
    shutil.copy(ROOT / "src/batchline/samples/DEMO.toml", home / "profiles/DEMO.toml")
    with smtp_server() as (mailbox, port), LocalStack(home, port) as local:
        yield local, mailbox


def drop(path: Path) -> None:
    """As if uploaded a while ago: the intake only takes files that have settled."""
    past = time.time() - 60
    os.utime(path, (past, past))


def run_intake(local: LocalStack) -> dict[str, Any]:
    run_id = local.run_deployment("intake/intake")
    run = local.wait_for_run(run_id, ("COMPLETED", "FAILED", "CRASHED"), 180)
    assert run["state"]["type"] == "COMPLETED", run["state"]
    return run


def delivered(local: LocalStack) -> dict[str, float]:
    folder = local.home / "drop/print/DEMO"
    return {p.name: p.stat().st_mtime for p in folder.glob("*.pdf")}


def test_a_dropped_file_runs_to_job_complete_resumed_through_rest_and_sends_everything_once(
    stack: tuple[LocalStack, Mailbox],
) -> None:
    local, mailbox = stack
    upload = local.home / "drop/intake/DEMO/northwind-2026-11.csv"
    upload.parent.mkdir(parents=True)
    sample = write_sample_file(upload, 120, seed=21)
    keep = local.home / "northwind-copy.csv"
    shutil.copy(upload, keep)
    drop(upload)

    run_intake(local)
    [bill_run] = local.flow_runs("bill-run/bill-run")
    run_id = bill_run["id"]

    ops = prefect_api.wait_for_pause(local.api, "Awaiting Ops Approval", run_id=run_id)
    assert "120 documents" in prefect_api.gate_description(local.api, ops)
    assert (
        prefect_api.resume(local.api, run_id, {**APPROVE, "pull_documents": ["100007"]})["status"] == "ACCEPT"
    )
    # a second click on the same form: the run is no longer paused there
    assert prefect_api.resume(local.api, run_id, APPROVE)["status"] != "ACCEPT"

    prefect_api.wait_for_pause(local.api, "Awaiting Customer Approval", run_id=run_id)
    refused = prefect_api.resume(local.api, run_id, {"approver": "no decision"})
    assert refused["status"] == "REJECT"  # the server validates the form against its schema
    assert (
        prefect_api.resume(local.api, run_id, {"decision": "approve", "approver": "bob"})["status"]
        == "ACCEPT"
    )

    prefect_api.wait_for_pause(local.api, "Printing complete: Awaiting closeout", run_id=run_id)
    job_id = bill_run["parameters"]["job_id"]
    ticket = local.home / f"drop/print/DEMO/{job_id}.ticket.json"
    drop(write_postage_report(ticket, local.home / "drop/postage"))
    run_intake(local)

    done = local.wait_for_run(run_id, ("COMPLETED", "FAILED", "CANCELLED", "CRASHED"), 240)
    assert (done["state"]["type"], done["state"]["name"]) == ("COMPLETED", "Job Complete/All Bills Sent")

    emailed = mailbox.documents()
    assert len(emailed) == len(set(emailed))
    assert len(emailed) == sample.documents_by_channel["EMAIL"] - ("100007" in _email_documents(keep))
    tickets = json.loads(ticket.read_text(encoding="utf-8"))
    printed = delivered(local)
    assert sorted(printed) == sorted(f"{b['batch_id']}.pdf" for b in tickets["batches"])

    # resumed once more after the end: refused, nothing sent again
    assert prefect_api.resume(local.api, run_id, APPROVE)["status"] != "ACCEPT"
    # a rerun of the same job goes through without asking again and sends nothing twice
    rerun = local.run_deployment("bill-run/bill-run", bill_run["parameters"])
    again = local.wait_for_run(rerun, ("COMPLETED", "FAILED", "CANCELLED", "CRASHED"), 240)
    assert again["state"]["name"] == "Job Complete/All Bills Sent"
    assert mailbox.documents() == emailed
    assert delivered(local) == printed

    # the same file uploaded again is set aside, not processed twice
    shutil.copy(keep, upload)
    drop(upload)
    run_intake(local)
    assert len(local.flow_runs("bill-run/bill-run")) == 2
    assert (upload.parent / "duplicates" / upload.name).exists()


def _email_documents(data: Path) -> set[str]:
    import csv

    with data.open(encoding="utf-8") as handle:
        return {row[0] for row in csv.reader(handle) if len(row) > 8 and row[8] == "EMAIL"}


def test_prefect_yaml_deploys_both_flows_to_a_process_work_pool(stack: tuple[LocalStack, Mailbox]) -> None:
    import subprocess
    import sys

    import httpx

    local, _ = stack
    prefect = str(Path(sys.executable).with_name("prefect"))
    env = {**local.env, "BATCHLINE_ROOT": str(ROOT)}
    subprocess.run(
        [prefect, "work-pool", "create", "batchline", "--type", "process"], env=env, cwd=ROOT, check=True
    )
    deployed = subprocess.run(
        [prefect, "--no-prompt", "deploy", "--all"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    intake = httpx.get(f"{local.api}/deployments/name/intake/intake", timeout=10).json()
    assert intake["work_pool_name"] == "batchline"
    assert intake["schedules"][0]["schedule"]["interval"] == 900
    bill_run = httpx.get(f"{local.api}/deployments/name/bill-run/bill-run", timeout=10).json()
    assert set(bill_run["parameter_openapi_schema"]["required"]) == {"data_file", "client_id"}
    monthly = httpx.get(
        f"{local.api}/deployments/name/monthly-billing-reports/monthly-billing-reports", timeout=10
    ).json()
    assert monthly["schedules"][0]["schedule"] == {
        "cron": "0 6 1 * *",
        "timezone": "America/New_York",
        "day_or": True,
    }
    reports = httpx.get(f"{local.api}/deployments/name/billing-report/billing-report", timeout=10).json()
    report_names = reports["parameter_openapi_schema"]["definitions"]["ReportName"]["enum"]
    assert "branch_billing" in report_names and "billing_activity_details" in report_names
    sweep = httpx.get(f"{local.api}/deployments/name/bacs-sweep/bacs-sweep", timeout=10).json()
    assert sweep["schedules"][0]["schedule"]["timezone"] == "Europe/London"
    for name in ("payment-process-request/payment-process-request", "bacs-batch/bacs-batch"):
        assert (
            httpx.get(f"{local.api}/deployments/name/{name}", timeout=10).json()["work_pool_name"]
            == "batchline"
        )
