from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from batchline.billing.model import Bill, Biller
from batchline.render.naive import render_bill_naive
from batchline.render.scanline import scan_line


def test_the_naive_renderer_writes_a_readable_single_bill_pdf(
    tmp_path: Path, biller: Biller, mail_bill: Bill
) -> None:
    path = render_bill_naive(mail_bill, biller, tmp_path / "naive.pdf")

    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert mail_bill.document_number in text
    assert mail_bill.account_number in text
    assert scan_line(mail_bill) in text
    assert all(item.description in text for item in mail_bill.lines)
