"""Intake: billing files uploaded to the drop folder, and postage reports coming back."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from batchline.billing import jobs
from batchline.billing.closeout import PostageReportError, read_postage_report
from batchline.errors import BatchlineError
from batchline.files import sha256_of
from batchline.settings import Settings
from batchline.store.db import Store

DATA_SUFFIXES = (".csv", ".parquet")


class UnmatchedPostageReport(BatchlineError):
    pass


@dataclass(frozen=True, slots=True)
class AcceptedFile:
    client_id: str
    job_id: str
    data_file: str


@dataclass(frozen=True, slots=True)
class Duplicate:
    client_id: str
    name: str
    job_id: str


def _settled(path: Path, now: float, settle_seconds: float) -> bool:
    """A file still being written (changed within the settle time) is left for the next pickup."""
    return path.is_file() and not path.name.startswith(".") and now - path.stat().st_mtime >= settle_seconds


def job_id_for(sha256: str) -> str:
    """A job is named after its file's content, so the same file uploaded twice is one job."""
    return "J" + sha256[:12].upper()


def pick_up_billing_files(settings: Settings, store: Store) -> tuple[list[AcceptedFile], list[Duplicate]]:
    """Move each settled billing file (and its .ctl sidecar) from drop/intake/<client>/ to received/<job>/."""
    accepted: list[AcceptedFile] = []
    duplicates: list[Duplicate] = []
    now = time.time()
    if not settings.intake_drop.is_dir():
        return accepted, duplicates
    for client_dir in sorted(p for p in settings.intake_drop.iterdir() if p.is_dir()):
        for path in sorted(client_dir.iterdir()):
            if path.suffix.lower() not in DATA_SUFFIXES or not _settled(path, now, settings.settle_seconds):
                continue
            job_id = job_id_for(sha256_of(path))
            target_dir = settings.received_dir / job_id
            if target_dir.exists() or jobs.job_exists(store, job_id):
                _move_with_sidecar(path, client_dir / "duplicates")
                duplicates.append(Duplicate(client_dir.name, path.name, job_id))
                continue
            moved = _move_with_sidecar(path, target_dir)
            accepted.append(AcceptedFile(client_dir.name, job_id, str(moved)))
    return accepted, duplicates


def _move_with_sidecar(path: Path, target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    sidecar = path.with_name(path.name + ".ctl")
    if sidecar.exists():
        os.replace(sidecar, target_dir / sidecar.name)
    target = target_dir / path.name
    os.replace(path, target)
    return target


@dataclass(frozen=True, slots=True)
class PostageArrival:
    job_id: str
    flow_run_id: str
    report: str


def match_postage_reports(settings: Settings, store: Store) -> tuple[list[PostageArrival], list[str]]:
    """Each settled postage report, matched to its job by print batch and moved into the job's workspace.

    Returns the matches and, for reports that cannot be matched or read, what is wrong
    (those stay in the drop folder for ops to look at, renamed *.rejected).
    """
    arrivals: list[PostageArrival] = []
    problems: list[str] = []
    now = time.time()
    if not settings.postage_drop.is_dir():
        return arrivals, problems
    for path in sorted(settings.postage_drop.glob("*.csv")):
        if not _settled(path, now, settings.settle_seconds):
            continue
        try:
            job = _job_of(store, path)
        except (PostageReportError, UnmatchedPostageReport) as error:
            problems.append(str(error))
            os.replace(path, path.with_name(path.name + ".rejected"))
            continue
        target = Path(job.workspace) / "postage" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)
        arrivals.append(PostageArrival(job.id, job.flow_run_id or "", str(target)))
    return arrivals, problems


def _job_of(store: Store, path: Path) -> jobs.Job:
    lines = read_postage_report(path)
    found = {line.print_batch: jobs.job_for_batch(store, line.print_batch) for line in lines}
    unknown = [batch for batch, job in found.items() if job is None]
    if unknown:
        raise UnmatchedPostageReport(
            f"postage report {path.name}: print batch {', '.join(unknown)} not found; expected batches sent to print"
        )
    job_ids = sorted({job.id for job in found.values() if job is not None})
    if len(job_ids) != 1:
        raise UnmatchedPostageReport(
            f"postage report {path.name}: expected the batches of one job, found jobs {', '.join(job_ids)}"
        )
    job = next(job for job in found.values() if job is not None)
    return job
