"""E-bill portal publishing: each bill's PDF with a JSON index entry, and the job's manifest last.

Under the client's portal location (a folder or an SFTP folder an e-bill portal such
as eInvoice Connect imports from):

    <job>/<document>.pdf     the bill
    <job>/<document>.json    its index entry: what the portal files the bill under
    <job>/manifest.json      every document of the job published so far; written last

Every file is put atomically, so an import that waits for the manifest never sees a
document without its PDF. Publishing again replaces files by name: nothing is duplicated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from batchline.delivery.transfer import Drop
from batchline.files import sha256_of

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class PortalDocument:
    document_number: str
    document_type: str
    document_date: date
    due_date: date
    account_number: str
    customer_name: str
    amount_due: Decimal


@dataclass(frozen=True, slots=True)
class Published:
    document: PortalDocument
    sha256: str
    size: int

    @property
    def pdf(self) -> str:
        return f"{self.document.document_number}.pdf"

    @property
    def index(self) -> str:
        return f"{self.document.document_number}.json"


def published_file(document: PortalDocument, pdf: Path) -> Published:
    """What was published for a document, from the PDF it was published from."""
    return Published(document, sha256_of(pdf), pdf.stat().st_size)


def index_entry(
    published: Published, *, job_id: str, client_id: str, currency: str, published_at: datetime
) -> dict[str, Any]:
    doc = published.document
    return {
        "document_number": doc.document_number,
        "document_type": doc.document_type,
        "document_date": doc.document_date.isoformat(),
        "due_date": doc.due_date.isoformat(),
        "account_number": doc.account_number,
        "customer_name": doc.customer_name,
        "amount_due": str(doc.amount_due),  # exact decimal text, never a float
        "currency": currency or None,
        "pdf": published.pdf,
        "sha256": published.sha256,
        "size": published.size,
        "job_id": job_id,
        "client_id": client_id,
        "published_at": _iso(published_at),
    }


def publish(
    drop: Drop,
    document: PortalDocument,
    pdf: bytes,
    *,
    job_id: str,
    client_id: str,
    currency: str,
    published_at: datetime,
) -> Published:
    """The PDF first, then its index entry (an entry never points at a file not there yet)."""
    published = Published(document, hashlib.sha256(pdf).hexdigest(), len(pdf))
    drop.put_bytes(pdf, f"{job_id}/{published.pdf}", skip_identical=True)
    entry = index_entry(
        published, job_id=job_id, client_id=client_id, currency=currency, published_at=published_at
    )
    drop.put_bytes(_json(entry), f"{job_id}/{published.index}")
    return published


def write_manifest(
    drop: Drop,
    published: Sequence[Published],
    *,
    job_id: str,
    client_id: str,
    currency: str,
    published_at: datetime,
) -> str:
    """The job's manifest: every document published, with the totals an import can check."""
    manifest = {
        "job_id": job_id,
        "client_id": client_id,
        "currency": currency or None,
        "published_at": _iso(published_at),
        "documents": len(published),
        "total_amount_due": str(sum((p.document.amount_due for p in published), Decimal(0))),
        "files": [
            {
                "document_number": p.document.document_number,
                "pdf": p.pdf,
                "index": p.index,
                "sha256": p.sha256,
                "size": p.size,
                "amount_due": str(p.document.amount_due),
            }
            for p in published
        ],
    }
    name = f"{job_id}/{MANIFEST}"
    drop.put_bytes(_json(manifest), name, skip_identical=True)
    return drop.url(name)


def _json(value: dict[str, Any]) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
