"""Flows run under one prefect_test_harness for the whole session (it takes ~10 s to start)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from deployments import rest as prefect_api

os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"


@pytest.fixture(scope="session", autouse=True)
def prefect_harness() -> Iterator[str]:
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield str(PREFECT_API_URL.value())


class Reviewer:
    """Answers gates from another thread through the REST resume call, as a person in the UI would."""

    def __init__(
        self, api: str, answers: list[tuple[str, dict[str, Any] | Callable[[], dict[str, Any] | None]]]
    ) -> None:
        self.api = api
        self.answers = answers
        self.seen: list[dict[str, Any]] = []
        self.errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Reviewer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.join(timeout=60)

    def _run(self) -> None:
        try:
            for state_name, answer in self.answers:
                run = prefect_api.wait_for_pause(self.api, state_name, timeout=120)
                description = (
                    prefect_api.gate_description(self.api, run) if state_name.startswith("Awaiting") else ""
                )
                run_input = answer() if callable(answer) else answer
                # An answer that returns None resumed the run itself (as the intake flow does).
                result = (
                    {"status": "ACCEPT"}
                    if run_input is None
                    else prefect_api.resume(self.api, run["id"], run_input)
                )
                self.seen.append(
                    {"state": state_name, "description": description, "result": result["status"]}
                )
                if result["status"] != "ACCEPT":
                    raise AssertionError(f"resume at {state_name!r} not accepted: {result}")
                # wait until the run has left this pause before looking for the next one
                deadline = time.monotonic() + 60
                while prefect_api.read_run(self.api, run["id"])["state"]["id"] == run["state"]["id"]:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"the run stayed at {state_name!r} after its resume was accepted")
                    time.sleep(0.1)
        except BaseException as error:
            self.errors.append(error)
            self._cancel_waiting_runs()

    def _cancel_waiting_runs(self) -> None:
        """A reviewer that failed must not leave a flow waiting days at its gate: the test ends instead."""
        cancelled = {"type": "CANCELLED", "name": "Cancelled", "message": "test reviewer failed"}
        for run in prefect_api.paused_runs(self.api):
            prefect_api.request(
                "POST",
                f"{self.api}/flow_runs/{run['id']}/set_state",
                json={"state": cancelled, "force": True},
            )


@pytest.fixture
def reviewer(prefect_harness: str) -> Callable[..., Reviewer]:
    return lambda answers: Reviewer(prefect_harness, answers)
