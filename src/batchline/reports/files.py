"""Report files: CSV safe to open in a spreadsheet, and Parquet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralize(value: Any) -> Any:
    """A cell that a spreadsheet would run as a formula is prefixed with a quote.

    A plain number such as -12.50 runs nothing and stays a number.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_LEADS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith("str"):
            safe[column] = safe[column].map(neutralize)
    safe.to_csv(path, index=False)
    return path
