"""Everything a bill-run stage needs about one job, wired in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from batchline.billing.profile import ClientProfile, load_profile
from batchline.settings import Settings, load_settings
from batchline.store.db import Store, default_store


@dataclass(frozen=True)
class JobContext:
    job_id: str
    client_id: str
    workspace: Path
    profile: ClientProfile
    settings: Settings
    store: Store

    @classmethod
    def load(
        cls, job_id: str, client_id: str, settings: Settings | None = None, store: Store | None = None
    ) -> JobContext:
        settings = settings or load_settings()
        return cls(
            job_id=job_id,
            client_id=client_id,
            workspace=settings.job_dir(job_id),
            profile=load_profile(settings.profile_path(client_id)),
            settings=settings,
            store=store or default_store(),
        )
