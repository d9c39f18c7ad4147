"""Shared pieces of the report queries: a client's deliveries, exact money, empty frames."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from batchline.store.models import Delivery, Job

if TYPE_CHECKING:
    import pandas as pd

CENT = Decimal("0.01")
CHANNELS = ("PRINT", "EMAIL", "FAX", "EBILL", "CSV")


def cents(value: Decimal | int | None) -> Decimal:
    """An exact amount to the cent (half up), Decimal("0.00") for nothing."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def of_client(query: Select[Any], client_id: str | None) -> Select[Any]:
    """Limit a query over deliveries to one client's jobs (every client's when None)."""
    if client_id is None:
        return query
    return query.where(Delivery.job_id.in_(select(Job.id).where(Job.client_id == client_id)))


def frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with exactly these columns, also when there are no rows."""
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(columns))


def sent_column(channel: str) -> str:
    return f"sent_{channel.lower()}"
