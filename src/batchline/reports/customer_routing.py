"""Customer routing report (seed 001): customers set up for each channel other than US Mail.

Only the client's routing setup counts: accounts whose routing arrives inside their
billing files are not in it, so they are not listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from batchline.billing.datafile_format import DELIVERY_CHANNELS
from batchline.billing.routing import US_MAIL
from batchline.reports.queries import frame
from batchline.store.models import CustomerRouting

if TYPE_CHECKING:
    import pandas as pd

    from batchline.store.db import Store

COLUMNS = ("client_id", "channel", "customers")


def customer_routing(store: Store, client_id: str) -> pd.DataFrame:
    """One row per channel but US Mail, in catalog order; a channel nobody is set up for shows 0."""
    with store.unit_of_work() as session:
        counted = {
            channel: int(n)
            for channel, n in session.execute(
                select(CustomerRouting.channel, func.count(CustomerRouting.account_number.distinct()))
                .where(CustomerRouting.client_id == client_id, CustomerRouting.channel != US_MAIL)
                .group_by(CustomerRouting.channel)
            )
        }
    rows = [
        {"client_id": client_id, "channel": channel, "customers": int(counted.get(channel, 0))}
        for channel in DELIVERY_CHANNELS
        if channel != US_MAIL
    ]
    return frame(rows, COLUMNS)
