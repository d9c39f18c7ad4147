"""The sample billing data file generator: realistic, deterministic, and readable by the reader."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from batchline.billing.datafile import read_billing_file
from batchline.billing.datafile_format import COLUMN_NAMES
from batchline.billing.sample import write_sample_file

ISSUED = date(2025, 3, 31)


def records(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == list(COLUMN_NAMES)
    return [dict(zip(COLUMN_NAMES, row, strict=True)) for row in rows[1:-1]]


def heads(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return list({row["document_number"]: row for row in reversed(rows)}.values())[::-1]


def test_the_same_seed_writes_the_same_file(tmp_path: Path) -> None:
    first = write_sample_file(tmp_path / "a.csv", 50, seed=3, document_date=ISSUED)
    second = write_sample_file(tmp_path / "b.csv", 50, seed=3, document_date=ISSUED)
    other = write_sample_file(tmp_path / "c.csv", 50, seed=4, document_date=ISSUED)
    assert first.path.read_bytes() == second.path.read_bytes() != other.path.read_bytes()


def test_the_summary_matches_what_the_reader_finds(tmp_path: Path) -> None:
    channels = {"PRINT": 0.4, "EMAIL": 0.3, "FAX": 0.1, "EBILL": 0.1, "": 0.1}
    made = write_sample_file(tmp_path / "bills.csv", 300, channels=channels, document_date=ISSUED)
    parsed = read_billing_file(made.path, tmp_path / "workspace")
    assert (parsed.record_count, parsed.document_count, parsed.total_amount) == (
        made.record_count, 300, made.total_amount,
    )  # fmt: skip
    assert parsed.documents_by_channel == made.documents_by_channel
    assert set(made.documents_by_channel) == {"PRINT", "EMAIL", "FAX", "EBILL", "ROUTING"}
    assert parsed.documents_by_type == made.documents_by_type


def test_line_amounts_are_quantity_times_price_rounded_half_up_and_sum_to_the_amount_due(
    tmp_path: Path,
) -> None:
    made = write_sample_file(tmp_path / "bills.csv", 200, document_date=ISSUED)
    rows = records(made.path)
    for row in rows:
        exact = Decimal(row["quantity"]) * Decimal(row["unit_price"])
        assert Decimal(row["line_amount"]) == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    due: dict[str, Decimal] = {}
    for row in rows:
        number = row["document_number"]
        due[number] = due.get(number, Decimal(0)) + Decimal(row["line_amount"])
    assert all(Decimal(head["amount_due"]) == due[head["document_number"]] for head in heads(rows))
    assert sum(due.values(), Decimal(0)) == made.total_amount


def test_documents_look_like_a_real_clients_mix(tmp_path: Path) -> None:
    made = write_sample_file(tmp_path / "bills.csv", 2000, document_date=ISSUED)
    rows = records(made.path)
    documents = heads(rows)
    assert any(row["line_amount"].startswith("-") for row in rows)  # payments on statements
    kinds = Counter(d["document_type"] for d in documents)
    assert 0.75 < kinds["INVOICE"] / 2000 < 0.85
    assert {d["branch"] for d in documents} <= {f"{n:03d}" for n in range(1, 13)}
    lines = [d["address_line1"] for d in documents]
    assert any(re.match(r"P\.?O\.? BOX|POST OFFICE BOX", line, re.I) for line in lines)
    assert any(line.startswith(("RR ", "Rural Route")) for line in lines)
    assert any(d["city"] == "APO" and d["state"] == "AE" and d["zip"].startswith("09") for d in documents)
    assert any(d["care_of"].lower().startswith("c/o") for d in documents)
    assert any(d["attention"].startswith("ATTN") for d in documents)
    assert any(re.search(r"\b(St\.|AVENUE|Blvd)\b", line) for line in lines)
    assert any(d["address_line2"] for d in documents)
    for document in documents:
        if document["delivery_channel"] == "EMAIL":
            assert re.fullmatch(r"ap@[a-z0-9-]+\.example\.com", document["email"])


def test_a_share_of_long_documents_have_forty_to_eighty_lines(tmp_path: Path) -> None:
    made = write_sample_file(tmp_path / "bills.csv", 100, long_document_share=0.2, document_date=ISSUED)
    sizes = Counter(row["document_number"] for row in records(made.path))
    assert any(40 <= size <= 80 for size in sizes.values())
    assert all(size <= 12 or 40 <= size <= 80 for size in sizes.values())


def test_a_sidecar_sample_writes_its_control_file_and_no_trailer(tmp_path: Path) -> None:
    made = write_sample_file(tmp_path / "bills.csv", 5, control="sidecar", start_document_number=7000)
    assert made.control_path is not None
    assert made.control_path.read_text().splitlines() == [
        "record_count,document_count,total_amount",
        f"{made.record_count},5,{made.total_amount}",
    ]
    last = made.path.read_text().splitlines()[-1]
    assert not last.startswith("TRAILER")
    assert made.path.read_text().splitlines()[1].startswith("7000,")


def test_a_parquet_sample_must_carry_its_totals_in_a_control_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="sidecar"):
        write_sample_file(tmp_path / "bills.parquet", 5, fmt="parquet")
