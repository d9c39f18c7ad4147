"""Print batches: mail pieces in ZIP order, cut into print-stream files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MailPiece:
    doc_index: int
    document_number: str
    zip5: str
    zip4: str = ""
    delivery_point: str = ""

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.zip5, self.zip4, self.delivery_point, self.document_number)


@dataclass(frozen=True, slots=True)
class PrintBatchPlan:
    batch_id: str
    sequence: int
    pieces: tuple[MailPiece, ...]

    @property
    def zip_first(self) -> str:
        return self.pieces[0].zip5

    @property
    def zip_last(self) -> str:
        return self.pieces[-1].zip5


def batch_id(job_id: str, sequence: int) -> str:
    return f"{job_id}-P{sequence:04d}"


def plan_print_batches(job_id: str, pieces: Iterable[MailPiece], batch_size: int) -> list[PrintBatchPlan]:
    """Sort mail pieces by ZIP+4 and delivery point and cut them into batches of `batch_size`."""
    if batch_size < 1:
        raise ValueError(f"print batch size: expected at least 1, found {batch_size}")
    ordered = sorted(pieces, key=lambda p: p.sort_key)
    return [
        PrintBatchPlan(batch_id(job_id, n + 1), n + 1, tuple(ordered[start : start + batch_size]))
        for n, start in enumerate(range(0, len(ordered), batch_size))
    ]
