"""A client's processing profile: approvals, print, email and closeout rules."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from batchline.billing.model import Biller
from batchline.errors import BatchlineError


class ProfileError(BatchlineError):
    pass


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApprovalRules(_Strict):
    ops: bool = True
    customer: bool = True
    timeout_hours: int = Field(72, ge=1, le=24 * 30)
    # What an unanswered gate means when its timeout expires.
    on_timeout: Literal["reject"] = "reject"


class PrintRules(_Strict):
    batch_size: int = Field(500, ge=1, le=5000)
    mailer_id: str = Field("123456", pattern=r"^(\d{6}|\d{9})$")
    service_type: str = Field("040", pattern=r"^\d{3}$")
    barcode_id: str = Field("00", pattern=r"^\d[0-4]$")
    facility: str = "Batchline Print Facility"
    business_days_to_post_office: int = Field(1, ge=0, le=10)


SUBJECT_FIELDS = {"document_type_title": "Invoice", "document_number": "100001", "client_name": "Client"}


class EmailRules(_Strict):
    sender: str = "billing@batchline.invalid"
    subject: str = "{document_type_title} {document_number} from {client_name}"

    @field_validator("subject")
    @classmethod
    def _known_fields(cls, subject: str) -> str:
        try:
            subject.format(**SUBJECT_FIELDS)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"subject {subject!r}: expected only the fields {', '.join('{' + f + '}' for f in SUBJECT_FIELDS)}"
            ) from exc
        return subject


class CloseoutRules(_Strict):
    timeout_days: int = Field(10, ge=1, le=60)


class ClientProfile(_Strict):
    client_id: str = Field(pattern=r"^[A-Z0-9_-]{2,40}$")
    name: str
    phone: str = ""
    email: str = ""
    contact_email: str = ""
    remit_to: tuple[str, ...] = Field(min_length=2, max_length=4)  # the coupon has room for 4 lines
    approvals: ApprovalRules = ApprovalRules()
    print: PrintRules = PrintRules()
    email_delivery: EmailRules = EmailRules()
    closeout: CloseoutRules = CloseoutRules()

    @field_validator("remit_to")
    @classmethod
    def _upper(cls, lines: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(line.strip().upper() for line in lines)

    @property
    def biller(self) -> Biller:
        return Biller(self.client_id, self.name, self.remit_to, self.phone, self.email)


def load_profile(path: Path) -> ClientProfile:
    """Read and validate a profile file (TOML); errors name the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProfileError(f"client profile {path}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(f"client profile {path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise ProfileError(f"client profile {path}: cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"client profile {path}: not valid TOML ({exc})") from exc
    try:
        return ClientProfile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']} "
            # A missing field's input is the whole enclosing table: not worth repeating.
            f"(found {'nothing' if e['type'] == 'missing' else repr(e.get('input'))})"
            for e in exc.errors()
        )
        raise ProfileError(f"client profile {path}: {problems}") from exc
