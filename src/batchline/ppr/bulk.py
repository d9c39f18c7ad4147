"""Set-wise writes through SQLAlchemy Core: executemany without the ORM's per-row bookkeeping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam
from sqlalchemy.orm import Session

from batchline.store.models import Base

BATCH = 5000


def table_of(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def insert_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (every row with the same keys; column defaults fill the rest)."""
    table = table_of(model)
    connection = session.connection()
    for start in range(0, len(rows), BATCH):
        connection.execute(table.insert(), list(rows[start : start + BATCH]))


def update_rows(
    session: Session, model: type[Base], keys: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """Update each row found by its `keys` columns with its other values (all rows with the same keys)."""
    if not rows:
        return
    table = table_of(model)
    values = [name for name in rows[0] if name not in keys]
    statement = (
        table.update()
        .where(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
        .values({v: bindparam(f"v_{v}") for v in values})
    )
    renamed = [{(f"k_{n}" if n in keys else f"v_{n}"): value for n, value in row.items()} for row in rows]
    connection = session.connection()
    for start in range(0, len(renamed), BATCH):
        connection.execute(statement, renamed[start : start + BATCH])
