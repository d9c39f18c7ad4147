"""The reports flows: any seed 001 report on demand, and the monthly ones emailed to the client's contact."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from prefect.utilities.callables import parameter_schema

from batchline.billing.sample import write_sample_file
from batchline.reports.approval import job_approval
from batchline.reports.catalog import ReportName
from batchline.store.db import default_store
from deployments import rest as prefect_api
from flows.bill_run import bill_run
from flows.reports import billing_report, monthly_billing_reports
from tests.flows.test_job_activity_flow import CONTACT, no_approvals

TODAY = date.today()


def artifacts(api: str, key: str) -> list[dict[str, Any]]:
    response = prefect_api.request(
        "POST", f"{api}/artifacts/filter", json={"artifacts": {"key": {"any_": [key]}}}
    )
    return list(response.json())


def attachments(message: Any) -> list[str]:
    return [part.get_filename() for part in message.walk() if part.get_filename()]


def test_the_run_form_offers_every_report_and_types_its_parameters() -> None:
    schema = parameter_schema(billing_report).model_dump_for_openapi()
    properties = schema["properties"]
    (report,) = [d for d in schema["definitions"].values() if d.get("title") == "ReportName"]
    assert report["enum"] == [name.value for name in ReportName]
    assert {"start_date", "end_date", "job_id", "exchange_rate", "email"} <= set(properties)
    assert any(option.get("format") == "date" for option in properties["start_date"]["anyOf"])


def test_a_report_on_demand_is_an_artifact_files_and_an_email_to_the_contact(
    batchline_home: Path, mailbox: Any, prefect_harness: str
) -> None:
    no_approvals(batchline_home)
    data = batchline_home / "bills.csv"
    write_sample_file(data, 10, seed=21, channels={"EMAIL": 1.0})
    state = bill_run(str(data), "DEMO", job_id="JREPORTS1", return_state=True)
    assert state.name == "Job Complete/All Bills Sent"

    week = (TODAY - timedelta(days=7), TODAY + timedelta(days=7))
    published = billing_report(
        ReportName.BRANCH_REPORT, "DEMO", start_date=week[0], end_date=week[1], email=True
    )
    heading = published["heading"]
    assert heading.startswith("Branch report: Northwind Industrial Supply (DEMO)")
    key = published["name"].lower()
    (markdown,) = artifacts(prefect_harness, key)
    assert markdown["type"] == "markdown" and markdown["data"].startswith(f"# {heading}")
    (table,) = artifacts(prefect_harness, f"{key}-branches")
    assert table["type"] == "table"
    branches = pq.read_table(published["parquet"][0]).to_pandas()
    assert int(branches["documents"].sum()) == 10
    assert sum(branches["amount"], Decimal("0")) > 0
    (email,) = mailbox.reports(published["name"])
    assert email["To"] == CONTACT
    assert " ".join(str(email["Subject"]).split()) == heading  # a long subject is folded on the wire
    assert attachments(email) == [Path(published["pdf"]).name]


def test_job_details_also_publish_the_jobs_activity_report(batchline_home: Path, mailbox: Any) -> None:
    no_approvals(batchline_home)
    data = batchline_home / "bills.csv"
    write_sample_file(data, 3, seed=22, channels={"EMAIL": 1.0})
    bill_run(str(data), "DEMO", job_id="JREPORTS2")
    published = billing_report(ReportName.JOB_DETAILS, "DEMO", job_id="JREPORTS2")
    assert published["job_activity"]["status"] == "Job Complete/All Bills Sent"
    assert "job-activity-jreports2" in Path(published["markdown"]).read_text(encoding="utf-8")


def test_the_monthly_reports_cover_the_previous_month_and_are_emailed(
    batchline_home: Path, mailbox: Any
) -> None:
    published = monthly_billing_reports(client_ids=["DEMO"])
    assert [p["heading"].split(":")[0] for p in published] == ["Billing statistics", "Branch billing report"]
    last_month_end = TODAY.replace(day=1) - timedelta(days=1)
    assert all(last_month_end.isoformat() in p["name"] for p in published)
    sent = [m for p in published for m in mailbox.reports(p["name"])]
    assert [attachments(m) for m in sent] == [[Path(p["pdf"]).name] for p in published]


def test_the_job_approval_report_links_a_waiting_job_to_its_paused_run(
    batchline_home: Path, mailbox: Any, reviewer: Any
) -> None:
    data = batchline_home / "bills.csv"
    write_sample_file(data, 6, seed=23, channels={"EMAIL": 1.0})
    seen: list[Any] = []

    def look_then_reject() -> dict[str, Any]:
        seen.append(job_approval(default_store(), client_id="DEMO", ui_url="http://127.0.0.1:4200"))
        return {"decision": "reject", "approver": "ops.alice", "note": "seen in the report"}

    with reviewer([("Awaiting Ops Approval", look_then_reject)]) as person:
        state = bill_run(str(data), "DEMO", job_id="JREPORTS3", return_state=True)
    assert not person.errors, person.errors
    (row,) = seen[0][seen[0]["job_id"] == "JREPORTS3"].to_dict("records")
    assert row["status"] == "Awaiting Ops Approval"
    assert row["run_url"] == f"http://127.0.0.1:4200/runs/flow-run/{state.state_details.flow_run_id}"
    assert job_approval(default_store(), client_id="DEMO").query("job_id == 'JREPORTS3'").empty


def test_a_client_whose_reports_fail_does_not_keep_the_others_back(
    batchline_home: Path, mailbox: Any
) -> None:
    (batchline_home / "profiles" / "BROKEN.toml").write_text(
        'client_id = "BROKEN"\nname = \n', encoding="utf-8"
    )
    state = monthly_billing_reports(client_ids=["BROKEN", "DEMO"], return_state=True)
    assert state.type.value == "FAILED"
    assert "2 monthly reports failed: billing_statistics for BROKEN" in str(state.message)
    demo = [m for m in mailbox.messages if str(m["X-Batchline-Report"]).endswith(tuple("0123456789"))]
    assert sorted(str(m["X-Batchline-Report"]).split("-DEMO-")[0] for m in demo) == [
        "billing-statistics",
        "branch-billing",
    ]
