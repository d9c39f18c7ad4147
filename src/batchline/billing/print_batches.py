"""Print batches: mail pieces by mail class, in ZIP order within each, cut into print-stream files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from batchline.billing.envelopes import MailClass


@dataclass(frozen=True, slots=True)
class MailPiece:
    doc_index: int
    document_number: str
    zip5: str
    zip4: str = ""
    delivery_point: str = ""
    pages: int = 1
    sheets: int = 1
    weight_oz: Decimal = Decimal(0)
    mail_class: MailClass = MailClass.FIRST_CLASS_LETTER_1OZ

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

    @property
    def mail_class(self) -> MailClass:
        return self.pieces[0].mail_class

    @property
    def sheets(self) -> int:
        return sum(p.sheets for p in self.pieces)

    @property
    def weight_oz(self) -> Decimal:
        return sum((p.weight_oz for p in self.pieces), Decimal(0))

    @property
    def max_piece_weight_oz(self) -> Decimal:
        return max(p.weight_oz for p in self.pieces)


def batch_id(job_id: str, sequence: int) -> str:
    return f"{job_id}-P{sequence:04d}"


def plan_print_batches(job_id: str, pieces: Iterable[MailPiece], batch_size: int) -> list[PrintBatchPlan]:
    """Batches of one mail class each (classes in `MailClass` order), pieces by ZIP+4 and delivery point.

    Each class is cut into batches of `batch_size`; sequences run on across classes.
    """
    if batch_size < 1:
        raise ValueError(f"print batch size: expected at least 1, found {batch_size}")
    by_class: dict[MailClass, list[MailPiece]] = {mail_class: [] for mail_class in MailClass}
    for piece in pieces:
        by_class[piece.mail_class].append(piece)
    plans: list[PrintBatchPlan] = []
    for in_class in by_class.values():
        ordered = sorted(in_class, key=lambda p: p.sort_key)
        for start in range(0, len(ordered), batch_size):
            sequence = len(plans) + 1
            plans.append(
                PrintBatchPlan(
                    batch_id(job_id, sequence), sequence, tuple(ordered[start : start + batch_size])
                )
            )
    return plans
