"""A PPR over 100,000 open invoices from 5,000 suppliers: selection through the formatted files and checks PDF.

    PYTHONPATH=src python benchmarks/ppr.py [--suppliers 5000] [--invoices-per-supplier 20]
        [--database-url sqlite:///...] [--no-special-amounts]

The sample ledger (batchline.ppr.sample) is written as CSV and loaded first; then each
PPR stage is timed as the flow runs it, on a fresh SQLite database by default: selection
with locking, special amounts (interest and withholding), building payments, formatting
(NACHA, pain.001 and the checks PDF, check numbers from the stock), recording the print
status, the positive pay file, confirmation and the final register. Target: under 30 s
on SQLite from selection to the formatted files.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from batchline.ppr.build import build_payments
from batchline.ppr.confirm import confirm_payments
from batchline.ppr.formatting import format_payments
from batchline.ppr.header import PprHeader
from batchline.ppr.ledger import load_ledger
from batchline.ppr.printing import (
    issued_numbers,
    record_print_status,
    submit_for_printing,
    write_positive_pay,
)
from batchline.ppr.registers import payment_register
from batchline.ppr.requests import open_ppr
from batchline.ppr.sample import write_sample_ledger
from batchline.ppr.selection import select_invoices
from batchline.ppr.special import calculate_special_amounts
from batchline.store.db import Store

TIMES: list[tuple[str, float, float]] = []


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the file writers): wall time lies on a busy machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@contextmanager
def stage(name: str) -> Iterator[None]:
    started, cpu = time.perf_counter(), cpu_seconds()
    yield
    elapsed, used = time.perf_counter() - started, cpu_seconds() - cpu
    TIMES.append((name, elapsed, used))
    print(f"{name:<38} {elapsed:7.2f} s wall {used:7.2f} s CPU   peak RSS {peak_mb():7.1f} MB", flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, call: Callable[[], Any]) -> Any:
    with stage(name):
        return call()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=5000)
    parser.add_argument("--invoices-per-supplier", type=int, default=20)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-special-amounts", action="store_true")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes writing the files"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="batchline-ppr-bench-"))
    url = args.database_url or f"sqlite:///{work / 'batchline.db'}"
    store = Store.open(url)
    folder = timed(
        "write sample ledger (CSV)",
        lambda: write_sample_ledger(work / "ap", args.suppliers, args.invoices_per_supplier, seed=5),
    )

    def load() -> dict[str, int]:
        with store.unit_of_work() as session:
            return load_ledger(session, folder)

    counts = timed("load ledger into the store", load)
    print(f"  loaded {counts}")
    header = PprHeader(
        pay_through_date=date(2026, 12, 7),
        payment_date=date(2026, 11, 30),
        bank_account_id="BA1",
        calculate_special_amounts=not args.no_special_amounts,
    )
    open_ppr(store, "PBENCH", "benchmark", header)
    out = work / "ppr"
    core_started = time.perf_counter()
    first_stage = len(TIMES)
    selected = timed("select and lock invoices", lambda: select_invoices(store, "PBENCH"))
    print(f"  selected {selected.selected} invoices, {selected.total}")
    if header.calculate_special_amounts:
        special = timed("calculate special amounts", lambda: calculate_special_amounts(store, "PBENCH"))
        print(f"  {special}")
    built = timed("build payments", lambda: build_payments(store, "PBENCH"))
    print(f"  {built.payments} payments, {built.total}; {len(built.not_made)} not made")
    files = timed(
        "format (NACHA, pain.001, checks PDF)",
        lambda: format_payments(store, "PBENCH", out, workers=args.workers),
    )
    for f in files:
        print(
            f"  {f.instruction_id} {f.payment_method}: {f.payments} payments, {f.total}, {Path(f.file_path).name}"
        )
    formatted_at = time.perf_counter() - core_started
    formatted_cpu = sum(cpu for _, _, cpu in TIMES[first_stage:])

    def print_all() -> None:
        for f in files:
            if f.payment_method == "CHECK":
                submit_for_printing(store, f.instruction_id, out / "printer", actor="bench")
                numbers = issued_numbers(store, f.instruction_id)
                record_print_status(store, f.instruction_id, numbers, [], [], out, actor="bench")

    timed("record print status", print_all)
    timed("positive pay file", lambda: write_positive_pay(store, "PBENCH", out))
    timed("confirm payments", lambda: confirm_payments(store, "PBENCH"))
    timed("final payment register", lambda: payment_register(store, "PBENCH", out, final=True))
    total = time.perf_counter() - core_started
    print(
        f"\nselection through formatted files: {formatted_at:.2f} s wall, {formatted_cpu:.2f} s CPU (target < 30 s)"
    )
    print(f"load average while running: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"selection through confirmation:    {total:.2f} s; peak RSS {peak_mb():.0f} MB; files in {work}")
    store.dispose()


if __name__ == "__main__":
    main()
