"""The e-bill portal's files and the CSV export: exact money, atomic files, spreadsheet-safe text."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from batchline.delivery import csv_export, portal
from batchline.delivery.transfer import open_drop

PDF = b"%PDF-1.4\n% a bill\n%%EOF\n"
WHEN = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


def document(number: str, amount: str) -> portal.PortalDocument:
    return portal.PortalDocument(
        number,
        "INVOICE",
        date(2026, 11, 2),
        date(2026, 12, 2),
        "A0000042",
        "Okafor Hardware LLC",
        Decimal(amount),
    )


def test_an_e_bill_is_published_as_its_pdf_and_an_index_entry_with_the_exact_amount(tmp_path: Path) -> None:
    with open_drop(str(tmp_path / "portal")) as drop:
        published = portal.publish(
            drop,
            document("100001", "1234.50"),
            PDF,
            job_id="J1",
            client_id="DEMO",
            currency="USD",
            published_at=WHEN,
        )
    folder = tmp_path / "portal/J1"
    assert sorted(p.name for p in folder.iterdir()) == ["100001.json", "100001.pdf"]
    assert (folder / "100001.pdf").read_bytes() == PDF
    assert json.loads((folder / "100001.json").read_text(encoding="utf-8")) == {
        "document_number": "100001",
        "document_type": "INVOICE",
        "document_date": "2026-11-02",
        "due_date": "2026-12-02",
        "account_number": "A0000042",
        "customer_name": "Okafor Hardware LLC",
        "amount_due": "1234.50",
        "currency": "USD",
        "pdf": "100001.pdf",
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
        "job_id": "J1",
        "client_id": "DEMO",
        "published_at": "2026-11-23T14:30:00Z",
    }
    assert (published.sha256, published.size) == (hashlib.sha256(PDF).hexdigest(), len(PDF))


def test_the_manifest_lists_every_document_and_the_exact_total(tmp_path: Path) -> None:
    pdf = tmp_path / "bill.pdf"
    pdf.write_bytes(PDF)
    files = [portal.published_file(document(n, a), pdf) for n, a in (("100001", "0.10"), ("100002", "-0.30"))]
    with open_drop(str(tmp_path / "portal")) as drop:
        where = portal.write_manifest(
            drop, files, job_id="J1", client_id="DEMO", currency="", published_at=WHEN
        )
    manifest = json.loads(Path(where).read_text(encoding="utf-8"))
    assert (manifest["documents"], manifest["total_amount_due"], manifest["currency"]) == (2, "-0.20", None)
    assert [(f["document_number"], f["pdf"], f["index"], f["amount_due"]) for f in manifest["files"]] == [
        ("100001", "100001.pdf", "100001.json", "0.10"),
        ("100002", "100002.pdf", "100002.json", "-0.30"),
    ]


def test_the_csv_export_has_a_row_per_line_item_exact_money_and_no_live_formulas() -> None:
    head = {
        "document_number": "100001",
        "document_type": "INVOICE",
        "document_date": date(2026, 11, 2),
        "due_date": date(2026, 12, 2),
        "account_number": "A0000042",
        "customer_name": '=HYPERLINK("http://evil.example")',
        "branch": "007",
        "amount_due": Decimal("-12.35"),
    }
    lines = [
        {"line_number": 1, "item_description": "+Delivery fee", "quantity": Decimal("1.0000"),
         "unit_price": Decimal("2.5000"), "line_amount": Decimal("2.50")},
        {"line_number": 2, "item_description": "Payment - thank you", "quantity": None,
         "unit_price": None, "line_amount": Decimal("-14.85")},
    ]  # fmt: skip
    data = csv_export.csv_bytes([(head, lines)])
    assert data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == list(csv_export.COLUMNS)
    assert rows[1:] == [
        ["100001", "INVOICE", "2026-11-02", "2026-12-02", "A0000042", "'=HYPERLINK(\"http://evil.example\")",
         "007", "-12.35", "1", "'+Delivery fee", "1.0000", "2.5000", "2.50"],
        ["100001", "INVOICE", "2026-11-02", "2026-12-02", "A0000042", "'=HYPERLINK(\"http://evil.example\")",
         "007", "-12.35", "2", "Payment - thank you", "", "", "-14.85"],
    ]  # fmt: skip
