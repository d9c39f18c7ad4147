"""Stage monitor (seed 003's Scheduler): every few minutes, work stuck past its time limit is put in error."""

from __future__ import annotations

from datetime import datetime

from prefect import flow

from tasks.monitor import mark_stuck_jobs


@flow(name="stage-monitor", log_prints=True)
def stage_monitor(now: datetime | None = None) -> int:
    """Jobs sitting in a running stage longer than its limit move to the stage's error status.

    `now` is the clock (default: the time now)."""
    marked = mark_stuck_jobs(now)
    for line in marked:
        print(f"stuck: {line}")
    return len(marked)
