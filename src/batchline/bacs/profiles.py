"""Payment profiles: who sends a batch, how many approvals it needs, its risk rules, its archive period.

Read from `bacs_profiles.toml` in the profiles folder (BATCHLINE_PROFILES), else the sample
shipped in `batchline/samples/` (docs/bacs-batches.md).
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from batchline.bacs.payments import Originator
from batchline.errors import BatchlineError

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "bacs_profiles.toml"
FILE_NAME = "bacs_profiles.toml"


class PaymentProfileError(BatchlineError):
    pass


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OriginatorDetails(_Strict):
    service_user_number: str = Field(pattern=r"^[0-9]{6}$")
    sort_code: str = Field(pattern=r"^[0-9]{6}$")
    account_number: str = Field(pattern=r"^[0-9]{8}$")
    name: str = Field(min_length=1, max_length=18, pattern=r"^[A-Z0-9 .&/\-]+$")
    direct_debits: bool = False


class ValueBand(_Strict):
    """Batches totalling up to `up_to` pounds (inclusive) need `approvals` distinct approvers."""

    up_to: Decimal | None = Field(None, gt=0, decimal_places=2)  # None: any amount above the other bands
    approvals: int = Field(ge=1, le=10)


class RiskRules(_Strict):
    enabled: bool = False
    on_hit: Literal["error", "report"] = "report"  # error: the batch is Rejected; report: it goes on
    new_payee: bool = True  # bank details never paid before, or changed since, for a payee name
    amount_threshold: Decimal | None = Field(None, gt=0, decimal_places=2)  # one payment above this
    duplicate_window_days: int = Field(0, ge=0, le=366)  # 0: no duplicate check
    total_deviation: Decimal | None = Field(None, gt=1)  # total over this many times (or under 1/x) the mean
    history_batches: int = Field(5, ge=1, le=100)  # sent batches the mean is taken over (and needs)


class PaymentProfile(_Strict):
    name: str
    originator: OriginatorDetails
    approvers: tuple[str, ...] = Field(min_length=1)
    bands: tuple[ValueBand, ...] = Field(min_length=1)
    approval_timeout_hours: int = Field(72, ge=1, le=24 * 30)
    risk: RiskRules = RiskRules()
    archive_after_days: int = Field(90, ge=1, le=3650)

    @model_validator(mode="after")
    def _bands_ascend(self) -> PaymentProfile:
        limits = [band.up_to for band in self.bands]
        if limits[-1] is not None or any(limit is None for limit in limits[:-1]):
            raise ValueError("the last value band, and only it, has no `up_to` (it takes any larger total)")
        if limits[:-1] != sorted(limits[:-1]):  # type: ignore[type-var]
            raise ValueError("value bands must be listed by ascending `up_to`")
        return self

    def as_originator(self) -> Originator:
        o = self.originator
        return Originator(o.service_user_number, o.sort_code, o.account_number, o.name, o.direct_debits)

    def approvals_needed(self, total_pence: int) -> int:
        for band in self.bands:
            if band.up_to is None or total_pence <= int(band.up_to * 100):
                return band.approvals
        raise AssertionError("unreachable: the last band takes any total")


def profiles_file(profiles_dir: Path) -> Path:
    own = profiles_dir / FILE_NAME
    return own if own.is_file() else SAMPLE


def load_payment_profile(path: Path, name: str) -> PaymentProfile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PaymentProfileError(f"payment profiles {path}: cannot be read ({exc})") from exc
    profiles = data.get("profiles", {})
    if name not in profiles:
        raise PaymentProfileError(
            f"payment profile {name!r}: not in {path}; profiles there: {', '.join(profiles) or 'none'}"
        )
    try:
        return PaymentProfile.model_validate({"name": name, **profiles[name]})
    except ValidationError as exc:
        raise PaymentProfileError(f"payment profile {name!r} in {path}: {exc}") from exc
