"""Branch report and branch billing report (seed 001): activity and fees by branch for a period.

Activity is what was sent in the period (a print piece when it went to the print
facility). A document sent by several channels counts once as a document, by its main
copy, and once as a piece of each channel. Every branch of the client's profile is
listed; a branch with no activity shows zeros.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from batchline.billing.profile import FeeSchedule
from batchline.reports.period import Period, ReportParameterError
from batchline.reports.queries import CHANNELS, cents, frame, sent_column
from batchline.store.models import DeliveryTotal, Job

if TYPE_CHECKING:
    import pandas as pd

    from batchline.store.db import Store

ACTIVITY_COLUMNS = (
    "branch", "branch_name", "documents", "invoices", "statements", "amount", "pages",
    *map(sent_column, CHANNELS),
)  # fmt: skip
BILLING_COLUMNS = (
    "branch", "branch_name", "channel", "pieces", "pages", "per_piece", "per_page", "fee", "currency",
    "exchange_rate", "invoice_fee", "invoice_currency",
)  # fmt: skip


def _sent_in(store: Store, client_id: str | None, period: Period, *keys: Any) -> list[Any]:
    """Sent deliveries in the period grouped by `keys`: counts, amounts, pages (from delivery_totals)."""
    first, after = period.bounds()
    query = (
        select(
            *keys,
            func.sum(DeliveryTotal.deliveries),
            func.sum(DeliveryTotal.amount),
            func.sum(DeliveryTotal.pages),
        )
        .where(DeliveryTotal.sent_quarter >= first, DeliveryTotal.sent_quarter < after)
        .group_by(*keys)
    )
    if client_id is not None:
        query = query.where(DeliveryTotal.job_id.in_(select(Job.id).where(Job.client_id == client_id)))
    with store.unit_of_work() as session:
        return list(session.execute(query).all())


def _names(branches: Mapping[str, str], seen: set[str]) -> dict[str, str]:
    return {code: branches.get(code, "") for code in sorted(set(branches) | seen)}


def branch_activity(
    store: Store, client_id: str | None, period: Period, branches: Mapping[str, str] = {}
) -> pd.DataFrame:
    """Per branch: documents, invoices, statements, amount billed, pages and pieces by channel."""
    counted = _sent_in(
        store,
        client_id,
        period,
        DeliveryTotal.branch,
        DeliveryTotal.channel,
        DeliveryTotal.document_type,
        DeliveryTotal.is_copy,
    )
    totals: dict[str, dict[str, Any]] = {}
    for branch, channel, kind, is_copy, n, amount, pages in counted:
        row = totals.setdefault(branch or "", {"documents": 0, "invoices": 0, "statements": 0,
                                               "amount": Decimal("0.00"), "pages": 0})  # fmt: skip
        row["pages"] += int(pages or 0)
        row[sent_column(channel)] = row.get(sent_column(channel), 0) + int(n)
        if not is_copy:
            row["documents"] += int(n)
            row["invoices" if kind == "INVOICE" else "statements"] += int(n)
            row["amount"] += cents(amount)
    rows = []
    for code, name in _names(branches, set(totals)).items():
        row = totals.get(code, {})
        rows.append(
            {
                "branch": code,
                "branch_name": name,
                "documents": row.get("documents", 0),
                "invoices": row.get("invoices", 0),
                "statements": row.get("statements", 0),
                "amount": row.get("amount", Decimal("0.00")),
                "pages": row.get("pages", 0),
                **{column: row.get(column, 0) for column in map(sent_column, CHANNELS)},
            }
        )
    return frame(rows, ACTIVITY_COLUMNS)


def branch_billing(
    store: Store,
    client_id: str | None,
    period: Period,
    fees: FeeSchedule,
    branches: Mapping[str, str] = {},
    exchange_rate: Decimal | None = None,
) -> pd.DataFrame:
    """Fees by branch and channel: pieces × per piece + pages × per page, to the cent (half up).

    Fees charged in another currency than the schedule's (the Canadian print facility's CAD)
    are converted at `exchange_rate` (schedule currency per unit, as on the invoice) into
    `invoice_fee`; without a rate their `invoice_fee` is empty.
    """
    if exchange_rate is not None and not (exchange_rate.is_finite() and exchange_rate > 0):
        raise ReportParameterError(
            f"branch billing: expected a positive exchange rate ({fees.currency} per unit), found {exchange_rate}"
        )
    counted = _sent_in(store, client_id, period, DeliveryTotal.branch, DeliveryTotal.channel)
    by_branch: dict[str, list[dict[str, Any]]] = {}
    for branch, channel, n, _, pages in sorted(counted, key=lambda r: (r[0] or "", CHANNELS.index(r[1]))):
        rule = fees.channels.get(channel)
        per_piece = rule.per_piece if rule else Decimal("0")
        per_page = rule.per_page if rule else Decimal("0")
        currency = (rule.currency if rule else "") or fees.currency
        fee = cents(int(n) * per_piece + int(pages or 0) * per_page)
        converted = currency != fees.currency
        by_branch.setdefault(branch or "", []).append(
            {
                "channel": channel,
                "pieces": int(n),
                "pages": int(pages or 0),
                "per_piece": per_piece,
                "per_page": per_page,
                "fee": fee,
                "currency": currency,
                "exchange_rate": exchange_rate if converted else None,
                "invoice_fee": (cents(fee * exchange_rate) if exchange_rate else None) if converted else fee,
                "invoice_currency": fees.currency,
            }
        )
    idle = {"channel": "", "pieces": 0, "pages": 0, "per_piece": None, "per_page": None,
            "fee": Decimal("0.00"), "currency": fees.currency, "exchange_rate": None,
            "invoice_fee": Decimal("0.00"), "invoice_currency": fees.currency}  # fmt: skip
    rows = [
        {"branch": code, "branch_name": name, **line}
        for code, name in _names(branches, set(by_branch)).items()
        for line in by_branch.get(code, [idle])
    ]
    return frame(rows, BILLING_COLUMNS)


def fees_by_branch(billing: pd.DataFrame) -> pd.DataFrame:
    """Invoice-currency fees per branch: the chart's data (unconverted fees are left out)."""
    known = billing[billing["invoice_fee"].notna()]
    totals: dict[str, Decimal] = {branch: Decimal("0.00") for branch in sorted(set(billing["branch"]))}
    for branch, fee in zip(known["branch"], known["invoice_fee"], strict=True):
        totals[branch] += fee
    return frame([{"branch": b, "invoice_fee": fee} for b, fee in totals.items()], ("branch", "invoice_fee"))
