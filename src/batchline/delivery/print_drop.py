"""Print delivery: print-stream files and the job ticket, dropped for the print facility."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from batchline.files import sha256_of


@dataclass(frozen=True, slots=True)
class TicketBatch:
    batch_id: str
    file: str
    pieces: int
    sheets: int
    zip_first: str
    zip_last: str


def drop_file(source: Path, drop_dir: Path, name: str) -> Path:
    """Copy `source` into the drop folder atomically; an identical file already there is left alone."""
    drop_dir.mkdir(parents=True, exist_ok=True)
    target = drop_dir / name
    if (
        target.exists()
        and target.stat().st_size == source.stat().st_size
        and sha256_of(target) == sha256_of(source)
    ):
        return target
    partial = drop_dir / f".{name}.partial"
    shutil.copyfile(source, partial)
    os.replace(partial, target)
    return target


def write_job_ticket(
    drop_dir: Path,
    job_id: str,
    client_id: str,
    facility: str,
    post_office_date: date,
    batches: Sequence[TicketBatch],
) -> Path:
    """The manifest the print facility works from: batches, pieces, sheets and ZIP ranges."""
    ticket = {
        "job_id": job_id,
        "client_id": client_id,
        "facility": facility,
        "deliver_to_post_office_by": post_office_date.isoformat(),
        "mail_class": "First-Class Mail",
        "batches": [asdict(batch) for batch in batches],
        "totals": {
            "batches": len(batches),
            "pieces": sum(b.pieces for b in batches),
            "sheets": sum(b.sheets for b in batches),
        },
    }
    drop_dir.mkdir(parents=True, exist_ok=True)
    target = drop_dir / f"{job_id}.ticket.json"
    partial = drop_dir / f".{job_id}.ticket.json.partial"
    partial.write_text(json.dumps(ticket, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return target
