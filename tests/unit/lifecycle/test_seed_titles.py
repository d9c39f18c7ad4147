"""Status titles are the seeds' own words, in the seeds' order (parsed here, apart from the catalogs)."""

import re

from batchline.lifecycle import (
    BILL_RUN,
    BILL_RUN_PHASES,
    CODES,
    PAYMENT_INSTRUCTION,
    PPR,
    phase_of,
)


def seed_001_job_tracking_titles(text: str) -> list[str]:
    table = text.split("Job-tracking statuses are as follows:")[1].split("Other billing summary reports")[0]
    lines = [line.strip() for line in table.splitlines()]
    titles = [lines[i + 1] for i, line in enumerate(lines[:-1]) if line == "|"]
    titles = [re.sub(r"\s*\(N/A[^)]*\)", "", title.removesuffix("|").strip()) for title in titles]
    return [title for title in titles if title != "Status title"]


def seed_000_phases(text: str) -> list[str]:
    bullets = [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]
    return bullets[0::2]


def seed_004_headings(text: str) -> list[str]:
    headings = re.findall(r"^- (.+):$", text, flags=re.MULTILINE)
    expanded = []
    for heading in headings:
        if heading == "ASSEMBLING/ASSEMBLED PAYMENTS":
            expanded += ["ASSEMBLING PAYMENTS", "ASSEMBLED PAYMENTS"]
        elif "STATUSES" not in heading and heading not in expanded:
            expanded.append(heading)
    return expanded


def test_bill_run_phases_are_seed_000s_six_phases_in_order(seed_text):
    assert list(BILL_RUN_PHASES) == seed_000_phases(seed_text("000"))


def test_every_bill_run_status_sits_in_a_seed_000_phase(seed_text):
    phases = seed_000_phases(seed_text("000"))
    assert all(phase_of(code) in phases for code in BILL_RUN.codes if code != "CANCELLED")
    assert phase_of("CANCELLED") is None


def test_bill_run_titles_are_seed_001s_job_tracking_titles_in_order(seed_text):
    seed_titles = seed_001_job_tracking_titles(seed_text("001"))
    assert len(seed_titles) == 10
    ours = [s.title for s in BILL_RUN.statuses if s.title in seed_titles]
    assert ours == seed_titles


def test_usps_preparation_is_titled_with_seed_000s_phase(seed_text):
    assert BILL_RUN.status("USPS_PREPARATION").title in seed_000_phases(seed_text("000"))


def test_every_bill_run_job_code_is_a_seed_003_job_code():
    assert all(s.job_code in CODES["JOB"] for s in BILL_RUN.statuses)


def test_ppr_titles_are_seed_004s_headings_in_order(seed_text):
    text = seed_text("004")
    ours = [s.title for s in PPR.statuses if s.code != "MISSING_EXCHANGE_RATES"]
    assert ours == seed_004_headings(text)
    # The seed names this "MISSING..." status only in running text.
    assert '"Missing Exchange Rates"' in text
    assert PPR.status("MISSING_EXCHANGE_RATES").title == "MISSING EXCHANGE RATES"


def test_payment_instruction_titles_come_from_seed_004(seed_text):
    text = seed_text("004")
    for code in ("FORMATTED", "FORMATTED_READY_FOR_PRINTING", "SUBMITTED_FOR_PRINTING", "PRINTED"):
        assert PAYMENT_INSTRUCTION.status(code).title in text
    assert '"Complete"' in text and PAYMENT_INSTRUCTION.status("COMPLETE").title == "COMPLETE"
    assert PAYMENT_INSTRUCTION.status("TERMINATED").note
