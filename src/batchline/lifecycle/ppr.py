"""The payment process request (PPR) and its payment instruction files, from seed 004.

PPR titles are the seed's status headings (its "ASSEMBLING/ASSEMBLED PAYMENTS"
heading is two statuses). Of the seed's "MISSING..." statuses only
"Missing Exchange Rates" is named, so only it is declared; a missing default
bank account or PPP is the seed's INFORMATION REQUIRED - PENDING ACTION.
Gates (waits for a user's Take Action) are PAUSED. The optional review and
calculation steps are skipped when turned off on the PPR header, and a PPR can
be terminated from every status before CONFIRMED PAYMENT.
"""

from __future__ import annotations

from batchline.lifecycle.catalog import Lifecycle, StateType, Status

RUNNING, PAUSED = StateType.RUNNING, StateType.PAUSED
COMPLETED, CANCELLED = StateType.COMPLETED, StateType.CANCELLED

_T = "TERMINATED"

PPR = Lifecycle(
    "ppr",
    "NEW",
    [
        Status("NEW", "NEW", RUNNING, ("SELECTING_INVOICES", _T)),
        Status(
            "SELECTING_INVOICES",
            "SELECTING INVOICES",
            RUNNING,
            ("INVOICES_SELECTED", "CANCELLED_NO_INVOICES", "MISSING_EXCHANGE_RATES", _T),
        ),
        Status("CANCELLED_NO_INVOICES", "CANCELLED - NO INVOICES SELECTED", CANCELLED),
        Status(
            "MISSING_EXCHANGE_RATES",
            "MISSING EXCHANGE RATES",
            PAUSED,
            ("SELECTING_INVOICES", _T),
            note="Selection runs again once the user has entered the missing rates.",
        ),
        Status(
            "INVOICES_SELECTED",
            "INVOICES SELECTED",
            RUNNING,
            ("INVOICES_PENDING_REVIEW", "CALCULATING_SPECIAL_AMOUNTS", "ASSEMBLING_PAYMENTS", _T),
        ),
        Status(
            "INVOICES_PENDING_REVIEW",
            "INVOICES PENDING REVIEW",
            PAUSED,
            ("CALCULATING_SPECIAL_AMOUNTS", "ASSEMBLING_PAYMENTS", _T),
        ),
        Status(
            "CALCULATING_SPECIAL_AMOUNTS", "CALCULATING SPECIAL AMOUNTS", RUNNING, ("ASSEMBLING_PAYMENTS", _T)
        ),
        Status(
            "ASSEMBLING_PAYMENTS",
            "ASSEMBLING PAYMENTS",
            RUNNING,
            ("ASSEMBLED_PAYMENTS", "INFORMATION_REQUIRED", _T),
        ),
        Status(
            "ASSEMBLED_PAYMENTS",
            "ASSEMBLED PAYMENTS",
            RUNNING,
            ("PENDING_PROPOSED_PAYMENT_REVIEW", "FORMATTING", _T),
        ),
        Status(
            "INFORMATION_REQUIRED",
            "INFORMATION REQUIRED - PENDING ACTION",
            PAUSED,
            ("ASSEMBLING_PAYMENTS", _T),
        ),
        Status(
            "PENDING_PROPOSED_PAYMENT_REVIEW", "PENDING PROPOSED PAYMENT REVIEW", PAUSED, ("FORMATTING", _T)
        ),
        Status("FORMATTING", "FORMATTING", RUNNING, ("CONFIRMED_PAYMENT", _T)),
        Status("CONFIRMED_PAYMENT", "CONFIRMED PAYMENT", COMPLETED),
        Status(_T, "TERMINATED", CANCELLED),
    ],
    label="Payment process request",
)

# An electronic file starts FORMATTED, a check file FORMATTED - READY FOR PRINTING.
PAYMENT_INSTRUCTION = Lifecycle(
    "payment_instruction",
    ("FORMATTED", "FORMATTED_READY_FOR_PRINTING"),
    [
        Status("FORMATTED", "FORMATTED", RUNNING, ("COMPLETE", _T)),
        Status(
            "FORMATTED_READY_FOR_PRINTING",
            "FORMATTED - READY FOR PRINTING",
            PAUSED,
            ("SUBMITTED_FOR_PRINTING", _T),
        ),
        Status(
            "SUBMITTED_FOR_PRINTING",
            "SUBMITTED FOR PRINTING",
            PAUSED,
            ("PRINTED", "SUBMITTED_FOR_PRINTING", _T),
            note=(
                "Reprint (seed 004) is the move to itself: the file goes to the printer again and the "
                "spoiled checks' numbers are voided, never reused."
            ),
        ),
        Status("PRINTED", "PRINTED", COMPLETED),
        Status(
            "COMPLETE",
            "COMPLETE",
            COMPLETED,
            note='Seed 004: an electronic file may be transmitted and marked "Complete" when formatted.',
        ),
        Status(
            _T,
            "TERMINATED",
            CANCELLED,
            note="Not a seed status for files: the file is void because its PPR was terminated.",
        ),
    ],
    label="Payment instruction",
)
