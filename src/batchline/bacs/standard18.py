"""Write a single-processing-day Standard 18 submission from validated payments.

VOL1, HDR1, HDR2, UHL1 (the processing day), one 100-character record per payment,
contra records that balance each originating account's credits and debits, then EOF1,
EOF2 and UTL1 (value totals and counts). Records end in CR LF. The payments must have
passed `PaymentChecks`; the writer still refuses a record that does not fill its layout.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from batchline.bacs.bulk import gc_paused
from batchline.bacs.calendar import is_working_day, processing_day
from batchline.bacs.payments import (
    CONTRA_CODE,
    DIRECT_DEBITS,
    INSTRUCTIONS,
    MAX_AMOUNT_PENCE,
    TRANSACTION_CODES,
    Originator,
    Payment,
)
from batchline.bacs.problems import BacsFileError, Problem, shown
from batchline.bacs.records import (
    FILE_NUMBER,
    RECORD_LENGTH,
    contra_record,
    data_record,
    hdr1,
    hdr2,
    is_serial,
    uhl1,
    utl1,
    vol1,
)

NEWLINE = "\r\n"
MAX_TOTAL_PENCE = 10**13 - 1  # UTL1 value totals: 13 digits
MAX_COUNT = 10**7 - 1  # UTL1 counts: 7 digits
SUBMISSION = Path("submission")  # what a report names when no file is involved yet
_DEBIT_CODES = frozenset(DIRECT_DEBITS)
_INSTRUCTION_CODES = frozenset(INSTRUCTIONS)


@dataclass(frozen=True, slots=True)
class Standard18Summary:
    serial: str
    processing_day: date
    payments: int
    contras: int
    debit_count: int  # UTL1: Direct Debits and debit contras
    credit_count: int  # UTL1: Direct Credits and credit contras
    debit_total_pence: int
    credit_total_pence: int
    instructions: int  # Direct Debit Instructions (0N, 0C, 0S)


def plan_processing_day(submission_day: date, asked: date | None = None, source: Path = SUBMISSION) -> date:
    """The UHL1 processing day: the day asked for, or day 2 of the cycle of `submission_day`."""
    earliest = processing_day(submission_day)
    if asked is None:
        return earliest
    if asked < earliest or not is_working_day(asked):
        raise BacsFileError(
            source,
            [
                Problem(
                    "processing day not possible",
                    "file",
                    f"a Bacs processing day on or after {earliest} (day 2 of a submission on {submission_day})",
                    shown(asked.isoformat()),
                )
            ],
        )
    return asked


@gc_paused()
def render_standard18(
    payments: Sequence[Payment],
    originator: Originator,
    *,
    serial: str,
    processing: date,
    created: date,
    file_number: str = FILE_NUMBER,
    source: Path = SUBMISSION,
) -> tuple[str, Standard18Summary]:
    """The submission as text (records joined by CR LF), and its totals."""
    if not is_serial(serial):
        raise ValueError(
            f"the submission serial must be 6 letters or digits, not all zeros; found {serial!r}"
        )
    sun, name = originator.service_user_number, originator.name
    records = [
        vol1(serial, sun),
        hdr1("HDR1", serial, sun, created, processing),
        hdr2("HDR2"),
        uhl1(processing, file_number),
    ]
    # (sort code, account, side) -> total, in the order the accounts first appear.
    sides: dict[tuple[str, str, str], int] = {}
    debits = credits = instructions = 0
    for p in payments:
        sort_code = p.originating_sort_code or originator.sort_code
        account = p.originating_account_number or originator.account_number
        code = p.transaction_code
        record = data_record(
            p.sort_code, p.account_number, code, sort_code, account, p.amount_pence, name, p.reference,
            p.account_name,
        )  # fmt: skip
        fits = len(record) == RECORD_LENGTH and record[:14].isdigit() and record[17:31].isdigit()
        if not (fits and code in TRANSACTION_CODES and 0 <= p.amount_pence <= MAX_AMOUNT_PENCE):
            raise _unwritable(source, p, record)
        records.append(record)
        if code in _INSTRUCTION_CODES:
            instructions += 1
            continue
        side = "debit" if code in _DEBIT_CODES else "credit"
        debits, credits = (debits + 1, credits) if side == "debit" else (debits, credits + 1)
        key = (sort_code, account, side)
        sides[key] = sides.get(key, 0) + p.amount_pence
    debit_total = credit_total = contras = 0
    for (sort_code, account, side), total in sides.items():
        # The side's records add `total` to their own side, and its contras as much to the other.
        debit_total, credit_total = debit_total + total, credit_total + total
        for amount in _split(total):
            records.append(contra_record(sort_code, account, CONTRA_CODE[side], amount, name))
            contras += 1
            if side == "credit":  # a debit contra (17) funds the credits
                debits += 1
            else:  # a credit contra (99) pays in the debits
                credits += 1
    if max(debit_total, credit_total) > MAX_TOTAL_PENCE or max(debits, credits, instructions) > MAX_COUNT:
        raise BacsFileError(
            source,
            [
                Problem(
                    "batch too large for one file",
                    "file",
                    f"totals of at most {MAX_TOTAL_PENCE} pence and at most {MAX_COUNT} records of each side",
                    f"{debit_total} pence in {debits} debits, {credit_total} pence in {credits} credits",
                )
            ],
        )
    records += [
        hdr1("EOF1", serial, sun, created, processing),
        hdr2("EOF2"),
        utl1(debit_total, credit_total, debits, credits, instructions),
    ]
    summary = Standard18Summary(
        serial, processing, len(payments), contras, debits, credits, debit_total, credit_total, instructions
    )
    return NEWLINE.join(records) + NEWLINE, summary


def write_standard18(
    path: Path,
    payments: Sequence[Payment],
    originator: Originator,
    *,
    serial: str,
    submission_day: date,
    asked: date | None = None,
    file_number: str = FILE_NUMBER,
) -> Standard18Summary:
    """Write the submission to `path` whole or not at all (a temporary file, then a rename)."""
    processing = plan_processing_day(submission_day, asked, path)
    text, summary = render_standard18(
        payments, originator, serial=serial, processing=processing, created=submission_day,
        file_number=file_number, source=path,
    )  # fmt: skip
    write_atomically(path, text.encode("ascii"))
    return summary


def write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _split(total: int) -> list[int]:
    """A contra amount has 11 digits: a larger total takes several contra records."""
    parts = [MAX_AMOUNT_PENCE] * (total // MAX_AMOUNT_PENCE)
    return [*parts, total % MAX_AMOUNT_PENCE] if total % MAX_AMOUNT_PENCE or not parts else parts


def _unwritable(source: Path, p: Payment, record: str) -> BacsFileError:
    return BacsFileError(
        source,
        [
            Problem(
                "payment does not fit the Standard 18 record",
                f"line {p.line}",
                f"a {RECORD_LENGTH}-character record of digits where the layout has numbers "
                "(a payment that passed validation)",
                f"{len(record)} characters: {shown(record, 120)}",
            )
        ],
    )
