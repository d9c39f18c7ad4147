"""Seed 001's reports over a store of 1,000,000 documents from 100 jobs, on SQLite and PostgreSQL.

    python benchmarks/reports.py                       # SQLite in a temporary folder
    python benchmarks/reports.py --postgres URL        # also PostgreSQL (a private schema, dropped after)

The store is filled with rows shaped as the bill run writes them (jobs, TRNs, RCPs with their
document facts, print and electronic batches, a customer routing setup): running 100 real
10,000-document bill runs would take hours, and the reports read only these tables. Each
report is timed as its query (the DataFrame a notebook gets) and as the whole document
(markdown, tables, charts) without the files. The baseline is the branch report's query
written as the obvious join of deliveries to their documents (no copied facts, no totals), measured
in the same run.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from batchline.billing.objects import refresh_totals
from batchline.billing.profile import ClientProfile, load_profile
from batchline.reports.catalog import ReportName, ReportRequest, build_report
from batchline.reports.period import Period
from batchline.store.db import Store

JOBS, DOCUMENTS_PER_JOB, BRANCHES, BATCH = 100, 10_000, 40, 500
FIRST_DAY = date(2026, 6, 1)
CLIENT = "DEMO"
_CHANNELS = (("PRINT", 0.6), ("EMAIL", 0.25), ("EBILL", 0.08), ("FAX", 0.04), ("CSV", 0.03))


def _tables() -> dict[str, sa.TableClause]:
    """Untyped views of the tables: integer cents go in as they are, fast."""

    def table(name: str, *columns: str) -> sa.TableClause:
        return sa.table(name, *(sa.column(c) for c in columns))

    return {
        "jobs": table("jobs", "id", "client_id", "source_file", "source_sha256", "workspace", "job_code",
                      "record_count", "document_count", "total_amount", "post_office_date", "postage_amount",
                      "created_at", "completed_at", "summary"),
        "object_status": table("object_status", "lifecycle", "object_id", "status", "version", "updated_at"),
        "transactions": table("transactions", "job_id", "document_number", "code", "document_type", "branch",
                              "amount", "pages", "account_number", "routed_by"),
        "batches": table("batches", "id", "job_id", "channel", "sequence", "code", "file_path", "pieces",
                         "sheets", "zip_first", "zip_last", "delivered_at", "pieces_mailed", "postage_amount",
                         "mail_class", "weight_oz", "max_piece_weight_oz", "mailed_on"),
        "deliveries": table("deliveries", "job_id", "document_number", "channel", "routing", "batch_id", "state",
                            "code", "destination", "attempted_at", "sent_at", "reason", "document_type", "branch",
                            "amount", "pages", "is_copy"),
        "customer_routing": table("customer_routing", "client_id", "account_number", "channel", "email",
                                  "fax_number", "source", "loaded_at"),
    }  # fmt: skip


def fill(store: Store, seed: int = 1) -> int:
    """100 jobs of 10,000 documents; the last three still wait for approval. Returns deliveries written."""
    rng = random.Random(seed)
    t = _tables()
    names, weights = zip(*_CHANNELS, strict=True)
    written = 0
    with store.engine.begin() as connection:
        routing = [
            {"client_id": CLIENT, "account_number": f"A{n:07d}", "channel": rng.choice((*names[1:], "PULL")),
             "email": "", "fax_number": "", "source": "bench", "loaded_at": datetime.now(UTC)}
            for n in range(50_000)
        ]  # fmt: skip
        connection.execute(sa.insert(t["customer_routing"]), routing)
    for j in range(JOBS):
        job_id = f"J{j:03d}"
        open_job = j >= JOBS - 3
        day = FIRST_DAY + timedelta(days=j)
        sent = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
        docs, rcps, total = [], [], 0
        channels = rng.choices(names, weights, k=DOCUMENTS_PER_JOB)
        printed = 0
        for n in range(DOCUMENTS_PER_JOB):
            number = str(100_000 + n)
            kind = "INVOICE" if rng.random() < 0.8 else "STATEMENT"
            branch = f"{rng.randint(1, BRANCHES):03d}"
            amount = rng.randint(-5_000, 900_000)
            pages = 1 if rng.random() < 0.85 else rng.randint(2, 6)
            total += amount
            docs.append({"job_id": job_id, "document_number": number, "code": 411 if open_job else 999,
                         "document_type": kind, "branch": branch, "amount": amount, "pages": pages,
                         "account_number": f"A{rng.randint(0, 9_999_999):07d}", "routed_by": "FILE"})  # fmt: skip
            channel = channels[n]
            routes = [channel] + (["EMAIL"] if channel == "PRINT" and rng.random() < 0.05 else [])
            for copy, ch in enumerate(routes):
                batch = f"{job_id}-P{printed // BATCH + 1:04d}" if ch == "PRINT" else f"{job_id}-{ch}"
                printed += ch == "PRINT"
                rcps.append({"job_id": job_id, "document_number": number, "channel": ch, "routing": "",
                             "batch_id": batch, "state": "PENDING" if open_job else "SENT",
                             "code": 411 if open_job else 999, "destination": "", "attempted_at": None,
                             "sent_at": None if open_job else sent + timedelta(seconds=n % 3600),
                             "reason": "", "document_type": kind, "branch": branch, "amount": amount,
                             "pages": pages, "is_copy": bool(copy)})  # fmt: skip
        batches = [
            {"id": f"{job_id}-P{b + 1:04d}", "job_id": job_id, "channel": "PRINT", "sequence": b + 1, "code": 999,
             "file_path": None, "pieces": min(BATCH, printed - b * BATCH), "sheets": 0, "zip_first": None,
             "zip_last": None, "delivered_at": None if open_job else sent, "pieces_mailed": None,
             "postage_amount": None if open_job else 53 * min(BATCH, printed - b * BATCH),
             "mail_class": "FIRST_CLASS_LETTER_1OZ", "weight_oz": None, "max_piece_weight_oz": None,
             "mailed_on": None if open_job else day + timedelta(days=1)}
            for b in range((printed + BATCH - 1) // BATCH)
        ] + [
            {"id": f"{job_id}-{ch}", "job_id": job_id, "channel": ch, "sequence": 900 + i, "code": 999,
             "file_path": None, "pieces": 0, "sheets": 0, "zip_first": None, "zip_last": None,
             "delivered_at": None, "pieces_mailed": None, "postage_amount": None, "mail_class": None,
             "weight_oz": None, "max_piece_weight_oz": None, "mailed_on": None if open_job else day}
            for i, ch in enumerate(names[1:])
        ]  # fmt: skip
        status = "AWAITING_OPS_APPROVAL" if open_job else "JOB_COMPLETE"
        with store.engine.begin() as connection:
            connection.execute(sa.insert(t["jobs"]), [{
                "id": job_id, "client_id": CLIENT, "source_file": f"{job_id}.csv", "source_sha256": None,
                "workspace": "", "job_code": 411 if open_job else 999, "record_count": DOCUMENTS_PER_JOB,
                "document_count": DOCUMENTS_PER_JOB, "total_amount": total, "post_office_date": day,
                "postage_amount": None, "created_at": sent - timedelta(hours=6),
                "completed_at": None if open_job else sent, "summary": "{}"}])  # fmt: skip
            connection.execute(sa.insert(t["object_status"]), [{
                "lifecycle": "bill_run", "object_id": job_id, "status": status, "version": 1,
                "updated_at": sent}])  # fmt: skip
            connection.execute(sa.insert(t["batches"]), batches)
            connection.execute(sa.insert(t["transactions"]), docs)
            connection.execute(sa.insert(t["deliveries"]), rcps)
        with store.unit_of_work() as session:  # as the bill run does at each status move past assembly
            refresh_totals(session, job_id)
        written += len(rcps)
    # What autovacuum does on a live PostgreSQL (and the visibility map its index-only scans need).
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(
            sa.text("VACUUM ANALYZE" if store.engine.dialect.name == "postgresql" else "ANALYZE")
        )
    return written


def baseline_branch_activity(store: Store, period: Period) -> int:
    """The branch report's query without the facts copied to deliveries: joined to the documents."""
    first, after = period.bounds()
    query = sa.text(
        "SELECT t.branch, d.channel, t.document_type, d.is_copy, count(*), sum(t.amount), sum(t.pages) "
        "FROM deliveries d JOIN transactions t ON t.job_id = d.job_id AND t.document_number = d.document_number "
        "WHERE d.state = 'SENT' AND d.sent_at >= :first AND d.sent_at < :after "
        "AND d.job_id IN (SELECT id FROM jobs WHERE client_id = :client) "
        "GROUP BY t.branch, d.channel, t.document_type, d.is_copy"
    )
    with store.engine.connect() as connection:
        return len(connection.execute(query, {"first": first, "after": after, "client": CLIENT}).all())


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run(store: Store, label: str, profile: ClientProfile) -> None:
    print(f"\n== {label} ==")
    fill_s, rows = timed(lambda: fill(store))
    print(
        f"filled {JOBS} jobs, {JOBS * DOCUMENTS_PER_JOB:,} documents, {rows:,} deliveries in {fill_s:.1f} s"
    )
    last = FIRST_DAY + timedelta(days=JOBS + 5)
    requests = {
        name: ReportRequest(name, CLIENT, job_id="J050" if name is ReportName.JOB_DETAILS else None,
                            start=FIRST_DAY if name in _PERIODIC else None,
                            end=last if name in _PERIODIC else None)
        for name in ReportName
    }  # fmt: skip
    print(f"{'report':<26}{'query+document s':>18}{'rows':>8}")
    worst = 0.0
    for name, request in requests.items():
        build_report(store, request, profile)  # warm: the first query of a connection pays for its plan
        seconds, document = timed(lambda request=request: build_report(store, request, profile))
        worst = max(worst, seconds)
        print(f"{name.value:<26}{seconds:>18.3f}{max(len(s.frame) for s in document.sections):>8}")
    period = Period(FIRST_DAY, last, profile.reports.timezone)
    from batchline.reports.branches import branch_activity

    ours, _ = timed(lambda: branch_activity(store, CLIENT, period, profile.branches))
    base, _ = timed(lambda: baseline_branch_activity(store, period))
    print(f"slowest report {worst:.3f} s (target < 3 s)")
    print(
        f"branch report query {ours:.3f} s vs baseline (deliveries joined to documents) {base:.3f} s: "
        f"{base / ours:.0f}x"
    )
    job = f"J{JOBS // 2:03d}"
    with store.unit_of_work() as session:
        recount, _ = timed(lambda: refresh_totals(session, job))
    print(f"recounting one {DOCUMENTS_PER_JOB:,}-document job's totals (each status move): {recount:.3f} s")


_PERIODIC = (
    ReportName.BILLING_STATISTICS,
    ReportName.BRANCH_REPORT,
    ReportName.BRANCH_BILLING,
    ReportName.BILLING_ACTIVITY_DETAILS,
)


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", help="a PostgreSQL URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    args = parser.parse_args()
    profile = load_profile(Path(__file__).resolve().parents[1] / "src/batchline/samples/DEMO.toml")
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/bench.db")
        try:
            run(store, "SQLite", profile)
        finally:
            store.dispose()
    if args.postgres:
        with postgres_schema(args.postgres) as url:
            store = Store.open(url)
            try:
                run(store, "PostgreSQL", profile)
            finally:
                store.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (RSS) {peak:,.0f} MB")


if __name__ == "__main__":
    main()
