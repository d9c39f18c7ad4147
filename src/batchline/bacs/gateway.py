"""The Bacs gateway: submit a Standard 18 file and learn its outcome; and a loopback simulator.

The adapter speaks a small HTTP protocol (the bank's channel sits behind it in production):

- `POST /submissions/<serial>` with the file as the body answers
  `{"outcome": "accepted" | "rejected" | "pending", "message": "..."}`;
- `GET /submissions/<serial>` answers the same for a submission made before.

No final sign-off (a "pending" answer, a timeout, a dropped connection) is `NO_SIGN_OFF`: the
batch is held for escalation and never submitted again by the sweep.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal, Protocol

ACCEPTED, REJECTED, NO_SIGN_OFF, PENDING = "ACCEPTED", "REJECTED", "NO_SIGN_OFF", "PENDING"
_ANSWERS = {"accepted": ACCEPTED, "rejected": REJECTED, "pending": PENDING}


@dataclass(frozen=True)
class GatewayOutcome:
    outcome: str  # ACCEPTED, REJECTED, NO_SIGN_OFF (submit only) or PENDING (a later ask only)
    message: str = ""


class BacsGateway(Protocol):
    def submit(self, serial: str, data: bytes) -> GatewayOutcome: ...

    def outcome(self, serial: str) -> GatewayOutcome: ...


class HttpGateway:
    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def submit(self, serial: str, data: bytes) -> GatewayOutcome:
        request = urllib.request.Request(
            f"{self.url}/submissions/{serial}", data=data, method="POST",
            headers={"Content-Type": "application/octet-stream"},
        )  # fmt: skip
        answer = self._call(request)
        if answer.outcome == PENDING:
            return GatewayOutcome(NO_SIGN_OFF, answer.message or "no final sign-off from Bacs")
        return answer

    def outcome(self, serial: str) -> GatewayOutcome:
        answer = self._call(urllib.request.Request(f"{self.url}/submissions/{serial}", method="GET"))
        return GatewayOutcome(PENDING, answer.message) if answer.outcome == NO_SIGN_OFF else answer

    def _call(self, request: urllib.request.Request) -> GatewayOutcome:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:  # timeouts, refused or dropped connections, bad answers
            return GatewayOutcome(NO_SIGN_OFF, f"no answer from the Bacs gateway {self.url}: {exc}")
        outcome = _ANSWERS.get(str(body.get("outcome", "")).lower())
        if outcome is None:
            return GatewayOutcome(NO_SIGN_OFF, f"the Bacs gateway answered {body!r}")
        return GatewayOutcome(outcome, str(body.get("message", "")))


Mode = Literal["accept", "reject", "silent"]


@dataclass
class GatewaySimulator:
    """A loopback Bacs gateway: accepts, rejects, or never answers a submission ("silent").

    A silent gateway holds each POST open without answering (until `hold_seconds` or `stop`);
    `settle(serial, "accepted")` gives the outcome a later `GET` reports.
    """

    mode: Mode = "accept"
    hold_seconds: float = 30.0
    received: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the Bacs gateway simulator is not running: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def settle(self, serial: str, outcome: Literal["accepted", "rejected"]) -> None:
        self.outcomes[serial] = outcome

    def start(self, port: int = 0) -> GatewaySimulator:
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                serial = self.path.rsplit("/", 1)[-1]
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                simulator.received.append(serial)
                if simulator.mode == "silent":
                    simulator._stopping.wait(simulator.hold_seconds)
                    return  # the connection closes with no answer
                answer = "accepted" if simulator.mode == "accept" else "rejected"
                simulator.outcomes[serial] = answer
                self._answer({"outcome": answer, "message": f"submission {serial} {answer} by Bacs"})

            def do_GET(self) -> None:
                serial = self.path.rsplit("/", 1)[-1]
                self._answer({"outcome": simulator.outcomes.get(serial, "pending"), "message": serial})

            def _answer(self, body: dict[str, str]) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@contextmanager
def gateway_simulator(mode: Mode = "accept", hold_seconds: float = 30.0) -> Iterator[GatewaySimulator]:
    """A simulator on 127.0.0.1 for the duration; it stops itself after."""
    simulator = GatewaySimulator(mode, hold_seconds).start()
    try:
        yield simulator
    finally:
        simulator.stop()


def main(argv: list[str] | None = None) -> int:
    """Serve the simulator for the demo: python -m batchline.bacs.gateway --mode accept --port 8099."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m batchline.bacs.gateway", description=main.__doc__)
    parser.add_argument("--mode", choices=["accept", "reject", "silent"], default="accept")
    parser.add_argument("--port", type=int, default=8099)
    args = parser.parse_args(argv)
    simulator = GatewaySimulator(args.mode)
    simulator.start(port=args.port)
    print(f"Bacs gateway simulator ({args.mode}) on {simulator.url}; Ctrl-C stops it", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
