"""Email delivery: one message per document, the bill attached, sent to a real SMTP server."""

from __future__ import annotations

import os
from email.message import Message
from pathlib import Path

import pytest

from batchline.delivery.email import EmailDeliveryError, EmailPiece, SmtpMailer
from deployments.smtp import Mailbox, free_port

PDF = b"%PDF-1.4\n% a bill\n" + bytes(range(256)) + b"\n%%EOF\n"


def piece(tmp_path: Path, number: str = "100001") -> EmailPiece:
    attachment = tmp_path / f"{number}.pdf"
    attachment.write_bytes(PDF)
    return EmailPiece(
        job_id="J1",
        document_number=number,
        to="ap@customer.example",
        subject=f"Bill {number} from Northwind",
        body=f"Your bill {number} is attached.",
        attachment=attachment,
    )


def mailer() -> SmtpMailer:
    return SmtpMailer("127.0.0.1", int(os.environ["BATCHLINE_SMTP_PORT"]), "billing@northwind.example")


def attachments(message: Message) -> dict[str, bytes]:
    return {
        str(part.get_filename()): part.get_payload(decode=True)  # type: ignore[misc]
        for part in message.walk()
        if part.get_filename()
    }


def test_a_bill_is_sent_with_its_pdf_attached(tmp_path: Path, mailbox: Mailbox) -> None:
    with mailer() as smtp:
        smtp.send(piece(tmp_path))
    (message,) = mailbox.messages
    assert message["From"] == "billing@northwind.example"
    assert message["To"] == "ap@customer.example"
    assert message["Subject"] == "Bill 100001 from Northwind"
    assert message["Message-ID"] == "<J1.100001@batchline>"
    assert (message["X-Batchline-Job"], message["X-Batchline-Document"]) == ("J1", "100001")
    assert message["Date"]
    assert attachments(message) == {"100001.pdf": PDF}
    (attached,) = [part for part in message.walk() if part.get_filename()]
    assert attached.get_content_type() == "application/pdf"
    (body,) = [part for part in message.walk() if part.get_content_type() == "text/plain"]
    assert "Your bill 100001 is attached." in str(body.get_payload(decode=True), "utf-8")


def test_the_message_id_is_the_same_each_time_a_document_is_sent(tmp_path: Path, mailbox: Mailbox) -> None:
    with mailer() as smtp:
        smtp.send(piece(tmp_path, "100001"))
        smtp.send(piece(tmp_path, "100001"))
        smtp.send(piece(tmp_path, "100002"))
    assert [m["Message-ID"] for m in mailbox.messages] == [
        "<J1.100001@batchline>",
        "<J1.100001@batchline>",
        "<J1.100002@batchline>",
    ]


def test_a_mailer_sends_again_after_it_was_closed(tmp_path: Path, mailbox: Mailbox) -> None:
    smtp = mailer()
    smtp.send(piece(tmp_path, "100001"))
    smtp.close()
    smtp.send(piece(tmp_path, "100002"))
    smtp.close()
    assert mailbox.documents() == ["100001", "100002"]


def test_a_server_that_is_down_is_reported_as_cannot_connect(tmp_path: Path) -> None:
    port = free_port()
    with (
        pytest.raises(EmailDeliveryError, match=rf"SMTP server 127\.0\.0\.1:{port}: cannot connect"),
        SmtpMailer("127.0.0.1", port, "billing@northwind.example", timeout=5) as smtp,
    ):
        smtp.send(piece(tmp_path))
