"""Risk assessment rules: new or changed payees, amounts over a threshold, duplicates, unusual totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from batchline.bacs.payments import Payment
from batchline.bacs.profiles import RiskRules
from batchline.bacs.risk import PastPayment, RiskHistory, assess

TODAY = date(2026, 4, 2)
JANE = Payment("089999", "66374958", "JANE SMITH", 120000, "99", "SALARY", None, 2)
JOHN = Payment("107999", "88837491", "JOHN BROWN", 80000, "99", "SALARY", None, 3)


def rules(**changes: object) -> RiskRules:
    base: dict[str, object] = {"enabled": True, "new_payee": False}
    return RiskRules.model_validate(base | changes)


def test_a_new_payee_and_changed_bank_details_are_reported() -> None:
    past = [PastPayment(date(2026, 3, 1), JANE._replace(account_number="00000000"))]
    hits = assess([JANE, JOHN], rules(new_payee=True), RiskHistory(past), TODAY).hits
    assert [(h.rule, h.line) for h in hits] == [("changed bank details", 2), ("new payee", 3)]


def test_a_payment_above_the_threshold_is_reported() -> None:
    hits = assess([JANE, JOHN], rules(amount_threshold=Decimal("1000.00")), RiskHistory(), TODAY).hits
    assert [(h.rule, h.line) for h in hits] == [("amount above threshold", 2)]


def test_duplicates_in_the_batch_and_within_the_window_are_reported_but_not_older_ones() -> None:
    again = JOHN._replace(line=4)
    recent = [PastPayment(date(2026, 3, 20), JANE), PastPayment(date(2026, 1, 1), JOHN)]
    hits = assess([JANE, JOHN, again], rules(duplicate_window_days=30), RiskHistory(recent), TODAY).hits
    assert [(h.rule, h.line) for h in hits] == [("duplicate payment", 2), ("duplicate payment", 4)]
    assert "2026-03-20" in hits[0].detail and "line 3" in hits[1].detail


def test_a_batch_total_far_from_the_profiles_history_is_reported_once_there_is_enough_history() -> None:
    rule = rules(total_deviation=Decimal(3), history_batches=3)
    assert assess([JANE], rule, RiskHistory(batch_totals_pence=[10000, 10000]), TODAY).hits == []
    hits = assess([JANE], rule, RiskHistory(batch_totals_pence=[10000] * 3), TODAY).hits
    assert [(h.rule, h.line) for h in hits] == [("batch total far from history", 0)]
    assert assess([JANE], rule, RiskHistory(batch_totals_pence=[100000] * 3), TODAY).hits == []
    assert (
        "| batch | batch total far from history |"
        in assess([JANE], rule, RiskHistory(batch_totals_pence=[10000] * 3), TODAY).markdown()
    )
