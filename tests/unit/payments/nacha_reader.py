"""A second, independent NACHA reader for the tests: written from the record layouts of the
NACHA Operating Rules (Appendix Three), importing nothing from ``batchline``.

``read_ach`` slices every record by its published positions and ``problems`` lists every
way the file fails to reconcile: record lengths and order, counts, hashes, totals, blocks,
padding, trace numbers, addenda links and routing check digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CREDIT_CODES = {"22", "23", "24", "32", "33", "34"}
DEBIT_CODES = {"27", "28", "29", "37", "38", "39"}


def _cut(record: str, first: int, last: int) -> str:
    """Positions ``first`` to ``last``, counted from 1 as the layouts count them."""
    return record[first - 1 : last]


def aba_check_digit_ok(nine: str) -> bool:
    weights = [3, 7, 1] * 3
    return (
        nine.isdigit()
        and len(nine) == 9
        and sum(int(d) * w for d, w in zip(nine, weights, strict=True)) % 10 == 0
    )


@dataclass
class Entry:
    record: str
    addenda: list[str] = field(default_factory=list)

    transaction_code = property(lambda self: _cut(self.record, 2, 3))
    rdfi = property(lambda self: _cut(self.record, 4, 11))
    check_digit = property(lambda self: _cut(self.record, 12, 12))
    account = property(lambda self: _cut(self.record, 13, 29).rstrip())
    amount_cents = property(lambda self: int(_cut(self.record, 30, 39)))
    identification = property(lambda self: _cut(self.record, 40, 54).rstrip())
    name = property(lambda self: _cut(self.record, 55, 76).rstrip())
    addenda_indicator = property(lambda self: _cut(self.record, 79, 79))
    trace = property(lambda self: _cut(self.record, 80, 94))


@dataclass
class Batch:
    header: str
    entries: list[Entry] = field(default_factory=list)
    control: str = ""

    service_class = property(lambda self: _cut(self.header, 2, 4))
    company_name = property(lambda self: _cut(self.header, 5, 20).rstrip())
    company_id = property(lambda self: _cut(self.header, 41, 50))
    sec_code = property(lambda self: _cut(self.header, 51, 53))
    description = property(lambda self: _cut(self.header, 54, 63).rstrip())
    effective_date = property(lambda self: _cut(self.header, 70, 75))
    odfi = property(lambda self: _cut(self.header, 80, 87))
    number = property(lambda self: int(_cut(self.header, 88, 94)))


@dataclass
class AchFile:
    lines: list[str]
    header: str = ""
    batches: list[Batch] = field(default_factory=list)
    control: str = ""
    padding: list[str] = field(default_factory=list)
    order_problems: list[str] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return [entry for batch in self.batches for entry in batch.entries]

    @property
    def total_debit_cents(self) -> int:
        return int(_cut(self.control, 32, 43))

    @property
    def total_credit_cents(self) -> int:
        return int(_cut(self.control, 44, 55))


def read_ach(text: str) -> AchFile:
    lines = text.splitlines()
    ach = AchFile(lines)
    batch: Batch | None = None
    for number, line in enumerate(lines, start=1):
        kind = line[:1]
        if ach.control and kind == "9":
            ach.padding.append(line)
        elif ach.control:
            ach.order_problems.append(f"line {number}: record type {kind!r} after the file control")
        elif kind == "1" and number == 1:
            ach.header = line
        elif kind == "5" and batch is None:
            batch = Batch(line)
        elif kind == "6" and batch is not None:
            batch.entries.append(Entry(line))
        elif kind == "7" and batch is not None and batch.entries:
            batch.entries[-1].addenda.append(line)
        elif kind == "8" and batch is not None:
            batch.control = line
            ach.batches.append(batch)
            batch = None
        elif kind == "9" and batch is None:
            ach.control = line
        else:
            ach.order_problems.append(f"line {number}: record type {kind!r} out of order")
    return ach


def problems(ach: AchFile) -> list[str]:
    found = list(ach.order_problems)
    for number, line in enumerate(ach.lines, start=1):
        if len(line) != 94:
            found.append(f"line {number} has {len(line)} characters")
    if len(ach.lines) % 10:
        found.append(f"{len(ach.lines)} records is not a multiple of the blocking factor 10")
    if any(line != "9" * 94 for line in ach.padding):
        found.append("padding records are not all 9s")
    if len(ach.padding) >= 10:
        found.append("a whole block of padding")
    header = ach.header
    if _cut(header, 35, 37) != "094" or _cut(header, 38, 39) != "10" or _cut(header, 40, 40) != "1":
        found.append("file header record size, blocking factor or format code")
    if not _cut(header, 34, 34).isalnum():
        found.append("file ID modifier")
    if not aba_check_digit_ok(_cut(header, 5, 13)):
        found.append("immediate destination routing check digit")
    file_hash = file_debit = file_credit = file_count = 0
    for batch in ach.batches:
        found += _batch_problems(batch)
        file_hash += int(_cut(batch.control, 11, 20))
        file_debit += int(_cut(batch.control, 21, 32))
        file_credit += int(_cut(batch.control, 33, 44))
        file_count += int(_cut(batch.control, 5, 10))
    control = ach.control
    expected = {
        "batch count": (int(_cut(control, 2, 7)), len(ach.batches)),
        "block count": (int(_cut(control, 8, 13)), len(ach.lines) // 10),
        "entry/addenda count": (int(_cut(control, 14, 21)), file_count),
        "entry hash": (int(_cut(control, 22, 31)), file_hash % 10**10),
        "total debits": (ach.total_debit_cents, file_debit),
        "total credits": (ach.total_credit_cents, file_credit),
    }
    found += [
        f"file control {name}: {got} != {want}" for name, (got, want) in expected.items() if got != want
    ]
    return found


def _batch_problems(batch: Batch) -> list[str]:
    found = []
    where = f"batch {batch.number}"
    control = batch.control
    entries = batch.entries
    debit = sum(e.amount_cents for e in entries if e.transaction_code in DEBIT_CODES)
    credit = sum(e.amount_cents for e in entries if e.transaction_code in CREDIT_CODES)
    expected = {
        "service class": (_cut(control, 2, 4), batch.service_class),
        "entry/addenda count": (
            int(_cut(control, 5, 10)),
            len(entries) + sum(len(e.addenda) for e in entries),
        ),
        "entry hash": (int(_cut(control, 11, 20)), sum(int(e.rdfi) for e in entries) % 10**10),
        "total debits": (int(_cut(control, 21, 32)), debit),
        "total credits": (int(_cut(control, 33, 44)), credit),
        "company id": (_cut(control, 45, 54), batch.company_id),
        "ODFI": (_cut(control, 80, 87), batch.odfi),
        "batch number": (int(_cut(control, 88, 94)), batch.number),
    }
    found += [
        f"{where} control {name}: {got} != {want}" for name, (got, want) in expected.items() if got != want
    ]
    if batch.service_class == "220" and debit:
        found.append(f"{where}: credits-only batch carries debits")
    traces = [e.trace for e in entries]
    if traces != sorted(traces) or len(set(traces)) != len(traces):
        found.append(f"{where}: trace numbers not ascending and unique")
    for entry in entries:
        if entry.transaction_code not in CREDIT_CODES | DEBIT_CODES:
            found.append(f"{where}: transaction code {entry.transaction_code}")
        if not aba_check_digit_ok(entry.rdfi + entry.check_digit):
            found.append(f"{where}: routing check digit of {entry.rdfi}{entry.check_digit}")
        if not entry.trace.startswith(batch.odfi):
            found.append(f"{where}: trace {entry.trace} does not start with the ODFI")
        if (entry.addenda_indicator == "1") != bool(entry.addenda):
            found.append(f"{where}: addenda indicator of trace {entry.trace}")
        for sequence, addenda in enumerate(entry.addenda, start=1):
            if _cut(addenda, 2, 3) != "05" or int(_cut(addenda, 84, 87)) != sequence:
                found.append(f"{where}: addenda type or sequence of trace {entry.trace}")
            if _cut(addenda, 88, 94) != entry.trace[-7:]:
                found.append(f"{where}: addenda entry sequence does not match trace {entry.trace}")
    return found
