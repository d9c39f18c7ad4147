"""Approval rules of a payment profile: value bands, allowed approvers, segregation of duties."""

from __future__ import annotations

import pytest

from batchline.bacs.approval import Answer, ApprovalRefused, next_status
from batchline.bacs.profiles import SAMPLE, load_payment_profile

PAYROLL = load_payment_profile(SAMPLE, "PAYROLL")
POUNDS = 100


@pytest.mark.parametrize(
    ("total", "needed"), [(1, 1), (10_000 * POUNDS, 1), (10_000 * POUNDS + 1, 2), (250_001 * POUNDS, 3)]
)
def test_the_value_band_says_how_many_approvals_a_batch_needs(total: int, needed: int) -> None:
    assert PAYROLL.approvals_needed(total) == needed


def test_a_batch_is_part_approved_until_enough_distinct_approvers_approve() -> None:
    total = 20_000 * POUNDS
    assert next_status(PAYROLL, total, "fin.carol", [], Answer("approve", "fin.alice")) == "PART_APPROVED"
    assert next_status(PAYROLL, total, "fin.carol", ["fin.alice"], Answer("approve", "fin.bob")) == "APPROVED"


@pytest.mark.parametrize(
    ("approved_by", "answer", "reason"),
    [
        ([], Answer("approve", "fin.carol"), "fin.carol submitted this batch and cannot approve it"),
        (["fin.alice"], Answer("approve", "fin.alice"), "fin.alice has already approved this batch"),
        ([], Answer("approve", "mallory"), "mallory may not approve or reject PAYROLL batches"),
        ([], Answer("reject", "mallory"), "mallory may not approve or reject"),
        ([], Answer("approve", " "), "no approver given"),
        ([], Answer("maybe", "fin.bob"), "decision must be approve or reject"),
    ],
)
def test_an_answer_against_the_rules_is_refused_with_the_reason(
    approved_by: list[str], answer: Answer, reason: str
) -> None:
    with pytest.raises(ApprovalRefused, match=reason):
        next_status(PAYROLL, 20_000 * POUNDS, "fin.carol", approved_by, answer)


def test_any_allowed_approver_can_reject_even_after_approving() -> None:
    assert next_status(PAYROLL, 1, "fin.carol", ["fin.alice"], Answer("reject", "fin.alice")) == "REJECTED"
