"""Import, validate (modulus checking included) and write a 100,000-transaction Bacs batch.

    PYTHONPATH=src python benchmarks/bacs_import.py [--transactions 100000] [--repeat 3]
        [--baseline 10000] [--seed 6]

The payments CSV is generated first (outside the timed stages): 20,000 account numbers
found by trying numbers at sort codes drawn from the Vocalink table until one passes
modulus checking (2% at sort codes the table does not list), paid in random order. Then, each stage is timed:
loading the tables, reading the CSV, validating every payment, writing Standard 18. The
written file is read back through the production Standard 18 parser as an extra stage.

A naive baseline runs in the same process on the first --baseline rows: csv.DictReader,
and a modulus checker that scans the whole table for each payment instead of bisecting a
sorted index and remembering each sort code's checks. Target: under 5 s in total.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import tempfile
import time
import tracemalloc
from datetime import date
from itertools import pairwise
from pathlib import Path

from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import Originator, Payment
from batchline.bacs.payments_csv import COLUMNS, PLACES, read_payments_csv, validate_payments_csv
from batchline.bacs.problems import Problem
from batchline.bacs.standard18 import Standard18Summary, write_standard18
from batchline.bacs.standard18_read import parse_standard18
from batchline.bacs.tables import Check, ModulusTables, load_tables
from batchline.bacs.validate import PaymentChecks

ORIGINATOR = Originator("123456", "089999", "66374958", "ACME UTILITIES", direct_debits=True)
SUBMITTED = date(2026, 6, 9)


class NaiveChecker(ModulusChecker):
    """The same algorithms, found the slow way: a scan of every table row for each payment."""

    def rules(self, sort_code: str) -> tuple[Check, ...]:
        number = int(sort_code)
        for start, end, checks in zip(self.tables.starts, self.tables.ends, self.tables.checks, strict=True):
            if start <= number <= end:
                return checks
        return ()


def valid_pairs(tables: ModulusTables, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """`count` sort code and account pairs that pass modulus checking, found by trying numbers."""
    checker = ModulusChecker(tables)
    ranges = list(zip(tables.starts, tables.ends, strict=True))
    pairs = [
        (f"{n:06d}", f"{rng.randrange(10**8):08d}") for n in rng.sample(range(990000, 999999), count // 50)
    ]
    while len(pairs) < count:  # the rest at sort codes the table lists
        sort_code = f"{rng.randint(*rng.choice(ranges)):06d}"
        for _ in range(200):  # a few sort codes fail whatever the account number
            account = f"{rng.randrange(10**8):08d}"
            if checker.failure(sort_code, account) is None:
                pairs.append((sort_code, account))
                break
    return pairs


def generate(path: Path, count: int, tables: ModulusTables, seed: int) -> None:
    """Payments to 20,000 different accounts at about 8,000 sort codes; mostly Direct Credits."""
    rng = random.Random(seed)
    pairs = valid_pairs(tables, min(count, 20_000), rng)
    codes = ["99"] * 16 + ["17"] * 3 + ["01"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for n in range(count):
            sort_code, account = rng.choice(pairs)
            pence = rng.randint(1, 5_000_000)
            writer.writerow([sort_code, account, f"Payee {n:07d}", f"{pence // 100}.{pence % 100:02d}",
                             rng.choice(codes), f"REF{n:09d}"])  # fmt: skip


def naive_import_and_validate(path: Path, rows: int, checks: PaymentChecks) -> tuple[float, int]:
    """csv.DictReader and per-row checks with the scanning checker; (seconds, problems)."""
    started = time.perf_counter()
    problems: list[Problem] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if line > rows + 1:
                break
            pounds, _, pence = row["amount"].partition(".")
            payment = Payment(row["sort_code"], row["account_number"], row["account_name"].upper(),
                              int(pounds) * 100 + int(pence or 0), row["transaction_code"],
                              row["reference"].upper(), line=line)  # fmt: skip
            checks.check(payment, PLACES, problems)
    return time.perf_counter() - started, len(problems)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def one_run(source: Path, target: Path, tables: ModulusTables) -> tuple[list[float], Standard18Summary]:
    """Seconds for import, validate and write, with a fresh checker (no sort code remembered)."""
    checker = ModulusChecker(tables)
    clock = [time.perf_counter()]
    read = read_payments_csv(source)
    clock.append(time.perf_counter())
    payments = validate_payments_csv(read, checker, ORIGINATOR)
    clock.append(time.perf_counter())
    summary = write_standard18(target, payments, ORIGINATOR, serial="160001", submission_day=SUBMITTED)
    clock.append(time.perf_counter())
    return [b - a for a, b in pairwise(clock)], summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=10_000, help="rows for the naive baseline")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best and the median are shown")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bacs-bench-"))
    source, target = work / "payments.csv", work / "BACS.txt"
    n = args.transactions

    clock = time.perf_counter()
    tables = load_tables()  # the first use in this process: read and indexed here
    loading = time.perf_counter() - clock
    clock = time.perf_counter()
    generate(source, n, tables, args.seed)
    generated = time.perf_counter() - clock
    rss_generated = peak_rss_mib()

    runs = []
    for _ in range(args.repeat):
        seconds, summary = one_run(source, target, tables)
        runs.append(seconds)
    totals = sorted(loading + sum(run) for run in runs)
    clock = time.perf_counter()
    reread = parse_standard18(target, ModulusChecker(tables), ORIGINATOR)
    reimport = time.perf_counter() - clock
    assert len(reread.payments) == n and reread.debit_total_pence == summary.debit_total_pence
    rss_peak = peak_rss_mib()
    tracemalloc.start()
    one_run(source, target, tables)
    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    rows = min(args.baseline, n)
    naive, problems = naive_import_and_validate(source, rows, PaymentChecks(NaiveChecker(tables), ORIGINATOR))
    assert problems == 0, "the naive path must accept what the fast path accepted"
    fast = min(run[0] + run[1] for run in runs) / n

    print(
        f"Bacs batch benchmark: {n:,} transactions, {os.cpu_count()} cores, best of {args.repeat} runs (median)"
    )
    print(f"  {'generate the payments CSV (untimed)':<36} {generated:7.2f} s")
    print(f"  {'load the Vocalink tables':<36} {loading:7.3f} s")
    for k, name in enumerate(("import (read the CSV)", "validate (modulus included)", "write Standard 18")):
        times = sorted(run[k] for run in runs)
        best, median = times[0], times[len(times) // 2]
        print(f"  {name:<36} {best:7.3f} s ({median:.3f})  {n / best:>9,.0f} payments/s")
    print(f"  {'total':<36} {totals[0]:7.3f} s ({totals[len(totals) // 2]:.3f})  target: under 5 s")
    print(f"  {'re-import the Standard 18 file':<36} {reimport:7.3f} s  {n / reimport:>17,.0f} payments/s")
    print(
        f"  {'Standard 18 file':<36} {target.stat().st_size / 2**20:7.1f} MiB, {summary.contras} contra records"
    )
    print(f"  {'peak RSS':<36} {rss_peak:7.1f} MiB ({rss_generated:.1f} MiB before the runs)")
    print(f"  {'Python heap peak, one run':<36} {heap_peak:7.1f} MiB (tracemalloc, untimed run)")
    print(
        f"  naive baseline, {rows:,} rows (csv.DictReader, full checks on every row, table scanned per "
        f"payment): {naive / rows * 1e6:.1f} µs/payment against {fast * 1e6:.1f} µs for import + validate: "
        f"{naive / rows / fast:.1f}x"
    )
    for path in (source, target):
        path.unlink()
    work.rmdir()


if __name__ == "__main__":
    main()
