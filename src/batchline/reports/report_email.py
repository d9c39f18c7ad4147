"""A billing summary report emailed to the client's contact, its PDF attached (the monthly schedule)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from pathlib import Path

from batchline.billing.profile import ClientProfile
from batchline.delivery.email import ReportEmail, SmtpMailer
from batchline.settings import Settings


class NoReportContact(Exception):
    """The client's profile names nobody to send reports to."""


def email_report(
    settings: Settings, profile: ClientProfile, name: str, heading: str, lines: Sequence[str], pdf: Path
) -> str:
    """Send the report to `contact_email`; the Message-ID sent. SMTP failures raise (the task retries)."""
    to = profile.contact_email.strip()
    if not to:
        raise NoReportContact(f"client profile {profile.client_id}: no contact_email to send the report to")
    message_id = f"<{name}.{secrets.token_hex(6)}@batchline>"
    mail = ReportEmail(
        job_id="",
        report=name,
        to=to,
        subject=heading,
        body="\n".join(
            [
                f"Your {heading} is attached as a PDF.",
                "",
                *lines,
                "",
                f"Questions: {profile.phone or profile.email}",
            ]
        )
        + "\n",
        attachment=pdf,
        message_id=message_id,
    )
    with SmtpMailer(settings.smtp_host, settings.smtp_port, profile.email_delivery.sender) as mailer:
        mailer.send_report(mail)
    return message_id
