"""A store filled by real bill runs (the core's stages, no Prefect), for the report tests.

Clients and jobs, every one parsed, addressed, rendered and taken through its gates:

- DEMO J-DONE: complete. Its unrouted accounts follow the customer routing setup: some
  get an email copy of their printed bill (two channels), one is pulled by the setup,
  and ops pulls one more document at approval. Closed out with a postage report whose
  batches were mailed on MAILED.
- DEMO J-OPEN: waiting for ops approval (a job still open).
- DEMO J-CUSTOMER: ops approved it pulling two documents; waiting for the customer.
- MAPLE J-MAPLE: complete; its print fees are charged in CAD (Canadian print facility).

DEMO's profile lists branch 099, which no document has (a branch with no activity).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from batchline.billing import approval, distribution, electronic, jobs, stages
from batchline.billing.approval import Decision
from batchline.billing.context import JobContext
from batchline.billing.routing import load_routing_file
from batchline.billing.sample import write_sample_file
from batchline.settings import load_settings
from batchline.store.db import Store
from deployments.smtp import Mailbox, smtp_server
from tests.conftest import fresh_database

ROOT = Path(__file__).resolve().parents[3]
MAILED = date(2026, 11, 20)
ISSUED = date(2026, 11, 2)
DOCUMENTS = 40
IDLE_BRANCH = "099"
CAD_RATE = Decimal("0.7312")
FORMULA_ACCOUNT = "@SUM(A1:A9)"


@dataclass(frozen=True)
class Billed:
    store: Store
    home: Path
    mailbox: Mailbox
    two_channel: tuple[str, ...]  # J-DONE documents sent by print and email
    setup_pulled: str  # J-DONE's document pulled by the routing setup
    ops_pulled: str  # J-DONE's document pulled at ops approval
    customer_gate_pulled: tuple[str, ...]  # J-CUSTOMER's pulls

    def ctx(self, job_id: str, client_id: str) -> JobContext:
        return JobContext.load(job_id, client_id, load_settings(), self.store)


def _profiles(home: Path) -> None:
    demo = (ROOT / "src/batchline/samples/DEMO.toml").read_text(encoding="utf-8")
    demo = demo.replace("batch_size = 500", "batch_size = 10")
    demo = demo.replace('"004" = "Erie"', f'"004" = "Erie"\n"{IDLE_BRANCH}" = "Scranton (closed)"')
    (home / "profiles" / "DEMO.toml").write_text(demo, encoding="utf-8")
    maple = demo.replace('client_id = "DEMO"', 'client_id = "MAPLE"').replace(
        'name = "Northwind Industrial Supply"', 'name = "Maple Leaf Fasteners"'
    )
    maple = maple.replace(
        '# currency = "CAD"   # at the Canadian print facility',
        'currency = "CAD"   # the Canadian print facility',
    )
    (home / "profiles" / "MAPLE.toml").write_text(maple, encoding="utf-8")


def _unrouted_accounts(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["document_number"] != "TRAILER"]
    seen: dict[str, str] = {}
    for row in rows:
        if not row["delivery_channel"] and row["line_number"] == "1":
            seen.setdefault(row["account_number"], row["document_number"])
    return sorted(seen.items(), key=lambda item: item[1])


def _routing_file(home: Path, unrouted: list[tuple[str, str]]) -> tuple[Path, tuple[str, ...], str]:
    """Email copies for the first three unrouted accounts, a pull, a fax, an e-bill; a print-only one."""
    (a1, d1), (a2, d2), (a3, d3), (a4, d4), (a5, _), (a6, _), (a7, _) = unrouted[:7]
    rows = [
        ("account_number", "channel", "email", "fax_number"),
        (a1, "PRINT", "", ""),
        (a1, "EMAIL", "ap@one.example.com", ""),
        (a2, "EMAIL", "ap@two.example.com", ""),
        (a2, "PRINT", "", ""),
        (a3, "EMAIL", "=cmd@three.example.com", ""),
        (a3, "PRINT", "", ""),
        (a4, "PULL", "", ""),
        (a5, "FAX", "", "(312) 555-0142"),
        (a6, "EBILL", "", ""),
        (a7, "PRINT", "", ""),
        ("A-NEVER-BILLED", "EMAIL", "ap@never.example.com", ""),
    ]
    path = home / "routing.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path, (d1, d2, d3), d4


def _postage_report(ctx: JobContext) -> Path:
    path = ctx.settings.home / f"postage-{ctx.job_id}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(("print_batch", "pieces_mailed", "postage_amount", "mail_date"))
        for batch, pieces in sorted(distribution.sent_pieces(ctx).items()):
            out.writerow((batch, pieces, f"{Decimal('0.53') * pieces:.2f}", MAILED.isoformat()))
    return path


def _account_of_first_document(path: Path, account: str) -> None:
    """The client's file is what it is: here its first account number reads like a spreadsheet formula."""
    with path.open(encoding="utf-8") as handle:
        first = next(r for r in csv.DictReader(handle))
    path.write_text(
        path.read_text(encoding="utf-8").replace(first["account_number"], account), encoding="utf-8"
    )


def bill_run(ctx: JobContext, data: Path, *, ops_pulls: tuple[str, ...] = (), stop_at: str = "") -> None:
    jobs.open_job(ctx.store, ctx.job_id, ctx.client_id, data, ctx.workspace)
    stages.parse_data_file(ctx, data)
    stages.prepare_addresses(ctx)
    stages.generate_pdfs(ctx)
    jobs.advance(ctx.store, ctx.job_id, "AWAITING_OPS_APPROVAL")
    if stop_at == "AWAITING_OPS_APPROVAL":
        return
    ops = Decision("approve", "ops.alice", ops_pulls)
    approval.apply_decision(ctx, "AWAITING_OPS_APPROVAL", ops, "AWAITING_CUSTOMER_APPROVAL")
    if stop_at == "AWAITING_CUSTOMER_APPROVAL":
        return
    approval.apply_decision(ctx, "AWAITING_CUSTOMER_APPROVAL", Decision("approve", "customer.bob"))
    distribution.print_paper_bills(ctx, today=MAILED)
    jobs.advance(ctx.store, ctx.job_id, "SENDING_ELECTRONIC")
    electronic.send_electronic(ctx)
    jobs.advance(ctx.store, ctx.job_id, "PRINTING_COMPLETE")
    jobs.advance(ctx.store, ctx.job_id, "DELIVERED_TO_POST_OFFICE")
    distribution.close_out(ctx, _postage_report(ctx))


def fill(store: Store, home: Path, mailbox: Mailbox) -> Billed:
    _profiles(home)
    channels = {"PRINT": 0.4, "EMAIL": 0.2, "": 0.4}
    done = write_sample_file(home / "done.csv", DOCUMENTS, channels=channels, document_date=ISSUED, seed=11)
    routing, two_channel, setup_pulled = _routing_file(home, _unrouted_accounts(done.path))
    load_routing_file(store, "DEMO", routing)
    billed = Billed(store, home, mailbox, two_channel, setup_pulled, "", ())
    ops_pulled = next(
        n for n in map(str, range(100001, 100001 + DOCUMENTS)) if n not in (*two_channel, setup_pulled)
    )
    bill_run(billed.ctx("J-DONE", "DEMO"), done.path, ops_pulls=(ops_pulled,))
    open_file = write_sample_file(
        home / "open.csv", 12, document_date=ISSUED, seed=12, start_document_number=200001
    )
    bill_run(billed.ctx("J-OPEN", "DEMO"), open_file.path, stop_at="AWAITING_OPS_APPROVAL")
    waiting = write_sample_file(
        home / "wait.csv", 12, document_date=ISSUED, seed=13, start_document_number=300001
    )
    _account_of_first_document(waiting.path, FORMULA_ACCOUNT)
    pulls = ("300003", "300007")
    bill_run(
        billed.ctx("J-CUSTOMER", "DEMO"), waiting.path, ops_pulls=pulls, stop_at="AWAITING_CUSTOMER_APPROVAL"
    )
    maple = write_sample_file(
        home / "maple.csv", 20, document_date=ISSUED, seed=14, start_document_number=400001
    )
    bill_run(billed.ctx("J-MAPLE", "MAPLE"), maple.path)
    return Billed(store, home, mailbox, two_channel, setup_pulled, ops_pulled, pulls)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def billed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Billed]:
    """Once per module and database: the bill runs above, on a real SMTP server."""
    home = tmp_path_factory.mktemp("home")
    (home / "profiles").mkdir()
    with (
        fresh_database(request.param, tmp_path_factory.mktemp("db")) as url,
        pytest.MonkeyPatch.context() as env,
        smtp_server() as (mailbox, port),
    ):
        env.setenv("BATCHLINE_HOME", str(home))
        env.setenv("BATCHLINE_SMTP_HOST", "127.0.0.1")
        env.setenv("BATCHLINE_SMTP_PORT", str(port))
        for name in ("BATCHLINE_DATABASE_URL", "BATCHLINE_PRINT_DROP", "BATCHLINE_PROFILES"):
            env.delenv(name, raising=False)
        store = Store.open(url)
        try:
            yield fill(store, home, mailbox)
        finally:
            store.dispose()
            shutil.rmtree(home, ignore_errors=True)
