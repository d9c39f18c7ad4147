"""Printed checks: one a page with two stubs, the MICR line at its positions, proofs marked as such."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import reportlab
from pypdf import PdfReader
from pypdf.generic import ContentStream

from batchline.payments.errors import PaymentFileError
from batchline.payments.micr import MicrFont, position_x
from batchline.payments.model import Payment, PaymentMethod
from batchline.render.check_pdf import CHECK_BOTTOM, PAGE_WIDTH, PROOF_MARK, render_checks
from tests.unit.payments.samples import disbursement_account, invoice, payment

# A TrueType font standing in for an E-13B one: the font path and glyph mapping are what is tested.
STAND_IN_FONT = Path(reportlab.__file__ or "").parent / "fonts" / "Vera.ttf"
MICR_PROOF = re.compile(r"C001001C\s+A011000015A\s+9876543210C")


def checks() -> list[Payment]:
    check = PaymentMethod.CHECK
    return [
        payment("CHK0001", "Acme Supplies, Inc.", (invoice("INV-1001", "1260.00", "25.44", "12.60"),),
                method=check, check_number=1001),
        payment("CHK0002", "Zoë Müller GmbH", tuple(invoice(f"R-{n}", "10.00") for n in range(20)),
                method=check, check_number=1002),
    ]  # fmt: skip


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_each_check_shows_payee_amount_in_figures_and_words_and_its_number(tmp_path: Path) -> None:
    stats = render_checks(checks(), disbursement_account(), tmp_path / "checks.pdf")
    first, second = page_texts(stats.path)
    assert stats.checks == 2 and stats.check_numbers == (1001, 1002)
    assert "Acme Supplies, Inc." in first and "No. 001001" in first
    assert "**1,221.96" in first
    assert "One thousand two hundred twenty-one and 96/100 dollars ***" in first
    assert "Zoë Müller GmbH" in second and "Two hundred and 00/100 dollars" in second


def test_the_stubs_list_invoices_with_discount_withholding_and_net_paid(tmp_path: Path) -> None:
    first, second = page_texts(render_checks(checks(), disbursement_account(), tmp_path / "c.pdf").path)
    assert first.count("INV-1001 02/01/2025 1,260.00 25.44 12.60 1,221.96") == 2  # both stubs
    assert first.count("Total 1,260.00 25.44 12.60 1,221.96") == 2
    assert "R-12 02/01/2025" in second and "R-13 " not in second
    assert second.count("... and 7 more documents, listed on the remittance advice") == 2
    assert "Total 200.00 0.00 0.00 200.00" in second


def test_without_an_e13b_font_every_check_is_a_marked_proof_with_a_courier_micr_line(tmp_path: Path) -> None:
    stats = render_checks(checks(), disbursement_account(), tmp_path / "proof.pdf")
    assert stats.proof
    for text in page_texts(stats.path):
        assert PROOF_MARK in text
        assert "MICR line in Courier, not E-13B" in text
    assert MICR_PROOF.search(page_texts(stats.path)[0])


def test_with_an_e13b_font_the_checks_are_not_marked_and_the_font_is_embedded(tmp_path: Path) -> None:
    stats = render_checks(
        checks(), disbursement_account(), tmp_path / "live.pdf", micr_font=MicrFont(STAND_IN_FONT)
    )
    text = page_texts(stats.path)[0]
    assert not stats.proof and "PROOF" not in text and "not E-13B" not in text
    assert MICR_PROOF.search(text)  # the font's A and C glyphs stand for transit and on-us
    assert b"/FontFile2" in stats.path.read_bytes()


def shown_text(path: Path) -> list[tuple[str, float, float]]:
    """Every string the first page's own content stream shows, with the text matrix's x and y."""
    reader = PdfReader(path)
    page = reader.pages[0]
    shown, x, y = [], 0.0, 0.0
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif operator == b"Tj":
            shown.append((str(operands[0]), x, y))
    return shown


def test_the_micr_characters_sit_at_their_positions_in_the_clear_band(tmp_path: Path) -> None:
    path = render_checks(checks()[:1], disbursement_account(), tmp_path / "c.pdf").path
    band = [(text, x) for text, x, y in shown_text(path) if y == CHECK_BOTTOM + 13.5]
    assert [x for text, x in band if text == "A"] == [position_x(43, PAGE_WIDTH), position_x(33, PAGE_WIDTH)]
    on_us = [position_x(52, PAGE_WIDTH), position_x(45, PAGE_WIDTH), position_x(14, PAGE_WIDTH)]
    assert [x for text, x in band if text == "C"] == on_us
    assert "".join(text for text, x in band) == "C001001CA011000015A9876543210C"
    assert min(x for text, x in band) >= 0 and max(x for text, x in band) + 9 <= PAGE_WIDTH - 22.5 - 12 * 9


def test_a_check_without_a_number_a_repeated_number_or_one_outside_the_stock_is_refused(
    tmp_path: Path,
) -> None:
    first, second = checks()
    cases = [
        ([replace(first, check_number=None)], "expected a number assigned from the check stock"),
        ([first, replace(second, check_number=1001)], "never reused"),
        ([replace(first, check_number=999)], r"a number of stock STD-1 \(1000-99999\), found 999"),
    ]
    for payments, expected in cases:
        with pytest.raises(PaymentFileError, match=expected):
            render_checks(payments, disbursement_account(), tmp_path / "bad.pdf")


def test_a_missing_micr_font_file_is_refused_before_any_check_is_drawn(tmp_path: Path) -> None:
    with pytest.raises(PaymentFileError, match="no file at"):
        render_checks(
            checks(), disbursement_account(), tmp_path / "c.pdf", micr_font=MicrFont(tmp_path / "none.ttf")
        )
