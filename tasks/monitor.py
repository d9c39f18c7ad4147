"""Stage-monitor task: jobs stuck in a running stage past its limit are put in error, and their runs show it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from uuid import UUID

from prefect import get_client, task
from prefect.states import Failed

from batchline.billing import monitor
from batchline.billing.profile import ProfileError, load_profile
from batchline.lifecycle import BILL_RUN
from batchline.settings import load_settings
from batchline.store.db import default_store
from batchline.store.types import utcnow


@task(name="mark-stuck-jobs")
def mark_stuck_jobs(now: datetime | None = None) -> list[str]:
    """Find jobs past their stage's time limit, move them to the stage's error status, fail their runs."""
    settings = load_settings()

    @cache
    def limits_for(client_id: str) -> Mapping[str, int]:
        try:
            return load_profile(settings.profile_path(client_id)).stage_limits
        except ProfileError:  # the defaults still apply; the profile's own error shows on the job's run
            return {}

    store = default_store()
    moved = monitor.mark_stuck(store, monitor.find_stuck(store, now or utcnow(), limits_for))
    with get_client(sync_client=True) as client:
        for item in moved:
            if item.flow_run_id:
                title = BILL_RUN.status(item.error_status).title
                client.set_flow_run_state(
                    UUID(item.flow_run_id), Failed(name=title, message=item.reason[:500]), force=True
                )
    return [f"{item.job_id}: {BILL_RUN.status(item.error_status).title} ({item.reason})" for item in moved]
