"""Sending Emails, Faxes, and e-bills against real counterparts: an SMTP server (email, fax gateway),
an SFTP server (print drop, portal), local portal and export folders. Each delivery is recorded,
sent once, and a failure fails that delivery (or, for a server that is down, that channel) only."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from email.message import Message
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select, update

from batchline.billing import approval, distribution, jobs, stages
from batchline.billing.approval import Decision
from batchline.billing.context import JobContext
from batchline.billing.electronic import ElectronicDeliveryError
from batchline.billing.sample import SampleSummary, write_sample_file
from batchline.delivery.fax import gateway_address
from batchline.delivery.transfer import TransferUnavailable
from batchline.settings import load_settings
from batchline.store.db import Store
from batchline.store.models import Batch, Delivery
from deployments.smtp import Mailbox, free_port
from tests.sftp_server import SftpServer

JOB = "J2026-EL"
ISSUED = date(2026, 11, 2)
MONDAY = date(2026, 11, 23)
CHANNELS = {"PRINT": 0.2, "EMAIL": 0.2, "FAX": 0.2, "EBILL": 0.2, "CSV": 0.2}
BAD_FAX = "(311) 555-0142"

Edit = Callable[[str], str]


@pytest.fixture
def sample(batchline_home: Path) -> SampleSummary:
    made = write_sample_file(
        batchline_home / "bills.csv",
        30,
        seed=12,
        channels=CHANNELS,
        lines_per_document=(1, 4),
        document_date=ISSUED,
    )
    assert all(made.documents_by_channel.get(c, 0) >= 3 for c in CHANNELS), made.documents_by_channel
    return made


@pytest.fixture
def job(
    store: Store, sample: SampleSummary, batchline_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., JobContext]:
    """A rendered job, with the profile edited first (`profile`) and the data file too (`data`)."""
    for name in ("BATCHLINE_PRINT_DROP", "BATCHLINE_PROFILES", "BATCHLINE_SMTP_HOST", "BATCHLINE_SMTP_PORT"):
        monkeypatch.delenv(name, raising=False)

    def make(profile: Edit = str, data: Edit = str, smtp_port: int = 0, **settings: object) -> JobContext:
        path = batchline_home / "profiles/DEMO.toml"
        path.write_text(profile(path.read_text(encoding="utf-8")), encoding="utf-8")
        sample.path.write_text(data(sample.path.read_text(encoding="utf-8")), encoding="utf-8")
        loaded = load_settings()
        loaded = dataclasses.replace(loaded, smtp_port=smtp_port or free_port(), **settings)  # type: ignore[arg-type]
        jobs.open_job(store, JOB, "DEMO", sample.path, loaded.job_dir(JOB))
        ctx = JobContext.load(JOB, "DEMO", loaded, store)
        stages.parse_data_file(ctx, sample.path)
        stages.prepare_addresses(ctx)
        stages.generate_pdfs(ctx)
        return ctx

    return make


def approved(ctx: JobContext) -> JobContext:
    jobs.advance(ctx.store, ctx.job_id, "AWAITING_OPS_APPROVAL")
    approval.apply_decision(
        ctx, "AWAITING_OPS_APPROVAL", Decision("approve", "ops"), "AWAITING_CUSTOMER_APPROVAL"
    )
    assert approval.apply_decision(ctx, "AWAITING_CUSTOMER_APPROVAL", Decision("approve", "cust")) == (
        "PRINTING_PAPER_BILLS"
    )
    return ctx


def printed(ctx: JobContext) -> JobContext:
    distribution.print_paper_bills(approved(ctx), today=MONDAY)
    jobs.advance(ctx.store, ctx.job_id, "SENDING_ELECTRONIC")
    return ctx


def deliveries(ctx: JobContext, channel: str) -> dict[str, Delivery]:
    with ctx.store.unit_of_work() as session:
        rows = session.scalars(
            select(Delivery).where(Delivery.job_id == ctx.job_id, Delivery.channel == channel)
        )
        return {d.document_number: d for d in rows}


def states(ctx: JobContext, channel: str) -> Counter[str]:
    return Counter(d.state for d in deliveries(ctx, channel).values())


def documents(ctx: JobContext) -> dict[str, dict[str, object]]:
    rows = pq.read_table(ctx.workspace / "documents.parquet").to_pylist()
    return {str(r["document_number"]): r for r in rows}


def attachments(message: Message) -> dict[str, bytes]:
    return {
        str(part.get_filename()): part.get_payload(decode=True)  # type: ignore[misc]
        for part in message.walk()
        if part.get_filename()
    }


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def with_fax_number(number: str, fax: str) -> Edit:
    """The data file with one document's fax number replaced."""

    def edit(text: str) -> str:
        rows = list(csv.reader(io.StringIO(text)))
        header = rows[0]
        for row in rows[1:]:
            if row[0] == number:
                row[header.index("fax_number")] = fax
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue()

    return edit


def first_fax_document(sample: SampleSummary) -> str:
    rows = csv.DictReader(io.StringIO(sample.path.read_text(encoding="utf-8")))
    return next(r["document_number"] for r in rows if r["delivery_channel"] == "FAX")


def test_every_electronic_channel_is_planned_pending_with_its_destination(
    job: Callable[..., JobContext], batchline_home: Path
) -> None:
    ctx = job()
    docs = documents(ctx)
    for number, delivery in deliveries(ctx, "EMAIL").items():
        assert (delivery.state, delivery.destination) == ("PENDING", docs[number]["email"])
    for number, delivery in deliveries(ctx, "FAX").items():
        expected = gateway_address("{number}@fax.gateway.example", str(docs[number]["fax_number"]), number)
        assert (delivery.state, delivery.destination) == ("PENDING", expected)
    portal = batchline_home / "drop/portal/DEMO" / JOB
    for number, delivery in deliveries(ctx, "EBILL").items():
        assert (delivery.state, delivery.destination) == ("PENDING", str(portal / f"{number}.pdf"))
    export = batchline_home / f"drop/export/DEMO/{JOB}.csv"
    assert {(d.state, d.destination) for d in deliveries(ctx, "CSV").values()} == {("PENDING", str(export))}
    pdfs = {p.stem for p in (ctx.workspace / "electronic").iterdir()}
    assert pdfs == {*deliveries(ctx, "EMAIL"), *deliveries(ctx, "FAX"), *deliveries(ctx, "EBILL")}
    assert approval.delivery_plan(ctx)["electronic"] == sum(
        len(deliveries(ctx, c)) for c in ("EMAIL", "FAX", "EBILL", "CSV")
    )


def test_each_channel_delivers_every_document_once(
    job: Callable[..., JobContext], mailbox: Mailbox, batchline_home: Path
) -> None:
    ctx = printed(job(smtp_port=int(os.environ["BATCHLINE_SMTP_PORT"])))
    docs = documents(ctx)
    planned = {c: deliveries(ctx, c) for c in ("EMAIL", "FAX", "EBILL", "CSV")}

    result = distribution.send_emails(ctx)

    for channel, planned_here in planned.items():
        assert states(ctx, channel) == {"SENT": len(planned_here)}
        assert (
            result["by_channel"][channel]["sent"]
            == result["by_channel"][channel]["sent_now"]
            == len(planned_here)
        )
    assert (result["sent"], result["failed"]) == (sum(map(len, planned.values())), 0)

    by_to = {str(m["To"]): m for m in mailbox.messages}
    assert len(mailbox.messages) == len(planned["EMAIL"]) + len(planned["FAX"])
    for number, delivery in planned["EMAIL"].items():
        assert by_to[delivery.destination]["X-Batchline-Document"] == number
    for number, delivery in planned["FAX"].items():
        fax = by_to[delivery.destination]
        assert delivery.destination.endswith("@fax.gateway.example")
        assert fax["From"] == "billing@northwind.example"
        assert attachments(fax) == {
            f"{number}.pdf": (ctx.workspace / f"electronic/{number}.pdf").read_bytes()
        }

    portal = batchline_home / "drop/portal/DEMO" / JOB
    assert sorted(p.name for p in portal.iterdir()) == sorted(
        [*(f"{n}.{ext}" for n in planned["EBILL"] for ext in ("pdf", "json")), "manifest.json"]
    )
    for number in planned["EBILL"]:
        entry = json.loads((portal / f"{number}.json").read_text(encoding="utf-8"))
        assert (entry["document_number"], entry["currency"], entry["job_id"]) == (number, "USD", JOB)
        assert Decimal(entry["amount_due"]) == docs[number]["amount_due"]
        assert (portal / f"{number}.pdf").read_bytes() == (
            ctx.workspace / f"electronic/{number}.pdf"
        ).read_bytes()
    manifest = json.loads((portal / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == len(planned["EBILL"])
    assert Decimal(manifest["total_amount_due"]) == sum(
        Decimal(str(docs[n]["amount_due"])) for n in planned["EBILL"]
    )

    export = batchline_home / f"drop/export/DEMO/{JOB}.csv"
    rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    assert {r["document_number"] for r in rows} == set(planned["CSV"])
    assert len(rows) == sum(int(str(docs[n]["line_count"])) for n in planned["CSV"])
    for number in planned["CSV"]:
        lines = [Decimal(r["line_amount"]) for r in rows if r["document_number"] == number]
        assert sum(lines, Decimal(0)) == docs[number]["amount_due"]

    before = {p: p.stat().st_mtime_ns for p in [*portal.iterdir(), export]}
    again = distribution.send_emails(ctx)
    assert (again["sent_now"], again["failed_now"], again["sent"]) == (0, 0, result["sent"])
    assert len(mailbox.messages) == len(planned["EMAIL"]) + len(planned["FAX"])
    assert {p: p.stat().st_mtime_ns for p in [*portal.iterdir(), export]} == before


def test_a_fax_number_no_gateway_can_dial_fails_that_document_and_the_rest_are_sent(
    job: Callable[..., JobContext], sample: SampleSummary, mailbox: Mailbox
) -> None:
    bad = first_fax_document(sample)
    ctx = job(data=with_fax_number(bad, BAD_FAX), smtp_port=int(os.environ["BATCHLINE_SMTP_PORT"]))
    failed = deliveries(ctx, "FAX")[bad]
    assert failed.state == "FAILED"
    assert failed.reason.startswith(
        f"document {bad}: fax number '{BAD_FAX}' not usable (area code 311 is an N11 service code); expected a NANP"
    )
    result = distribution.send_emails(printed(ctx))
    faxes = deliveries(ctx, "FAX")
    assert states(ctx, "FAX") == {"SENT": len(faxes) - 1, "FAILED": 1}
    assert faxes[bad].reason == failed.reason
    assert bad not in mailbox.documents()
    assert sorted(n for n in mailbox.documents() if n in faxes) == sorted(set(faxes) - {bad})
    assert result["by_channel"]["FAX"]["failed"] == 1
    assert states(ctx, "EBILL") == {"SENT": len(deliveries(ctx, "EBILL"))}


def test_when_the_smtp_server_is_down_email_and_fax_fail_with_the_reason_and_the_rest_still_land(
    job: Callable[..., JobContext], batchline_home: Path
) -> None:
    down = free_port()
    ctx = printed(job(smtp_port=down))
    result = distribution.send_emails(ctx)
    for channel in ("EMAIL", "FAX"):
        assert states(ctx, channel) == {"FAILED": len(deliveries(ctx, channel))}
        for delivery in deliveries(ctx, channel).values():
            assert f"SMTP server 127.0.0.1:{down}: cannot connect" in delivery.reason
    assert states(ctx, "EBILL") == {"SENT": len(deliveries(ctx, "EBILL"))}
    assert states(ctx, "CSV") == {"SENT": len(deliveries(ctx, "CSV"))}
    assert (batchline_home / "drop/portal/DEMO" / JOB / "manifest.json").is_file()
    assert (batchline_home / f"drop/export/DEMO/{JOB}.csv").is_file()
    assert result["failed"] == len(deliveries(ctx, "EMAIL")) + len(deliveries(ctx, "FAX"))


def test_when_the_portal_server_is_down_e_bills_fail_naming_it_and_the_other_channels_go_on(
    job: Callable[..., JobContext], mailbox: Mailbox, batchline_home: Path
) -> None:
    down = f"sftp://batchline@127.0.0.1:{free_port()}/portal/DEMO"
    ctx = printed(
        job(
            profile=lambda t: t.replace('portal = ""', f'portal = "{down}"'),
            smtp_port=int(os.environ["BATCHLINE_SMTP_PORT"]),
            sftp_timeout=5.0,
        )
    )
    result = distribution.send_emails(ctx)
    assert states(ctx, "EBILL") == {"FAILED": len(deliveries(ctx, "EBILL"))}
    for delivery in deliveries(ctx, "EBILL").values():
        assert delivery.reason.startswith(f"{down}: cannot connect")
    for channel in ("EMAIL", "FAX", "CSV"):
        assert states(ctx, channel) == {"SENT": len(deliveries(ctx, channel))}
    assert result["by_channel"]["EBILL"]["failed_now"] == len(deliveries(ctx, "EBILL"))


def test_the_print_drop_and_the_portal_can_be_an_sftp_server(
    job: Callable[..., JobContext], sftp: SftpServer, mailbox: Mailbox
) -> None:
    ctx = job(
        profile=lambda t: t.replace('drop = ""', f'drop = "{sftp.url("/inbound/print")}"').replace(
            'portal = ""', f'portal = "{sftp.url("/portal/DEMO")}"'
        ),
        smtp_port=int(os.environ["BATCHLINE_SMTP_PORT"]),
        sftp_key_file=str(sftp.key_file),
        sftp_known_hosts=str(sftp.known_hosts),
    )
    dropped = distribution.print_paper_bills(approved(ctx), today=MONDAY)
    assert dropped["drop_folder"] == sftp.url("/inbound/print")
    with ctx.store.unit_of_work() as session:
        batches = list(session.scalars(select(Batch).where(Batch.job_id == JOB, Batch.channel == "PRINT")))
    on_server = files_under(sftp.root / "inbound/print")
    assert set(on_server) == {*(f"{b.id}.pdf" for b in batches), f"{JOB}.ticket.json"}
    for b in batches:
        assert on_server[f"{b.id}.pdf"] == Path(b.file_path or "").read_bytes()
    assert states(ctx, "PRINT") == {"SENT": len(deliveries(ctx, "PRINT"))}

    jobs.advance(ctx.store, ctx.job_id, "SENDING_ELECTRONIC")
    distribution.send_emails(ctx)
    ebills = deliveries(ctx, "EBILL")
    assert states(ctx, "EBILL") == {"SENT": len(ebills)}
    published = files_under(sftp.root / "portal/DEMO" / JOB)
    assert set(published) == {*(f"{n}.{ext}" for n in ebills for ext in ("pdf", "json")), "manifest.json"}
    assert json.loads(published["manifest.json"])["documents"] == len(ebills)


def test_a_print_drop_to_an_sftp_server_that_is_down_fails_naming_it_and_prints_nothing(
    job: Callable[..., JobContext],
) -> None:
    down = f"sftp://batchline@127.0.0.1:{free_port()}/inbound/print"
    ctx = approved(job(profile=lambda t: t.replace('drop = ""', f'drop = "{down}"'), sftp_timeout=5.0))
    with pytest.raises(TransferUnavailable, match=f"^{down}: cannot connect"):
        distribution.print_paper_bills(ctx, today=MONDAY)
    assert states(ctx, "PRINT") == {"PENDING": len(deliveries(ctx, "PRINT"))}
    with ctx.store.unit_of_work() as session:
        assert not session.scalars(select(Batch).where(Batch.delivered_at.is_not(None))).all()


def test_an_e_bill_interrupted_while_published_is_published_again_once(
    job: Callable[..., JobContext], mailbox: Mailbox, batchline_home: Path
) -> None:
    ctx = printed(job(smtp_port=int(os.environ["BATCHLINE_SMTP_PORT"])))
    ebills = deliveries(ctx, "EBILL")
    interrupted = min(ebills)
    with ctx.store.unit_of_work() as session:
        session.execute(update(Delivery).where(Delivery.id == ebills[interrupted].id).values(state="SENDING"))
    result = distribution.send_emails(ctx)
    assert result["by_channel"]["EBILL"]["interrupted"] == 1
    assert states(ctx, "EBILL") == {"SENT": len(ebills)}
    portal = batchline_home / "drop/portal/DEMO" / JOB
    assert len(list(portal.glob("*.pdf"))) == len(list(portal.glob("*.json"))) - 1 == len(ebills)


def test_a_manifest_that_cannot_be_written_stops_the_stage_and_a_rerun_writes_it(
    job: Callable[..., JobContext], mailbox: Mailbox, batchline_home: Path
) -> None:
    ctx = printed(job(smtp_port=int(os.environ["BATCHLINE_SMTP_PORT"])))
    blocker = batchline_home / "drop/portal/DEMO" / JOB / "manifest.json"
    blocker.mkdir(parents=True)  # a folder where the manifest goes
    with pytest.raises(ElectronicDeliveryError, match=f"job {JOB}: e-bills published but not their manifest"):
        distribution.send_emails(ctx)
    assert states(ctx, "EBILL") == {"SENT": len(deliveries(ctx, "EBILL"))}
    assert states(ctx, "CSV") == {"SENT": len(deliveries(ctx, "CSV"))}
    blocker.rmdir()
    distribution.send_emails(ctx)
    assert json.loads(blocker.read_text(encoding="utf-8"))["documents"] == len(deliveries(ctx, "EBILL"))


def test_a_client_without_a_fax_gateway_has_its_faxes_held(job: Callable[..., JobContext]) -> None:
    def without_fax(text: str) -> str:
        start = text.index("[fax]")
        return text[:start] + text[text.index("[ebill]") :]

    ctx = job(profile=without_fax)
    faxes = deliveries(ctx, "FAX")
    assert {(d.state, d.reason) for d in faxes.values()} == {
        ("HELD", 'no fax gateway in the client profile: add [fax] gateway = "{number}@..."')
    }
    assert approval.delivery_plan(ctx)["electronic"] == sum(
        len(deliveries(ctx, c)) for c in ("EMAIL", "EBILL", "CSV")
    )
