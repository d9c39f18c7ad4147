from decimal import Decimal

import pytest
from sqlalchemy import text

from batchline.lifecycle import BACS_BATCH, BILL_RUN, IllegalTransition
from batchline.store import status
from batchline.store.db import Store
from batchline.store.models import Job
from batchline.store.status import IllegalStart, StatusConflict


def test_a_move_writes_the_status_and_a_history_row_in_one_transaction(store: Store) -> None:
    with store.unit_of_work() as session:
        status.register(session, BILL_RUN, "J1", "PARSING", actor="intake")
    with store.unit_of_work() as session:
        status.move(session, BILL_RUN, "J1", "USPS_PREPARATION", actor="worker", reason="parsed 10 documents")
    with store.unit_of_work() as session:
        assert status.current_status(session, BILL_RUN, "J1") == "USPS_PREPARATION"
        rows = status.history(session, BILL_RUN, "J1")
    assert [(r.from_status, r.to_status, r.actor) for r in rows] == [
        (None, "PARSING", "intake"),
        ("PARSING", "USPS_PREPARATION", "worker"),
    ]
    assert rows[1].reason == "parsed 10 documents"
    assert rows[1].at.tzinfo is not None


def test_an_illegal_move_is_refused_and_leaves_no_trace(store: Store) -> None:
    with store.unit_of_work() as session:
        status.register(session, BILL_RUN, "J2", "PARSING", actor="intake")
    with pytest.raises(IllegalTransition) as refused, store.unit_of_work() as session:
        status.move(session, BILL_RUN, "J2", "JOB_COMPLETE", actor="worker")
    assert "Job Complete/All Bills Sent" in str(refused.value)
    assert "Performing USPS preparation" in str(refused.value)
    with store.unit_of_work() as session:
        assert status.current_status(session, BILL_RUN, "J2") == "PARSING"
        assert len(status.history(session, BILL_RUN, "J2")) == 1


def test_an_object_cannot_start_in_the_middle_of_its_lifecycle(store: Store) -> None:
    with pytest.raises(IllegalStart, match="Import in progress"), store.unit_of_work() as session:
        status.register(session, BACS_BATCH, "B1", "SENT", actor="someone")


def test_a_move_from_a_stale_read_is_refused(store: Store) -> None:
    with store.unit_of_work() as session:
        status.register(session, BILL_RUN, "J3", "PARSING", actor="intake")
    with pytest.raises(StatusConflict), store.unit_of_work() as session:
        status.move(session, BILL_RUN, "J3", "USPS_PREPARATION", actor="a", expected_from="USPS_PREPARATION")


def test_the_history_is_append_only_in_the_database_itself(store: Store) -> None:
    with store.unit_of_work() as session:
        status.register(session, BILL_RUN, "J4", "PARSING", actor="intake")
    with pytest.raises(Exception, match="append-only"), store.unit_of_work() as session:
        session.execute(text("UPDATE status_history SET actor = 'someone else'"))
    with pytest.raises(Exception, match="append-only"), store.unit_of_work() as session:
        session.execute(text("DELETE FROM status_history"))


def test_money_round_trips_exactly(store: Store) -> None:
    amount = Decimal("12345678.91")
    with store.unit_of_work() as session:
        session.add(
            Job(id="J5", client_id="C", source_file="f", workspace="w", total_amount=amount, summary={})
        )
    with store.unit_of_work() as session:
        stored = session.get(Job, "J5")
        assert stored is not None
        assert stored.total_amount == amount
        assert str(stored.total_amount) == "12345678.91"


def test_money_with_fractions_of_a_cent_is_refused(store: Store) -> None:
    with pytest.raises(Exception, match="at most 2 decimal places"), store.unit_of_work() as session:
        session.add(
            Job(id="J6", client_id="C", source_file="f", workspace="w", total_amount=Decimal("1.005"))
        )
        session.flush()
