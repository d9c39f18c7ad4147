"""Risk assessment ("Protect"): rules over a batch's payments and the profile's history.

Pure: the caller gives the batch and what was paid before (`RiskHistory`); the result is
a list of hits. The profile's `on_hit` says whether a hit Rejects the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from batchline.bacs.payments import Payment
from batchline.bacs.profiles import RiskRules


@dataclass(frozen=True)
class PastPayment:
    day: date  # the day its batch was sent
    payment: Payment


@dataclass(frozen=True)
class RiskHistory:
    """What the profile sent before: its payments and the totals of its last batches, newest first."""

    payments: Sequence[PastPayment] = ()
    batch_totals_pence: Sequence[int] = ()


@dataclass(frozen=True)
class RiskHit:
    rule: str
    line: int  # 0: the batch as a whole
    detail: str


@dataclass(frozen=True)
class RiskReport:
    hits: list[RiskHit] = field(default_factory=list)

    def markdown(self) -> str:
        if not self.hits:
            return "No risk found."
        rows = [f"| {h.line or 'batch'} | {h.rule} | {h.detail.replace('|', '/')} |" for h in self.hits]
        return "\n".join(["| Line | Rule | Detail |", "|---|---|---|", *rows])


def _pounds(pence: int) -> str:
    return f"{Decimal(pence).scaleb(-2):,.2f}"


def assess(payments: Sequence[Payment], rules: RiskRules, history: RiskHistory, today: date) -> RiskReport:
    hits: list[RiskHit] = []
    if rules.new_payee:
        hits += _new_or_changed_payees(payments, history.payments)
    if rules.amount_threshold is not None:
        limit = int(rules.amount_threshold * 100)
        hits += [
            RiskHit("amount above threshold", p.line, f"{_pounds(p.amount_pence)} > {_pounds(limit)}")
            for p in payments
            if p.amount_pence > limit
        ]
    if rules.duplicate_window_days:
        since = today - timedelta(days=rules.duplicate_window_days)
        recent = [past for past in history.payments if past.day >= since]
        hits += _duplicates(payments, recent, rules.duplicate_window_days)
    if rules.total_deviation is not None:
        hits += _total_far_from_history(payments, history.batch_totals_pence, rules)
    return RiskReport(hits)


def _payee(p: Payment) -> tuple[str, str]:
    return p.sort_code, p.account_number


def _new_or_changed_payees(payments: Iterable[Payment], past: Iterable[PastPayment]) -> list[RiskHit]:
    known: dict[str, set[tuple[str, str]]] = {}
    for old in past:
        known.setdefault(old.payment.account_name, set()).add(_payee(old.payment))
    hits = []
    for p in payments:
        accounts = known.get(p.account_name)
        if accounts is None:
            hits.append(RiskHit("new payee", p.line, f"{p.account_name} was never paid before"))
        elif _payee(p) not in accounts:
            before = ", ".join(f"{s} {a}" for s, a in sorted(accounts))
            hits.append(
                RiskHit(
                    "changed bank details",
                    p.line,
                    f"{p.account_name}: {p.sort_code} {p.account_number}, paid before to {before}",
                )
            )
    return hits


def _duplicates(payments: Iterable[Payment], recent: Iterable[PastPayment], days: int) -> list[RiskHit]:
    def key(p: Payment) -> tuple[str, str, int, str]:
        return (p.sort_code, p.account_number, p.amount_pence, p.reference)

    seen: dict[tuple[str, str, int, str], str] = {
        key(old.payment): f"a batch sent {old.day}" for old in recent
    }
    hits = []
    for p in payments:
        k = key(p)
        if k in seen:
            hits.append(
                RiskHit(
                    "duplicate payment",
                    p.line,
                    f"{p.account_name} {_pounds(p.amount_pence)} ref {p.reference!r} also in {seen[k]} "
                    f"(window {days} days)",
                )
            )
        else:
            seen[k] = f"line {p.line}"
    return hits


def _total_far_from_history(
    payments: Sequence[Payment], totals: Sequence[int], rules: RiskRules
) -> list[RiskHit]:
    if rules.total_deviation is None or len(totals) < rules.history_batches:
        return []
    last = totals[: rules.history_batches]
    mean = Decimal(sum(last)) / len(last)
    total = sum(p.amount_pence for p in payments)
    factor = rules.total_deviation
    if mean and (total > mean * factor or total * factor < mean):
        detail = (
            f"total {_pounds(total)} against a mean of {_pounds(int(mean))} over the last {len(last)} batches"
        )
        return [RiskHit("batch total far from history", 0, detail)]
    return []
