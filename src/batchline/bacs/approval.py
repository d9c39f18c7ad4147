"""Approving a Bacs batch: value bands, the approvers a profile allows, segregation of duties.

`decide` is pure: it takes what is recorded so far and one answer from an approval gate,
and says where the batch goes, or refuses the answer with a reason the approver can act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from batchline.bacs.profiles import PaymentProfile
from batchline.errors import BatchlineError

# Where the batch can be while it waits for approvals.
AWAITING = ("ENTERED", "PART_APPROVED")


class ApprovalRefused(BatchlineError):
    """An answer that cannot be taken; the gate is asked again with this reason."""


@dataclass(frozen=True)
class Answer:
    decision: str  # "approve" or "reject"
    approver: str
    note: str = ""


def next_status(
    profile: PaymentProfile, total_pence: int, submitter: str, approved_by: Sequence[str], answer: Answer
) -> str:
    """The status the answer moves the batch to (it may stay Part approved), or `ApprovalRefused`."""
    who = answer.approver.strip()
    if not who:
        raise ApprovalRefused("no approver given: type your user name in `approver`")
    if who not in profile.approvers:
        allowed = ", ".join(profile.approvers)
        raise ApprovalRefused(f"{who} may not approve or reject {profile.name} batches; allowed: {allowed}")
    if answer.decision == "reject":
        return "REJECTED"
    if answer.decision != "approve":
        raise ApprovalRefused(f"decision must be approve or reject, found {answer.decision!r}")
    if who == submitter:
        raise ApprovalRefused(f"{who} submitted this batch and cannot approve it (segregation of duties)")
    if who in approved_by:
        raise ApprovalRefused(f"{who} has already approved this batch; another approver must approve it")
    needed = profile.approvals_needed(total_pence)
    return "APPROVED" if len(approved_by) + 1 >= needed else "PART_APPROVED"
