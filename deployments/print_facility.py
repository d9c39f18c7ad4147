"""A stand-in for the print facility: reads a job ticket, mails the pieces, writes the postage report."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

FIRST_CLASS_PRESORT = Decimal("0.593")


def write_postage_report(
    ticket: Path, postage_drop: Path, short_batches: dict[str, int] | None = None
) -> Path:
    """Postage per batch at a presort rate; `short_batches` mails fewer pieces than sent (a mismatch)."""
    data = json.loads(ticket.read_text(encoding="utf-8"))
    lines = ["print_batch,pieces_mailed,postage_amount"]
    for batch in data["batches"]:
        pieces = (short_batches or {}).get(batch["batch_id"], batch["pieces"])
        postage = (FIRST_CLASS_PRESORT * pieces).quantize(Decimal("0.01"))
        lines.append(f"{batch['batch_id']},{pieces},{postage}")
    postage_drop.mkdir(parents=True, exist_ok=True)
    report = postage_drop / f"postage-{data['job_id']}.csv"
    partial = report.with_name("." + report.name)
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial.replace(report)
    return report
