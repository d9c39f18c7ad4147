"""Settings read lazily from the environment (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
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
    # Default folders of the e-bill portal and the CSV export (a profile may name another location).
    ebill_portal: Path = Path(".batchline/drop/portal")
    csv_export: Path = Path(".batchline/drop/export")
    # SFTP locations (docs/delivery-channels.md): credentials live here, never in a location.
    sftp_key_file: str = ""
    sftp_password: str = field(default="", repr=False)
    sftp_known_hosts: str = ""
    sftp_timeout: float = 30.0
    # Base URL of the document server that shows sample PDFs (deployments/documents.py); empty: file URIs.
    documents_url: str = ""

    def document_link(self, path: Path) -> str:
        """A link a reviewer can open for a file under BATCHLINE_HOME (e.g. a sample bill)."""
        if self.documents_url:
            return f"{self.documents_url.rstrip('/')}/{path.resolve().relative_to(self.home).as_posix()}"
        return path.resolve().as_uri()

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
        ebill_portal=Path(env.get("BATCHLINE_EBILL_PORTAL", home / "drop" / "portal")).resolve(),
        csv_export=Path(env.get("BATCHLINE_CSV_EXPORT", home / "drop" / "export")).resolve(),
        sftp_key_file=env.get("BATCHLINE_SFTP_KEY_FILE", ""),
        sftp_password=env.get("BATCHLINE_SFTP_PASSWORD", ""),
        sftp_known_hosts=env.get("BATCHLINE_SFTP_KNOWN_HOSTS", ""),
        sftp_timeout=float(env.get("BATCHLINE_SFTP_TIMEOUT", "30")),
        documents_url=env.get("BATCHLINE_DOCUMENTS_URL", ""),
    )
