"""The Job Activity Report: one job's statuses, deliveries, batches, approvals and totals, exact money."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from batchline.billing import jobs
from batchline.reports.job_activity import job_activity, main
from batchline.store.db import Store
from batchline.store.models import Approval, Batch, Delivery

JOB = "JACT1"
PATH = [
    "USPS_PREPARATION",
    "GENERATING_PDFS",
    "AWAITING_OPS_APPROVAL",
    "AWAITING_CUSTOMER_APPROVAL",
    "PRINTING_PAPER_BILLS",
    "SENDING_ELECTRONIC",
    "PRINTING_COMPLETE",
    "DELIVERED_TO_POST_OFFICE",
    "JOB_COMPLETE",
]


def completed_job(store: Store, tmp_path: Path) -> None:
    """A job that went all the way: two print batches, emails, a pulled document, postage recorded."""
    jobs.open_job(store, JOB, "DEMO", tmp_path / "northwind.csv", tmp_path / JOB)
    with store.unit_of_work() as session:
        job = jobs.get_job(session, JOB)
        job.document_count, job.record_count, job.total_amount = 6, 20, Decimal("1234.56")
        job.post_office_date, job.postage_amount = date(2026, 11, 30), Decimal("0.30")
        session.add_all(
            [
                Batch(
                    id=f"{JOB}-P0001",
                    job_id=JOB,
                    channel="PRINT",
                    sequence=1,
                    pieces=2,
                    sheets=2,
                    zip_first="02108",
                    zip_last="10001",
                    mail_class="FIRST_CLASS_LETTER_1OZ",
                    weight_oz=Decimal("0.72"),
                    max_piece_weight_oz=Decimal("0.36"),
                    pieces_mailed=2,
                    postage_amount=Decimal("0.10"),
                ),
                Batch(
                    id=f"{JOB}-P0002",
                    job_id=JOB,
                    channel="PRINT",
                    sequence=2,
                    pieces=1,
                    sheets=11,
                    zip_first="60601",
                    zip_last="60601",
                    mail_class="FIRST_CLASS_FLAT",
                    weight_oz=Decimal("2.26"),
                    max_piece_weight_oz=Decimal("2.26"),
                    pieces_mailed=1,
                    postage_amount=Decimal("0.20"),
                ),
            ]
        )
        session.flush()
        for number, channel, state, routing, batch in [
            ("100001", "PRINT", "SENT", "", f"{JOB}-P0001"),
            ("100002", "PRINT", "SENT", "", f"{JOB}-P0001"),
            ("100003", "PRINT", "SENT", "", f"{JOB}-P0002"),
            ("100004", "PRINT", "PULLED", "Pull Class T", None),
            ("100005", "EMAIL", "SENT", "", None),
            ("100006", "EMAIL", "FAILED", "", None),
        ]:
            session.add(
                Delivery(
                    job_id=JOB,
                    document_number=number,
                    channel=channel,
                    state=state,
                    routing=routing,
                    batch_id=batch,
                )
            )
        session.add(
            Approval(
                lifecycle="bill_run",
                object_id=JOB,
                gate="AWAITING_OPS_APPROVAL",
                decision="approve",
                approver="ops.alice",
                pulled=["100004"],
                note="=HYPERLINK(hold | credit)",
            )
        )
    for status in PATH:
        actor = "customer.bob" if status == "PRINTING_PAPER_BILLS" else jobs.SYSTEM
        jobs.advance(store, JOB, status, actor=actor, reason=f"to {status.lower()}")


def rows(frame: object) -> list[dict[str, object]]:
    return frame.to_dict("records")  # type: ignore[attr-defined, no-any-return]


def test_the_report_shows_the_job_its_status_and_exact_amounts(store: Store, tmp_path: Path) -> None:
    completed_job(store, tmp_path)
    activity = job_activity(store, JOB, client_name="Northwind Industrial Supply")
    facts = {row["item"]: row["value"] for row in rows(activity.section("job"))}
    assert activity.status == facts["Status"] == "Job Complete/All Bills Sent"
    assert facts["Phase"] == "Job closed: Processing complete"
    assert (facts["Job"], facts["Client"], facts["Data file"]) == (JOB, "DEMO", "northwind.csv")
    assert facts["Total amount"] == Decimal("1234.56")
    assert facts["Paper bills at the post office no later than"] == date(2026, 11, 30)


def test_the_status_history_says_who_moved_the_job_when_and_why(store: Store, tmp_path: Path) -> None:
    completed_job(store, tmp_path)
    history = rows(job_activity(store, JOB).section("history"))
    assert [h["to"] for h in history][:3] == [
        "Parsing and Loading Data File(s)",
        "Performing USPS preparation",
        "Generating PDF Images of Bills",
    ]
    printing = next(h for h in history if h["to"] == "Printing Paper Bills")
    assert (printing["from"], printing["by"], printing["reason"]) == (
        "Awaiting Customer Approval",
        "customer.bob",
        "to printing_paper_bills",
    )
    assert all(str(h["at"])[:2] == "20" for h in history)


def test_deliveries_are_counted_by_channel_state_and_routing(store: Store, tmp_path: Path) -> None:
    completed_job(store, tmp_path)
    counted = {
        (r["channel"], r["state"], r["routing"]): r["documents"]
        for r in rows(job_activity(store, JOB).section("deliveries"))
    }
    assert counted == {
        ("EMAIL", "FAILED", ""): 1,
        ("EMAIL", "SENT", ""): 1,
        ("PRINT", "PULLED", "Pull Class T"): 1,
        ("PRINT", "SENT", ""): 3,
    }


def test_batches_show_mail_class_weight_zip_range_and_postage(store: Store, tmp_path: Path) -> None:
    completed_job(store, tmp_path)
    first, flat = rows(job_activity(store, JOB).section("batches"))
    assert (first["batch"], first["mail_class"], first["pieces"], first["zip_range"]) == (
        f"{JOB}-P0001",
        "First-Class letter, up to 1 oz",
        2,
        "02108 - 10001",
    )
    assert (flat["mail_class"], flat["sheets"], flat["weight_oz"], flat["postage"]) == (
        "First-Class flat, 9x12 envelope",
        11,
        Decimal("2.26"),
        Decimal("0.20"),
    )


def test_approvals_name_the_approver_and_the_pulled_documents(store: Store, tmp_path: Path) -> None:
    completed_job(store, tmp_path)
    (decision,) = rows(job_activity(store, JOB).section("approvals"))
    assert (decision["gate"], decision["decision"], decision["approver"]) == (
        "Awaiting Ops Approval",
        "approve",
        "ops.alice",
    )
    assert (decision["pulled"], decision["pulled_documents"]) == (1, "100004")


def test_totals_add_up_exactly(store: Store, tmp_path: Path) -> None:
    completed_job(store, tmp_path)
    totals = {row["item"]: row["value"] for row in rows(job_activity(store, JOB).section("totals"))}
    assert totals["Documents"] == 6
    assert (totals["Sent by print"], totals["Sent by email"]) == (3, 1)
    assert (totals["Documents pulled"], totals["Documents failed"]) == (1, 1)
    assert (totals["Print batches"], totals["Pieces printed"], totals["Sheets"]) == (2, 3, 13)
    assert totals["Weight (oz)"] == Decimal("2.98")
    assert totals["Postage"] == Decimal("0.30")  # 0.10 + 0.20, exactly


def test_the_markdown_has_every_section_and_keeps_table_cells_apart(store: Store, tmp_path: Path) -> None:
    completed_job(store, tmp_path)
    text = job_activity(store, JOB).to_markdown()
    assert text.startswith(f"# Job Activity Report: job {JOB}\n")
    for title in (
        "Job",
        "Status history",
        "Deliveries by channel and state",
        "Batches",
        "Approvals",
        "Totals",
    ):
        assert f"\n## {title}\n" in text
    assert "=HYPERLINK(hold \\| credit)" in text


def test_the_files_are_a_pdf_a_markdown_and_csvs_safe_in_a_spreadsheet(store: Store, tmp_path: Path) -> None:
    completed_job(store, tmp_path)
    files = job_activity(store, JOB, client_name="Northwind").write_files(tmp_path / "reports")
    assert files.pdf == tmp_path / "reports" / f"job-activity-{JOB}" / f"job-activity-{JOB}.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(files.pdf).pages)
    for expected in (
        f"Job Activity Report: job {JOB}",
        "Job Complete/All Bills Sent",
        "ops.alice",
        "1234.56",
    ):
        assert expected in text
    assert files.markdown.read_text(encoding="utf-8").startswith("# Job Activity Report")
    assert sorted(p.stem for p in files.csv) == sorted(
        ["job", "history", "deliveries", "batches", "approvals", "totals"]
    )
    approvals = files.pdf.parent / "approvals.csv"
    with approvals.open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["note"] == "'=HYPERLINK(hold | credit)"
    with (files.pdf.parent / "totals.csv").open(encoding="utf-8") as handle:
        assert {"item": "Postage", "value": "0.30"} in list(csv.DictReader(handle))


def test_a_new_job_reports_what_there_is(store: Store, tmp_path: Path) -> None:
    jobs.open_job(store, "JNEW", "DEMO", tmp_path / "f.csv", tmp_path / "JNEW")
    activity = job_activity(store, "JNEW")
    assert activity.status == "Parsing and Loading Data File(s)"
    assert activity.section("batches").empty and activity.section("approvals").empty
    assert "## Approvals\n\nNone." in activity.to_markdown()
    activity.write_files(tmp_path / "reports")


def test_an_unknown_job_is_refused_by_name(store: Store) -> None:
    with pytest.raises(jobs.JobNotFound, match="job JNONE: no such bill-run job"):
        job_activity(store, "JNONE")


def test_the_command_line_prints_the_markdown_or_writes_the_files(
    batchline_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from batchline.store.db import default_store

    completed_job(default_store(), tmp_path)
    assert main([JOB]) == 0
    assert capsys.readouterr().out.startswith(f"# Job Activity Report: job {JOB}")
    assert main([JOB, "--write", str(tmp_path / "out")]) == 0
    written = capsys.readouterr().out.split()
    assert written[0].endswith(f"job-activity-{JOB}.pdf") and Path(written[0]).exists()
    assert main([JOB, "--write"]) == 0
    assert (batchline_home / "reports" / f"job-activity-{JOB}" / f"job-activity-{JOB}.pdf").exists()
