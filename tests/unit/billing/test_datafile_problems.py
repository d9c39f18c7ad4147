"""Each kind of bad data file, made by editing a good sample, names what, where, expected, found."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_datafile_support import (
    col,
    document_rows,
    problems,
    read,
    rows_of,
    sample,
    set_document,
    write_rows,
)

from batchline.billing.datafile import DataFileError, Problem
from batchline.billing.datafile_format import COLUMN_NAMES

HEADER = ",".join(COLUMN_NAMES)


def only(found: tuple[Problem, ...]) -> Problem:
    assert len(found) == 1, found
    return found[0]


# -- the file as a whole ------------------------------------------------------------------


def test_a_zero_byte_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_bytes(b"")
    assert only(problems(path, tmp_path)) == Problem(
        "empty file", "file", "a header row and at least one record", "0 bytes"
    )


def test_a_header_and_trailer_without_records_has_no_records(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text(f"{HEADER}\nTRAILER,0,0,0.00\n")
    assert only(problems(path, tmp_path)).what == "no records"


def test_a_header_alone_has_no_records_and_no_control_totals(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text(HEADER + "\n")
    assert [p.what for p in problems(path, tmp_path)] == ["no records", "no control totals"]


def test_a_file_without_trailer_or_control_file_has_no_control_totals(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    write_rows(made.path, rows_of(made.path)[:-1])
    assert only(problems(made.path, tmp_path)) == Problem(
        "no control totals",
        "file",
        "a TRAILER line at the end of the file, or a control file bills.csv.ctl beside it",
        "neither",
    )


# -- header -----------------------------------------------------------------------------------


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    made = sample(tmp_path, 2)
    rows = [row[:-1] if row[0] != "TRAILER" else row for row in rows_of(made.path)]
    write_rows(made.path, rows, retotal=False)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.where, found.found) == ("missing columns", "header (line 1)", "no line_amount")


def test_an_unexpected_column_is_named(tmp_path: Path) -> None:
    made = sample(tmp_path, 2)
    rows = [[*row, "x"] if row[0] != "TRAILER" else row for row in rows_of(made.path)]
    rows[0][-1] = "notes"
    write_rows(made.path, rows, retotal=False)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.found) == ("unexpected columns", '"notes"')


def test_columns_out_of_order_show_the_expected_and_found_header(tmp_path: Path) -> None:
    made = sample(tmp_path, 2)
    rows = rows_of(made.path)
    for row in rows[:-1]:
        row[col("city")], row[col("state")] = row[col("state")], row[col("city")]
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert found.what == "columns out of order"
    assert found.expected == HEADER
    assert found.found == HEADER.replace("city,state", "state,city")


# -- characters and structure -----------------------------------------------------------------


def test_invalid_utf8_is_reported_with_its_line_and_byte_offset(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    data = made.path.read_bytes()
    third_line = data.index(b"\n", data.index(b"\n") + 1) + 1
    offset = data.index(b",", third_line) + 1  # the start of document_type
    made.path.write_bytes(data[:offset] + b"\xff" + data[offset + 1 :])
    assert only(problems(made.path, tmp_path)) == Problem(
        "unreadable characters",
        f"line 3, column document_type, byte offset {offset:,}",
        "UTF-8 text",
        "byte 0xFF, which is not UTF-8",
    )


def test_a_nul_byte_in_a_field_is_a_control_character(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[3][col("customer_name")] = "Acme\x00Corp"
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert found.what == "control character in a field"
    assert found.where.startswith("line 4, column customer_name, byte offset ")
    assert found.found == "NUL (byte 0x00)"


def test_a_line_break_inside_a_quoted_value_is_not_allowed(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[3][col("address_line2")] = "Suite 5\nBack door"
    write_rows(made.path, rows)
    assert only(problems(made.path, tmp_path)) == Problem(
        "line break inside a value",
        "lines 4-5, column address_line2",
        "each record on one line (line breaks are not allowed inside values)",
        '"Suite 5\\x0aBack door"',
    )


def test_a_blank_line_between_records_is_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    write_rows(made.path, [*rows[:3], [], *rows[3:]])
    assert only(problems(made.path, tmp_path)).where == "line 4"


def test_a_record_with_too_few_fields_is_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[2] = rows[2][:20]
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.where, found.expected) == (
        "wrong number of fields", "line 3", "24 fields, one for each column",
    )  # fmt: skip
    assert found.found.startswith("20 fields: ")


# -- values -------------------------------------------------------------------------------------


def test_a_date_that_does_not_exist_is_not_readable(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[2][col("due_date")] = "2025-02-30"
    write_rows(made.path, rows)
    assert only(problems(made.path, tmp_path)) == Problem(
        "value not readable as a date", "line 3, column due_date", "a date as YYYY-MM-DD", '"2025-02-30"'
    )


def test_a_day_past_the_end_of_the_month_is_not_readable(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[2][col("document_date")] = "2025-01-32"
    write_rows(made.path, rows)
    assert only(problems(made.path, tmp_path)).found == '"2025-01-32"'


def test_values_of_the_wrong_type_are_each_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[2][col("quantity")] = "lots"
    rows[3][col("line_number")] = "2a"
    rows[4][col("line_amount")] = "12.345"
    write_rows(made.path, rows, retotal=False)
    assert [(p.what, p.where, p.found) for p in problems(made.path, tmp_path)] == [
        ("value not readable as a whole number", "line 4, column line_number", '"2a"'),
        ("value not readable as a number", "line 3, column quantity", '"lots"'),
        ("value not readable as an amount", "line 5, column line_amount", '"12.345"'),
    ]


def test_an_empty_required_value_is_reported_once_per_document(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    doc = document_rows(rows)
    set_document(rows, doc, "customer_name", "")
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.where) == (
        "empty required value", f"line {doc[0] + 1}, column customer_name (document {rows[doc[0]][0]})",
    )  # fmt: skip


def test_an_empty_line_amount_is_reported_on_its_line(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[2][col("line_amount")] = ""
    write_rows(made.path, rows, retotal=False)
    assert [p.where for p in problems(made.path, tmp_path)] == ["line 3, column line_amount"]


def test_unknown_document_types_and_channels_are_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    doc = document_rows(rows)
    set_document(rows, doc, "document_type", "BILL")
    set_document(rows, doc, "delivery_channel", "SMS")
    write_rows(made.path, rows)
    found = problems(made.path, tmp_path)
    assert [(p.what, p.found) for p in found] == [
        ("unknown document type", '"BILL"'), ("unknown delivery channel", '"SMS"'),
    ]  # fmt: skip
    assert (
        found[1].expected == "PRINT, EMAIL, FAX, EBILL, CSV, PULL, or empty to use the customer routing setup"
    )


def test_a_due_date_before_the_document_date_is_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    doc = document_rows(rows)
    set_document(rows, doc, "due_date", "2025-01-30")
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.expected, found.found) == (
        "due date before document date", "a date on or after the document date, 2025-01-31", "2025-01-30",
    )  # fmt: skip


def test_email_delivery_needs_a_plausible_address(tmp_path: Path) -> None:
    made = sample(tmp_path, 12)
    rows = rows_of(made.path)
    doc = document_rows(rows, channel="EMAIL")
    set_document(rows, doc, "email", "ap.example.com")
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.where, found.found) == (
        "email address not usable",
        f"line {doc[0] + 1}, column email (document {rows[doc[0]][0]})",
        '"ap.example.com"',
    )


def test_fax_delivery_needs_a_ten_digit_number(tmp_path: Path) -> None:
    made = sample(tmp_path, 12, channels={"FAX": 1.0})
    rows = rows_of(made.path)
    doc = document_rows(rows)
    set_document(rows, doc, "fax_number", "555-0100")
    write_rows(made.path, rows)
    assert only(problems(made.path, tmp_path)).what == "fax number not usable"


def test_print_delivery_needs_a_complete_address(tmp_path: Path) -> None:
    made = sample(tmp_path, 12, channels={"PRINT": 1.0})
    rows = rows_of(made.path)
    doc = document_rows(rows)
    set_document(rows, doc, "zip", "")
    set_document(rows, doc, "city", "")
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.found) == ("print address incomplete", "no city, zip")


# -- documents ----------------------------------------------------------------------------------


def test_document_fields_that_differ_between_its_rows_are_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    doc = document_rows(rows)
    city = rows[doc[0]][col("city")]
    rows[doc[1]][col("city")] = "ELSEWHERE"
    write_rows(made.path, rows)
    assert only(problems(made.path, tmp_path)) == Problem(
        "document fields differ between rows",
        f"line {doc[1] + 1}, column city (document {rows[doc[0]][0]})",
        f'the same value on every row of the document: "{city}" as on line {doc[0] + 1}',
        '"ELSEWHERE"',
    )


def test_a_document_whose_rows_are_apart_is_a_duplicate_document_number(tmp_path: Path) -> None:
    made = sample(tmp_path, 3, lines_per_document=(2, 2))
    rows = rows_of(made.path)
    rows.insert(6, rows.pop(2))  # the first document's second line goes after the second document
    write_rows(made.path, rows)
    assert only(problems(made.path, tmp_path)) == Problem(
        "duplicate document number",
        "line 2 and line 7",
        "each document number once, with all of its rows together",
        "document 100001 in 2 places",
    )


def test_a_repeated_line_number_within_a_document_is_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    doc = document_rows(rows)
    rows[doc[1]][col("line_number")] = "1"
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.where, found.found) == (
        "duplicate line number",
        f"line {doc[1] + 1}, column line_number (document {rows[doc[0]][0]})",
        f"1 again (already on line {doc[0] + 1})",
    )


def test_an_amount_due_that_is_not_the_sum_of_its_lines_is_reported_exactly(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    doc = document_rows(rows)
    stated = rows[doc[0]][col("amount_due")]
    set_document(rows, doc, "amount_due", "0.01")
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.expected, found.found) == (
        "amount due does not match line items",
        f"{stated}, the sum of the document's line_amount values",
        "0.01",
    )
    assert found.where.startswith(f"lines {doc[0] + 1}-{doc[-1] + 1}, column amount_due")


# -- control totals -------------------------------------------------------------------------------


def test_trailer_figures_that_do_not_match_the_data_are_each_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[-1] = ["TRAILER", "1", "2", "3.00"]
    write_rows(made.path, rows, retotal=False)
    trailer = f"trailer (line {len(rows):,})"
    assert problems(made.path, tmp_path) == (
        Problem("record count does not match", f"{trailer}, record_count", "1 (stated in the trailer)",
                f"{made.record_count} (in the data)"),
        Problem("document count does not match", f"{trailer}, document_count", "2 (stated in the trailer)",
                "3 (in the data)"),
        Problem("total amount does not match", f"{trailer}, total_amount", "3.00 (stated in the trailer)",
                f"{made.total_amount} (in the data)"),
    )  # fmt: skip


def test_a_malformed_trailer_is_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[-1] = ["TRAILER", "12", "x"]
    write_rows(made.path, rows, retotal=False)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.where, found.found) == (
        "malformed trailer", f"trailer (line {len(rows)})", '"TRAILER,12,x"',
    )  # fmt: skip


def test_a_malformed_control_file_is_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3, control="sidecar")
    assert made.control_path is not None
    made.control_path.write_text("record_count,document_count,total_amount\n3,many,1.00\n")
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.where, found.found) == (
        "malformed control file", "control file bills.csv.ctl, document_count", '"many"',
    )  # fmt: skip


def test_a_trailer_and_control_file_that_disagree_are_reported(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    made.path.with_name("bills.csv.ctl").write_text(
        f"record_count,document_count,total_amount\n{made.record_count},4,{made.total_amount}\n"
    )
    found = problems(made.path, tmp_path)
    assert found[0].what == "trailer and control file disagree"
    assert found[0].found == "3 in the trailer, 4 in the control file"
    assert [p.what for p in found[1:]] == ["document count does not match"]  # the control file's 4


# -- Parquet -------------------------------------------------------------------------------------


def test_a_parquet_file_with_float_money_is_rejected(tmp_path: Path) -> None:
    made = sample(tmp_path, 3, name="bills.parquet", fmt="parquet", control="sidecar")
    table = pq.read_table(made.path)
    index = table.schema.get_field_index("line_amount")
    table = table.set_column(index, "line_amount", table.column("line_amount").cast(pa.float64()))
    pq.write_table(table, made.path)
    assert only(problems(made.path, tmp_path)) == Problem(
        "wrong column type",
        "column line_amount",
        "decimal128(12, 2) (money is exact: decimal, never floating point)",
        "double",
    )


def test_a_parquet_file_is_checked_by_record_number(tmp_path: Path) -> None:
    made = sample(tmp_path, 3, name="bills.parquet", fmt="parquet", control="sidecar")
    table = pq.read_table(made.path)
    index = table.schema.get_field_index("document_type")
    numbers = table.column("document_number").to_pylist()
    values = [
        "BILL" if number == "100001" else kind
        for number, kind in zip(numbers, table.column("document_type").to_pylist(), strict=True)
    ]
    table = table.set_column(index, "document_type", pa.array(values))
    pq.write_table(table, made.path)
    assert only(problems(made.path, tmp_path)).where == "record 1, column document_type (document 100001)"


def test_a_parquet_value_with_a_line_break_is_a_control_character(tmp_path: Path) -> None:
    made = sample(tmp_path, 3, name="bills.parquet", fmt="parquet", control="sidecar")
    table = pq.read_table(made.path)
    index = table.schema.get_field_index("item_description")
    values = table.column("item_description").to_pylist()
    values[1] = "Two\nlines"
    pq.write_table(table.set_column(index, "item_description", pa.array(values)), made.path)
    assert only(problems(made.path, tmp_path)) == Problem(
        "control character in a field",
        "record 2, column item_description",
        "text without control characters or line breaks (tab is allowed)",
        '"Two\\x0alines"',
    )


def test_a_parquet_file_without_records_has_no_records(tmp_path: Path) -> None:
    made = sample(tmp_path, 3, name="bills.parquet", fmt="parquet", control="sidecar")
    pq.write_table(pq.read_table(made.path).slice(0, 0), made.path)
    assert [p.what for p in problems(made.path, tmp_path)] == ["no records"]


# -- more than a screenful -----------------------------------------------------------------------


def test_a_carriage_return_without_a_line_feed_is_a_control_character(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[2][col("attention")] = "Jane\rDoe"
    write_rows(made.path, rows)
    found = only(problems(made.path, tmp_path))
    assert (found.what, found.found) == ("control character in a field", "CR without LF (byte 0x0D)")
    assert found.where.startswith("line 3, column attention, ")


def test_over_a_hundred_bad_values_are_counted_beyond_the_hundred_listed(tmp_path: Path) -> None:
    made = sample(tmp_path, 30, lines_per_document=(5, 5))
    rows = rows_of(made.path)
    for row in rows[1:151]:
        row[col("line_number")] = "one"
    write_rows(made.path, rows)
    with pytest.raises(DataFileError) as raised:
        read(made.path, tmp_path)
    assert (len(raised.value.problems), raised.value.more) == (100, 50)
    assert raised.value.problems[-1].where == "line 101, column line_number"
