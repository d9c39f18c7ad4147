"""Serve Batchline's deployments from this process (the local alternative to a process work pool)."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import cast

from prefect import serve
from prefect.deployments.runner import RunnerDeployment

from flows.bill_run import bill_run
from flows.intake import intake

PICKUP_WINDOW = timedelta(minutes=15)


def main() -> None:
    query_seconds = float(os.environ.get("BATCHLINE_RUNNER_QUERY_SECONDS", "5"))
    scheduled = os.environ.get("BATCHLINE_INTAKE_SCHEDULE", "on") != "off"
    deployments = [
        bill_run.to_deployment(name="bill-run", description="One billing data file, upload to job closed."),
        intake.to_deployment(
            name="intake",
            description="Pick up billing files and postage reports (seed 001's 15-minute window).",
            interval=PICKUP_WINDOW if scheduled else None,
        ),
    ]
    serve(*cast(list[RunnerDeployment], deployments), query_seconds=query_seconds, prefetch_seconds=1)


if __name__ == "__main__":
    main()
