from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from batchline.billing.model import Biller
from batchline.render.pool import ChunkJob, render_chunks, split_chunks
from batchline.render.synthetic import synthetic_bills


def _jobs(biller: Biller, directory: Path, inline: bool) -> list[ChunkJob]:
    directory.mkdir()
    jobs = []
    for i, start in enumerate(range(0, 60, 20)):
        path = directory / f"chunk-{i}.pdf"
        if inline:
            jobs.append(ChunkJob(biller, path, bills=synthetic_bills(9, start, 20)))
        else:
            jobs.append(ChunkJob(biller, path, loader=synthetic_bills, loader_args=(9, start, 20)))
    return jobs


def test_rendering_across_two_workers_gives_the_same_pages_as_in_process(
    tmp_path: Path, biller: Biller
) -> None:
    in_process = render_chunks(_jobs(biller, tmp_path / "one", inline=True), workers=1)
    pooled = render_chunks(_jobs(biller, tmp_path / "two", inline=False), workers=2)

    assert [s.pages_per_bill for s in pooled] == [s.pages_per_bill for s in in_process]
    for mine, theirs in zip(in_process, pooled, strict=True):
        assert mine.path.read_bytes() == theirs.path.read_bytes()


def test_chunks_are_consecutive_slices_with_a_short_last_one() -> None:
    assert split_chunks(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert split_chunks([], 3) == []
    with pytest.raises(ValueError, match="at least 1"):
        split_chunks([1], 0)


def test_a_job_takes_bills_or_a_loader_but_not_both(tmp_path: Path, biller: Biller) -> None:
    with pytest.raises(ValueError, match="either bills or a loader"):
        ChunkJob(biller, tmp_path / "x.pdf", bills=synthetic_bills(9, 0, 1), loader=synthetic_bills)


def test_the_renderer_imports_without_prefect() -> None:
    code = (
        "import sys, batchline.render.bill_pdf, batchline.render.pool, batchline.render.naive;"
        "sys.exit('prefect' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
