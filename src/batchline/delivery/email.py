"""Email delivery over SMTP: one message per document with its bill attached."""

from __future__ import annotations

import base64
import contextlib
import re
import secrets
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from types import TracebackType

from batchline.errors import BatchlineError


class EmailDeliveryError(BatchlineError):
    pass


class SmtpUnavailable(EmailDeliveryError):
    """The SMTP server cannot be reached: no message can go until it is back."""


@dataclass(frozen=True, slots=True)
class EmailPiece:
    job_id: str
    document_number: str
    to: str
    subject: str
    body: str
    attachment: Path

    @property
    def message_id(self) -> str:
        # Stable per job and document, so a receiving system can spot a duplicate.
        return f"<{self.job_id}.{self.document_number}@batchline>"


@dataclass(frozen=True, slots=True)
class ReportEmail:
    """A report (the Job Activity Report, a billing summary report) to a client's contact, the PDF attached."""

    job_id: str  # empty for a report about no one job
    report: str
    to: str
    subject: str
    body: str
    attachment: Path
    message_id: str


def compose(piece: EmailPiece, sender: str) -> EmailMessage:
    return _message(
        sender,
        piece.to,
        piece.subject,
        piece.message_id,
        {"X-Batchline-Job": piece.job_id, "X-Batchline-Document": piece.document_number},
        piece.body,
        piece.attachment,
        f"{piece.document_number}.pdf",
    )


def compose_report(report: ReportEmail, sender: str) -> EmailMessage:
    return _message(
        sender,
        report.to,
        report.subject,
        report.message_id,
        {"X-Batchline-Report": report.report} | ({"X-Batchline-Job": report.job_id} if report.job_id else {}),
        report.body,
        report.attachment,
        report.attachment.name,
    )


def _message(
    sender: str,
    to: str,
    subject: str,
    message_id: str,
    headers: dict[str, str],
    body: str,
    pdf: Path,
    filename: str,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name] = value
    message.set_content(body)
    message.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename=filename)
    return message


# A bare ASCII address: what the fast path below may pass to the server as it is.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")
_MAX_LINE = 78  # the email policy folds or re-encodes longer lines; the fast path leaves those to it


def message_bytes(piece: EmailPiece, sender: str) -> bytes | None:
    """The message ``compose`` builds, written directly as wire bytes (CRLF), or None if it is not plain.

    ``compose`` then ``send_message`` cost about 3 ms a message, mostly the email package parsing
    and re-folding headers it is given; a bill's headers and body are plain ASCII, which need
    none of that. Anything else (non-ASCII, long lines, display names) goes the ``compose`` way.
    """
    if not (_PLAIN_ADDRESS.fullmatch(sender) and _PLAIN_ADDRESS.fullmatch(piece.to)):
        return None
    headers = (
        ("From", sender),
        ("To", piece.to),
        ("Subject", piece.subject),
        ("Date", formatdate(localtime=False)),
        ("Message-ID", piece.message_id),
        ("X-Batchline-Job", piece.job_id),
        ("X-Batchline-Document", piece.document_number),
    )
    body = piece.body if piece.body.endswith("\n") else piece.body + "\n"
    lines = [f"{name}: {value}" for name, value in headers] + body.splitlines()
    if not all(line.isascii() and len(line) <= _MAX_LINE and "\r" not in line for line in lines):
        return None
    boundary = f"=_batchline_{secrets.token_hex(12)}"
    text = "\r\n".join(
        [
            *lines[: len(headers)],
            "MIME-Version: 1.0",
            f'Content-Type: multipart/mixed; boundary="{boundary}"',
            "",
            f"--{boundary}",
            'Content-Type: text/plain; charset="utf-8"',
            "Content-Transfer-Encoding: 7bit",
            "",
            *lines[len(headers) :],
            "",  # the line break before a boundary belongs to it: this keeps the body's last one
            f"--{boundary}",
            "Content-Type: application/pdf",
            "Content-Transfer-Encoding: base64",
            f'Content-Disposition: attachment; filename="{piece.document_number}.pdf"',
            "",
            "",
        ]
    )
    encoded = base64.encodebytes(piece.attachment.read_bytes()).replace(b"\n", b"\r\n")
    return b"".join((text.encode("ascii"), encoded, f"--{boundary}--\r\n".encode("ascii")))


class SmtpMailer:
    """One SMTP connection reused for many messages; reconnects once if the server drops it."""

    def __init__(self, host: str, port: int, sender: str, *, timeout: float = 30.0) -> None:
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpMailer:
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        try:
            return smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except OSError as exc:
            raise SmtpUnavailable(f"SMTP server {self.host}:{self.port}: cannot connect ({exc})") from exc

    def send(self, piece: EmailPiece) -> None:
        raw = message_bytes(piece, self.sender)
        self._transmit(piece.to, raw, compose(piece, self.sender) if raw is None else None)

    def send_report(self, report: ReportEmail) -> None:
        self._transmit(report.to, None, compose_report(report, self.sender))

    def _transmit(self, to: str, raw: bytes | None, message: EmailMessage | None) -> None:
        for attempt in (1, 2):
            if self._smtp is None:
                self._smtp = self._connect()
            try:
                if message is None:
                    refused = self._smtp.sendmail(self.sender, [to], raw or b"")
                else:
                    refused = self._smtp.send_message(message)
            except smtplib.SMTPServerDisconnected:
                self._smtp = None
                if attempt == 2:
                    raise EmailDeliveryError(
                        f"SMTP server {self.host}:{self.port} disconnected twice"
                    ) from None
                continue
            except smtplib.SMTPRecipientsRefused as exc:
                raise EmailDeliveryError(f"{to}: recipient refused by the SMTP server ({exc})") from exc
            except (smtplib.SMTPException, OSError) as exc:
                self._smtp = None
                raise EmailDeliveryError(f"SMTP server {self.host}:{self.port}: {exc}") from exc
            if refused:
                raise EmailDeliveryError(f"{to}: recipient refused by the SMTP server ({refused})")
            return

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None
