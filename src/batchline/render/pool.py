"""Render chunk files across the cores: one process per core, one chunk file per job.

A job carries its bills either inline (``bills``) or as a loader the worker calls itself
(``loader(*loader_args)``, a module-level function, pickled by reference). Inline bills are
pickled to the worker: about 100 us a bill in the parent and 60 us in the worker, close to
half the cost of rendering one, so jobs built from files should name a loader.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from batchline.billing.model import Bill, Biller
from batchline.render.bill_pdf import RenderStats, render_bills

T = TypeVar("T")
R = TypeVar("R")
_HEAVY_IMPORTS = ("reportlab.pdfgen.canvas", "reportlab.graphics.barcode.usps4s")


@dataclass(frozen=True, slots=True)
class ChunkJob:
    biller: Biller
    out_path: Path
    bills: tuple[Bill, ...] = ()
    loader: Callable[..., Iterable[Bill]] | None = None
    loader_args: tuple[object, ...] = ()

    def __post_init__(self) -> None:
        if self.bills and self.loader is not None:
            raise ValueError(f"Chunk {self.out_path}: give either bills or a loader, not both.")

    def load(self) -> Iterable[Bill]:
        return self.bills if self.loader is None else self.loader(*self.loader_args)


def split_chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in consecutive slices of ``size`` (the last may be shorter)."""
    if size < 1:
        raise ValueError(f"Chunk size must be at least 1, got {size}.")
    return [items[start : start + size] for start in range(0, len(items), size)]


def render_chunk(job: ChunkJob) -> RenderStats:
    return render_bills(job.load(), job.biller, job.out_path)


def render_chunks(chunks: Sequence[ChunkJob], workers: int | None = None) -> list[RenderStats]:
    """Render every chunk to its file; results in the order of ``chunks``."""
    return map_across_cores(render_chunk, chunks, workers)


def map_across_cores(fn: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """``fn`` (a module-level function) over ``items`` in a process per core; results in order."""
    workers = min(workers or os.cpu_count() or 1, len(items))
    if workers <= 1:
        return [fn(item) for item in items]
    for module in _HEAVY_IMPORTS:  # once here, inherited by forked workers (0.12 s each)
        importlib.import_module(module)
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        return list(pool.map(fn, items))


def _context() -> multiprocessing.context.BaseContext:
    # Forking is the cheapest start (the worker inherits the imports) but is unsafe from a
    # process running other threads, as a Prefect worker does: a lock held by another
    # thread at the fork stays locked in the child. Then a clean fork server is used.
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["batchline.render.bill_pdf", *_HEAVY_IMPORTS])
        return context
    return multiprocessing.get_context("spawn")
