"""Email delivery over SMTP: one message per document with its bill attached."""

from __future__ import annotations

import contextlib
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from types import TracebackType

from batchline.errors import BatchlineError


class EmailDeliveryError(BatchlineError):
    pass


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


def compose(piece: EmailPiece, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = piece.to
    message["Subject"] = piece.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = piece.message_id
    message["X-Batchline-Job"] = piece.job_id
    message["X-Batchline-Document"] = piece.document_number
    message.set_content(piece.body)
    message.add_attachment(
        piece.attachment.read_bytes(),
        maintype="application",
        subtype="pdf",
        filename=f"{piece.document_number}.pdf",
    )
    return message


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
            raise EmailDeliveryError(f"SMTP server {self.host}:{self.port}: cannot connect ({exc})") from exc

    def send(self, piece: EmailPiece) -> None:
        message = compose(piece, self.sender)
        for attempt in (1, 2):
            if self._smtp is None:
                self._smtp = self._connect()
            try:
                refused = self._smtp.send_message(message)
            except smtplib.SMTPServerDisconnected:
                self._smtp = None
                if attempt == 2:
                    raise EmailDeliveryError(
                        f"SMTP server {self.host}:{self.port} disconnected twice"
                    ) from None
                continue
            except smtplib.SMTPRecipientsRefused as exc:
                raise EmailDeliveryError(f"{piece.to}: recipient refused by the SMTP server ({exc})") from exc
            except (smtplib.SMTPException, OSError) as exc:
                self._smtp = None
                raise EmailDeliveryError(f"SMTP server {self.host}:{self.port}: {exc}") from exc
            if refused:
                raise EmailDeliveryError(f"{piece.to}: recipient refused by the SMTP server ({refused})")
            return

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None
