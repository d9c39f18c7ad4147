"""A local Batchline: a Prefect server on 127.0.0.1 (SQLite), an SMTP server, and the served deployments.

Used by the demo and the integration tests; it stops what it started, by process id.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from deployments.rest import request

ROOT = Path(__file__).resolve().parents[1]
SERVED = (
    "bill-run/bill-run",
    "intake/intake",
    "stage-monitor/stage-monitor",
    "billing-report/billing-report",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL=os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
    )
    env.update(extra)
    return env


@dataclass
class LocalStack:
    home: Path
    smtp_port: int
    query_seconds: float = 1.0
    port: int = field(default_factory=free_port)
    documents_port: int = field(default_factory=free_port)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def ui(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def documents(self) -> str:
        """The document server the gates' sample links point at."""
        return f"http://127.0.0.1:{self.documents_port}"

    @property
    def api(self) -> str:
        return f"{self.ui}/api"

    @property
    def env(self) -> dict[str, str]:
        prefect_home = self.home / "prefect"
        return clean_env(
            {
                "PREFECT_HOME": str(prefect_home),
                "PREFECT_API_URL": self.api,
                "PREFECT_UI_API_URL": self.api,
                "PREFECT_UI_STATIC_DIRECTORY": str(prefect_home / "ui"),
                # SQLite's busy timeout: a burst of writes on 2 cores can hold the lock past the 10 s default
                "PREFECT_SERVER_DATABASE_TIMEOUT": "60",
                "BATCHLINE_HOME": str(self.home),
                "BATCHLINE_SMTP_PORT": str(self.smtp_port),
                "BATCHLINE_RUNNER_QUERY_SECONDS": str(self.query_seconds),
                "BATCHLINE_INTAKE_SCHEDULE": "off",
                "BATCHLINE_DOCUMENTS_PORT": str(self.documents_port),
            }
        )

    def __enter__(self) -> LocalStack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        self.stop()

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self._spawn(
            ["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            "prefect-server.log",
        )
        self._wait(
            lambda: httpx.get(f"{self.api}/health", timeout=2).status_code == 200, 120, "Prefect server"
        )
        self._spawn([sys.executable, "-m", "deployments.serve"], "serve.log")
        self._wait(lambda: all(self.deployment_id(name) for name in SERVED), 120, "served deployments")

    def _spawn(self, command: list[str], log_name: str) -> None:
        if command[0] == "prefect":
            command = [str(Path(sys.executable).with_name("prefect")), *command[1:]]
        log = (self.home / log_name).open("wb")
        self.processes.append(
            subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        )

    def _wait(self, ready: Any, seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"{what}: a process exited early ({process.args!r}); see logs in {self.home}"
                    )
            try:
                if ready():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        raise TimeoutError(f"{what} not ready within {seconds} s; see logs in {self.home}")

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def deployment_id(self, name: str) -> str | None:
        try:
            response = request("GET", f"{self.api}/deployments/name/{name}")
        except httpx.HTTPStatusError as error:
            if error.response.status_code == 404:  # not served (yet)
                return None
            raise
        return str(response.json()["id"])

    def run_deployment(self, name: str, parameters: dict[str, Any] | None = None) -> str:
        deployment = self.deployment_id(name)
        response = request(
            "POST",
            f"{self.api}/deployments/{deployment}/create_flow_run",
            json={"parameters": parameters or {}},
        )
        return str(response.json()["id"])

    def flow_runs(self, deployment: str) -> list[dict[str, Any]]:
        body = {
            "deployments": {"id": {"any_": [self.deployment_id(deployment)]}},
            "sort": "ID_DESC",
            "limit": 50,
        }
        return list(request("POST", f"{self.api}/flow_runs/filter", json=body).json())

    def wait_for_run(self, run_id: str, types: tuple[str, ...], seconds: float = 300) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            run = request("GET", f"{self.api}/flow_runs/{run_id}").json()
            if run["state"] and run["state"]["type"] in types:
                return dict(run)
            time.sleep(0.25)
        raise TimeoutError(f"flow run {run_id} did not reach {types} within {seconds} s")
