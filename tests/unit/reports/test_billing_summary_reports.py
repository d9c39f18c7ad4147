"""Seed 001's billing summary reports over a store filled by real bill runs (tests/unit/reports/billed.py)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from batchline.billing.profile import load_profile
from batchline.reports.activity_details import billing_activity_details
from batchline.reports.approval import job_approval, pulled_documents
from batchline.reports.billing_statistics import billing_statistics
from batchline.reports.branches import branch_activity, branch_billing
from batchline.reports.catalog import ReportName, ReportRequest, build_report
from batchline.reports.customer_routing import customer_routing
from batchline.reports.job_tracking import job_details, job_tracking
from batchline.reports.period import Period, ReportParameterError
from batchline.store.models import Delivery
from tests.unit.reports import billed as fixture
from tests.unit.reports.billed import CAD_RATE, FORMULA_ACCOUNT, IDLE_BRANCH, MAILED, Billed

billed = fixture.billed
TODAY = date.today()
# The bill runs sent everything today: a period of the last and the next week holds all of it.
AROUND_NOW = Period(TODAY - timedelta(days=7), TODAY + timedelta(days=7), "America/New_York")
LAST_YEAR = Period(date(2025, 1, 1), date(2025, 1, 31), "America/New_York")


def sent(billed: Billed, job_id: str) -> list[Delivery]:
    with billed.store.unit_of_work() as session:
        return list(
            session.scalars(select(Delivery).where(Delivery.job_id == job_id, Delivery.state == "SENT"))
        )


def profile(billed: Billed, client_id: str = "DEMO"):  # type: ignore[no-untyped-def]
    return load_profile(billed.home / "profiles" / f"{client_id}.toml")


# --- the bill runs themselves: routing setup and two-channel documents ---


def test_documents_without_a_channel_follow_the_routing_setup_and_get_both_channels(billed: Billed) -> None:
    by_document: dict[str, list[str]] = {}
    for delivery in sent(billed, "J-DONE"):
        by_document.setdefault(delivery.document_number, []).append(delivery.channel)
    for number in billed.two_channel:
        assert sorted(by_document[number]) == ["EMAIL", "PRINT"]
    received = set(billed.mailbox.documents())
    assert set(billed.two_channel) <= received


def test_a_document_delivered_by_two_channels_counts_once_as_a_document_and_once_per_channel(
    billed: Billed,
) -> None:
    deliveries = sent(billed, "J-DONE")
    copies = [d for d in deliveries if d.is_copy]
    assert {d.document_number for d in copies} == set(billed.two_channel)
    assert {d.channel for d in copies} == {"EMAIL"}
    activity = branch_activity(billed.store, "DEMO", AROUND_NOW, profile(billed).branches)
    assert int(activity["documents"].sum()) == len({d.document_number for d in deliveries})
    assert int(activity["sent_email"].sum()) == sum(1 for d in deliveries if d.channel == "EMAIL")
    assert int(activity["sent_print"].sum()) == sum(1 for d in deliveries if d.channel == "PRINT")


# --- job tracking ---


def test_job_tracking_lists_every_job_with_its_status_documents_and_counts_by_channel(billed: Billed) -> None:
    rows = {r["job_id"]: r for r in job_tracking(billed.store, client_id="DEMO").to_dict("records")}
    assert set(rows) == {"J-DONE", "J-OPEN", "J-CUSTOMER"}
    assert rows["J-DONE"]["status"] == "Job Complete/All Bills Sent"
    assert rows["J-OPEN"]["status"] == "Awaiting Ops Approval"
    assert rows["J-DONE"]["documents"] == fixture.DOCUMENTS
    deliveries = sent(billed, "J-DONE")
    assert rows["J-DONE"]["sent_email"] == sum(1 for d in deliveries if d.channel == "EMAIL")
    assert rows["J-DONE"]["pulled"] == 2  # one by the routing setup, one at ops approval


def test_job_details_list_each_document_with_its_channels_and_lead_to_the_activity_report(
    billed: Billed,
) -> None:
    details = job_details(billed.store, "J-DONE")
    assert len(details) == fixture.DOCUMENTS
    rows = {r["document_number"]: r for r in details.to_dict("records")}
    two = rows[billed.two_channel[0]]
    assert (two["routed_by"], two["deliveries"]) == ("SETUP", "PRINT SENT; EMAIL SENT")
    assert rows[billed.setup_pulled]["deliveries"] == "PULL PULLED"
    assert rows[billed.ops_pulled]["deliveries"].endswith("PULLED")
    document = build_report(
        billed.store,
        ReportRequest(ReportName.JOB_DETAILS, "DEMO", job_id="J-DONE", ui_url="http://127.0.0.1:4200"),
        profile(billed),
    )
    assert "http://127.0.0.1:4200/artifacts/key/job-activity-j-done" in document.to_markdown()


def test_job_details_of_another_clients_job_are_refused(billed: Billed) -> None:
    with pytest.raises(ReportParameterError, match="expected a job of client DEMO"):
        build_report(
            billed.store, ReportRequest(ReportName.JOB_DETAILS, "DEMO", job_id="J-MAPLE"), profile(billed)
        )


# --- job approval ---


def test_job_approval_lists_the_jobs_waiting_with_links_to_their_paused_runs(billed: Billed) -> None:
    waiting = job_approval(billed.store, client_id="DEMO", ui_url="http://127.0.0.1:4200/")
    rows = {r["job_id"]: r for r in waiting.to_dict("records")}
    assert set(rows) == {"J-OPEN", "J-CUSTOMER"}
    assert rows["J-OPEN"]["status"] == "Awaiting Ops Approval"
    assert rows["J-CUSTOMER"]["status"] == "Awaiting Customer Approval"
    assert rows["J-CUSTOMER"]["pulled"] == 2
    assert rows["J-OPEN"]["run_url"] == ""  # no flow run: these jobs ran without Prefect


def test_documents_pulled_within_a_job_are_routed_pull_class_t(billed: Billed) -> None:
    pulled = pulled_documents(billed.store, job_ids=["J-CUSTOMER"])
    assert list(pulled["document_number"]) == list(billed.customer_gate_pulled)
    assert set(pulled["routing"]) == {"Pull Class T"}
    assert all(isinstance(a, Decimal) for a in pulled["amount"])


# --- customer routing ---


def test_customer_routing_counts_customers_set_up_per_channel_other_than_us_mail(billed: Billed) -> None:
    counts = dict(
        zip(*customer_routing(billed.store, "DEMO")[["channel", "customers"]].T.values, strict=True)
    )
    assert counts == {"EMAIL": 4, "FAX": 1, "EBILL": 1, "CSV": 0, "PULL": 1}
    assert customer_routing(billed.store, "MAPLE")["customers"].sum() == 0


# --- billing statistics ---


def test_billing_statistics_count_bills_by_method_for_jobs_completed_in_the_period(billed: Billed) -> None:
    stats = billing_statistics(billed.store, "DEMO", AROUND_NOW)
    assert list(stats["job_id"]) == ["J-DONE"]  # the open ones are not complete
    (row,) = stats.to_dict("records")
    deliveries = sent(billed, "J-DONE")
    for channel in ("PRINT", "EMAIL", "FAX", "EBILL"):
        assert row[f"sent_{channel.lower()}"] == sum(1 for d in deliveries if d.channel == channel)
    assert row["bills_sent"] == len(deliveries)
    assert row["pulled"] == 2
    last = max(d.sent_at for d in deliveries if d.sent_at is not None)
    assert row["complete_date"] == AROUND_NOW.day_of(last)


def test_an_empty_period_gives_empty_reports_with_their_columns(billed: Billed) -> None:
    assert billing_statistics(billed.store, "DEMO", LAST_YEAR).empty
    assert billing_activity_details(billed.store, "DEMO", LAST_YEAR).empty
    activity = branch_activity(billed.store, "DEMO", LAST_YEAR, profile(billed).branches)
    assert int(activity["documents"].sum()) == 0
    assert IDLE_BRANCH in set(activity["branch"])
    for report in (
        ReportName.BILLING_STATISTICS,
        ReportName.BRANCH_BILLING,
        ReportName.BILLING_ACTIVITY_DETAILS,
    ):
        request = ReportRequest(report, "DEMO", start=LAST_YEAR.start, end=LAST_YEAR.end)
        assert build_report(billed.store, request, profile(billed)).to_markdown().startswith("# ")


# --- branches ---


def test_the_branch_report_lists_a_branch_with_no_activity_with_zeros(billed: Billed) -> None:
    activity = branch_activity(billed.store, "DEMO", AROUND_NOW, profile(billed).branches)
    idle = activity[activity["branch"] == IDLE_BRANCH].to_dict("records")[0]
    assert idle["branch_name"] == "Scranton (closed)"
    assert (idle["documents"], idle["amount"], idle["pages"]) == (0, Decimal("0.00"), 0)
    busy = activity[activity["documents"] > 0]
    assert len(busy) > 1
    assert sum(busy["amount"], Decimal("0")) == sum(
        (d.amount for d in sent(billed, "J-DONE") if not d.is_copy), Decimal("0")
    )


def test_branch_billing_charges_each_piece_and_page_at_the_schedule_exactly(billed: Billed) -> None:
    demo = profile(billed)
    fees = branch_billing(billed.store, "DEMO", AROUND_NOW, demo.fees, demo.branches)
    deliveries = sent(billed, "J-DONE")
    for channel, rule in demo.fees.channels.items():
        mine = [d for d in deliveries if d.channel == channel]
        expected = sum(
            ((rule.per_piece + rule.per_page * (d.pages or 0)) for d in mine), Decimal("0")
        ).quantize(Decimal("0.01"))
        charged = fees[fees["channel"] == channel]
        assert sum(charged["fee"], Decimal("0.00")) == expected
        assert int(charged["pieces"].sum()) == len(mine)
    assert all(isinstance(v, Decimal) for v in fees["fee"])
    idle = fees[fees["branch"] == IDLE_BRANCH].to_dict("records")
    assert [(r["channel"], r["fee"]) for r in idle] == [("", Decimal("0.00"))]


def test_branch_billing_converts_canadian_print_fees_at_the_exchange_rate(billed: Billed) -> None:
    maple = profile(billed, "MAPLE")
    unconverted = branch_billing(billed.store, "MAPLE", AROUND_NOW, maple.fees, maple.branches)
    prints = unconverted[unconverted["channel"] == "PRINT"]
    assert set(prints["currency"]) == {"CAD"}
    assert prints["invoice_fee"].isna().all()
    converted = branch_billing(billed.store, "MAPLE", AROUND_NOW, maple.fees, maple.branches, CAD_RATE)
    prints = converted[converted["channel"] == "PRINT"]
    for fee, usd in zip(prints["fee"], prints["invoice_fee"], strict=True):
        assert usd == (fee * CAD_RATE).quantize(Decimal("0.01"))
    emails = converted[converted["channel"] == "EMAIL"]
    assert list(emails["invoice_fee"]) == list(emails["fee"])
    with pytest.raises(ReportParameterError, match="positive exchange rate"):
        branch_billing(billed.store, "MAPLE", AROUND_NOW, maple.fees, maple.branches, Decimal("0"))


# --- billing activity details ---


def test_billing_activity_details_give_each_batch_by_date_mailed(billed: Billed) -> None:
    detail = billing_activity_details(billed.store, "DEMO", Period(MAILED, MAILED))
    prints = detail[detail["channel"] == "PRINT"]
    assert len(prints) >= 2 and set(prints["date_mailed"]) == {MAILED}
    deliveries = [d for d in sent(billed, "J-DONE") if d.channel == "PRINT"]
    assert int(prints["invoices"].sum() + prints["statements"].sum()) == len(deliveries)
    assert sum(prints["invoice_amount"], Decimal("0")) == sum(
        (d.amount for d in deliveries if d.document_type == "INVOICE"), Decimal("0")
    )
    assert all(p == Decimal("0.53") * n for p, n in zip(prints["postage"], prints["pieces"], strict=True))
    electronic = billing_activity_details(billed.store, "DEMO", AROUND_NOW)
    assert {"EMAIL", "FAX", "EBILL"} <= set(electronic["channel"])


# --- three ways out: artifacts' markdown, CSV and Parquet, PDF with a chart ---


def test_every_report_writes_markdown_csv_parquet_and_a_pdf(billed: Billed, tmp_path: Path) -> None:
    for report in ReportName:
        request = ReportRequest(report, "DEMO", job_id="J-DONE" if report is ReportName.JOB_DETAILS else None)
        document = build_report(billed.store, request, profile(billed))
        files = document.write_files(tmp_path)
        assert files.markdown.read_text(encoding="utf-8").startswith(f"# {document.heading}")
        assert PdfReader(files.pdf).pages[0].extract_text().startswith(document.heading[:20])
        for section, csv_path, parquet_path in zip(document.sections, files.csv, files.parquet, strict=True):
            with csv_path.open(encoding="utf-8") as handle:
                assert next(csv.reader(handle)) == list(section.frame.columns)
            assert pq.read_table(parquet_path).num_rows == len(section.frame)


def test_money_stays_exact_through_csv_and_parquet(billed: Billed, tmp_path: Path) -> None:
    request = ReportRequest(ReportName.BRANCH_BILLING, "MAPLE", start=AROUND_NOW.start, end=AROUND_NOW.end,
                            exchange_rate=CAD_RATE)  # fmt: skip
    document = build_report(billed.store, request, profile(billed, "MAPLE"))
    files = document.write_files(tmp_path)
    fees = document.section("fees")
    table = pq.read_table(files.parquet[0])
    assert str(table.schema.field("fee").type).startswith("decimal128")
    assert table.column("invoice_fee").to_pylist() == list(fees["invoice_fee"])
    with files.csv[0].open(encoding="utf-8") as handle:
        assert [Decimal(r["fee"]) for r in csv.DictReader(handle)] == list(fees["fee"])


def test_csv_cells_that_would_run_as_formulas_are_made_inert_and_numbers_stay_numbers(
    billed: Billed, tmp_path: Path
) -> None:
    request = ReportRequest(ReportName.JOB_DETAILS, "DEMO", job_id="J-CUSTOMER")
    files = build_report(billed.store, request, profile(billed)).write_files(tmp_path)
    with files.csv[1].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert "'" + FORMULA_ACCOUNT in {r["account_number"] for r in rows}
    assert FORMULA_ACCOUNT not in {r["account_number"] for r in rows}
    assert all(not r[c].startswith(("=", "+", "@")) for r in rows for c in r)
    negative = [r["amount"] for r in rows if r["amount"].startswith("-")]
    assert all(Decimal(a) < 0 for a in negative)  # a credit is a plain number, not a formula
    assert pq.read_table(files.parquet[1]).column("account_number").to_pylist()[0] == FORMULA_ACCOUNT


def test_charts_are_drawn_in_the_pdfs_of_billing_statistics_and_branch_billing(
    billed: Billed, tmp_path: Path
) -> None:
    for report in (ReportName.BILLING_STATISTICS, ReportName.BRANCH_BILLING):
        request = ReportRequest(report, "DEMO", start=AROUND_NOW.start, end=AROUND_NOW.end)
        document = build_report(billed.store, request, profile(billed))
        assert len(document.charts) == 1
        page = PdfReader(document.write_files(tmp_path).pdf).pages[0]
        text = page.extract_text()
        assert ("Bills by channel" in text) or ("Fees by branch" in text)
        assert "PRINT" in text or "USD" in text  # the legend


def test_each_delivery_carries_its_documents_facts_exactly(billed: Billed) -> None:
    from batchline.store.models import Transaction

    with billed.store.unit_of_work() as session:
        documents = {
            t.document_number: t
            for t in session.scalars(select(Transaction).where(Transaction.job_id == "J-DONE"))
        }
        deliveries = list(session.scalars(select(Delivery).where(Delivery.job_id == "J-DONE")))
    assert len(deliveries) == fixture.DOCUMENTS + len(billed.two_channel)
    for d in deliveries:
        t = documents[d.document_number]
        assert (d.document_type, d.branch, d.amount, d.pages) == (
            t.document_type,
            t.branch,
            t.amount,
            t.pages,
        )
        assert isinstance(d.amount, Decimal) and d.pages is not None and d.pages >= 1
