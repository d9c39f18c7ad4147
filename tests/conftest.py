"""Shared fixtures: stores on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Prefect keeps results, its test database and a copy of the UI under PREFECT_HOME: one per session.
_PREFECT_HOME = tempfile.mkdtemp(prefix="batchline-tests-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_UI_STATIC_DIRECTORY"] = os.path.join(_PREFECT_HOME, "ui")
os.environ.pop("PREFECT_API_URL", None)
atexit.register(shutil.rmtree, _PREFECT_HOME, True)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def postgres_url() -> str | None:
    return os.environ.get("BATCHLINE_TEST_DATABASE_URL") or None


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file in `folder`, or a private schema in the test PostgreSQL."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'batchline.db'}"
        return
    base = postgres_url()
    if base is None:
        pytest.skip("BATCHLINE_TEST_DATABASE_URL is not set (`make test` sets it)")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(database_url: str) -> Iterator[object]:
    from batchline.store.db import Store

    opened = Store.open(database_url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def mailbox() -> Iterator[object]:
    """A real SMTP server on 127.0.0.1; BATCHLINE_SMTP_PORT points at it."""
    from deployments.smtp import smtp_server

    with smtp_server() as (box, port):
        previous = os.environ.get("BATCHLINE_SMTP_PORT")
        os.environ["BATCHLINE_SMTP_PORT"] = str(port)
        try:
            yield box
        finally:
            if previous is None:
                os.environ.pop("BATCHLINE_SMTP_PORT", None)
            else:
                os.environ["BATCHLINE_SMTP_PORT"] = previous


@pytest.fixture
def batchline_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh BATCHLINE_HOME with the demo client's profile installed."""

    home = tmp_path / "home"
    (home / "profiles").mkdir(parents=True)
    shutil.copy(Path(__file__).parents[1] / "src/batchline/samples/DEMO.toml", home / "profiles/DEMO.toml")
    monkeypatch.setenv("BATCHLINE_HOME", str(home))
    monkeypatch.delenv("BATCHLINE_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def sftp(tmp_path: Path) -> Iterator[object]:
    """A real SFTP server on 127.0.0.1 (asyncssh), its files under tmp_path/sftp-root; stopped after."""
    from tests.sftp_server import sftp_server

    with sftp_server(tmp_path / "sftp-root", tmp_path / "sftp-keys") as server:
        yield server
