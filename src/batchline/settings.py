"""Settings read lazily from the environment (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    smtp_host: str
    smtp_port: int
    smtp_sender: str
    print_drop: Path
    intake_drop: Path
    profiles_dir: Path
    postage_drop: Path
    settle_seconds: float

    @property
    def jobs_dir(self) -> Path:
        return self.home / "jobs"

    def job_dir(self, job_id: str) -> Path:
        return self.jobs_dir / job_id

    @property
    def received_dir(self) -> Path:
        return self.home / "received"

    def profile_path(self, client_id: str) -> Path:
        return self.profiles_dir / f"{client_id}.toml"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    home = Path(env.get("BATCHLINE_HOME", Path.cwd() / ".batchline")).resolve()
    url = env.get("BATCHLINE_DATABASE_URL") or f"sqlite:///{home / 'batchline.db'}"
    return Settings(
        home=home,
        database_url=url,
        smtp_host=env.get("BATCHLINE_SMTP_HOST", "127.0.0.1"),
        smtp_port=int(env.get("BATCHLINE_SMTP_PORT", "8025")),
        smtp_sender=env.get("BATCHLINE_SMTP_SENDER", "billing@batchline.invalid"),
        print_drop=Path(env.get("BATCHLINE_PRINT_DROP", home / "drop" / "print")).resolve(),
        intake_drop=Path(env.get("BATCHLINE_INTAKE_DROP", home / "drop" / "intake")).resolve(),
        profiles_dir=Path(env.get("BATCHLINE_PROFILES", home / "profiles")).resolve(),
        postage_drop=Path(env.get("BATCHLINE_POSTAGE_DROP", home / "drop" / "postage")).resolve(),
        settle_seconds=float(env.get("BATCHLINE_SETTLE_SECONDS", "2")),
    )
