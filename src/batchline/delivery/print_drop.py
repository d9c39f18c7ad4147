"""Print delivery: print-stream files and the job ticket, dropped for the print facility."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from batchline.delivery.transfer import Drop


@dataclass(frozen=True, slots=True)
class TicketBatch:
    batch_id: str
    file: str
    pieces: int
    sheets: int
    zip_first: str
    zip_last: str
    mail_class: str = ""  # batchline.billing.envelopes.MailClass: one per batch
    weight_oz: str = "0"  # the batch's pieces together, exact decimal ounces
    max_piece_weight_oz: str = "0"  # the heaviest piece


class MailBatch(Protocol):
    @property
    def mail_class(self) -> str: ...
    @property
    def pieces(self) -> int: ...


def pieces_by_mail_class(batches: Iterable[MailBatch]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for batch in batches:
        counted[batch.mail_class] = counted.get(batch.mail_class, 0) + batch.pieces
    return counted


def drop_file(source: Path, drop: Drop, name: str) -> str:
    """Put `source` into the drop atomically; an identical file already there is left alone."""
    drop.put_file(source, name, skip_identical=True)
    return drop.url(name)


def write_job_ticket(
    drop: Drop,
    job_id: str,
    client_id: str,
    facility: str,
    post_office_date: date,
    batches: Sequence[TicketBatch],
) -> str:
    """The manifest the print facility works from: per batch its mail class, pieces, sheets, weight
    and ZIP range; the date the mail is at the post office."""
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
        "pieces_by_mail_class": pieces_by_mail_class(batches),
        "weight_oz": str(sum((Decimal(b.weight_oz) for b in batches), Decimal(0))),
    }
    name = f"{job_id}.ticket.json"
    drop.put_bytes((json.dumps(ticket, indent=2) + "\n").encode("utf-8"), name)
    return drop.url(name)
