"""Print batches: mail pieces in ZIP order, cut into batches of the profile's size."""

from __future__ import annotations

import pytest

from batchline.billing.print_batches import MailPiece, batch_id, plan_print_batches


def piece(number: str, zip5: str, zip4: str = "", point: str = "") -> MailPiece:
    return MailPiece(int(number), number, zip5, zip4, point)


def test_pieces_are_ordered_by_zip_then_zip4_then_delivery_point() -> None:
    pieces = [
        piece("7", "90012", "1234", "05"),
        piece("1", "10001", "0002", "10"),
        piece("2", "10001", "0001", "99"),
        piece("3", "10001", "0002", "01"),
        piece("4", "02108"),
        piece("5", "10001", "", ""),
    ]
    (plan,) = plan_print_batches("J1", pieces, batch_size=10)
    assert [p.document_number for p in plan.pieces] == ["4", "5", "2", "3", "1", "7"]
    assert (plan.zip_first, plan.zip_last) == ("02108", "90012")


def test_pieces_at_the_same_delivery_point_keep_document_order() -> None:
    pieces = [piece("12", "10001", "0001", "01"), piece("11", "10001", "0001", "01")]
    (plan,) = plan_print_batches("J1", pieces, batch_size=10)
    assert [p.document_number for p in plan.pieces] == ["11", "12"]


def test_pieces_are_cut_into_batches_of_the_batch_size_with_the_rest_last() -> None:
    pieces = [piece(str(n), f"{10000 + n:05d}") for n in range(1, 24)]
    plans = plan_print_batches("J7", pieces, batch_size=10)
    assert [len(p.pieces) for p in plans] == [10, 10, 3]
    assert [p.batch_id for p in plans] == ["J7-P0001", "J7-P0002", "J7-P0003"]
    assert [p.sequence for p in plans] == [1, 2, 3]
    assert [(p.zip_first, p.zip_last) for p in plans] == [
        ("10001", "10010"),
        ("10011", "10020"),
        ("10021", "10023"),
    ]


def test_batch_ids_carry_the_job_and_a_four_digit_sequence() -> None:
    assert batch_id("2026-07-J1", 1) == "2026-07-J1-P0001"
    assert batch_id("J1", 1234) == "J1-P1234"


def test_no_pieces_make_no_batches() -> None:
    assert plan_print_batches("J1", [], batch_size=500) == []


def test_a_batch_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="print batch size: expected at least 1, found 0"):
        plan_print_batches("J1", [piece("1", "10001")], batch_size=0)
