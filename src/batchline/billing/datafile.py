"""Read one client's billing data file, check it, and lay it out as Parquet for the rest of the job.

The format is described in docs/billing-data-file.md. A bad file raises DataFileError
listing every problem found (up to a hundred), each as what, where, expected, found.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from batchline.billing.datafile_arrays import array
from batchline.billing.datafile_checks import Documents, check_values, find_documents
from batchline.billing.datafile_control import (
    ControlTotals,
    check_control_totals,
    find_trailer,
    read_sidecar,
    settle_sources,
    sidecar_path,
)
from batchline.billing.datafile_csv import load_csv
from batchline.billing.datafile_format import (
    DEFAULT_TEMPLATE,
    DOCUMENT_COLUMNS,
    LINE_COLUMNS,
    ROUTED_BY_SETUP,
)
from batchline.billing.datafile_load import Loaded
from batchline.billing.datafile_parquet import PARQUET_MAGIC, load_parquet
from batchline.billing.datafile_problems import DataFileError, Problem, Problems
from batchline.files import sha256_of

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["DataFileError", "ParsedFile", "Problem", "read_billing_file"]

DOCUMENTS_FILE = "documents.parquet"
LINES_FILE = "lines.parquet"
_LINES_PER_ROW_GROUP = 128 * 1024


@dataclass(frozen=True, slots=True)
class ParsedFile:
    source: Path
    documents_path: Path
    lines_path: Path
    record_count: int
    document_count: int
    total_amount: Decimal
    documents_by_channel: dict[str, int]  # ROUTED_BY_SETUP counts documents with no channel given
    documents_by_type: dict[str, int]
    sha256: str  # of the file's bytes: the same file uploaded twice has the same one


def read_billing_file(path: Path, workspace: Path) -> ParsedFile:
    """Check a billing data file and write documents.parquet and lines.parquet into `workspace`."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_of, path)  # hashlib and pyarrow release the GIL: this overlaps
        problems = Problems()
        loaded = _load(path, problems)
        if loaded is None:
            raise problems.error(path)
        documents = find_documents(loaded.table)
        check_values(loaded, documents, problems)
        total = _total(loaded.table)
        for expected in _control_totals(path, loaded.trailer, loaded.trailer_seen, problems):
            check_control_totals(expected, loaded.table.num_rows, len(documents.starts), total, problems)
        if problems or total is None:
            raise problems.error(path)
        workspace.mkdir(parents=True, exist_ok=True)
        documents_path, lines_path = _write(loaded.table, documents, workspace)
        sha256 = digest.result()
    return ParsedFile(
        source=path,
        documents_path=documents_path,
        lines_path=lines_path,
        record_count=loaded.table.num_rows,
        document_count=len(documents.starts),
        total_amount=total,
        documents_by_channel=_tally(documents.heads.column("delivery_channel"), ROUTED_BY_SETUP),
        documents_by_type=_tally(documents.heads.column("document_type"), ""),
        sha256=sha256,
    )


def _load(path: Path, problems: Problems) -> Loaded | None:
    """Read the rows; on failure, still report what is wrong with the control totals."""
    if not path.is_file():
        problems.add("file not found", str(path), "a billing data file", "nothing at that path")
        return None
    with path.open("rb") as file:
        is_parquet = file.read(4) == PARQUET_MAGIC
    loaded = load_parquet(path, problems) if is_parquet else load_csv(path, problems)
    if loaded is None and path.stat().st_size:
        _control_totals(path, None, not is_parquet and _has_trailer(path), problems)
    return loaded


def _control_totals(
    path: Path, trailer: ControlTotals | None, trailer_seen: bool, problems: Problems
) -> list[ControlTotals]:
    """The control totals the data must match: the trailer, the sidecar control file, or both."""
    sources = [trailer] if trailer is not None else []
    side = sidecar_path(path)
    if side.is_file():
        totals = read_sidecar(side, problems)
        if totals is not None:
            sources.append(totals)
    elif not trailer_seen:
        problems.add(
            "no control totals",
            "file",
            f"a TRAILER line at the end of the file, or a control file {side.name} beside it",
            "neither",
        )
    return settle_sources(sources, problems)


def _has_trailer(path: Path) -> bool:
    size = path.stat().st_size
    return bool(size) and find_trailer(path, size) is not None


def _total(table: pa.Table) -> Decimal | None:
    """The exact sum of line_amount, or None when some amount could not be read."""
    import pyarrow.compute as pc

    amounts = table.column("line_amount")
    if amounts.null_count:
        return None
    total = pc.sum(amounts).as_py()
    return Decimal(total) if total is not None else Decimal("0.00")


def _tally(values: pa.ChunkedArray, empty_as: str) -> dict[str, int]:
    import pyarrow.compute as pc

    counts = pc.value_counts(array(values)).to_pylist()
    return {(item["values"] or empty_as): item["counts"] for item in counts}


def _write(table: pa.Table, documents: Documents, workspace: Path) -> tuple[Path, Path]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    count = len(documents.starts)
    heads = documents.heads
    doc_index = pa.array(np.arange(count, dtype=np.int32))
    template = heads.column("template")
    channel = heads.column("delivery_channel")
    head_columns = {name: heads.column(name) for name in DOCUMENT_COLUMNS}
    head_columns["template"] = pc.if_else(pc.equal(template, ""), DEFAULT_TEMPLATE, template)
    head_columns["delivery_channel"] = pc.if_else(
        pc.equal(channel, ""), pa.scalar(None, pa.string()), channel
    )
    document_table = pa.table(
        {
            "doc_index": doc_index,
            **head_columns,
            "line_count": pa.array(documents.counts.astype(np.int32)),
            "first_line": pa.array(documents.starts),
        }
    )
    line_table = pa.table(
        {
            "doc_index": pa.array(np.repeat(np.arange(count, dtype=np.int32), documents.counts)),
            **{name: table.column(name) for name in LINE_COLUMNS},
        }
    )
    # Statistics on doc_index let a renderer read one chunk of documents by row group.
    return (
        _write_parquet(document_table, workspace / DOCUMENTS_FILE, write_statistics=["doc_index"]),
        _write_parquet(
            line_table,
            workspace / LINES_FILE,
            use_dictionary=["item_description"],
            write_statistics=["doc_index"],
            row_group_size=_LINES_PER_ROW_GROUP,
        ),
    )


def _write_parquet(table: pa.Table, path: Path, **options: Any) -> Path:
    """Write beside the target, then rename: a reader never sees half a file."""
    import pyarrow.parquet as pq

    partial = path.with_name(path.name + ".partial")
    pq.write_table(table, partial, **options)
    os.replace(partial, path)
    return path
