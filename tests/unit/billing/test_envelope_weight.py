"""Envelope weight and mail class: sheets from pages, weight exact, pieces over one ounce kept apart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from batchline.billing.envelopes import (
    MailClass,
    envelope_for,
    envelopes_for,
    mail_class_label,
    pages_for,
    sheets_for,
)
from batchline.billing.profile import PrintRules

DEFAULT = PrintRules()
LETTER_1OZ, LETTER_3_5OZ, FLAT = MailClass


def test_the_default_rules_weigh_a_20_lb_sheet_in_a_10_window_envelope() -> None:
    assert (DEFAULT.sheet_weight_oz, DEFAULT.envelope_weight_oz) == (Decimal("0.16"), Decimal("0.2"))
    assert (DEFAULT.return_envelope_weight_oz, DEFAULT.duplex) == (Decimal("0"), False)
    assert envelope_for(1, DEFAULT).weight_oz == Decimal("0.36")


@pytest.mark.parametrize(
    ("pages", "sheets", "weight", "mail_class"),
    [
        (1, 1, "0.36", LETTER_1OZ),
        (5, 5, "1.00", LETTER_1OZ),  # exactly one ounce is still the one-ounce price
        (6, 6, "1.16", LETTER_3_5OZ),
        (10, 10, "1.80", LETTER_3_5OZ),  # as many sheets as the #10 envelope takes
        (11, 11, "2.26", FLAT),  # one more: unfolded in a 9x12 envelope (0.5 oz)
    ],
)
def test_a_piece_is_weighed_and_classed_by_its_sheets(
    pages: int, sheets: int, weight: str, mail_class: MailClass
) -> None:
    envelope = envelope_for(pages, DEFAULT)
    assert (envelope.pages, envelope.sheets, envelope.mail_class) == (pages, sheets, mail_class)
    assert envelope.weight_oz == Decimal(weight)


def test_a_letter_of_exactly_3_5_oz_is_a_letter_and_anything_heavier_a_flat() -> None:
    heavy = PrintRules(
        sheet_weight_oz=Decimal("0.25"), envelope_weight_oz=Decimal("0.25"), envelope_sheet_capacity=30
    )
    assert (envelope_for(13, heavy).weight_oz, envelope_for(13, heavy).mail_class) == (
        Decimal("3.5"),
        LETTER_3_5OZ,
    )
    over = envelope_for(14, heavy)
    assert (over.mail_class, over.weight_oz) == (FLAT, Decimal("0.5") + 14 * Decimal("0.25"))


def test_a_return_envelope_is_in_every_piece_letter_or_flat() -> None:
    rules = PrintRules(return_envelope_weight_oz=Decimal("0.15"))
    assert envelope_for(4, rules).weight_oz == Decimal("0.99")
    assert (envelope_for(5, rules).weight_oz, envelope_for(5, rules).mail_class) == (
        Decimal("1.15"),
        LETTER_3_5OZ,
    )
    assert envelope_for(11, rules).weight_oz == Decimal("0.5") + Decimal("0.15") + 11 * Decimal("0.16")


@pytest.mark.parametrize(
    ("pages", "simplex", "duplex"), [(1, 1, 1), (2, 2, 1), (3, 3, 2), (10, 10, 5), (11, 11, 6)]
)
def test_duplex_prints_two_pages_a_sheet(pages: int, simplex: int, duplex: int) -> None:
    assert (sheets_for(pages, duplex=False), sheets_for(pages, duplex=True)) == (simplex, duplex)


def test_duplex_keeps_a_ten_page_bill_at_one_ounce() -> None:
    envelope = envelope_for(10, PrintRules(duplex=True))
    assert (envelope.sheets, envelope.weight_oz, envelope.mail_class) == (5, Decimal("1.00"), LETTER_1OZ)


def test_pages_follow_the_renderers_pagination() -> None:
    assert [pages_for(n) for n in (0, 1, 26, 27, 87, 88, 147, 148)] == [1, 1, 1, 2, 2, 3, 3, 4]


def test_envelopes_are_worked_out_per_document_in_order() -> None:
    found = envelopes_for([1, 300, 1, 88], DEFAULT)
    assert [e.pages for e in found] == [1, pages_for(300), 1, 3]
    assert found[0] is found[2]


def test_mail_classes_have_labels_and_a_stored_code_reads_back() -> None:
    assert mail_class_label("FIRST_CLASS_LETTER_1OZ") == "First-Class letter, up to 1 oz"
    assert mail_class_label("FIRST_CLASS_FLAT") == "First-Class flat, 9x12 envelope"
    assert (mail_class_label(None), mail_class_label("OTHER")) == ("", "OTHER")
    assert all(len(c.value) <= 40 for c in MailClass)  # the column is String(40)


def test_the_profile_refuses_weights_that_are_not_exact_to_four_places() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="decimal places"):
        PrintRules(sheet_weight_oz=Decimal("0.12345"))
    assert PrintRules.model_validate({"sheet_weight_oz": 0.17}).sheet_weight_oz == Decimal("0.17")
