"""The billing data file's columns, types and vocabularies (see docs/billing-data-file.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

DOCUMENT_TYPES = ("INVOICE", "STATEMENT")
DELIVERY_CHANNELS = ("PRINT", "EMAIL", "FAX", "EBILL", "CSV", "PULL")
DEFAULT_TEMPLATE = "standard"
# documents_by_channel's key for documents whose channel comes from the customer routing setup
ROUTED_BY_SETUP = "ROUTING"

# name, kind; in file order. Kinds: str, date, money (12,2), measure (14,4), int.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("document_number", "str"),
    ("document_type", "str"),
    ("document_date", "date"),
    ("due_date", "date"),
    ("account_number", "str"),
    ("customer_name", "str"),
    ("branch", "str"),
    ("template", "str"),
    ("delivery_channel", "str"),
    ("email", "str"),
    ("fax_number", "str"),
    ("attention", "str"),
    ("care_of", "str"),
    ("address_line1", "str"),
    ("address_line2", "str"),
    ("city", "str"),
    ("state", "str"),
    ("zip", "str"),
    ("amount_due", "money"),
    ("line_number", "int"),
    ("item_description", "str"),
    ("quantity", "measure"),
    ("unit_price", "measure"),
    ("line_amount", "money"),
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)
KIND = dict(COLUMNS)
LINE_COLUMNS = ("line_number", "item_description", "quantity", "unit_price", "line_amount")
DOCUMENT_COLUMNS = tuple(name for name in COLUMN_NAMES if name not in LINE_COLUMNS)
REQUIRED = (
    "document_number",
    "document_type",
    "document_date",
    "due_date",
    "account_number",
    "customer_name",
    "branch",
    "amount_due",
    "line_number",
    "item_description",
    "line_amount",
)
PRINT_ADDRESS = ("address_line1", "city", "state", "zip")

# How each kind is written, for messages.
EXPECTED_TEXT = {
    "date": "a date as YYYY-MM-DD",
    "money": "an amount with at most 2 decimal places, like 1234.50 or -12.00",
    "measure": "a number with at most 4 decimal places, like 2.5 or 12.3456",
    "int": "a whole number of 1 or more",
}
# Strict text forms; pyarrow's own parsers also take 1E2, +5 and surrounding spaces.
PATTERNS = {
    "date": r"^\d{4}-\d{2}-\d{2}$",
    "money": r"^-?\d{1,10}(\.\d{1,2})?$",
    "measure": r"^-?\d{1,10}(\.\d{1,4})?$",
    "int": r"^\d{1,9}$",
}


def arrow_type(kind: str) -> pa.DataType:
    import pyarrow as pa

    return {
        "str": pa.string(),
        "date": pa.date32(),
        "money": pa.decimal128(12, 2),
        "measure": pa.decimal128(14, 4),
        "int": pa.int32(),
    }[kind]


def arrow_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(name, arrow_type(kind)) for name, kind in COLUMNS])
