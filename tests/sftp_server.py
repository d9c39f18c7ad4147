"""A real SFTP server for the tests: asyncssh with its SFTP subsystem on 127.0.0.1, a random port.

Its host key and the client's key are made fresh for each server; the client finds the
host key in a known hosts file written beside them, as a real deployment would.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh

from batchline.delivery.transfer import SftpCredentials

USER, PASSWORD = "batchline", "correct horse battery staple"


@dataclass(frozen=True)
class SftpServer:
    root: Path  # what the server shows as "/"
    port: int
    key_file: Path
    known_hosts: Path

    def url(self, path: str = "/") -> str:
        return f"sftp://{USER}@127.0.0.1:{self.port}{path}"

    def credentials(self, *, password: bool = False) -> SftpCredentials:
        if password:
            return SftpCredentials(password=PASSWORD, known_hosts=str(self.known_hosts), timeout=10)
        return SftpCredentials(key_file=str(self.key_file), known_hosts=str(self.known_hosts), timeout=10)


class _Server(asyncssh.SSHServer):
    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == USER and password == PASSWORD


async def _stop(server: Any) -> None:
    """Stop listening, then end the sessions still open (a test that failed midway leaves some)."""
    server.close()
    await server.wait_closed()
    sessions = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in sessions:
        task.cancel()
    await asyncio.gather(*sessions, return_exceptions=True)


@contextmanager
def sftp_server(root: Path, keys: Path) -> Iterator[SftpServer]:
    root.mkdir(parents=True, exist_ok=True)
    keys.mkdir(parents=True, exist_ok=True)
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    key_file = keys / "id_ed25519"
    client_key.write_private_key(str(key_file))
    authorized = asyncssh.import_authorized_keys(client_key.export_public_key().decode("ascii"))

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="sftp-server", daemon=True)
    thread.start()

    async def start() -> Any:
        return await asyncssh.listen(
            "127.0.0.1",
            0,
            server_factory=_Server,
            server_host_keys=[host_key],
            authorized_client_keys=authorized,
            sftp_factory=lambda channel: asyncssh.SFTPServer(channel, chroot=str(root).encode()),
            allow_scp=False,
        )

    server = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    try:
        port = int(server.sockets[0].getsockname()[1])
        public = host_key.export_public_key().decode("ascii").split()[:2]
        known_hosts = keys / "known_hosts"
        known_hosts.write_text(f"[127.0.0.1]:{port} {' '.join(public)}\n", encoding="ascii")
        yield SftpServer(root, port, key_file, known_hosts)
    finally:
        asyncio.run_coroutine_threadsafe(_stop(server), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()
