"""The print facility's postage report, and its reconciliation against what was sent to print."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from batchline.errors import BatchlineError

POSTAGE_COLUMNS = ("print_batch", "pieces_mailed", "postage_amount")
MAIL_DATE = "mail_date"  # optional fourth column: the day the facility mailed the batch (YYYY-MM-DD)


class PostageReportError(BatchlineError):
    pass


@dataclass(frozen=True, slots=True)
class PostageLine:
    print_batch: str
    pieces_mailed: int
    postage_amount: Decimal
    mail_date: date | None = None


@dataclass(frozen=True, slots=True)
class Mismatch:
    print_batch: str
    what: str
    expected: str
    found: str

    def __str__(self) -> str:
        return f"print batch {self.print_batch}: {self.what}: expected {self.expected}, found {self.found}"


@dataclass(frozen=True, slots=True)
class Reconciliation:
    lines: tuple[PostageLine, ...]
    mismatches: tuple[Mismatch, ...]

    @property
    def total_postage(self) -> Decimal:
        return sum((line.postage_amount for line in self.lines), Decimal("0.00"))

    @property
    def pieces_mailed(self) -> int:
        return sum(line.pieces_mailed for line in self.lines)


def read_postage_report(path: Path) -> tuple[PostageLine, ...]:
    """Parse a postage report CSV (print_batch, pieces_mailed, postage_amount[, mail_date]); errors say where."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PostageReportError(
            f"postage report {path.name}: unreadable characters at byte {exc.start}"
        ) from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise PostageReportError(f"postage report {path.name}: the file is empty")
    header = tuple(cell.strip() for cell in rows[0])
    if header not in (POSTAGE_COLUMNS, (*POSTAGE_COLUMNS, MAIL_DATE)):
        raise PostageReportError(
            f"postage report {path.name}, line 1: expected header {','.join(POSTAGE_COLUMNS)} "
            f"(and optionally ,{MAIL_DATE}), found {','.join(header)}"
        )
    lines: list[PostageLine] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        lines.append(_parse_line(path.name, number, row, seen, len(header)))
    if not lines:
        raise PostageReportError(f"postage report {path.name}: expected at least one print batch, found none")
    return tuple(lines)


def _parse_line(name: str, number: int, row: list[str], seen: set[str], fields: int) -> PostageLine:
    where = f"postage report {name}, line {number}"
    if len(row) != fields:
        raise PostageReportError(f"{where}: expected {fields} fields, found {len(row)}")
    batch, pieces, postage, *mailed = (cell.strip() for cell in row)
    mail_date = _mail_date(where, mailed[0]) if mailed and mailed[0] else None
    if batch in seen:
        raise PostageReportError(f"{where}: print batch {batch} appears twice")
    seen.add(batch)
    if not (pieces.isascii() and pieces.isdigit()):
        raise PostageReportError(f"{where}, pieces_mailed: expected a whole number, found {pieces!r}")
    try:
        amount = Decimal(postage)
        if not amount.is_finite():  # NaN and Infinity parse, then break the checks below
            raise InvalidOperation(postage)
    except InvalidOperation as exc:
        raise PostageReportError(
            f"{where}, postage_amount: expected an amount like 123.45, found {postage!r}"
        ) from exc
    if amount.as_tuple().exponent < -2 or amount < 0:  # type: ignore[operator]
        raise PostageReportError(
            f"{where}, postage_amount: expected a non-negative amount with at most 2 decimals, found {postage!r}"
        )
    return PostageLine(batch, int(pieces), amount.quantize(Decimal("0.01")), mail_date)


def _mail_date(where: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise PostageReportError(
            f"{where}, {MAIL_DATE}: expected a date like 2026-11-30, found {text!r}"
        ) from exc


def reconcile(lines: tuple[PostageLine, ...], sent_pieces: Mapping[str, int]) -> Reconciliation:
    """Compare the pieces mailed per batch with the pieces sent to print; every difference is kept."""
    mismatches: list[Mismatch] = []
    reported = {line.print_batch: line for line in lines}
    for batch, pieces in sorted(sent_pieces.items()):
        line = reported.get(batch)
        if line is None:
            mismatches.append(
                Mismatch(batch, "missing from the postage report", f"{pieces} pieces", "no line")
            )
        elif line.pieces_mailed != pieces:
            mismatches.append(Mismatch(batch, "pieces mailed", str(pieces), str(line.pieces_mailed)))
    for batch in sorted(set(reported) - set(sent_pieces)):
        mismatches.append(Mismatch(batch, "not a print batch of this job", "a batch sent to print", batch))
    return Reconciliation(lines, tuple(mismatches))
