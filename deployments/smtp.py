"""A local SMTP server (aiosmtpd on loopback) that keeps every message: the demo's and the tests' mail sink."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def documents(self) -> list[str]:
        """The documents delivered, one per bill email (reports about a job are not documents)."""
        with self._lock:
            return [str(m["X-Batchline-Document"]) for m in self.messages if m["X-Batchline-Document"]]

    def reports(self, report: str = "job-activity") -> list[Message]:
        """Report emails (e.g. the Job Activity Report), in the order they arrived."""
        with self._lock:
            return [m for m in self.messages if m["X-Batchline-Report"] == report]


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
