"""Bacs sweep: at each sweep time, Committed batches are Locked, written and submitted once.

First the batches held for escalation are settled from the gateway's later answer (Sent,
or Rejected if Bacs did not receive them); a held batch is never submitted again. Then each
Committed batch is Locked, written as a Standard 18 file for the Bacs three-day cycle, and
submitted: Sent, Rejected by Bacs, or held with no final sign-off. Each batch's own run,
waiting at its sweep gate, is resumed with the outcome. Finished batches past their
profile's period are Archived.
"""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.states import Completed, State

from tasks import bacs as t


@flow(name="bacs-sweep", log_prints=True)
def bacs_sweep(submission_day: date | None = None) -> State:
    """One sweep: settle held batches, submit every Committed batch, archive finished ones."""
    day = (submission_day or date.today()).isoformat()
    settled = t.settle_held_batches()
    for batch in settled:
        t.wake_batch_run(batch)

    outcomes: dict[str, str] = {}
    for batch in t.committed_batches():
        t.lock_batch(batch)
        written = t.write_submission(batch, day)
        outcomes[batch] = (
            written["status"] if written["status"] == "REJECTED" else t.submit_batch(batch)["status"]
        )
        t.wake_batch_run(batch)  # the batch's own run waits at its sweep gate for this outcome
    for batch in sorted(set(t.swept_batches()) - set(outcomes) - set(settled)):
        t.wake_batch_run(batch)  # a run that reached its gate after an earlier sweep woke it: wake it now

    archived = t.archive_finished_batches()
    counts = {status: list(outcomes.values()).count(status) for status in sorted(set(outcomes.values()))}
    message = f"swept {len(outcomes)} batches {counts}; settled {len(settled)} held; archived {len(archived)}"
    return Completed(name="Sweep complete", message=message)
