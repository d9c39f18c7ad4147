import subprocess
import sys
from datetime import date

import pytest

from batchline.errors import BatchlineError
from batchline.lifecycle import (
    BILL_RUN,
    LIFECYCLES,
    IllegalTransition,
    Lifecycle,
    LifecycleDefinitionError,
    StateType,
    Status,
    UnknownStatus,
)

RUNNING, COMPLETED, FAILED = StateType.RUNNING, StateType.COMPLETED, StateType.FAILED


def small(*statuses: Status, initial: str | tuple[str, ...] = "A") -> Lifecycle:
    return Lifecycle("small", initial, statuses)


def test_a_consistent_catalog_is_accepted_in_declared_order():
    lifecycle = small(
        Status("A", "a", RUNNING, ("B", "C")), Status("B", "b", COMPLETED), Status("C", "c", FAILED)
    )
    assert lifecycle.codes == ("A", "B", "C")
    assert lifecycle.final_codes == ("B", "C")
    assert lifecycle.can_move("A", "B")
    assert not lifecycle.can_move("B", "A")


def test_a_move_to_an_undeclared_status_is_rejected():
    with pytest.raises(LifecycleDefinitionError, match="A moves to undeclared NOPE"):
        small(Status("A", "a", RUNNING, ("B", "NOPE")), Status("B", "b", COMPLETED))


def test_a_status_unreachable_from_the_initial_status_is_rejected():
    with pytest.raises(LifecycleDefinitionError, match="unreachable from A: ORPHAN"):
        small(Status("A", "a", RUNNING, ("B",)), Status("B", "b", COMPLETED), Status("ORPHAN", "o", FAILED))


def test_a_status_reachable_from_any_of_several_initial_statuses_is_accepted():
    lifecycle = small(
        Status("A", "a", RUNNING, ("C",)),
        Status("B", "b", RUNNING, ("C",)),
        Status("C", "c", COMPLETED),
        initial=("A", "B"),
    )
    assert lifecycle.initial == ("A", "B")


def test_a_status_with_no_moves_must_be_a_final_state_type():
    # "Final" means no moves; such a status cannot show as running, paused or scheduled.
    with pytest.raises(LifecycleDefinitionError, match="B is RUNNING but has no moves"):
        small(Status("A", "a", RUNNING, ("B",)), Status("B", "b", RUNNING))


def test_statuses_that_can_never_reach_a_final_status_are_rejected():
    with pytest.raises(LifecycleDefinitionError, match="no path to a final status from: B, C"):
        small(
            Status("A", "a", RUNNING, ("B", "D")),
            Status("B", "b", RUNNING, ("C",)),
            Status("C", "c", RUNNING, ("B",)),
            Status("D", "d", COMPLETED),
        )


def test_failed_and_completed_statuses_may_still_have_moves():
    lifecycle = small(
        Status("A", "a", RUNNING, ("B",)), Status("B", "b", FAILED, ("A", "C")), Status("C", "c", COMPLETED)
    )
    assert lifecycle.final_codes == ("C",)


@pytest.mark.parametrize(
    ("statuses", "problem"),
    [
        (
            (Status("A", "a", RUNNING, ("A2",)), Status("A2", "x", COMPLETED), Status("A2", "y", COMPLETED)),
            "duplicate",
        ),
        ((Status("a-1", "a", COMPLETED),), "UPPER_SNAKE"),
        ((Status("A", "a", RUNNING, ("B", "B")), Status("B", "b", COMPLETED)), "twice"),
    ],
)
def test_malformed_codes_are_rejected(statuses, problem):
    with pytest.raises(LifecycleDefinitionError, match=problem):
        Lifecycle("small", statuses[0].code, statuses)


def test_an_unknown_initial_status_is_rejected():
    with pytest.raises(LifecycleDefinitionError, match="initial status 'Z' is not declared"):
        small(Status("A", "a", COMPLETED), initial="Z")


def test_an_illegal_move_names_the_lifecycle_object_titles_and_allowed_moves():
    with pytest.raises(IllegalTransition) as caught:
        BILL_RUN.check_move("PARSING", "JOB_COMPLETE", object_id="JOB-7")
    message = str(caught.value)
    assert message.startswith("Bill run JOB-7 cannot move from 'Parsing and Loading Data File(s)'")
    assert "to 'Job Complete/All Bills Sent'" in message
    assert (
        "'Performing USPS preparation', 'Bad Data File', 'Data File Loading Error', 'Job Cancelled'"
        in message
    )
    assert (caught.value.from_code, caught.value.to_code) == ("PARSING", "JOB_COMPLETE")
    assert isinstance(caught.value, BatchlineError)


def test_a_move_out_of_a_final_status_says_the_status_is_final():
    with pytest.raises(IllegalTransition, match="'Job Complete/All Bills Sent' is final"):
        BILL_RUN.check_move("JOB_COMPLETE", "PARSING")


def test_a_legal_move_returns_the_target_status():
    assert BILL_RUN.check_move("PARSING", "USPS_PREPARATION").title == "Performing USPS preparation"


def test_an_unknown_code_is_a_typed_error_listing_the_known_codes():
    with pytest.raises(UnknownStatus, match="unknown status code 'PRINTING'; known codes: PARSING"):
        BILL_RUN.can_move("PARSING", "PRINTING")


def test_display_name_fills_the_date_placeholder():
    assert (
        BILL_RUN.display_name("ELECTRONIC_SCHEDULED", date(2026, 11, 24))
        == "Electronic Bills Sending/Sent on 2026-11-24"
    )
    assert BILL_RUN.display_name("DELIVERED_TO_POST_OFFICE", date(2026, 11, 24)).endswith(
        "no later than 2026-11-24"
    )
    assert BILL_RUN.display_name("ELECTRONIC_SCHEDULED") == "Electronic Bills Sending/Sent on (Date)"
    assert BILL_RUN.display_name("PARSING", date(2026, 11, 24)) == "Parsing and Loading Data File(s)"


def test_lifecycles_are_registered_by_name():
    assert list(LIFECYCLES) == ["bill_run", "ppr", "payment_instruction", "bacs_batch"]
    assert all(name == lifecycle.name for name, lifecycle in LIFECYCLES.items())


def test_importing_the_lifecycle_package_does_not_import_prefect():
    code = "import sys, batchline.lifecycle; print(any(m.split('.')[0] == 'prefect' for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
