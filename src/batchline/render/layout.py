"""Bill page geometry, in PDF points (1/72 in) from the bottom-left corner of a US letter page.

Everything the renderers place is positioned from here, so a layout change is made once.
The address blocks sit in the windows of a #10 double-window envelope (letter tri-folded,
top panel facing the windows): return address 0.6-1.5 in from the top, recipient address
2.0-3.1 in from the top, both 1 in from the left edge.
"""

from __future__ import annotations

PAGE_WIDTH = 612.0
PAGE_HEIGHT = 792.0
LEFT = 54.0
RIGHT = 558.0

REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
MONO = "Courier"  # the scan line; a print facility swaps in OCR-A
MONO_ADVANCE = 0.6  # Courier: every glyph is 600/1000 em wide

# Header, top window: logo box, biller name, return (remit-to) address.
LOGO_BOX = (72.0, 706.0, 40.0, 40.0)  # x, y, width, height
HEADER_X = 120.0
HEADER_NAME_Y = 736.0
HEADER_ADDRESS_Y = 724.0
HEADER_LEADING = 10.0
CONTACT_Y = 682.0  # phone and email, between the windows
MAX_REMIT_LINES = 4

# Right column of the first page: document title and the document facts.
INFO_LABEL_X = 372.0
TITLE_Y = 738.0
TITLE_SIZE = 20.0
INFO_SIZE = 9.0
INFO_ROWS_Y = (716.0, 704.0, 692.0, 680.0, 668.0, 656.0)
INFO_LABELS = ("Document No.", "Document Date", "Due Date", "Account No.", "Branch", "Page")
AMOUNT_BOX = (INFO_LABEL_X - 6.0, 616.0, RIGHT - INFO_LABEL_X + 10.0, 26.0)
AMOUNT_BOX_TEXT_Y = 625.0
REMIT_LABEL_Y = 602.0
REMIT_FIRST_Y = 591.0
REMIT_LEADING = 10.0

# Bill-to in the recipient window, the Intelligent Mail barcode above it.
ADDRESS_X = 72.0
IMB_Y = 632.0  # bottom of the tallest bar
BILL_TO_FIRST_Y = 620.0
BILL_TO_LEADING = 10.5
BILL_TO_SIZE = 9.5
MAX_BILL_TO_LINES = 5

# Line-item table.
TABLE_SIZE = 8.5
ROW_LEADING = 10.0
HEADER_BAND_HEIGHT = 14.0
FIRST_TABLE_HEADER_Y = 540.0
CONT_TABLE_HEADER_Y = 672.0
LINE_NO_RIGHT = 76.0
DESCRIPTION_X = 86.0
DESCRIPTION_MAX_WIDTH = 236.0  # leaves 58 pt for the widest quantity
QUANTITY_RIGHT = 380.0
UNIT_PRICE_RIGHT = 468.0
AMOUNT_RIGHT = RIGHT - 4.0
TABLE_COLUMNS = (
    ("Line", LINE_NO_RIGHT, "right"),
    ("Description", DESCRIPTION_X, "left"),
    ("Qty", QUANTITY_RIGHT, "right"),
    ("Unit Price", UNIT_PRICE_RIGHT, "right"),
    ("Amount", AMOUNT_RIGHT, "right"),
)
LOWEST_ROW_Y = 60.0  # pages without the coupon
LOWEST_ROW_Y_WITH_COUPON = 268.0
CONTINUED_Y = 40.0

# Continuation pages: compact header.
CONT_TITLE_Y = 738.0
CONT_TITLE_SIZE = 14.0
CONT_INFO_ROWS_Y = (720.0, 708.0, 696.0)
CONT_INFO_LABELS = ("Document No.", "Account No.", "Page")
CONT_RULE_Y = 688.0

# Totals and the detachable remittance coupon, last page only.
TOTAL_RULE_Y = 260.0
TOTAL_Y = 247.0
TEAR_Y = 222.0
COUPON_RIGHT = 300.0  # right edge of the coupon's value column
COUPON_NAME_Y = 200.0
COUPON_ROWS_Y = (184.0, 172.0, 160.0, 148.0)
COUPON_LABELS = ("Account Number", "Document Number", "Due Date", "Amount Due")
COUPON_SIZE = 9.0
ENCLOSED_BOX = (170.0, 106.0, 130.0, 24.0)
ENCLOSED_LABEL_Y = 115.0
COUPON_REMIT_X = 360.0
COUPON_REMIT_LABEL_Y = 190.0
COUPON_REMIT_FIRST_Y = 177.0
SCAN_LINE_Y = 45.0
SCAN_LINE_SIZE = 10.0


def row_positions(table_header_y: float, lowest_row_y: float) -> tuple[float, ...]:
    """Baselines of the table rows below a header band."""
    first = table_header_y - HEADER_BAND_HEIGHT
    count = int((first - lowest_row_y) // ROW_LEADING) + 1
    return tuple(first - i * ROW_LEADING for i in range(count))


FIRST_ROWS = row_positions(FIRST_TABLE_HEADER_Y, LOWEST_ROW_Y)
FIRST_ROWS_WITH_COUPON = row_positions(FIRST_TABLE_HEADER_Y, LOWEST_ROW_Y_WITH_COUPON)
CONT_ROWS = row_positions(CONT_TABLE_HEADER_Y, LOWEST_ROW_Y)
CONT_ROWS_WITH_COUPON = row_positions(CONT_TABLE_HEADER_Y, LOWEST_ROW_Y_WITH_COUPON)
