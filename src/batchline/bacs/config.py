"""Where the Bacs shell finds its gateway, profiles and folders (read when asked, never at import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from batchline.bacs.profiles import PaymentProfile, load_payment_profile, profiles_file
from batchline.settings import load_settings

DEFAULT_GATEWAY_URL = "http://127.0.0.1:8099"


@dataclass(frozen=True)
class BacsRuntime:
    gateway_url: str
    gateway_timeout: float
    submissions_dir: Path  # the Standard 18 files written at each sweep
    reports_dir: Path  # rejected files' reports
    profiles: Path

    def profile(self, name: str) -> PaymentProfile:
        return load_payment_profile(self.profiles, name)


def load_bacs_runtime(environ: dict[str, str] | None = None) -> BacsRuntime:
    env = dict(os.environ if environ is None else environ)
    settings = load_settings(env)
    return BacsRuntime(
        gateway_url=env.get("BATCHLINE_BACS_GATEWAY_URL", DEFAULT_GATEWAY_URL),
        gateway_timeout=float(env.get("BATCHLINE_BACS_GATEWAY_TIMEOUT", "30")),
        submissions_dir=settings.home / "bacs" / "submissions",
        reports_dir=settings.home / "bacs" / "reports",
        profiles=profiles_file(settings.profiles_dir),
    )
