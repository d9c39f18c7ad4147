"""Print preparation predicts each piece's pages from its line count: the renderer must agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from batchline.billing.envelopes import pages_for
from batchline.billing.model import Biller
from batchline.render.bill_pdf import render_bills
from batchline.render.synthetic import synthetic_bill

# Line counts on both sides of every page break up to seven pages, and a long one.
LINE_COUNTS = [1, 25, 26, 27, 86, 87, 88, 146, 147, 148, 207, 208, 267, 268, 327, 328, 700]


def test_the_predicted_pages_are_the_rendered_pages_for_pieces_of_one_to_many_pages(
    tmp_path: Path, biller: Biller
) -> None:
    bills = [synthetic_bill(seed=5, index=n, line_count=count) for n, count in enumerate(LINE_COUNTS)]
    stats = render_bills(bills, biller, tmp_path / "stream.pdf")
    predicted = tuple(pages_for(count) for count in LINE_COUNTS)
    assert sorted(set(predicted)) == [1, 2, 3, 4, 5, 6, 7, pages_for(700)]
    assert stats.pages_per_bill == predicted
    assert len(PdfReader(tmp_path / "stream.pdf").pages) == sum(predicted)


@pytest.mark.parametrize("count", [1, 27, 88])
def test_a_single_bill_renders_on_its_predicted_pages(tmp_path: Path, biller: Biller, count: int) -> None:
    render_bills([synthetic_bill(seed=6, index=count, line_count=count)], biller, tmp_path / "one.pdf")
    assert len(PdfReader(tmp_path / "one.pdf").pages) == pages_for(count)
