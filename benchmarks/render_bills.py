"""Fast chunk renderer against a naive platypus renderer, same machine, same run.

    PYTHONPATH=src python benchmarks/render_bills.py [--bills 20000] [--chunk 500]
        [--workers N] [--baseline-bills 1000] [--seed 7]

The fast run renders every bill into chunk files across a process pool; each worker loads
its own bills (``synthetic_bills(seed, start, count)``: generation is inside the timed wall,
as reading a Parquet slice would be). A second fast run ships the same bills inline, to show
what pickling costs. The naive run renders a subset, one file per bill, in this process.
Per-core figures divide by the processes each side used.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from batchline.render.bill_pdf import render_bills
from batchline.render.naive import render_bill_naive
from batchline.render.pool import ChunkJob, render_chunks, split_chunks
from batchline.render.synthetic import synthetic_biller, synthetic_bills


def fast_run(args: argparse.Namespace, out_dir: Path, inline: bool) -> tuple[float, int, int]:
    """Render all bills into chunk files; (wall seconds, pages, workers used)."""
    biller = synthetic_biller()
    starts = split_chunks(range(args.bills), args.chunk)
    if inline:
        bills = synthetic_bills(args.seed, 0, args.bills)  # built before the clock starts
        jobs = [
            ChunkJob(biller, out_dir / f"inline-{i:04d}.pdf", bills=tuple(bills[r.start : r.stop]))
            for i, r in enumerate(starts)
        ]
    else:
        jobs = [
            ChunkJob(
                biller,
                out_dir / f"chunk-{i:04d}.pdf",
                loader=synthetic_bills,
                loader_args=(args.seed, r.start, len(r)),
            )
            for i, r in enumerate(starts)
        ]
    workers = min(args.workers, len(jobs))
    started = time.perf_counter()
    stats = render_chunks(jobs, workers=workers)
    wall = time.perf_counter() - started
    if sum(s.bills for s in stats) != args.bills:
        raise SystemExit(f"rendered {sum(s.bills for s in stats)} bills, expected {args.bills}")
    return wall, sum(s.pages for s in stats), workers


def naive_run(args: argparse.Namespace, out_dir: Path) -> float:
    """Bills per second of the platypus renderer, one file per bill, one process."""
    biller = synthetic_biller()
    bills = synthetic_bills(args.seed, 0, args.baseline_bills)
    started = time.perf_counter()
    for bill in bills:
        render_bill_naive(bill, biller, out_dir / f"naive-{bill.document_number}.pdf")
    return args.baseline_bills / (time.perf_counter() - started)


def generation_cost(args: argparse.Namespace) -> float:
    """Seconds per bill the loader spends making synthetic bills (part of the fast wall)."""
    count = min(args.bills, 2000)
    started = time.perf_counter()
    synthetic_bills(args.seed, 0, count)
    return (time.perf_counter() - started) / count


def compression_check(args: argparse.Namespace, out_dir: Path) -> dict[bool, float]:
    """Microseconds per bill for one chunk in this process, page compression off and on."""
    biller, bills = synthetic_biller(), synthetic_bills(args.seed, 0, args.chunk)
    best = {False: float("inf"), True: float("inf")}
    for _ in range(3):
        for compress in best:
            started = time.perf_counter()
            render_bills(bills, biller, out_dir / f"compress-{compress}.pdf", compress=compress)
            best[compress] = min(best[compress], (time.perf_counter() - started) / len(bills) * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bills", type=int, default=20000)
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline-bills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        out_dir = Path(tmp)
        wall, pages, workers = fast_run(args, out_dir, inline=False)
        chunk_bytes = sum(p.stat().st_size for p in out_dir.glob("chunk-*.pdf"))
        inline_wall, _, _ = fast_run(args, out_dir, inline=True)
        naive_rate = naive_run(args, out_dir)
        compression = compression_check(args, out_dir)
    per_bill_generation = generation_cost(args)

    total_rate = args.bills / wall
    per_core = total_rate / workers
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"bills                      {args.bills}  (chunks of {args.chunk}, {workers} worker processes)")
    print(f"pages                      {pages}  ({chunk_bytes / pages / 1024:.1f} KB a page)")
    print(f"wall seconds               {wall:.2f}  (workers load their own bills)")
    print(f"bills/s total              {total_rate:,.0f}")
    print(f"bills/s per core           {per_core:,.0f}")
    print(
        f"  of which loading         {per_bill_generation * 1e6:.0f} us a bill of synthetic generation; "
        f"render alone ~{1 / (1 / per_core - per_bill_generation):,.0f}/s per core"
    )
    print(f"  bills shipped inline     {args.bills / inline_wall / workers:,.0f} bills/s per core (pickling)")
    print(f"naive bills/s (per core)   {naive_rate:,.1f}  ({args.baseline_bills} bills, one file each)")
    print(f"ratio (per core)           {per_core / naive_rate:.1f}x")
    print(
        f"page compression           off {compression[False]:.0f} us/bill, "
        f"on {compression[True]:.0f} us/bill (one {args.chunk}-bill chunk, in-process)"
    )
    print(
        f"peak RSS                   main {self_mb:.0f} MB + largest child {children_mb:.0f} MB "
        f"= {self_mb + children_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
