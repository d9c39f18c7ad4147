"""Intake: every 15 minutes (seed 001's pickup window), start bill runs and resume closeouts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from tasks import intake as t


@flow(name="intake", log_prints=True)
def intake(now: datetime | None = None) -> dict[str, Any]:
    """Pick up uploaded billing files and returned postage reports; release electronic bills held to
    a date that has come; expire gates nobody answered. `now` is the clock (default: the time now)."""
    accepted, duplicates = t.pick_up_billing_files()
    started = [t.start_bill_run(f["client_id"], f["job_id"], f["data_file"], now) for f in accepted]
    for run in started:
        if run["starts"]:
            print(f"flow run {run['flow_run_id']} scheduled for {run['starts']} (the client's timed rule)")
    for duplicate in duplicates:
        print(
            f"{duplicate['client_id']}/{duplicate['name']}: already received as job {duplicate['job_id']}, set aside"
        )

    arrivals, problems = t.match_postage_reports()
    resumed = [t.resume_closeout(a["job_id"], a["flow_run_id"], a["report"]) for a in arrivals]
    for problem in problems:
        print(f"postage report not taken: {problem}")
    released = t.release_held_electronic_bills(now)
    for line in released:
        print(f"held electronic bills released: {line}")
    expired = t.expire_overdue_gates()
    for line in expired:
        print(f"gate timed out: {line}")
    return {
        "bill_runs_started": len(started),
        "bill_runs_scheduled": sum(1 for run in started if run["starts"]),
        "electronic_releases": len(released),
        "gates_expired": len(expired),
        "duplicates": len(duplicates),
        "closeouts_resumed": resumed.count("ACCEPT"),
        "postage_reports_waiting": len(resumed) - resumed.count("ACCEPT"),
        "postage_reports_rejected": len(problems),
    }
