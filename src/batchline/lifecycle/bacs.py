"""The Bacs payment batch: seed 002's batch statuses, in the seed's order.

Each status's `next` is the seed's "Next possible status" column exactly, plus
three moves the seed's descriptions need but its table lacks (each carries a
`note`): Approved -> Committed, Locked -> Held for escalation and Sent -> Withdrawn. A batch starts at
Import in progress (file import) or Draft (manual entry).
"""

from __future__ import annotations

from batchline.lifecycle.catalog import Lifecycle, StateType, Status

RUNNING, PAUSED, SCHEDULED = StateType.RUNNING, StateType.PAUSED, StateType.SCHEDULED
COMPLETED, FAILED, CANCELLED = StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED

BACS_BATCH = Lifecycle(
    "bacs_batch",
    ("IMPORT_IN_PROGRESS", "DRAFT"),
    [
        Status(
            "IMPORT_IN_PROGRESS", "Import in progress", RUNNING, ("RISK_ASSESSMENT", "ENTERED", "REJECTED")
        ),
        Status("DRAFT", "Draft", PAUSED, ("PRE_ENTERED", "ENTERED", "RISK_ASSESSMENT")),
        Status("RISK_ASSESSMENT", "Risk assessment", RUNNING, ("ENTERED", "REJECTED")),
        Status("PRE_ENTERED", "Pre-entered", RUNNING, ("RISK_ASSESSMENT", "ENTERED")),
        Status("ENTERED", "Entered", PAUSED, ("PART_APPROVED", "APPROVED", "REJECTED", "DRAFT")),
        Status(
            "APPROVED",
            "Approved",
            RUNNING,
            ("SENT", "HELD_FOR_ESCALATION", "REJECTED_BY_BACS", "COMMITTED"),
            note=(
                "Approved -> Committed is not in the seed's table: Committed means the approved file is "
                "ready to send at the next sweep, and Committed -> Approved is in the table."
            ),
        ),
        Status("PART_APPROVED", "Part approved", PAUSED, ("APPROVED", "REJECTED", "ENTERED")),
        Status("REJECTED", "Rejected", FAILED, ("ARCHIVED", "DRAFT")),
        Status("COMMITTED", "Committed", SCHEDULED, ("LOCKED", "APPROVED")),
        Status(
            "LOCKED",
            "Locked",
            RUNNING,
            ("REJECTED", "REJECTED_BY_BACS", "SENT", "HELD_FOR_ESCALATION"),
            note=(
                "Locked -> Held for escalation is not in the seed's table: the file is submitted while the "
                "batch is Locked (the sweep), and Held for escalation is a submitted file with no final "
                "sign-off from the Bacs server."
            ),
        ),
        Status(
            "SENT",
            "Sent",
            COMPLETED,
            ("ARCHIVED", "WITHDRAWN"),
            note=(
                "Sent -> Withdrawn is not in the seed's table: the seed's Withdrawn is set by a user "
                "for a file already sent to Bacs, so no other status leads to it."
            ),
        ),
        Status("REJECTED_BY_BACS", "Rejected by Bacs", FAILED, ("ARCHIVED",)),
        Status("HELD_FOR_ESCALATION", "Held for escalation", PAUSED, ("REJECTED", "SENT")),
        Status("ARCHIVED", "Archived", COMPLETED),
        Status("WITHDRAWN", "Withdrawn", CANCELLED, ("ARCHIVED",)),
    ],
    label="Bacs batch",
)
