"""Gates: named pauses with a RunInput form, resumed from the UI or `POST /flow_runs/{id}/resume`.

`pause_flow_run` has no name argument, so this proposes the Paused state itself (as
prefect 3.8's pause_flow_run/suspend_flow_run do) with the business status as its name.
Under a deployment the run is suspended (no worker slot held; the flow body runs again
from the top on resume, and a gate already answered returns its stored input); ad hoc
it pauses in place.
"""

from __future__ import annotations

import time
from typing import Literal, TypeVar

from prefect import get_client
from prefect.context import FlowRunContext
from prefect.exceptions import Abort, FlowPauseTimeout, Pause, PrefectHTTPStatusError
from prefect.input import RunInput, keyset_from_base_key
from prefect.logging import get_run_logger
from prefect.states import Paused, Running, State
from prefect.utilities.engine import propose_state_sync
from pydantic import Field

from batchline.lifecycle import BILL_RUN, StateType

T = TypeVar("T", bound=RunInput)


class GateCancelled(Exception):
    """Someone cancelled the run while it waited at a gate."""


class ApprovalInput(RunInput):
    """The approval form: approve or reject, who decides, documents to pull, a note."""

    decision: Literal["approve", "reject"]
    approver: str
    pull_documents: list[str] = Field(default_factory=list)
    note: str = ""


class ReleaseInput(RunInput):
    """Release electronic bills held to a date: the intake flow sends this when the date comes."""

    release: Literal["send"]
    released_by: str = ""


class CloseoutInput(RunInput):
    """What the intake flow feeds the closeout gate: the print facility's postage report."""

    postage_report: str


def is_deployed() -> bool:
    ctx = FlowRunContext.get()
    return bool(ctx and ctx.flow_run and ctx.flow_run.deployment_id)


def show_stage(status_code: str) -> None:
    """Mirror the job's running business status on the flow run, so the UI shows the stage.

    A Running -> Running rename counts as a new run in `run_count`, which would use up
    flow-level retries: bill-run flows have none (their tasks retry instead).
    """
    ctx = FlowRunContext.get()
    status = BILL_RUN.status(status_code)
    if ctx is None or ctx.flow_run is None or status.state_type != StateType.RUNNING:
        return
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(
            ctx.flow_run.id, Running(name=status.title, message=status.title), force=True
        )


def gate(name: str, form: type[T] | RunInput, key: str, timeout_seconds: int, *, poll: float = 1.0) -> T:
    """Wait at a gate named `name` for the form to be submitted; returns the submitted input."""
    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        raise RuntimeError(f"gate {name!r}: must be called from a flow run")
    suspend = is_deployed()
    input_type = form if isinstance(form, type) else type(form)
    keyset = keyset_from_base_key(f"{'suspended' if suspend else 'paused'}-{key}")
    proposed: State[None] = Paused(
        name=name, message=name, timeout_seconds=timeout_seconds, reschedule=suspend, pause_key=key
    )
    proposed.state_details.run_input_keyset = {str(k): v for k, v in keyset.items()}
    logger = get_run_logger()
    # The form goes in first: whoever sees the pause (the UI, a program) must find its form there.
    # On a run resumed past this gate the proposal below is refused and the saved answer is read.
    try:
        form.save(keyset)
    except PrefectHTTPStatusError as exists:  # saved on the run's first pass: this is a resumed one
        if exists.response.status_code != 409:
            raise
    with get_client(sync_client=True) as client:
        try:
            state = propose_state_sync(client=client, state=proposed, flow_run_id=ctx.flow_run.id)
        except Abort as exc:
            raise RuntimeError(f"gate {name!r}: the flow run cannot pause ({exc})") from exc
        if state.is_running():  # the server refuses a pause key already used: answered before
            return input_type.load(keyset)  # type: ignore[return-value]
        if not state.is_paused():
            raise RuntimeError(f"gate {name!r}: expected the run to pause, the server answered {state.type}")
        logger.info("Waiting at %r (resume with the form in the UI)", name)
        if suspend:
            raise Pause(state=state)
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            time.sleep(poll)
            run = client.read_flow_run(ctx.flow_run.id)
            if run.state and run.state.is_running():
                return input_type.load(keyset)  # type: ignore[return-value]
            if run.state and run.state.is_cancelled():
                raise GateCancelled(
                    f"gate {name!r}: the run was cancelled while waiting ({run.state.message})"
                )
            if run.state and run.state.is_final():  # the server failed the run when the pause expired
                raise FlowPauseTimeout(f"gate {name!r}: no answer in time ({run.state.message})")
        raise FlowPauseTimeout(f"gate {name!r}: no answer within {timeout_seconds} s")
