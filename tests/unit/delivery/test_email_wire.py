"""The message written directly as bytes reads the same as the one the email package builds."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from pathlib import Path

from batchline.delivery.email import EmailPiece, compose, message_bytes

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def piece(tmp_path: Path, subject: str = "Bill 100001 from Northwind") -> EmailPiece:
    attachment = tmp_path / "100001.pdf"
    attachment.write_bytes(PDF)
    return EmailPiece("J1", "100001", "ap@customer.example", subject, "Your bill is attached.\n", attachment)


def test_plain_bytes_parse_like_the_composed_message(tmp_path: Path) -> None:
    raw = message_bytes(piece(tmp_path), "billing@northwind.example")
    assert raw is not None and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    fast, slow = (
        message_from_bytes(raw, policy=default),
        compose(piece(tmp_path), "billing@northwind.example"),
    )
    for name in ("From", "To", "Subject", "Message-ID", "X-Batchline-Job", "X-Batchline-Document"):
        assert fast[name] == slow[name]
    (body,) = [p for p in fast.walk() if p.get_content_type() == "text/plain"]
    assert body.get_content().replace("\r\n", "\n") == "Your bill is attached.\n"  # CRLF on the wire
    (attached,) = [p for p in fast.walk() if p.get_filename() == "100001.pdf"]
    assert attached.get_content_type() == "application/pdf" and attached.get_payload(decode=True) == PDF


def test_anything_not_plain_is_left_to_the_email_package(tmp_path: Path) -> None:
    assert message_bytes(piece(tmp_path, "Facture 100001 de Société Générale"), "billing@x.example") is None
    assert message_bytes(piece(tmp_path, "Bill " + "x" * 80), "billing@x.example") is None
    assert message_bytes(piece(tmp_path), "Billing <billing@x.example>") is None
