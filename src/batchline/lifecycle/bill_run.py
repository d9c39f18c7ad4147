"""The bill run (billing-document job): seed 001's job-tracking statuses in seed 000's phases.

Titles are seed 001's status titles without their "(N/A if ...)" remarks;
"Performing USPS preparation" is seed 000's phase wording, and the error,
rejection and cancellation statuses are ours (the seeds name the failures but
give them no title). `job_code` is the seed 003 JOB status code the job
carries in that status; where the job's transactions are at a code the JOB
does not declare, it is the code `codes.rollup` gives (PDF generation: TRNs
at 231 roll up to JOB 211; an assembly error at 241 rolls up to JOB 141).
"""

from __future__ import annotations

from batchline.lifecycle.catalog import Lifecycle, StateType, Status

PREPARING = "Preparing files for processing"
USPS = "Performing USPS preparation"
PRINTING = "Printing in progress"
PUBLISHING = "Printing complete: Publishing for distribution"
CLOSEOUT = "Printing complete: Awaiting closeout"
CLOSED = "Job closed: Processing complete"

BILL_RUN_PHASES: tuple[str, ...] = (PREPARING, USPS, PRINTING, PUBLISHING, CLOSEOUT, CLOSED)

RUNNING, PAUSED, SCHEDULED = StateType.RUNNING, StateType.PAUSED, StateType.SCHEDULED
COMPLETED, FAILED, CANCELLED = StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED

_RERUN = "Not in the seeds: a rerun after the cause is fixed, so a job need not be reloaded."

BILL_RUN = Lifecycle(
    "bill_run",
    "PARSING",
    [
        Status(
            "PARSING",
            "Parsing and Loading Data File(s)",
            RUNNING,
            ("USPS_PREPARATION", "BAD_DATA_FILE", "LOAD_ERROR", "CANCELLED"),
            phase=PREPARING,
            job_code=131,
        ),
        Status(
            "USPS_PREPARATION",
            "Performing USPS preparation",
            RUNNING,
            ("GENERATING_PDFS", "USPS_ERROR", "CANCELLED"),
            phase=USPS,
            job_code=211,
        ),
        Status(
            "GENERATING_PDFS",
            "Generating PDF Images of Bills",
            RUNNING,
            (
                "AWAITING_OPS_APPROVAL",
                "AWAITING_CUSTOMER_APPROVAL",
                "PRINTING_PAPER_BILLS",
                "SENDING_ELECTRONIC",
                "ELECTRONIC_SCHEDULED",
                "JOB_COMPLETE",
                "ASSEMBLY_ERROR",
                "CANCELLED",
            ),
            phase=PRINTING,
            job_code=211,
            note="To Job Complete directly when every document was pulled or is undeliverable.",
        ),
        Status(
            "AWAITING_OPS_APPROVAL",
            "Awaiting Ops Approval",
            PAUSED,
            (
                "AWAITING_CUSTOMER_APPROVAL",
                "PRINTING_PAPER_BILLS",
                "SENDING_ELECTRONIC",
                "ELECTRONIC_SCHEDULED",
                "JOB_COMPLETE",
                "REJECTED",
                "APPROVAL_EXPIRED",
                "CANCELLED",
            ),
            phase=PUBLISHING,
            job_code=290,
            note="To Job Complete directly when the approver pulls every document.",
        ),
        Status(
            "AWAITING_CUSTOMER_APPROVAL",
            "Awaiting Customer Approval",
            PAUSED,
            (
                "PRINTING_PAPER_BILLS",
                "SENDING_ELECTRONIC",
                "ELECTRONIC_SCHEDULED",
                "JOB_COMPLETE",
                "REJECTED",
                "APPROVAL_EXPIRED",
                "CANCELLED",
            ),
            phase=PUBLISHING,
            job_code=290,
            note="To Job Complete directly when the customer pulls every document.",
        ),
        Status(
            "PRINTING_PAPER_BILLS",
            "Printing Paper Bills",
            RUNNING,
            ("SENDING_ELECTRONIC", "ELECTRONIC_SCHEDULED", "PRINTING_COMPLETE", "DISTRIBUTION_ERROR"),
            phase=PUBLISHING,
            job_code=411,
        ),
        Status(
            "SENDING_ELECTRONIC",
            "Sending Emails, Faxes, and e-bills",
            RUNNING,
            ("PRINTING_PAPER_BILLS", "PRINTING_COMPLETE", "JOB_COMPLETE", "DISTRIBUTION_ERROR"),
            phase=PUBLISHING,
            job_code=411,
            note="To Job Complete directly when the job has no paper bills (nothing awaits closeout).",
        ),
        Status(
            "ELECTRONIC_SCHEDULED",
            "Electronic Bills Sending/Sent on (Date)",
            SCHEDULED,
            ("SENDING_ELECTRONIC", "PRINTING_PAPER_BILLS", "CANCELLED"),
            phase=PUBLISHING,
            job_code=411,
        ),
        Status(
            "PRINTING_COMPLETE",
            "Printing Paper Bills Complete",
            RUNNING,
            ("DELIVERED_TO_POST_OFFICE", "SENDING_ELECTRONIC", "ELECTRONIC_SCHEDULED"),
            phase=CLOSEOUT,
            job_code=490,
        ),
        Status(
            "DELIVERED_TO_POST_OFFICE",
            "Paper Bills Delivered to Post Office no later than (Date)",
            PAUSED,
            ("JOB_COMPLETE", "CLOSEOUT_OVERDUE"),
            phase=CLOSEOUT,
            job_code=490,
            note="Waits for the print facility's postage report (seed 000); Closeout Overdue if it is late.",
        ),
        Status("JOB_COMPLETE", "Job Complete/All Bills Sent", COMPLETED, phase=CLOSED, job_code=999),
        Status("BAD_DATA_FILE", "Bad Data File", FAILED, phase=PREPARING, job_code=141),
        Status(
            "LOAD_ERROR",
            "Data File Loading Error",
            FAILED,
            ("PARSING", "CANCELLED"),
            phase=PREPARING,
            job_code=141,
            note="Not in the seeds: loading failed or stalled (not the file's fault); a rerun loads it again.",
        ),
        Status(
            "USPS_ERROR",
            "USPS Preparation Error",
            FAILED,
            ("USPS_PREPARATION", "CANCELLED"),
            phase=USPS,
            job_code=141,
            note=_RERUN,
        ),
        Status(
            "ASSEMBLY_ERROR",
            "PDF Generation Error",
            FAILED,
            ("GENERATING_PDFS", "CANCELLED"),
            phase=PRINTING,
            job_code=141,
            note=_RERUN,
        ),
        Status(
            "DISTRIBUTION_ERROR",
            "Delivery Error",
            FAILED,
            ("PRINTING_PAPER_BILLS", "SENDING_ELECTRONIC", "CANCELLED"),
            phase=PUBLISHING,
            job_code=341,
            note=_RERUN,
        ),
        Status("REJECTED", "Job Rejected", CANCELLED, phase=PUBLISHING, job_code=888),
        Status("APPROVAL_EXPIRED", "Approval Expired", CANCELLED, phase=PUBLISHING, job_code=888),
        Status(
            "CLOSEOUT_OVERDUE",
            "Closeout Overdue",
            FAILED,
            ("JOB_COMPLETE",),
            phase=CLOSEOUT,
            job_code=490,
            note="Not in the seeds: the postage report can still arrive late and close the job.",
        ),
        Status("CANCELLED", "Job Cancelled", CANCELLED, job_code=888),
    ],
    label="Bill run",
)


def phase_of(code: str) -> str | None:
    """Seed 000's phase for a bill-run status; None for a cancellation, which can happen in any phase."""
    return BILL_RUN.status(code).phase
