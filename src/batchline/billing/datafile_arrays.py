"""Small exact helpers between Arrow arrays, numpy and text, used by the data file checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


def cents(amounts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A decimal128(p, 2) array as int64 cents (0 where null), and its null mask.

    decimal128 stores each value's unscaled integer in 16 little-endian bytes; for
    precision up to 18 the low 8 bytes are the whole value as a signed int64. Exact,
    and without a Python object per value.
    """
    import numpy as np

    if amounts.type.scale != 2 or amounts.type.precision > 18:
        raise TypeError(f"cents() needs decimal128(<=18, 2), not {amounts.type}")
    words = np.frombuffer(amounts.buffers()[1], dtype="<i8")
    values = words[2 * amounts.offset : 2 * (amounts.offset + len(amounts)) : 2]
    missing = amounts.is_null().to_numpy(zero_copy_only=False)
    return np.where(missing, 0, values), missing


def array(column: pa.ChunkedArray) -> pa.Array:
    """One contiguous array; no copy when the column is a single chunk already."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def money_text(cents_value: int) -> str:
    """Cents as plain decimal text: -1234 -> "-12.34"."""
    sign = "-" if cents_value < 0 else ""
    whole, part = divmod(abs(cents_value), 100)
    return f"{sign}{whole}.{part:02d}"


def any_of(masks: Iterable[pa.Array]) -> pa.Array:
    """Element-wise OR of boolean arrays."""
    import pyarrow.compute as pc

    result = None
    for mask in masks:
        result = mask if result is None else pc.or_(result, mask)
    return result


def as_mask(mask: pa.Array | pa.ChunkedArray | np.ndarray) -> np.ndarray:
    """A boolean mask as numpy, null meaning False."""
    import numpy as np

    if isinstance(mask, np.ndarray):
        return mask
    return np.asarray(mask.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
