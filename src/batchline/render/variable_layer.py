"""The variable layer: a bill's own data as page content streams, by string formatting.

A page is one text object plus, on a mail piece's first page, the barcode rectangles.
Table rows are written in reading order with constant relative moves (``Td``) between the
column anchors, and every cell is a cached fragment (see ``pdftext``), so a row costs a
few dictionary lookups. Caches live as long as one output file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from batchline.billing.model import Bill, LineItem
from batchline.render import layout as L
from batchline.render.imb import imb_operators
from batchline.render.pdftext import Cells, Font, at, escape, money, number, quantity
from batchline.render.scanline import scan_line
from batchline.render.static_layer import CONTINUATION_PAGE, FIRST_PAGE, LAST_PAGE, LayoutError

# Moves between the table's column anchors, and from the last column to the next row.
_TO_DESCRIPTION = f"{number(L.DESCRIPTION_X - L.LINE_NO_RIGHT)} 0 Td\n"
_TO_QUANTITY = f"{number(L.QUANTITY_RIGHT - L.DESCRIPTION_X)} 0 Td\n"
_TO_UNIT_PRICE = f"{number(L.UNIT_PRICE_RIGHT - L.QUANTITY_RIGHT)} 0 Td\n"
_TO_AMOUNT = f"{number(L.AMOUNT_RIGHT - L.UNIT_PRICE_RIGHT)} 0 Td\n"
_TO_NEXT_ROW = f"{number(L.LINE_NO_RIGHT - L.AMOUNT_RIGHT)} {number(-L.ROW_LEADING)} Td\n"


@dataclass(frozen=True, slots=True)
class Page:
    forms: tuple[str, ...]
    content: str


def paginate(line_count: int) -> tuple[int, ...]:
    """How many line items go on each page; the last page also holds the totals and coupon."""
    capacity, capacity_last = len(L.FIRST_ROWS), len(L.FIRST_ROWS_WITH_COUPON)
    counts = []
    remaining = line_count
    while remaining > capacity_last:
        # Leave at least one row for the coupon page so the totals never stand alone.
        take = min(capacity, remaining - 1)
        counts.append(take)
        remaining -= take
        capacity, capacity_last = len(L.CONT_ROWS), len(L.CONT_ROWS_WITH_COUPON)
    counts.append(remaining)
    return tuple(counts)


def _date(value: date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


class VariableLayer:
    """Builds the content streams of every page of a bill, for one output file."""

    def __init__(self, fonts: dict[str, str]) -> None:
        regular = self.regular = Font(fonts[L.REGULAR], L.REGULAR)
        bold = self.bold = Font(fonts[L.BOLD], L.BOLD)
        self.mono = Font(fonts[L.MONO], L.MONO)
        self._line_numbers = Cells(lambda n: regular.right(str(n)) + _TO_DESCRIPTION)
        self._descriptions = Cells(
            lambda text: (
                f"({escape(regular.fitted(text, L.TABLE_SIZE, L.DESCRIPTION_MAX_WIDTH))})Tj\n" + _TO_QUANTITY
            )
        )
        self._quantities = Cells(lambda q: regular.right(quantity(q)) + _TO_UNIT_PRICE)
        self._unit_prices = Cells(lambda amount: regular.right(money(amount)) + _TO_AMOUNT)
        self._amounts = Cells(lambda amount: regular.right(money(amount)) + _TO_NEXT_ROW)
        self._dates = Cells(lambda d: regular.right(_date(d)))
        self._titles = Cells(bold.right)
        self._info_at = tuple(at(L.RIGHT, y) for y in L.INFO_ROWS_Y)
        self._cont_info_at = tuple(at(L.RIGHT, y) for y in L.CONT_INFO_ROWS_Y)
        self._coupon_at = tuple(at(L.COUPON_RIGHT, y) for y in L.COUPON_ROWS_Y)
        self._first_rows_at = at(L.LINE_NO_RIGHT, L.FIRST_ROWS[0])
        self._cont_rows_at = at(L.LINE_NO_RIGHT, L.CONT_ROWS[0])
        self._title_head = at(L.RIGHT, L.TITLE_Y) + bold.select(L.TITLE_SIZE)
        self._cont_title_head = at(L.RIGHT, L.CONT_TITLE_Y) + bold.select(L.CONT_TITLE_SIZE)
        self._amount_box_head = bold.select(12) + at(L.RIGHT - 4, L.AMOUNT_BOX_TEXT_Y)
        self._bill_to_head = (
            regular.select(L.BILL_TO_SIZE)
            + f"{number(L.BILL_TO_LEADING)} TL\n"
            + at(L.ADDRESS_X, L.BILL_TO_FIRST_Y)
        )
        self._info_size = regular.select(L.INFO_SIZE)
        self._table_size = regular.select(L.TABLE_SIZE)
        self._total_head = bold.select(10) + at(L.AMOUNT_RIGHT, L.TOTAL_Y)
        self._coupon_size = regular.select(L.COUPON_SIZE)
        self._coupon_bold_size = bold.select(L.COUPON_SIZE)
        self._scan_head = self.mono.select(L.SCAN_LINE_SIZE) + at(L.RIGHT, L.SCAN_LINE_Y)
        self._continued_head = regular.select(8) + at(L.RIGHT, L.CONTINUED_Y)

    def pages(self, bill: Bill) -> list[Page]:
        if len(bill.bill_to) > L.MAX_BILL_TO_LINES:
            raise LayoutError(
                f"Document {bill.document_number}: the bill-to address has {len(bill.bill_to)} lines; "
                f"the envelope window shows {L.MAX_BILL_TO_LINES}. Standardize the address."
            )
        counts = paginate(len(bill.lines))
        total_pages = len(counts)
        pages = []
        start = 0
        for page_number, count in enumerate(counts, start=1):
            last = page_number == total_pages
            items = bill.lines[start : start + count]
            start += count
            if page_number == 1:
                forms: tuple[str, ...] = (FIRST_PAGE, LAST_PAGE) if last else (FIRST_PAGE,)
                head = self._first_header(bill, total_pages)
                rows_at = self._first_rows_at
            else:
                forms = (CONTINUATION_PAGE, LAST_PAGE) if last else (CONTINUATION_PAGE,)
                head = self._continuation_header(bill, page_number, total_pages)
                rows_at = self._cont_rows_at
            tail = (
                self._coupon(bill)
                if last
                else self._continued_head + self.regular.right(f"Continued on page {page_number + 1}")
            )
            barcode = ""
            if page_number == 1 and bill.imb_digits is not None:
                barcode = imb_operators(bill.imb_digits, L.ADDRESS_X, L.IMB_Y)
            table = f"{self._table_size}{rows_at}{self._rows(items)}"
            pages.append(Page(forms, f"{barcode}BT\n{head}{table}{tail}ET\n"))
        return pages

    def _first_header(self, bill: Bill, total_pages: int) -> str:
        right, info_at = self.regular.right, self._info_at
        bill_to = "".join([f"({escape(line)})'\n" for line in bill.bill_to[1:]])
        first_line = f"({escape(bill.bill_to[0])})Tj\n" if bill.bill_to else ""
        return (
            f"{self._title_head}{self._titles[bill.document_type]}{self._info_size}"
            f"{info_at[0]}{right(bill.document_number)}"
            f"{info_at[1]}{self._dates[bill.document_date]}"
            f"{info_at[2]}{self._dates[bill.due_date]}"
            f"{info_at[3]}{right(bill.account_number)}"
            f"{info_at[4]}{right(bill.branch)}"
            f"{info_at[5]}{right(f'1 of {total_pages}')}"
            f"{self._amount_box_head}{self.bold.right('$' + money(bill.amount_due))}"
            f"{self._bill_to_head}{first_line}{bill_to}"
        )

    def _continuation_header(self, bill: Bill, page: int, total_pages: int) -> str:
        right, info_at = self.regular.right, self._cont_info_at
        return (
            f"{self._cont_title_head}{self.bold.right(bill.document_type + ' (continued)')}{self._info_size}"
            f"{info_at[0]}{right(bill.document_number)}"
            f"{info_at[1]}{right(bill.account_number)}"
            f"{info_at[2]}{right(f'{page} of {total_pages}')}"
        )

    def _rows(self, items: tuple[LineItem, ...]) -> str:
        numbers, descriptions, quantities = self._line_numbers, self._descriptions, self._quantities
        unit_prices, amounts = self._unit_prices, self._amounts
        return "".join(
            [
                f"{numbers[i.line_number]}{descriptions[i.description]}{quantities[i.quantity]}"
                f"{unit_prices[i.unit_price]}{amounts[i.amount]}"
                for i in items
            ]
        )

    def _coupon(self, bill: Bill) -> str:
        due = self.bold.right("$" + money(bill.amount_due))
        right, coupon_at = self.regular.right, self._coupon_at
        return (
            f"{self._total_head}{due}{self._coupon_size}"
            f"{coupon_at[0]}{right(bill.account_number)}"
            f"{coupon_at[1]}{right(bill.document_number)}"
            f"{coupon_at[2]}{self._dates[bill.due_date]}"
            f"{self._coupon_bold_size}{coupon_at[3]}{due}"
            f"{self._scan_head}{self.mono.right(scan_line(bill))}"
        )
