"""Batch samples and preview (seed 001: "Batch sample creation begins during [parsing]").

While the file is loaded, a sample set is chosen: the first few documents of
each template, each delivery channel and each branch, plus the largest (most
line items, so most pages) and the highest amount. Their PDFs are made with the
others; the approval gates link to them, so a reviewer opens real bills before
saying yes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from batchline.billing.model import Biller

PER_GROUP = 2
SAMPLES_FILE = "samples.json"


@dataclass(frozen=True, slots=True)
class Sample:
    index: int
    document_number: str
    why: str
    channel: str
    template: str
    branch: str
    lines: int
    amount_due: str


def choose_samples(workspace: Path, per_group: int = PER_GROUP) -> list[Sample]:
    """Pick the sample set from the parsed documents and write it to workspace/samples.json."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    docs = pq.read_table(
        workspace / "documents.parquet",
        columns=["document_number", "template", "delivery_channel", "branch", "amount_due"],
    )
    lines = pq.read_table(workspace / "lines.parquet", columns=["doc_index"]).column(0)
    counted = pc.value_counts(lines).to_pylist()
    cols = docs.to_pydict()
    numbers = [str(n) for n in cols["document_number"]]
    per_doc = {numbers[int(c["values"])]: int(c["counts"]) for c in counted}
    channels = [c or "PRINT" for c in cols["delivery_channel"]]
    reasons: dict[int, list[str]] = {}

    def pick(index: int, why: str) -> None:
        reasons.setdefault(index, []).append(why)

    for label, values in (("template", cols["template"]), ("channel", channels), ("branch", cols["branch"])):
        seen: dict[object, int] = {}
        for i, value in enumerate(values):
            if seen.get(value, 0) < per_group:
                seen[value] = seen.get(value, 0) + 1
                pick(i, f"{label} {value}")
    if numbers:
        largest = max(range(len(numbers)), key=lambda i: (per_doc.get(numbers[i], 0), -i))
        pick(largest, f"largest: {per_doc.get(numbers[largest], 0)} line items")
        richest = max(range(len(numbers)), key=lambda i: (cols["amount_due"][i], -i))
        pick(richest, f"highest amount: {cols['amount_due'][richest]}")
    samples = [
        Sample(
            i,
            numbers[i],
            "; ".join(dict.fromkeys(reasons[i])),
            channels[i],
            str(cols["template"][i]),
            str(cols["branch"][i]),
            per_doc.get(numbers[i], 0),
            str(cols["amount_due"][i]),
        )
        for i in sorted(reasons)
    ]
    (workspace / SAMPLES_FILE).write_text(
        json.dumps([asdict(s) for s in samples], indent=1), encoding="utf-8"
    )
    return samples


def load_samples(workspace: Path) -> list[Sample]:
    path = workspace / SAMPLES_FILE
    if not path.is_file():
        return []
    return [Sample(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


def sample_pdf(workspace: Path, document_number: str) -> Path:
    return workspace / "samples" / f"{document_number}.pdf"


def render_samples(workspace: Path, biller: Biller) -> int:
    """One PDF per sample document under workspace/samples (as the customer would see it)."""
    from batchline.billing.assemble import load_bills
    from batchline.render.bill_pdf import render_bill

    samples = load_samples(workspace)
    (workspace / "samples").mkdir(parents=True, exist_ok=True)
    for bill in load_bills(str(workspace), [s.index for s in samples], None):
        render_bill(bill, biller, sample_pdf(workspace, bill.document_number))
    return len(samples)
