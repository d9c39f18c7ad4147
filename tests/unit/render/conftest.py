from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from batchline.billing.model import Bill, Biller
from batchline.render.synthetic import synthetic_bill, synthetic_biller


@pytest.fixture
def biller() -> Biller:
    return synthetic_biller()


@pytest.fixture
def mail_bill() -> Bill:
    """A one-page mail piece with an Intelligent Mail barcode."""
    bill = synthetic_bill(seed=3, index=11, line_count=6)
    return replace(bill, imb_digits="01234567094987654321" + "01234567891")


@pytest.fixture
def email_bill() -> Bill:
    return replace(synthetic_bill(seed=3, index=12, line_count=4), imb_digits=None, channel="EMAIL")


def _page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture
def page_texts() -> Callable[[Path], list[str]]:
    """The extracted text of every page of a PDF."""
    return _page_texts
