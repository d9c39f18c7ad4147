"""What the CSV and Parquet readers share: the loaded table, the column check, value conversion."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from batchline.billing.datafile_control import ControlTotals
from batchline.billing.datafile_format import (
    COLUMN_NAMES,
    EXPECTED_TEXT,
    KIND,
    PATTERNS,
    arrow_type,
)
from batchline.billing.datafile_problems import Problem, Problems, shown

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

_VERIFY_BLOCK = 256


@dataclass(frozen=True, slots=True)
class Rows:
    """How messages name rows: CSV by physical line (the header is line 1), Parquet by record."""

    unit: str
    first: int  # the number of row 0

    def at(self, row: int) -> str:
        return f"{self.unit} {row + self.first:,}"

    def span(self, start: int, stop: int) -> str:
        """Rows start..stop-1."""
        if stop - start == 1:
            return self.at(start)
        return f"{self.unit}s {start + self.first:,}-{stop - 1 + self.first:,}"


CSV_ROWS = Rows("line", 2)
PARQUET_ROWS = Rows("record", 1)


@dataclass
class Loaded:
    """A data file's rows in the format's Arrow schema, ready for the value checks."""

    table: pa.Table  # strings never null
    rows: Rows
    unreadable: dict[str, np.ndarray] = field(default_factory=dict)  # cells already reported
    trailer: ControlTotals | None = None
    trailer_seen: bool = False  # a trailer line was there, readable or not


def check_columns(found: Sequence[str], where: str, problems: Problems) -> None:
    expected = list(COLUMN_NAMES)
    if list(found) == expected:
        return
    counts = Counter(found)
    missing = [name for name in expected if name not in counts]
    unexpected = [name for name in counts if name not in KIND]
    repeated = [f"{name} ({counts[name]} times)" for name in expected if counts[name] > 1]
    if missing:
        problems.add(
            "missing columns", where, f"all {len(expected)} columns of the format", "no " + ", ".join(missing)
        )
    if unexpected or repeated:
        problems.add(
            "unexpected columns",
            where,
            f"only the {len(expected)} columns of the format, each once",
            ", ".join([shown(name) for name in unexpected] + repeated),
        )
    if not (missing or unexpected or repeated):
        problems.add("columns out of order", where, ",".join(expected), ",".join(found))


def convert_column(
    strings: pa.Array, name: str, rows: Rows, problems: Problems
) -> tuple[pa.Array, np.ndarray | None]:
    """Cast one column of text to its type; report the values that will not convert.

    Returns the typed column (empty and unconvertible cells null) and a mask of the
    unconvertible cells, or None when there were none.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = KIND[name]
    target = arrow_type(kind)
    values = pc.if_else(pc.not_equal(strings, ""), strings, pa.scalar(None, pa.string()))
    try:
        return values.cast(target), None
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    # Text in the strict form converts; anything else is checked with the same cast the reader
    # uses, which also takes forms like "+5" or "1E2".
    suspect = pc.invert(pc.match_substring_regex(values, PATTERNS[kind])).fill_null(False)
    if kind == "date":  # the right shape but no such day, like 2025-02-30
        parsed = pc.strptime(values, format="%Y-%m-%d", unit="s", error_is_null=True)
        differs = pc.not_equal(pc.strftime(parsed, format="%Y-%m-%d"), values).fill_null(True)
        suspect = pc.or_(suspect, pc.and_(differs, values.is_valid()))
    candidates = pc.indices_nonzero(suspect).to_numpy()
    bad = unconvertible(values.take(pa.array(candidates)), target, problems.room)
    mask = np.zeros(len(strings), dtype=bool)
    mask[candidates[bad]] = True
    unverified = candidates[:0]
    if len(bad) >= problems.room:  # the search stopped at the listing limit: count the rest unchecked
        unverified = candidates[int(bad[-1]) + 1 if len(bad) else 0 :]
        mask[unverified] = True
    listed = candidates[bad]
    problems.add_each(
        len(listed) + len(unverified),
        (int(row) for row in listed),
        lambda row: Problem(
            f"value not readable as {_KIND_WORD[kind]}",
            f"{rows.at(row)}, column {name}",
            EXPECTED_TEXT[kind],
            shown(strings[row].as_py()),
        ),
    )
    return pc.if_else(pa.array(mask), pa.scalar(None, pa.string()), values).cast(target), mask


_KIND_WORD = {"date": "a date", "money": "an amount", "measure": "a number", "int": "a whole number"}


def unconvertible(values: pa.Array, target: pa.DataType, enough: int) -> np.ndarray:
    """Positions in `values` that fail the cast, in order; stops early once `enough` are found."""
    import numpy as np
    import pyarrow as pa

    found: list[int] = []

    def bisect(start: int, stop: int) -> None:
        if len(found) >= enough:
            return
        try:
            values[start:stop].cast(target)
            return
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            if stop - start == 1:
                found.append(start)
                return
        middle = (start + stop) // 2
        bisect(start, middle)
        bisect(middle, stop)

    for start in range(0, len(values), _VERIFY_BLOCK):
        bisect(start, min(start + _VERIFY_BLOCK, len(values)))
        if len(found) >= enough:
            break
    return np.array(found, dtype=np.int64)
