"""The static layer: everything the same on every bill of a biller, drawn once per file.

Three Form XObjects: the first page's furniture, a continuation page's, and the last page's
totals line and remittance coupon. Pages reference them with ``Do``; this runs once per
file, so it uses the plain canvas API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from batchline.billing.model import Biller
from batchline.render import layout as L

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FIRST_PAGE = "first"
CONTINUATION_PAGE = "continuation"
LAST_PAGE = "last"
FORMS = (FIRST_PAGE, CONTINUATION_PAGE, LAST_PAGE)

LABEL_GRAY = 0.35
BAND_GRAY = 0.88


class LayoutError(ValueError):
    """Biller or bill data that does not fit the printed layout."""


def check_biller(biller: Biller) -> None:
    if not 1 <= len(biller.remit_to) <= L.MAX_REMIT_LINES:
        raise LayoutError(
            f"Biller {biller.client_id}: the remit-to address has {len(biller.remit_to)} lines; "
            f"the bill and coupon have room for 1 to {L.MAX_REMIT_LINES}. Shorten it in the client profile."
        )


def draw_static_layer(canvas: Canvas, biller: Biller) -> None:
    """Define the three forms for ``biller`` on ``canvas``."""
    check_biller(biller)
    canvas.beginForm(FIRST_PAGE)
    _header(canvas, biller, with_address=True)
    _labels(canvas, L.INFO_LABELS, L.INFO_ROWS_Y)
    x, y, w, h = L.AMOUNT_BOX
    canvas.setFillGray(BAND_GRAY)
    canvas.rect(x, y, w, h, stroke=0, fill=1)
    canvas.setFillGray(0)
    canvas.setFont(L.BOLD, 10)
    canvas.drawString(L.INFO_LABEL_X, L.AMOUNT_BOX_TEXT_Y, "Amount Due")
    _remit_to(canvas, biller, L.INFO_LABEL_X, L.REMIT_LABEL_Y, L.REMIT_FIRST_Y, "Please remit payment to")
    _table_header(canvas, L.FIRST_TABLE_HEADER_Y)
    canvas.endForm()

    canvas.beginForm(CONTINUATION_PAGE)
    _header(canvas, biller, with_address=False)
    _labels(canvas, L.CONT_INFO_LABELS, L.CONT_INFO_ROWS_Y)
    canvas.setLineWidth(0.75)
    canvas.line(L.LEFT, L.CONT_RULE_Y, L.RIGHT, L.CONT_RULE_Y)
    _table_header(canvas, L.CONT_TABLE_HEADER_Y)
    canvas.endForm()

    canvas.beginForm(LAST_PAGE)
    _coupon(canvas, biller)
    canvas.endForm()


def _header(canvas: Canvas, biller: Biller, with_address: bool) -> None:
    x, y, w, h = L.LOGO_BOX
    canvas.setLineWidth(1)
    canvas.setStrokeGray(0.2)
    canvas.roundRect(x, y, w, h, 4)
    initials = "".join(word[0] for word in biller.name.split()[:2]).upper()
    canvas.setFont(L.BOLD, 15)
    canvas.drawCentredString(x + w / 2, y + h / 2 - 5, initials)
    canvas.setFont(L.BOLD, 13)
    canvas.drawString(L.HEADER_X, L.HEADER_NAME_Y, biller.name)
    canvas.setFont(L.REGULAR, 8.5)
    contact = f"Questions? Call {biller.phone}  |  {biller.email}"
    if with_address:
        for i, line in enumerate(biller.remit_to):
            canvas.drawString(L.HEADER_X, L.HEADER_ADDRESS_Y - i * L.HEADER_LEADING, line)
        canvas.drawString(L.ADDRESS_X, L.CONTACT_Y, contact)
    else:
        canvas.drawString(L.HEADER_X, L.HEADER_ADDRESS_Y, contact)


def _labels(canvas: Canvas, labels: tuple[str, ...], rows_y: tuple[float, ...]) -> None:
    canvas.setFillGray(LABEL_GRAY)
    canvas.setFont(L.REGULAR, 8)
    for label, y in zip(labels, rows_y, strict=True):
        canvas.drawString(L.INFO_LABEL_X, y, label)
    canvas.setFillGray(0)


def _remit_to(canvas: Canvas, biller: Biller, x: float, label_y: float, first_y: float, label: str) -> None:
    canvas.setFillGray(LABEL_GRAY)
    canvas.setFont(L.BOLD, 7.5)
    canvas.drawString(x, label_y, label.upper())
    canvas.setFillGray(0)
    canvas.setFont(L.REGULAR, 9)
    for i, line in enumerate(biller.remit_to):
        canvas.drawString(x, first_y - i * L.REMIT_LEADING, line)


def _table_header(canvas: Canvas, y: float) -> None:
    canvas.setFillGray(BAND_GRAY)
    canvas.rect(L.LEFT, y - 4, L.RIGHT - L.LEFT, L.HEADER_BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillGray(0)
    canvas.setFont(L.BOLD, 8)
    for label, x, align in L.TABLE_COLUMNS:
        if align == "right":
            canvas.drawRightString(x, y, label)
        else:
            canvas.drawString(x, y, label)


def _coupon(canvas: Canvas, biller: Biller) -> None:
    canvas.setLineWidth(0.75)
    canvas.line(L.INFO_LABEL_X - 6, L.TOTAL_RULE_Y, L.RIGHT, L.TOTAL_RULE_Y)
    canvas.setFont(L.BOLD, 10)
    canvas.drawString(L.INFO_LABEL_X, L.TOTAL_Y, "Total Amount Due")

    canvas.setDash(4, 3)
    canvas.setLineWidth(0.5)
    canvas.line(L.LEFT - 18, L.TEAR_Y, L.RIGHT + 18, L.TEAR_Y)
    canvas.setDash()
    canvas.setFont(L.REGULAR, 6.5)
    canvas.drawCentredString(
        L.PAGE_WIDTH / 2,
        L.TEAR_Y + 4,
        f"Please detach and return this portion with your payment. Make checks payable to {biller.name}.",
    )
    canvas.setFont(L.BOLD, 11)
    canvas.drawString(L.LEFT, L.COUPON_NAME_Y, biller.name)
    canvas.setFont(L.REGULAR, 8)
    canvas.setFillGray(LABEL_GRAY)
    for label, y in zip(L.COUPON_LABELS, L.COUPON_ROWS_Y, strict=True):
        canvas.drawString(L.LEFT, y, label)
    canvas.setFillGray(0)
    x, y, w, h = L.ENCLOSED_BOX
    canvas.setFont(L.BOLD, 8)
    canvas.drawString(L.LEFT, L.ENCLOSED_LABEL_Y, "Amount Enclosed")
    canvas.setLineWidth(1)
    canvas.rect(x, y, w, h)
    canvas.setFont(L.REGULAR, 11)
    canvas.drawString(x + 5, y + 8, "$")
    _remit_to(canvas, biller, L.COUPON_REMIT_X, L.COUPON_REMIT_LABEL_Y, L.COUPON_REMIT_FIRST_Y, "Remit to")
