"""Reading a billing data file in Parquet form: the same columns, with types that hold the values exactly."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from batchline.billing.datafile_format import COLUMNS, arrow_type
from batchline.billing.datafile_load import PARQUET_ROWS, Loaded, check_columns, unconvertible
from batchline.billing.datafile_problems import Problem, Problems, shown

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

PARQUET_MAGIC = b"PAR1"
# C0 controls and DEL but tab: never inside a value.
_CONTROL_IN_VALUE = r"[\x00-\x08\x0a-\x1f\x7f]"
_ORDINARY = bytes(b for b in range(256) if b >= 0x20 and b != 0x7F) + b"\t"


def load_parquet(path: Path, problems: Problems) -> Loaded | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        problems.add("unreadable Parquet file", "file", "a complete Parquet file", str(exc))
        return None
    check_columns(table.column_names, "column list", problems)
    if problems:
        return None
    if table.num_rows == 0:
        problems.add("no records", "file", "at least one record", "0 records")
        return None
    for name, kind in COLUMNS:
        found = table.schema.field(name).type
        if not _fits(found, kind):
            money = kind in ("money", "measure") and pa.types.is_floating(found)
            problems.add(
                "wrong column type",
                f"column {name}",
                f"{arrow_type(kind)}" + (" (money is exact: decimal, never floating point)" if money else ""),
                str(found),
            )
    if problems:
        return None
    columns, unreadable = [], {}
    for name, kind in COLUMNS:
        column = table.column(name).combine_chunks()
        if kind == "str":
            column = column.cast(pa.string()).fill_null("")
            _check_text(column, name, problems)
        else:
            column, mask = _cast(column, name, arrow_type(kind), problems)
            if mask is not None:
                unreadable[name] = mask
        columns.append(column)
    return Loaded(pa.Table.from_arrays(columns, names=[n for n, _ in COLUMNS]), PARQUET_ROWS, unreadable)


def _fits(found: pa.DataType, kind: str) -> bool:
    import pyarrow as pa

    t = pa.types
    if t.is_null(found):  # a column with no values at all
        return True
    if t.is_dictionary(found):
        found = found.value_type
    if kind == "str":
        return bool(t.is_string(found) or t.is_large_string(found) or t.is_string_view(found))
    if kind == "date":
        return bool(t.is_date(found))
    if kind == "int":
        return bool(t.is_integer(found))
    return bool(t.is_decimal(found)) and found.scale <= arrow_type(kind).scale


def _cast(
    column: pa.Array, name: str, target: pa.DataType, problems: Problems
) -> tuple[pa.Array, np.ndarray | None]:
    import numpy as np
    import pyarrow as pa

    try:
        return column.cast(target), None
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    bad = unconvertible(column, target, len(column))
    mask = np.zeros(len(column), dtype=bool)
    mask[bad] = True
    problems.add_each(
        len(bad),
        (int(row) for row in bad),
        lambda row: Problem(
            "value out of range",
            f"{PARQUET_ROWS.at(row)}, column {name}",
            f"a value that fits {target}",
            str(column[row].as_py()),
        ),
    )
    return _null_where(column, mask).cast(target), mask


def _null_where(column: pa.Array, mask: np.ndarray) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.if_else(pa.array(mask), pa.scalar(None, column.type), column)


def _check_text(column: pa.Array, name: str, problems: Problems) -> None:
    """Valid UTF-8 and no control characters, found from the column's data buffer in one pass."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        column.validate(full=True)
    except pa.ArrowInvalid:
        for row, raw in enumerate(column.cast(pa.binary()).to_pylist()):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.add(
                    "unreadable characters",
                    f"{PARQUET_ROWS.at(row)}, column {name}",
                    "UTF-8 text",
                    f"byte 0x{raw[exc.start]:02X} at position {exc.start} of the value, which is not UTF-8",
                )
        return
    data = column.buffers()[2]
    if data is None or not bytes(data).translate(None, _ORDINARY):
        return
    hits = pc.indices_nonzero(pc.match_substring_regex(column, _CONTROL_IN_VALUE)).to_pylist()
    problems.add_each(
        len(hits),
        iter(hits),
        lambda row: Problem(
            "control character in a field",
            f"{PARQUET_ROWS.at(row)}, column {name}",
            "text without control characters or line breaks (tab is allowed)",
            shown(column[row].as_py()),
        ),
    )
