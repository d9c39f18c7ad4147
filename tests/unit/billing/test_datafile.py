"""Reading good billing data files, and how a bad one's problems are reported."""

from __future__ import annotations

import csv
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_datafile_support import ISSUED, col, problems, read, rows_of, sample, write_rows

from batchline.billing.datafile import DataFileError, Problem
from batchline.billing.datafile_problems import MAX_PROBLEMS


def test_a_csv_file_with_a_trailer_parses_with_its_counts_and_exact_total(tmp_path: Path) -> None:
    made = sample(tmp_path, 40)
    parsed = read(made.path, tmp_path)
    assert parsed.record_count == made.record_count
    assert parsed.document_count == 40
    assert parsed.total_amount == made.total_amount
    assert isinstance(parsed.total_amount, Decimal)
    assert parsed.documents_by_channel == made.documents_by_channel
    assert parsed.documents_by_type == made.documents_by_type


def test_a_csv_file_with_a_control_file_parses(tmp_path: Path) -> None:
    made = sample(tmp_path, 25, control="sidecar")
    assert made.control_path == tmp_path / "bills.csv.ctl"
    parsed = read(made.path, tmp_path)
    assert (parsed.record_count, parsed.document_count, parsed.total_amount) == (
        made.record_count, 25, made.total_amount,
    )  # fmt: skip


def test_a_parquet_file_with_a_control_file_parses(tmp_path: Path) -> None:
    made = sample(tmp_path, 25, name="bills.parquet", fmt="parquet", control="sidecar")
    parsed = read(made.path, tmp_path)
    assert (parsed.record_count, parsed.document_count, parsed.total_amount) == (
        made.record_count, 25, made.total_amount,
    )  # fmt: skip
    assert parsed.documents_by_channel == made.documents_by_channel


def test_a_trailer_and_a_control_file_that_agree_are_both_accepted(tmp_path: Path) -> None:
    made = sample(tmp_path, 5)
    made.path.with_name("bills.csv.ctl").write_text(
        f"record_count,document_count,total_amount\n{made.record_count},5,{made.total_amount}\n"
    )
    assert read(made.path, tmp_path).total_amount == made.total_amount


def test_the_trailer_is_not_read_as_a_record(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    parsed = read(made.path, tmp_path)
    lines = pq.read_table(parsed.lines_path)
    documents = pq.read_table(parsed.documents_path)
    assert lines.num_rows == made.record_count == len(rows_of(made.path)) - 2
    assert "TRAILER" not in documents.column("document_number").to_pylist()


def test_many_ten_cent_amounts_reconcile_exactly_where_floats_would_not(tmp_path: Path) -> None:
    made = sample(tmp_path, 1, lines_per_document=(1, 1))
    rows = rows_of(made.path)
    line = rows[1]
    line[col("amount_due")] = "100.00"
    line[col("item_description")], line[col("quantity")], line[col("unit_price")] = "Stamp", "1", "0.10"
    records = []
    for number in range(1, 1001):
        record = list(line)
        record[col("line_number")], record[col("line_amount")] = str(number), "0.10"
        records.append(record)
    write_rows(made.path, [rows[0], *records, rows[-1]])
    assert sum([0.10] * 1000) != 100.0
    parsed = read(made.path, tmp_path)
    assert parsed.total_amount == Decimal("100.00")
    assert rows_of(made.path)[-1] == ["TRAILER", "1000", "1", "100.00"]


def test_the_workspace_gets_one_row_per_document_and_one_per_line_in_file_order(tmp_path: Path) -> None:
    made = sample(tmp_path, 30)
    parsed = read(made.path, tmp_path)
    documents = pq.read_table(parsed.documents_path).to_pylist()
    lines = pq.read_table(parsed.lines_path)
    rows = rows_of(made.path)[1:-1]
    assert [d["doc_index"] for d in documents] == list(range(30))
    assert [d["document_number"] for d in documents] == list(dict.fromkeys(r[0] for r in rows))
    assert sum(d["line_count"] for d in documents) == lines.num_rows
    last = documents[-1]
    assert last["first_line"] + last["line_count"] == lines.num_rows
    assert lines.column("doc_index").to_pylist()[last["first_line"]] == 29
    assert documents[0]["document_date"] == ISSUED
    assert lines.schema.field("line_amount").type == pa.decimal128(12, 2)
    assert lines.schema.field("quantity").type == pa.decimal128(14, 4)
    for document, row in zip(documents, (r for i, r in enumerate(rows) if i == 0 or r[0] != rows[i - 1][0]),
                             strict=True):  # fmt: skip
        assert document["template"] == (row[col("template")] or "standard")
        assert document["delivery_channel"] == (row[col("delivery_channel")] or None)
        assert document["amount_due"] == Decimal(row[col("amount_due")])


def test_the_fingerprint_is_the_sha256_of_the_file_bytes(tmp_path: Path) -> None:
    made = sample(tmp_path, 4)
    assert read(made.path, tmp_path).sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()


def test_crlf_line_endings_and_a_byte_order_mark_are_accepted(tmp_path: Path) -> None:
    made = sample(tmp_path, 6)
    made.path.write_bytes(b"\xef\xbb\xbf" + made.path.read_bytes().replace(b"\n", b"\r\n"))
    assert read(made.path, tmp_path).record_count == made.record_count


def test_tabs_in_values_and_a_missing_final_line_feed_are_fine(tmp_path: Path) -> None:
    made = sample(tmp_path, 4)
    rows = rows_of(made.path)
    for row in rows[1:-1]:
        row[col("customer_name")] = row[col("customer_name")].replace(" ", "\t")
    write_rows(made.path, rows)
    made.path.write_bytes(made.path.read_bytes().rstrip(b"\n"))
    assert read(made.path, tmp_path).record_count == made.record_count


def test_credits_make_negative_line_amounts_and_amounts_due(tmp_path: Path) -> None:
    made = sample(tmp_path, 1, lines_per_document=(2, 2))
    rows = rows_of(made.path)
    for row, amount in zip(rows[1:3], ("-40.00", "15.25"), strict=True):
        row[col("line_amount")], row[col("unit_price")], row[col("quantity")] = amount, amount, "1"
        row[col("amount_due")] = "-24.75"
    write_rows(made.path, rows)
    assert read(made.path, tmp_path).total_amount == Decimal("-24.75")


def test_the_error_reads_first_problem_first_and_renders_as_markdown_and_csv(tmp_path: Path) -> None:
    made = sample(tmp_path, 3)
    rows = rows_of(made.path)
    rows[2][col("document_type")] = rows[3][col("document_type")] = "BILL"
    rows[-1][1] = "999"
    write_rows(made.path, rows, retotal=False)
    with pytest.raises(DataFileError) as raised:
        read(made.path, tmp_path)
    error = raised.value
    first = error.problems[0]
    assert (
        str(error).splitlines()[0]
        == f"{first.what} at {first.where}: expected {first.expected}, found {first.found}"
    )
    assert "| What | Where | Expected | Found |" in error.report_markdown()
    table = list(csv.reader(io.StringIO(error.report_csv())))
    assert table[0] == ["what", "where", "expected", "found"]
    assert len(table) == len(error.problems) + 1


def test_the_csv_report_defuses_cells_a_spreadsheet_would_run(tmp_path: Path) -> None:
    listed = [
        Problem("value not readable", "line 2, column zip", "+1 digits", "=HYPERLINK(1)"),
        Problem("negative", "@cell", "-12.00", "plain"),
    ]
    error = DataFileError(tmp_path / "x.csv", listed)
    cells = [row for row in csv.reader(io.StringIO(error.report_csv()))][1:]
    assert cells == [
        ["value not readable", "line 2, column zip", "'+1 digits", "'=HYPERLINK(1)"],
        ["negative", "'@cell", "'-12.00", "plain"],
    ]


def test_a_hundred_problems_are_listed_and_the_rest_counted(tmp_path: Path) -> None:
    made = sample(tmp_path, 150)
    rows = rows_of(made.path)
    for row in rows[1:-1]:
        row[col("document_type")] = "BILL"
    write_rows(made.path, rows)
    with pytest.raises(DataFileError) as raised:
        read(made.path, tmp_path)
    assert len(raised.value.problems) == MAX_PROBLEMS
    assert raised.value.more == 50
    assert "150 problems, the first 100 listed" in str(raised.value)


def test_a_good_file_leaves_no_partial_files_behind(tmp_path: Path) -> None:
    made = sample(tmp_path, 2)
    read(made.path, tmp_path)
    assert sorted(p.name for p in (tmp_path / "workspace").iterdir()) == [
        "documents.parquet",
        "lines.parquet",
    ]


def test_a_bad_file_writes_nothing_to_the_workspace(tmp_path: Path) -> None:
    made = sample(tmp_path, 2)
    made.path.write_text(made.path.read_text().replace("INVOICE", "BILL").replace("STATEMENT", "BILL"))
    assert problems(made.path, tmp_path)
    assert not (tmp_path / "workspace").exists()


def test_the_example_in_the_format_document_is_a_good_file(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[3] / "docs" / "billing-data-file.md"
    example = page.read_text().split("## Example")[1].split("```")[1]
    path = tmp_path / "example.csv"
    path.write_text(example.strip() + "\n")
    parsed = read(path, tmp_path)
    assert (parsed.record_count, parsed.document_count, parsed.total_amount) == (3, 2, Decimal("2076.88"))
    assert parsed.documents_by_channel == {"PRINT": 1, "EMAIL": 1}
