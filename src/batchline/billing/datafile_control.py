"""Control totals: the trailer record or the sidecar control file, and checking the data against them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from batchline.billing.datafile_problems import Problems, shown

TRAILER_TAG = b"TRAILER"
CONTROL_HEADER = ("record_count", "document_count", "total_amount")
_TAIL_BYTES = 4096  # far longer than any trailer line
_COUNT = re.compile(r"\d{1,12}")
_AMOUNT = re.compile(r"-?\d{1,16}(\.\d{1,2})?")
_TRAILER_FORM = "TRAILER,<record_count>,<document_count>,<total_amount>, like TRAILER,1000,120,45210.75"


@dataclass(frozen=True, slots=True)
class ControlTotals:
    record_count: int
    document_count: int
    total_amount: Decimal
    source: str  # where the figures came from, as used in messages


def sidecar_path(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + ".ctl")


def find_trailer(path: Path, size: int) -> tuple[int, bytes] | None:
    """Seek to the end of the file: (offset where the trailer line starts, its text), if there is one."""
    with path.open("rb") as file:
        start = max(0, size - _TAIL_BYTES)
        file.seek(start)
        tail = file.read().rstrip(b"\r\n")
    cut = tail.rfind(b"\n")
    if cut < 0 and start > 0:
        return None  # the last line is longer than any trailer
    last = tail[cut + 1 :]
    if not last.startswith(TRAILER_TAG + b","):
        return None
    return start + cut + 1, last


def parse_trailer(raw: bytes, where: str, problems: Problems) -> ControlTotals | None:
    text = raw.decode("utf-8", errors="replace").rstrip("\r")
    fields = text.split(",")
    if len(fields) != 4 or fields[0] != TRAILER_TAG.decode():
        problems.add("malformed trailer", where, _TRAILER_FORM, shown(text, 80))
        return None
    return _totals(fields[1:], where, "malformed trailer", problems)


def read_sidecar(path: Path, problems: Problems) -> ControlTotals | None:
    where = f"control file {path.name}"
    expected_form = f"a header {','.join(CONTROL_HEADER)} and one row of figures, like 1000,120,45210.75"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add("malformed control file", where, "UTF-8 text", f"undecodable byte at offset {exc.start}")
        return None
    rows = [row for row in csv.reader(text.splitlines()) if row]
    if not rows or tuple(rows[0]) != CONTROL_HEADER or len(rows) != 2:
        problems.add("malformed control file", where, expected_form, shown(text.strip(), 80))
        return None
    return _totals(rows[1], where, "malformed control file", problems)


def _totals(fields: list[str], where: str, what: str, problems: Problems) -> ControlTotals | None:
    if len(fields) != 3:
        problems.add(
            what, where, "3 figures: record_count, document_count, total_amount", shown(",".join(fields))
        )
        return None
    records, documents, total = (field.strip() for field in fields)
    ok = True
    for name, value in (("record_count", records), ("document_count", documents)):
        if not _COUNT.fullmatch(value):
            problems.add(what, f"{where}, {name}", "a whole number", shown(value))
            ok = False
    if not _AMOUNT.fullmatch(total):
        problems.add(what, f"{where}, total_amount", "an amount with at most 2 decimal places", shown(total))
        ok = False
    return ControlTotals(int(records), int(documents), Decimal(total), where) if ok else None


def settle_sources(sources: list[ControlTotals], problems: Problems) -> list[ControlTotals]:
    """The control totals to check the data against; a trailer and a control file must agree."""
    if len(sources) < 2:
        return sources
    first, second = sources
    agree = True
    for name in CONTROL_HEADER:
        mine, theirs = getattr(first, name), getattr(second, name)
        if mine != theirs:
            agree = False
            problems.add(
                "trailer and control file disagree",
                f"{first.source} and {second.source}, {name}",
                f"the same {name} in both",
                f"{mine} in the trailer, {theirs} in the control file",
            )
    if agree:
        return [ControlTotals(first.record_count, first.document_count, first.total_amount,
                              f"{first.source} and {second.source}")]  # fmt: skip
    return sources


def check_control_totals(
    expected: ControlTotals,
    record_count: int,
    document_count: int,
    total_amount: Decimal | None,
    problems: Problems,
) -> None:
    """Compare the file's figures with the control totals, exactly (`total_amount` None: unknown)."""
    found = {"record_count": record_count, "document_count": document_count, "total_amount": total_amount}
    words = {
        "record_count": "record count",
        "document_count": "document count",
        "total_amount": "total amount",
    }
    for name in CONTROL_HEADER:
        stated, actual = getattr(expected, name), found[name]
        if actual is not None and stated != actual:
            problems.add(
                f"{words[name]} does not match",
                f"{expected.source}, {name}",
                f"{stated} (stated in the {_kind(expected.source)})",
                f"{actual} (in the data)",
            )


def _kind(source: str) -> str:
    if "trailer" in source and "control file" in source:
        return "trailer and control file"
    return "trailer" if source.startswith("trailer") else "control file"
