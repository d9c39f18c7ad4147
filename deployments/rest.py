"""The Prefect REST calls the UI makes: find paused runs, read a gate's form, resume with input."""

from __future__ import annotations

import time
from typing import Any

import httpx


def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One API call, retried for up to ~2 minutes while the server says it is busy (503/429).

    A Prefect server on SQLite answers 503, or not at all for a while, when its database is
    locked by a burst of writes.
    """
    # Reads may also be repeated after a timeout; a state-changing call is never sent twice.
    read_only = method == "GET" or url.endswith("/filter")
    for attempt in range(15):
        try:
            response = httpx.request(method, url, timeout=60, **kwargs)
        except httpx.TimeoutException:
            if not read_only or attempt == 14:
                raise
            continue
        if response.status_code not in (429, 503):
            break
        time.sleep(min(1.0 + attempt, 10.0))
    response.raise_for_status()
    return response


def paused_runs(api: str) -> list[dict[str, Any]]:
    body = {"flow_runs": {"state": {"type": {"any_": ["PAUSED"]}}}, "limit": 100, "sort": "ID_DESC"}
    return list(request("POST", f"{api}/flow_runs/filter", json=body).json())


def wait_for_pause(
    api: str, state_name: str, *, run_id: str | None = None, timeout: float = 180
) -> dict[str, Any]:
    """The first paused run whose state is named `state_name` (and is `run_id`, if given)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for run in paused_runs(api):
            if run["state"]["name"] == state_name and (run_id is None or run["id"] == run_id):
                return run
        time.sleep(0.25)
    raise TimeoutError(f"no run paused at {state_name!r} within {timeout} s")


def gate_description(api: str, run: dict[str, Any]) -> str:
    keyset = run["state"]["state_details"]["run_input_keyset"]
    return request("GET", f"{api}/flow_runs/{run['id']}/input/{keyset['description']}").text


def resume(api: str, run_id: str, run_input: dict[str, Any]) -> dict[str, Any]:
    """POST /flow_runs/{id}/resume exactly as the UI's form does; returns the orchestration result."""
    return dict(request("POST", f"{api}/flow_runs/{run_id}/resume", json={"run_input": run_input}).json())


def read_run(api: str, run_id: str) -> dict[str, Any]:
    return dict(request("GET", f"{api}/flow_runs/{run_id}").json())
