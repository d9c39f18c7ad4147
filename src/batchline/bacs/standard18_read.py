"""Read a Standard 18 submission for import, checking every record and reconciling the totals.

One file per submission (VOL1 HDR1 HDR2 UHL1, records, EOF1 EOF2 UTL1), single processing
day (100-character records) or multi-day (106, each record with its own day). Each
transaction meets the same rules as the payments CSV (`PaymentChecks`); contra records
must balance each originating account, and UTL1 must match what the records add up to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from batchline.bacs.bulk import gc_paused
from batchline.bacs.calendar import is_working_day
from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import (
    ACCOUNT_NUMBER,
    CONTRA_CODE,
    NAME_LENGTH,
    SORT_CODE,
    Originator,
    Payment,
    side,
)
from batchline.bacs.problems import BacsFileError, Problem, line_of, shown
from batchline.bacs.records import (
    CONTRA_NARRATIVE,
    DATA_FIELDS,
    DATA_PLACES,
    LABEL_FIELDS,
    LABEL_LENGTH,
    MULTI_DAY_RECORD_LENGTH,
    RECORD_LENGTH,
    from_julian,
    is_bacs_date,
    is_digits,
)
from batchline.bacs.validate import PaymentChecks, text_fault

_ORDER = ("VOL1", "HDR1", "HDR2", "UHL1")
_TRAILER = ("EOF1", "EOF2", "UTL1")


@dataclass(frozen=True)
class Standard18File:
    source: Path
    serial: str
    service_user_number: str
    created: date
    processing_day: date | None  # None in a multi-day file: each payment carries its day
    payments: list[Payment]
    contras: list[Payment]
    debit_total_pence: int
    credit_total_pence: int
    debit_count: int
    credit_count: int


# A data record whose every field has its form (positions 1-100): see records.DATA_FIELDS.
_GOOD_RECORD = re.compile(
    r"([0-9]{6})([0-9]{8})[0-9](99|01|17|18|19|0[NCS])([0-9]{6})([0-9]{8})[A-Z0-9 .&/\-]{4}"
    r"([0-9]{11})[A-Z0-9 .&/\-]{18}([A-Z0-9 .&/\-]{18})([A-Z0-9 .&/\-]{18})"
)


class _Reader:
    def __init__(self, source: Path, checker: ModulusChecker, originator: Originator | None) -> None:
        self.source = source
        self.checks = PaymentChecks(checker, originator)
        self.problems: list[Problem] = []
        self.payments: list[Payment] = []
        self.contras: list[Payment] = []
        self.unread = 0  # records too short or long to read: the totals cannot be reconciled

    def add(self, line: int, where: str, what: str, expected: str, found: object) -> None:
        place = f"line {line}, {where}" if where else f"line {line}"
        self.problems.append(Problem(what, place, expected, shown(found)))

    def label(self, line: int, text: str, name: str) -> dict[int, str] | None:
        """The label's fields by first position, or None when another record stands in its place."""
        if text[:4] != name:
            self.add(line, "positions 1-4 (label)", "record out of place", f"the {name} label", text[:4])
            return None
        if len(text) != LABEL_LENGTH:
            self.add(line, "", "wrong record length", f"{LABEL_LENGTH} characters", f"{len(text)} characters")
        values: dict[int, str] = {}
        for first, last, what, expected, test in LABEL_FIELDS.get(name, ()):
            value = values[first] = text[first - 1 : last]
            if not test(value):
                self.add(line, f"positions {first}-{last} ({what})", f"bad {what}", expected, value)
        return values

    def record(self, line: int, text: str, length: int) -> None:
        if len(text) != length:
            self.add(
                line, "", "wrong record length", f"{length} characters (HDR2)", f"{len(text)} characters"
            )
            self.unread += 1
            return
        found = _GOOD_RECORD.fullmatch(text, 0, RECORD_LENGTH)
        if found is not None:  # the fast path; any doubt goes to the full checks below
            sort_code, account, code, from_sort, from_account, pence, reference, name = found.groups()
            day = from_julian(text[RECORD_LENGTH:]) if length == MULTI_DAY_RECORD_LENGTH else None
            payment = Payment(sort_code, account, name.rstrip(), int(pence), code, reference.rstrip(), day, line,
                              from_sort, from_account)  # fmt: skip
            readable = payment.account_name.strip() and (day or length == RECORD_LENGTH)
            if readable and not _is_contra(payment) and self.checks.passes(payment):
                self.payments.append(payment)
                return
        f = {name: text[first - 1 : last] for name, first, last, _ in DATA_FIELDS}
        amount = f["amount"]
        payment = Payment(
            sort_code=f["sort_code"],
            account_number=f["account_number"],
            account_name=f["account_name"].rstrip(),
            amount_pence=int(amount) if is_digits(amount) else 0,
            transaction_code=f["transaction_code"],
            reference=f["reference"].rstrip(),
            payment_date=from_julian(f["payment_date"]) if length == MULTI_DAY_RECORD_LENGTH else None,
            line=line,
            originating_sort_code=f["originating_sort_code"],
            originating_account_number=f["originating_account_number"],
        )
        for name, test, expected in (
            ("amount", is_digits, "11 digits of pence"),
            ("account_type", is_digits, "a digit (0)"),
            ("originating_sort_code", SORT_CODE.fullmatch, "6 digits"),
            ("originating_account_number", ACCOUNT_NUMBER.fullmatch, "8 digits"),
            (
                "payment_date",
                lambda v: length == RECORD_LENGTH or is_bacs_date(v),
                "a Bacs date such as ' 26123'",
            ),
        ):
            if not test(f[name]):
                self.add(line, DATA_PLACES[name], f"bad {name.replace('_', ' ')}", expected, f[name])
        contra = _is_contra(payment)
        texts = (
            ("free_format", "originator_name", "account_name")
            if contra
            else ("free_format", "originator_name")
        )
        for name in texts:
            fault = text_fault(f[name], NAME_LENGTH, required=False)
            if fault:
                self.add(line, DATA_PLACES[name], *fault, f[name])
        if contra:
            self.contras.append(payment)
        else:
            self.checks.check(payment, DATA_PLACES, self.problems, () if is_digits(amount) else ("amount",))
            self.payments.append(payment)


def _is_contra(p: Payment) -> bool:
    return (
        p.reference == CONTRA_NARRATIVE
        and p.transaction_code in CONTRA_CODE.values()
        and (p.sort_code, p.account_number) == (p.originating_sort_code, p.originating_account_number)
    )


@gc_paused()
def parse_standard18(
    path: Path, checker: ModulusChecker, originator: Originator | None = None
) -> Standard18File:
    """The file's payments, or `BacsFileError` listing every faulty record (the batch is Rejected)."""
    reader = _Reader(path, checker, originator)
    lines = path.read_bytes().decode("ascii", errors="replace").replace("\r\n", "\n").split("\n")
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) < len(_ORDER) + len(_TRAILER):
        shape = "VOL1, HDR1, HDR2, UHL1, the records, EOF1, EOF2 and UTL1, one per line"
        raise BacsFileError(path, [Problem("not a Standard 18 file", "file", shape, f"{len(lines)} lines")])
    for n, line in enumerate(lines, start=1):
        if "\ufffd" in line:
            reader.add(n, "", "byte that is not ASCII", "ASCII text", line)
    head = {name: reader.label(n, lines[n - 1], name) for n, name in enumerate(_ORDER, start=1)}
    end = len(lines) - len(_TRAILER)
    tail = {name: reader.label(end + n, lines[end + n - 1], name) for n, name in enumerate(_TRAILER, start=1)}
    length = MULTI_DAY_RECORD_LENGTH if (head["HDR2"] or {}).get(11) == "00106" else RECORD_LENGTH
    for n in range(len(_ORDER) + 1, end + 1):
        reader.record(n, lines[n - 1], length)
    read = _reconcile(reader, lines, head, tail)
    if reader.problems:
        raise BacsFileError(path, sorted(reader.problems, key=lambda p: line_of(p.where)))
    return read


def _reconcile(
    reader: _Reader,
    lines: list[str],
    head: dict[str, dict[int, str] | None],
    tail: dict[str, dict[int, str] | None],
) -> Standard18File:
    vol, hdr, uhl, utl = head["VOL1"] or {}, head["HDR1"] or {}, head["UHL1"] or {}, tail["UTL1"] or {}
    if vol and hdr and (hdr[6], hdr[22]) != (vol[42], vol[5]):
        reader.add(2, "positions 6-11 and 22-27", "HDR1 does not match VOL1",
                   f"service user {vol[42]} and serial {vol[5]}, as in VOL1", lines[1][5:27])  # fmt: skip
    for number, (label, header) in enumerate((("EOF1", 2), ("EOF2", 3)), start=len(lines) - 2):
        if tail[label] is not None and lines[number - 1][4:] != lines[header - 1][4:]:
            reader.add(number, "positions 5-80", f"{label} does not repeat HDR{header - 1}",
                       f"the same as line {header}", lines[number - 1][4:])  # fmt: skip
    processing = from_julian(uhl.get(5, ""))
    if processing is not None and not is_working_day(processing):
        reader.add(4, "positions 5-10 (processing day)", "processing day is not a Bacs working day",
                   "Monday to Friday, not an England and Wales bank holiday", processing.isoformat())  # fmt: skip
    originator = reader.checks.originator
    if originator is not None and vol and vol[42] != originator.service_user_number:
        reader.add(1, "positions 42-47 (service user number)", "file of another service user",
                   originator.service_user_number, vol[42])  # fmt: skip
    totals = {"debit": [0, 0], "credit": [0, 0]}  # side -> [pence, records]
    # (sort code, account, side) -> [records' pence, contras' pence, a contra's line]
    sides: dict[tuple[str, str, str], list[int]] = {}
    for p, is_contra in [*((p, 0) for p in reader.payments), *((p, 1) for p in reader.contras)]:
        kind = side(p.transaction_code)
        if kind == "instruction":
            continue
        totals[kind][0] += p.amount_pence
        totals[kind][1] += 1
        # A contra balances the other side: a 17 contra the credits, a 99 contra the debits.
        balanced = ("credit" if kind == "debit" else "debit") if is_contra else kind
        key = (p.originating_sort_code, p.originating_account_number, balanced)
        tally = sides.setdefault(key, [0, 0, len(lines) - 3])
        tally[is_contra] += p.amount_pence
        if is_contra:
            tally[2] = p.line
    (debit, debits), (credit, credits) = totals["debit"], totals["credit"]
    if reader.unread:
        return _read(reader, vol, hdr, processing, debit, credit, debits, credits)  # totals unknown
    for (sort_code, account, balanced), (records, contras, line) in sides.items():
        if records != contras:
            reader.add(line, "", "contra records do not balance",
                       f"contras equal to the {balanced}s of account {sort_code} {account}",
                       f"{balanced}s of {records} pence, contras of {contras} pence")  # fmt: skip
    found = [utl.get(first, "") for first in (5, 18, 31, 38)]
    if all(is_digits(v) for v in found) and [int(v) for v in found] != [debit, credit, debits, credits]:
        reader.add(len(lines), "positions 5-44", "UTL1 totals do not match the records",
                   f"debits {debit} pence in {debits} records, credits {credit} pence in {credits}",
                   lines[-1][4:44])  # fmt: skip
    return _read(reader, vol, hdr, processing, debit, credit, debits, credits)


def _read(
    reader: _Reader,
    vol: dict[int, str],
    hdr: dict[int, str],
    processing: date | None,
    debit: int,
    credit: int,
    debits: int,
    credits: int,
) -> Standard18File:
    return Standard18File(
        source=reader.source,
        serial=vol.get(5, ""),
        service_user_number=vol.get(42, ""),
        created=from_julian(hdr.get(42, "")) or date.min,
        processing_day=processing,
        payments=reader.payments,
        contras=reader.contras,
        debit_total_pence=debit,
        credit_total_pence=credit,
        debit_count=debits,
        credit_count=credits,
    )
