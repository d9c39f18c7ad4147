"""A client's processing profile: approvals, print, email and closeout rules."""

from __future__ import annotations

import tomllib
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from batchline.billing.model import Biller
from batchline.delivery.fax import check_gateway
from batchline.delivery.transfer import parse_location, without_passwords
from batchline.errors import BatchlineError


class ProfileError(BatchlineError):
    pass


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _location(text: str) -> str:
    """Empty (the settings' default folder for the client), a folder, or an sftp:// URL."""
    if text.strip():
        parse_location(text)
    return text.strip()


# Where a channel's files go (docs/delivery-channels.md).
LocationText = Annotated[str, AfterValidator(_location)]


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
    drop: LocationText = ""  # the facility's drop; empty: BATCHLINE_PRINT_DROP/<client>
    # Envelope weight (batchline.billing.envelopes): ounces, exact to 4 places.
    duplex: bool = False  # sheets = ceil(pages / 2), else one page a sheet
    sheet_weight_oz: Decimal = Field(Decimal("0.16"), gt=0, le=2, decimal_places=4)  # 20 lb bond letter
    envelope_weight_oz: Decimal = Field(Decimal("0.2"), ge=0, le=2, decimal_places=4)  # #10 double window
    # A #9 reply envelope enclosed with every piece weighs about 0.15 oz; 0 when none is.
    return_envelope_weight_oz: Decimal = Field(Decimal("0"), ge=0, le=2, decimal_places=4)
    envelope_sheet_capacity: int = Field(10, ge=1, le=30)  # tri-folded sheets the inserter puts in a #10
    flat_envelope_weight_oz: Decimal = Field(Decimal("0.5"), ge=0, le=4, decimal_places=4)  # 9x12


SUBJECT_FIELDS = {"document_type_title": "Invoice", "document_number": "100001", "client_name": "Client"}


class EmailRules(_Strict):
    sender: str = "billing@batchline.invalid"
    subject: str = "{document_type_title} {document_number} from {client_name}"

    @field_validator("subject")
    @classmethod
    def _known_fields(cls, subject: str) -> str:
        return _subject(subject)


def _subject(subject: str) -> str:
    try:
        subject.format(**SUBJECT_FIELDS)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            f"subject {subject!r}: expected only the fields {', '.join('{' + f + '}' for f in SUBJECT_FIELDS)}"
        ) from exc
    return subject


class FaxRules(_Strict):
    """Faxes mailed to an email-to-fax gateway; without this section FAX documents are held."""

    gateway: Annotated[str, AfterValidator(check_gateway)]  # e.g. "{number}@fax.gateway.example"
    sender: str = ""  # empty: the email sender (gateways take faxes from registered senders only)
    subject: Annotated[str, AfterValidator(_subject)] = (
        "{document_type_title} {document_number} from {client_name}"
    )
    cover_page: bool = False  # False: an empty body, which most gateways send without a cover sheet


class EbillRules(_Strict):
    portal: LocationText = (
        ""  # the client's folder in the portal's import; empty: BATCHLINE_EBILL_PORTAL/<client>
    )
    currency: str = Field("", pattern=r"^([A-Z]{3})?$")  # ISO 4217, written in each index entry


class CsvExportRules(_Strict):
    location: LocationText = ""  # empty: BATCHLINE_CSV_EXPORT/<client>


def _zone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"time zone {name!r}: expected an IANA name such as America/New_York") from exc
    return name


TimeZone = Annotated[str, AfterValidator(_zone)]


class ElectronicDelay(_Strict):
    """Hold electronic bills (email, fax, e-bill, CSV) until a date; paper bills are never held by it.

    The send date is the later of `days` calendar days after approval and, with
    `until_document_date`, the latest document date in the file; they go at `send_at`
    local time in `timezone`. With neither rule the bills go as soon as they are approved.
    """

    days: int = Field(0, ge=0, le=90)
    until_document_date: bool = False
    send_at: time = time(8, 0)
    timezone: TimeZone = "America/New_York"

    @property
    def active(self) -> bool:
        return self.days > 0 or self.until_document_date


class IntakeRules(_Strict):
    """Timed rule: a file picked up before `not_before` (local time in `timezone`) starts at that time."""

    not_before: time | None = None
    timezone: TimeZone = "America/New_York"


class CloseoutRules(_Strict):
    timeout_days: int = Field(10, ge=1, le=60)


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
FeeChannel = Literal["PRINT", "EMAIL", "FAX", "EBILL", "CSV", "PULL"]


class ChannelFee(_Strict):
    """What one delivery by a channel costs: per piece plus per page, exact to 4 places."""

    per_piece: Decimal = Field(Decimal("0"), ge=0, le=1000, decimal_places=4)
    per_page: Decimal = Field(Decimal("0"), ge=0, le=1000, decimal_places=4)
    # Empty: the schedule's currency. Work at the Canadian print facility is charged in CAD.
    currency: Currency | Literal[""] = ""


class FeeSchedule(_Strict):
    """The client's Batchline fees (branch billing report), invoiced in `currency`."""

    currency: Currency = "USD"
    channels: dict[FeeChannel, ChannelFee] = Field(default_factory=dict)


class ReportRules(_Strict):
    """Report periods are calendar days in `timezone`."""

    timezone: TimeZone = "America/New_York"


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
    fax: FaxRules | None = None
    ebill: EbillRules = EbillRules()
    csv_export: CsvExportRules = CsvExportRules()
    closeout: CloseoutRules = CloseoutRules()
    electronic_delay: ElectronicDelay = ElectronicDelay()
    intake: IntakeRules = IntakeRules()
    # Branch code -> name: the branch reports list every branch, one without activity with zeros.
    branches: dict[str, str] = Field(default_factory=dict)
    fees: FeeSchedule = FeeSchedule()
    reports: ReportRules = ReportRules()
    # Minutes a running stage may take before the stage monitor puts the job in error (billing.monitor).
    stage_limits: dict[str, int] = Field(default_factory=dict)

    @field_validator("stage_limits")
    @classmethod
    def _watched_stages(cls, limits: dict[str, int]) -> dict[str, int]:
        from batchline.billing.monitor import WATCHED

        for status, minutes in limits.items():
            if status not in WATCHED:
                raise ValueError(f"stage {status!r}: expected one of {', '.join(WATCHED)}")
            if not 1 <= minutes <= 7 * 24 * 60:
                raise ValueError(f"stage {status}: expected 1 to 10080 minutes, found {minutes}")
        return limits

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
        raise ProfileError(f"client profile {path}: {without_passwords(problems)}") from exc
