"""Print batches never mix mail classes; within a class pieces are in ZIP order, cut by the batch size."""

from __future__ import annotations

from decimal import Decimal

from batchline.billing.envelopes import MailClass, envelope_for
from batchline.billing.print_batches import MailPiece, plan_print_batches
from batchline.billing.profile import PrintRules

LETTER_1OZ, LETTER_3_5OZ, FLAT = MailClass


def piece(number: int, zip5: str, pages: int, zip4: str = "", point: str = "") -> MailPiece:
    envelope = envelope_for(pages, PrintRules())
    return MailPiece(
        number,
        str(number),
        zip5,
        zip4,
        point,
        envelope.pages,
        envelope.sheets,
        envelope.weight_oz,
        envelope.mail_class,
    )


PIECES = [
    piece(1, "90012", 1),
    piece(2, "10001", 6),  # 1.16 oz
    piece(3, "02108", 12),  # a flat
    piece(4, "10001", 1, "0001", "05"),
    piece(5, "02108", 5),  # exactly 1 oz
    piece(6, "60601", 7),
    piece(7, "10001", 1, "0001", "01"),
    piece(8, "30301", 2),
    piece(9, "00501", 20),  # a flat
]


def test_batches_hold_one_mail_class_each_lightest_first() -> None:
    plans = plan_print_batches("J1", PIECES, batch_size=10)
    assert [(p.mail_class, [x.document_number for x in p.pieces]) for p in plans] == [
        (LETTER_1OZ, ["5", "7", "4", "8", "1"]),
        (LETTER_3_5OZ, ["2", "6"]),
        (FLAT, ["9", "3"]),
    ]


def test_within_a_class_pieces_are_in_zip_order_and_cut_by_the_batch_size() -> None:
    plans = plan_print_batches("J1", PIECES, batch_size=2)
    assert [[x.document_number for x in p.pieces] for p in plans] == [
        ["5", "7"],
        ["4", "8"],
        ["1"],
        ["2", "6"],
        ["9", "3"],
    ]
    for plan in plans:
        assert len({x.mail_class for x in plan.pieces}) == 1
        assert [x.sort_key for x in plan.pieces] == sorted(x.sort_key for x in plan.pieces)


def test_batch_ids_are_unique_and_sequences_run_on_across_classes() -> None:
    plans = plan_print_batches("J9", PIECES, batch_size=2)
    assert [p.sequence for p in plans] == [1, 2, 3, 4, 5]
    assert [p.batch_id for p in plans] == [f"J9-P000{n}" for n in range(1, 6)]


def test_a_batch_knows_its_sheets_and_weight_exactly() -> None:
    letters, heavier, flats = plan_print_batches("J1", PIECES, batch_size=10)
    assert (letters.sheets, heavier.sheets, flats.sheets) == (1 + 1 + 1 + 2 + 5, 6 + 7, 12 + 20)
    assert letters.weight_oz == Decimal("0.36") * 3 + Decimal("0.52") + Decimal("1.00")
    assert (letters.max_piece_weight_oz, heavier.max_piece_weight_oz) == (Decimal("1.00"), Decimal("1.32"))
    assert flats.weight_oz == 2 * Decimal("0.5") + 32 * Decimal("0.16")
    assert (flats.zip_first, flats.zip_last) == ("00501", "02108")


def test_pieces_of_one_class_make_the_same_batches_as_before() -> None:
    pieces = [piece(n, f"{10000 + n:05d}", 1) for n in range(1, 24)]
    plans = plan_print_batches("J7", pieces, batch_size=10)
    assert [len(p.pieces) for p in plans] == [10, 10, 3]
    assert {p.mail_class for p in plans} == {LETTER_1OZ}
