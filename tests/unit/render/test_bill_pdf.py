from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from batchline.billing.model import Bill, Biller
from batchline.render.bill_pdf import render_bill, render_bills
from batchline.render.pdftext import money
from batchline.render.scanline import scan_line
from batchline.render.static_layer import LayoutError
from batchline.render.synthetic import synthetic_bill, synthetic_bills
from batchline.render.variable_layer import paginate


def test_a_chunk_has_one_page_per_short_bill_and_more_for_long_ones(tmp_path: Path, biller: Biller) -> None:
    bills = synthetic_bills(seed=5, start=0, count=40)
    stats = render_bills(bills, biller, tmp_path / "chunk.pdf")

    expected = tuple(len(paginate(len(bill.lines))) for bill in bills)
    assert stats.bills == 40
    assert stats.pages_per_bill == expected
    assert stats.pages == stats.sheets == sum(expected) == len(PdfReader(stats.path).pages)


def test_the_first_page_shows_the_document_facts_and_the_bill_to_address(
    tmp_path: Path, biller: Biller, mail_bill: Bill, page_texts: Callable[[Path], list[str]]
) -> None:
    stats = render_bills([mail_bill], biller, tmp_path / "one.pdf")

    text = page_texts(stats.path)[0]
    assert mail_bill.document_number in text
    assert mail_bill.account_number in text
    assert "$" + money(mail_bill.amount_due) in text
    assert mail_bill.document_type in text
    for line in mail_bill.bill_to:
        assert line in text
    for line in biller.remit_to:
        assert line in text


def test_a_bill_with_80_line_items_overflows_and_its_last_page_carries_the_coupon(
    tmp_path: Path, biller: Biller, page_texts: Callable[[Path], list[str]]
) -> None:
    bill = synthetic_bill(seed=5, index=99, line_count=80)
    stats = render_bills([bill], biller, tmp_path / "long.pdf")

    texts = page_texts(stats.path)
    assert stats.pages == len(texts) >= 2
    assert f"1 of {len(texts)}" in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert "(continued)" in text
        assert f"{number} of {len(texts)}" in text
        assert bill.document_number in text
    assert scan_line(bill) in texts[-1]
    assert "Amount Enclosed" in texts[-1]
    assert all(scan_line(bill) not in text for text in texts[:-1])
    assert "Continued on page 2" in texts[0]
    every_line = "\n".join(texts)
    assert all(item.description in every_line for item in bill.lines)


def test_the_static_layer_is_one_form_xobject_drawn_on_every_page(tmp_path: Path, biller: Biller) -> None:
    bills = [*synthetic_bills(seed=5, start=0, count=5), synthetic_bill(seed=5, index=50, line_count=90)]
    stats = render_bills(bills, biller, tmp_path / "chunk.pdf")

    forms = set()
    for page in PdfReader(stats.path).pages:
        xobjects = page["/Resources"]["/XObject"]
        content = page.get_contents().get_data()
        used = [name for name in xobjects if f"{name} Do".encode() in content]
        assert used, "every page draws a static form"
        for name in used:
            assert xobjects[name].get_object()["/Subtype"] == "/Form"
            forms.add(xobjects[name].indirect_reference.idnum)
    assert len(forms) == 3  # first page, continuation page, totals and coupon: shared by all pages


def test_only_mail_pieces_carry_an_intelligent_mail_barcode(
    tmp_path: Path, biller: Biller, mail_bill: Bill, email_bill: Bill
) -> None:
    stats = render_bills([mail_bill, email_bill], biller, tmp_path / "two.pdf")

    mail_page, email_page = (page.get_contents().get_data() for page in PdfReader(stats.path).pages)
    assert mail_page.count(b" re\n") == 65
    assert b" re\n" not in email_page


def test_text_outside_ascii_and_pdf_delimiters_survive(
    tmp_path: Path, biller: Biller, email_bill: Bill, page_texts: Callable[[Path], list[str]]
) -> None:
    bill = replace(email_bill, bill_to=("Zoë (Café) Ltd \\ Ørsted", "1 Rue de l’Église", "MONTRÉAL QC"))
    stats = render_bills([bill], biller, tmp_path / "accents.pdf")

    text = page_texts(stats.path)[0]
    assert "Zoë (Café) Ltd \\ Ørsted" in text
    assert "1 Rue de l’Église" in text


def test_a_single_bill_for_electronic_delivery_is_a_compressed_one_document_pdf(
    tmp_path: Path, biller: Biller, email_bill: Bill
) -> None:
    stats = render_bill(email_bill, biller, tmp_path / "ebill.pdf")

    reader = PdfReader(stats.path)
    assert (stats.bills, stats.pages) == (1, len(reader.pages))
    assert "/FlateDecode" in str(reader.pages[0]["/Contents"].get_object()["/Filter"])
    assert email_bill.document_number in reader.pages[0].extract_text()


def test_a_description_too_long_for_its_column_is_cut_short_with_an_ellipsis(
    tmp_path: Path, biller: Biller, email_bill: Bill, page_texts: Callable[[Path], list[str]]
) -> None:
    long_item = replace(email_bill.lines[0], description="Consulting services " * 10)
    bill = replace(email_bill, lines=(long_item, *email_bill.lines[1:]))

    text = page_texts(render_bills([bill], biller, tmp_path / "long-text.pdf").path)[0]

    assert "Consulting services Consulting services" in text
    assert "Consulting services " * 10 not in text
    assert "..." in text


def test_a_bill_to_address_longer_than_the_window_is_refused_with_the_document_named(
    tmp_path: Path, biller: Biller, email_bill: Bill
) -> None:
    bill = replace(email_bill, bill_to=tuple(f"LINE {n}" for n in range(6)))

    with pytest.raises(LayoutError, match=email_bill.document_number):
        render_bills([bill], biller, tmp_path / "refused.pdf")
