"""CSV export for clients that take their bills as data: one file a job, a row per line item.

The document's fields repeat on each of its line items, as in the billing data file.
Money and quantities are exact decimal text. Text that a spreadsheet would run as a
formula is neutralised the way the reports are (`batchline.reports.files.neutralize`).
UTF-8, a header row, RFC 4180 quoting and CRLF line ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from batchline.reports.files import neutralize

DOCUMENT_FIELDS = (
    "document_number",
    "document_type",
    "document_date",
    "due_date",
    "account_number",
    "customer_name",
    "branch",
    "amount_due",
)
LINE_FIELDS = ("line_number", "item_description", "quantity", "unit_price", "line_amount")
COLUMNS = DOCUMENT_FIELDS + LINE_FIELDS
# Free text a client or its customers wrote; numbers, dates and codes are written as they are
# (a negative amount starts with "-" and must stay a number).
_TEXT = frozenset({"document_number", "account_number", "customer_name", "branch", "item_description"})


def csv_bytes(documents: Iterable[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]]) -> bytes:
    """The export of (document fields, its line items) pairs, in the order given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for head, lines in documents:
        fixed = [_cell(name, head[name]) for name in DOCUMENT_FIELDS]
        for line in lines:
            writer.writerow([*fixed, *(_cell(name, line[name]) for name in LINE_FIELDS)])
    return out.getvalue().encode("utf-8")


def _cell(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if name in _TEXT:
        return neutralize(str(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
