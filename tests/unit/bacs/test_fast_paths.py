"""The fast paths of both imports accept exactly what the full checks accept, and read the same.

Each import tries one pattern for the whole row or record first and only runs the full,
reporting checks when that pattern or a rule fails. Switching the pattern off must change
nothing but the time taken.
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

import pytest
from bacs_support import GOLDEN, write_csv

from batchline.bacs import payments_csv, standard18_read
from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import Originator
from batchline.bacs.problems import BacsFileError

NEVER = re.compile(r"(?!)")
GOOD = {
    "pair": [("089999", "66374958"), ("08-99-99", "66374958"), ("107999", "88837491"), ("871427", "46238510"),
             ("938611", "07806039"), ("999999", "12345678")],
    "account_name": ["J SMITH", "j smith", "A" * 18, "A.B&C/D-E", "X"],
    "amount": ["1", "0", "0.00", "1.5", "12.34", "999999999.99", "007"],
    "transaction_code": ["99", "01", "17", "18", "19", "0N", "0n", "0C", "0S"],
    "reference": ["", "REF", "MANDATE01", "A" * 18, "ref 12345", "AB-12 CD"],
}  # fmt: skip
BAD = {
    "pair": [("0899-99", "66374958"), ("08999", "66374958"), (" 089999", "66374958"), ("08999x", "66374958"),
             ("089999", "66374959"), ("089999", "6637495"), ("089999", "6637495 ")],
    "account_name": ["", " ", "A" * 19, "O'BRIEN", " LEAD", "TRAIL "],
    "amount": ["1000000000.00", "1,0", "", "-1", "1.", "1.234"],
    "transaction_code": ["98", "", "9", " 99"],
    "reference": ["111111", "A" * 19, "R#1", " LEAD12"],
}  # fmt: skip


DATES = ["", "", "", "2026-06-10", " 2026-06-10", "2026-06-13", "2026-02-30", "10/06/2026"]
DATED_HEADER = "sort_code,account_number,account_name,amount,transaction_code,reference,payment_date"


def random_rows(rng: random.Random, count: int) -> list[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for _ in range(count):
        row = {name: rng.choice((BAD if rng.random() < 0.06 else GOOD)[name]) for name in GOOD}
        day = rng.choice(DATES) if rng.random() < 0.05 else ""
        writer.writerow([*row.pop("pair"), *row.values(), day])
    return out.getvalue().splitlines()


def csv_outcome(path: Path, checker: ModulusChecker, originator: Originator) -> object:
    try:
        return payments_csv.load_payments_csv(path, checker, originator)
    except BacsFileError as error:
        return error.problems


@pytest.mark.parametrize("collects", [True, False])
def test_the_csv_fast_path_changes_nothing_but_speed(
    tmp_path: Path, checker: ModulusChecker, collector: Originator, originator: Originator,
    monkeypatch: pytest.MonkeyPatch, collects: bool,
) -> None:  # fmt: skip
    who = collector if collects else originator
    rows = random_rows(random.Random(11 + collects), 3000)
    mixed = write_csv(tmp_path / "mixed.csv", *rows, header=DATED_HEADER)
    fast_problems = csv_outcome(mixed, checker, who)
    assert isinstance(fast_problems, tuple)
    faulty = {int(p.where.split(",")[0][5:]) for p in fast_problems}
    accepted = [row for n, row in enumerate(rows, start=2) if n not in faulty]
    assert len(accepted) > 150 and len(faulty) > 300, "the sample must hold good and bad rows"
    clean = write_csv(tmp_path / "clean.csv", *accepted, header=DATED_HEADER)
    fast_payments = csv_outcome(clean, checker, who)
    assert isinstance(fast_payments, list)
    monkeypatch.setattr(payments_csv, "_GOOD_ROW", NEVER)
    assert csv_outcome(mixed, checker, who) == fast_problems
    assert csv_outcome(clean, checker, who) == fast_payments


def mutated_records(rng: random.Random, count: int) -> list[str]:
    lines = (GOLDEN / "collections.std18").read_bytes().decode("ascii").split("\r\n")[4:9]
    noise = "0123456789AZaz .&/-'#"
    out = []
    for _ in range(count):
        record = list(rng.choice(lines))
        for _ in range(rng.choice([0, 0, 1, 2])):
            record[rng.randrange(100)] = rng.choice(noise)
        out.append("".join(record))
    return out


def std18_outcome(path: Path, checker: ModulusChecker, originator: Originator) -> object:
    try:
        read = standard18_read.parse_standard18(path, checker, originator)
    except BacsFileError as error:
        return error.problems
    return read.payments, read.contras, read.debit_total_pence, read.credit_total_pence


@pytest.mark.parametrize("collects", [True, False])
def test_the_standard_18_fast_path_changes_nothing_but_speed(
    tmp_path: Path, checker: ModulusChecker, collector: Originator, originator: Originator,
    monkeypatch: pytest.MonkeyPatch, collects: bool,
) -> None:  # fmt: skip
    who = collector if collects else originator
    golden = (GOLDEN / "collections.std18").read_bytes().decode("ascii").split("\r\n")
    records = mutated_records(random.Random(5 + collects), 2000)
    path = tmp_path / "import.txt"
    path.write_bytes("\r\n".join([*golden[:4], *records, *golden[-4:]]).encode("ascii"))
    fast, fast_records = std18_outcome(path, checker, who), read_records(records, checker, who)
    assert len(fast_records[0]) > 500 and len(fast_records[2]) > 200, "good and bad records both"
    monkeypatch.setattr(standard18_read, "_GOOD_RECORD", NEVER)
    assert std18_outcome(path, checker, who) == fast
    assert read_records(records, checker, who) == fast_records


def read_records(records: list[str], checker: ModulusChecker, who: Originator) -> tuple[object, ...]:
    """Each record through the reader: the payments, contras and problems it makes of them."""
    reader = standard18_read._Reader(Path("import.txt"), checker, who)
    for line, record in enumerate(records, start=5):
        reader.record(line, record, 100)
    return reader.payments, reader.contras, reader.problems
