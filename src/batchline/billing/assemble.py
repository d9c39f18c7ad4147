"""The "Generating PDF Images of Bills" stage: print batches in ZIP order and single e-bill PDFs."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from batchline.addressing import imb_digits
from batchline.billing.envelopes import envelopes_for
from batchline.billing.model import Bill, Biller, LineItem
from batchline.billing.print_batches import MailPiece, PrintBatchPlan, plan_print_batches
from batchline.billing.profile import PrintRules
from batchline.billing.routing import document_channels
from batchline.errors import BatchlineError
from batchline.render.pool import ChunkJob, map_across_cores, render_chunks

if TYPE_CHECKING:
    import pyarrow as pa

ELECTRONIC_CHANNELS = ("EMAIL", "FAX", "EBILL", "CSV")
PDF_CHANNELS = ("EMAIL", "FAX", "EBILL")  # CSV delivers the bill as data: no PDF is made for it
ELECTRONIC_CHUNK = 250


class PrintPreparationError(BatchlineError):
    """A rendered print stream does not match what print preparation predicted for it."""


@dataclass(frozen=True, slots=True)
class ImbSpec:
    barcode_id: str
    service_type: str
    mailer_id: str
    serial_base: int


@dataclass(frozen=True, slots=True)
class RenderedBatch:
    batch_id: str
    sequence: int
    path: str
    pieces: int
    sheets: int
    zip_first: str
    zip_last: str
    document_numbers: tuple[str, ...]
    mail_class: str
    weight_oz: Decimal
    max_piece_weight_oz: Decimal


@lru_cache(maxsize=2)
def _tables(workspace: str) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The job's documents, lines and addresses, read once per process."""
    import pyarrow.parquet as pq

    root = Path(workspace)
    return (
        pq.read_table(root / "documents.parquet"),
        pq.read_table(root / "lines.parquet"),
        pq.read_table(root / "addresses.parquet"),
    )


def load_bills(workspace: str, doc_indices: Sequence[int], imb: ImbSpec | None) -> list[Bill]:
    """Bills for the given documents, in the given order; mail pieces get an IMb serial each."""
    documents, lines, addresses = _tables(workspace)
    docs = documents.take(list(doc_indices)).to_pylist()
    addrs = addresses.take(list(doc_indices)).to_pylist()
    bills = []
    for position, (doc, addr) in enumerate(zip(docs, addrs, strict=True)):
        first, count = doc["first_line"], doc["line_count"]
        items = lines.slice(first, count).to_pydict()
        bills.append(
            Bill(
                document_number=doc["document_number"],
                document_type=doc["document_type"],
                account_number=doc["account_number"],
                customer_name=doc["customer_name"],
                document_date=doc["document_date"],
                due_date=doc["due_date"],
                branch=doc["branch"],
                channel=doc["delivery_channel"] or "PRINT",
                bill_to=tuple(addr["bill_to"]),
                amount_due=doc["amount_due"],
                lines=tuple(
                    LineItem(n, d, Decimal(q), Decimal(u), Decimal(a))
                    for n, d, q, u, a in zip(
                        items["line_number"],
                        items["item_description"],
                        items["quantity"],
                        items["unit_price"],
                        items["line_amount"],
                        strict=True,
                    )
                ),
                imb_digits=_imb(imb, position, addr) if imb else None,
            )
        )
    return bills


def _imb(spec: ImbSpec, position: int, addr: dict[str, Any]) -> str:
    return imb_digits(
        spec.barcode_id,
        spec.service_type,
        spec.mailer_id,
        spec.serial_base + position,
        addr["zip5"],
        addr["zip4"] or "",
        # A delivery point is only coded after a ZIP+4 (USPS-B-3200 routing of 11 digits).
        (addr["delivery_point"] or "") if addr["zip4"] else "",
    )


def serial_base(job_id: str, first_piece: int, mailer_id: str) -> int:
    """IMb serial of a batch's first piece: a job prefix, then the piece's place in the job's ZIP order.

    A 6-digit mailer id has 9-digit serials (3 from the job, 6 for up to 1,000,000 pieces);
    a 9-digit one has 6-digit serials, all for the pieces.
    """
    prefix = zlib.crc32(job_id.encode()) % 1000 if len(mailer_id) == 6 else 0
    return prefix * 1_000_000 + first_piece


def mail_pieces(workspace: Path, rules: PrintRules, exclude: frozenset[str] = frozenset()) -> list[MailPiece]:
    """Deliverable print documents, the pieces a print batch is made of, each with its envelope."""
    documents, _, addresses = _tables(str(workspace))
    docs = documents.select(["document_number", "delivery_channel", "line_count"]).to_pydict()
    addr = addresses.select(["deliverable", "zip5", "zip4", "delivery_point"]).to_pydict()
    printed = [
        i
        for i, (number, channel) in enumerate(
            zip(docs["document_number"], docs["delivery_channel"], strict=True)
        )
        if (channel or "PRINT") == "PRINT" and addr["deliverable"][i] and number not in exclude
    ]
    envelopes = envelopes_for((docs["line_count"][i] for i in printed), rules)
    return [
        MailPiece(
            i,
            docs["document_number"][i],
            addr["zip5"][i],
            addr["zip4"][i],
            addr["delivery_point"][i],
            envelope.pages,
            envelope.sheets,
            envelope.weight_oz,
            envelope.mail_class,
        )
        for i, envelope in zip(printed, envelopes, strict=True)
    ]


def render_print_batches(
    workspace: Path,
    job_id: str,
    biller: Biller,
    rules: PrintRules,
    plans: Sequence[PrintBatchPlan] | None = None,
) -> list[RenderedBatch]:
    """Render each print batch to one print-stream PDF under workspace/print.

    Every piece must come out with the pages its envelope was worked out for: its weight,
    mail class and batch depend on it.
    """
    if plans is None:
        plans = plan_print_batches(job_id, mail_pieces(workspace, rules), rules.batch_size)
    out = workspace / "print"
    out.mkdir(parents=True, exist_ok=True)
    jobs = [
        ChunkJob(
            biller,
            out / f"{plan.batch_id}.pdf",
            loader=load_bills,
            loader_args=(
                str(workspace),
                tuple(p.doc_index for p in plan.pieces),
                ImbSpec(
                    rules.barcode_id,
                    rules.service_type,
                    rules.mailer_id,
                    # From the batch's place in the job, not in `plans`: a batch re-rendered alone
                    # must not reuse the serials of the batches before it.
                    serial_base(job_id, (plan.sequence - 1) * rules.batch_size, rules.mailer_id),
                ),
            ),
        )
        for plan in plans
    ]
    stats = render_chunks(jobs)
    for plan, stat in zip(plans, stats, strict=True):
        predicted = tuple(p.pages for p in plan.pieces)
        if stat.pages_per_bill != predicted:
            wrong = next(
                (p, n) for p, n in zip(plan.pieces, stat.pages_per_bill, strict=True) if p.pages != n
            )
            raise PrintPreparationError(
                f"print batch {plan.batch_id}: document {wrong[0].document_number} was prepared for "
                f"{wrong[0].pages} pages and rendered on {wrong[1]}; its weight and mail class would be wrong"
            )
    return [
        RenderedBatch(
            plan.batch_id,
            plan.sequence,
            str(stat.path),
            stat.bills,
            plan.sheets,
            plan.zip_first,
            plan.zip_last,
            tuple(p.document_number for p in plan.pieces),
            plan.mail_class.value,
            plan.weight_oz,
            plan.max_piece_weight_oz,
        )
        for plan, stat in zip(plans, stats, strict=True)
    ]


def electronic_documents(workspace: Path) -> list[tuple[int, str, str, str]]:
    """(doc_index, document_number, channel, contact) of every electronic delivery.

    A document routed to several channels is listed once per electronic channel. The contact
    is the email address for EMAIL, the fax number as written for FAX, else empty.
    """
    documents, _, _ = _tables(str(workspace))
    docs = documents.select(["email", "fax_number"]).to_pydict()
    contact = {"EMAIL": docs["email"], "FAX": docs["fax_number"]}
    return [
        (i, number, channel, (contact[channel][i] or "") if channel in contact else "")
        for i, number, channel in document_channels(workspace)
        if channel in ELECTRONIC_CHANNELS
    ]


def _render_singles(args: tuple[str, tuple[int, ...], Biller]) -> int:
    from batchline.render.bill_pdf import render_bill

    workspace, indices, biller = args
    out = Path(workspace) / "electronic"
    for bill in load_bills(workspace, indices, None):
        render_bill(bill, biller, out / f"{bill.document_number}.pdf")
    return len(indices)


def render_electronic(workspace: Path, biller: Biller, doc_indices: Sequence[int]) -> int:
    """One single-document PDF per electronic delivery, under workspace/electronic."""
    (workspace / "electronic").mkdir(parents=True, exist_ok=True)
    chunks = [
        (str(workspace), tuple(doc_indices[start : start + ELECTRONIC_CHUNK]), biller)
        for start in range(0, len(doc_indices), ELECTRONIC_CHUNK)
    ]
    return sum(map_across_cores(_render_singles, chunks))


def electronic_pdf(workspace: Path, document_number: str) -> Path:
    return workspace / "electronic" / f"{document_number}.pdf"
