"""File transfer drops: files put whole into a location, a local folder or a folder on an SFTP server.

A location is an absolute folder (or a ``file://`` URL) or ``sftp://user@host[:port]/path``.
Every put is atomic: the bytes go to ``.NAME.partial`` beside the target and are then
renamed over it (SFTP: OpenSSH's posix-rename), so a reader (the print facility, a
portal's import) never sees half a file. A put asked to skip identical files leaves a
target with the same size and SHA-256 alone, so a rerun writes nothing twice.

SFTP goes through fsspec's SFTP filesystem (paramiko), one connection per drop.
Credentials never live in a location: a key file or password comes from settings
(``BATCHLINE_SFTP_KEY_FILE``, ``BATCHLINE_SFTP_PASSWORD``) and the server's host key
must be in a known hosts file (``BATCHLINE_SFTP_KNOWN_HOSTS``, else ``~/.ssh/known_hosts``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import re
import shutil
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from batchline.errors import BatchlineError
from batchline.files import sha256_of

LOCAL, SFTP = "file", "sftp"
EXPECTED = "an absolute folder, a file:// URL or sftp://user@host[:port]/path"


class LocationError(BatchlineError, ValueError):
    """A location that cannot be used (raised while a profile is read, so ValueError too)."""


class TransferError(BatchlineError):
    """A file could not be put into a location."""


class TransferUnavailable(TransferError):
    """The location cannot be reached at all (connection refused, host key or login refused)."""


@dataclass(frozen=True, slots=True)
class Location:
    scheme: str
    path: str
    host: str = ""
    port: int = 22
    username: str = ""

    def __str__(self) -> str:
        if self.scheme == LOCAL:
            return self.path
        user = f"{self.username}@" if self.username else ""
        return f"sftp://{user}{self.host}:{self.port}{self.path}"

    def join(self, *parts: str) -> Location:
        if self.scheme == LOCAL:
            return replace(self, path=os.path.join(self.path, *parts))
        return replace(self, path=posixpath.join(self.path, *parts))


def parse_location(text: str) -> Location:
    """A location from its text; a password in an sftp URL is refused (it belongs in the settings)."""
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme in ("", LOCAL):
        path = unquote(parts.path) if parts.scheme else text
        if parts.scheme and parts.netloc not in ("", "localhost"):
            raise LocationError(f"location {text!r}: a file:// URL names no host; expected {EXPECTED}")
        if not path or not os.path.isabs(path):
            raise LocationError(f"location {text!r}: not an absolute folder; expected {EXPECTED}")
        return Location(LOCAL, os.path.normpath(path))
    if parts.scheme != SFTP:
        raise LocationError(
            f"location {text!r}: scheme {parts.scheme!r} is not supported; expected {EXPECTED}"
        )
    if parts.password is not None:
        raise LocationError(
            f"location {without_passwords(text)!r}: a password does not belong in a location; "
            "set BATCHLINE_SFTP_PASSWORD or use a key file (BATCHLINE_SFTP_KEY_FILE)"
        )
    try:
        port = parts.port or 22
    except ValueError as exc:
        raise LocationError(f"location {text!r}: the port is not a number from 1 to 65535") from exc
    if not parts.hostname:
        raise LocationError(f"location {text!r}: no host; expected {EXPECTED}")
    path = posixpath.normpath("/" + unquote(parts.path).lstrip("/"))
    return Location(SFTP, path, parts.hostname, port, unquote(parts.username or ""))


@dataclass(frozen=True, slots=True)
class SftpCredentials:
    key_file: str = ""
    password: str = field(default="", repr=False)
    known_hosts: str = ""  # empty: ~/.ssh/known_hosts
    timeout: float = 30.0


class Drop(ABC):
    """Puts files whole into one location; a context manager that closes its connection."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self._folders: set[str] = set()

    def __enter__(self) -> Drop:
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        self.close()

    def url(self, name: str) -> str:
        return str(self.location.join(name))

    def put_bytes(self, data: bytes, name: str, *, skip_identical: bool = False) -> bool:
        """Write `data` as `name` (a path under the location); False if an identical file was left alone."""
        return self._put(
            name,
            len(data),
            lambda: hashlib.sha256(data).hexdigest(),
            lambda partial: self._write_bytes(partial, data),
            skip_identical,
        )

    def put_file(self, source: Path, name: str, *, skip_identical: bool = True) -> bool:
        """Copy `source` as `name`; False if an identical file was left alone."""
        return self._put(
            name,
            source.stat().st_size,
            lambda: sha256_of(source),
            lambda partial: self._write_file(partial, source),
            skip_identical,
        )

    def _put(
        self,
        name: str,
        size: int,
        digest: Callable[[], str],
        write: Callable[[str], None],
        skip_identical: bool,
    ) -> bool:
        target = self.location.join(name).path
        folder, base = self._split(target)
        try:
            if skip_identical and self._identical(target, size, digest):
                return False
            if folder not in self._folders:
                self._make_folder(folder)
                self._folders.add(folder)
            partial = self._join(folder, f".{base}.partial")
            write(partial)
            self._replace(partial, target)
        except TransferError:
            raise
        except self._errors() as exc:
            self._broken()
            raise TransferError(f"{self.url(name)}: cannot write the file ({_describe(exc)})") from exc
        return True

    def _identical(self, target: str, size: int, digest: Callable[[], str]) -> bool:
        try:
            if self._size(target) != size:
                return False
        except FileNotFoundError:
            return False
        return self._sha256(target) == digest()

    @abstractmethod
    def _errors(self) -> tuple[type[BaseException], ...]: ...
    @abstractmethod
    def _split(self, path: str) -> tuple[str, str]: ...
    @abstractmethod
    def _join(self, folder: str, name: str) -> str: ...
    @abstractmethod
    def _size(self, path: str) -> int: ...
    @abstractmethod
    def _sha256(self, path: str) -> str: ...
    @abstractmethod
    def _make_folder(self, folder: str) -> None: ...
    @abstractmethod
    def _write_bytes(self, path: str, data: bytes) -> None: ...
    @abstractmethod
    def _write_file(self, path: str, source: Path) -> None: ...
    @abstractmethod
    def _replace(self, partial: str, target: str) -> None: ...

    def _broken(self) -> None:
        """An operation failed midway: forget any connection, so the next put starts afresh."""
        self.close()

    @abstractmethod
    def close(self) -> None: ...


class LocalDrop(Drop):
    """A local folder, written with plain os calls (the portal writes two files a document)."""

    def _errors(self) -> tuple[type[BaseException], ...]:
        return (OSError,)

    def _split(self, path: str) -> tuple[str, str]:
        return os.path.split(path)

    def _join(self, folder: str, name: str) -> str:
        return os.path.join(folder, name)

    def _size(self, path: str) -> int:
        return os.stat(path).st_size

    def _sha256(self, path: str) -> str:
        return sha256_of(Path(path))

    def _make_folder(self, folder: str) -> None:
        os.makedirs(folder, exist_ok=True)

    def _write_bytes(self, path: str, data: bytes) -> None:
        with open(path, "wb") as out:
            out.write(data)

    def _write_file(self, path: str, source: Path) -> None:
        shutil.copyfile(source, path)

    def _replace(self, partial: str, target: str) -> None:
        os.replace(partial, target)

    def close(self) -> None:
        """Nothing is held open for a local folder."""


class SftpDrop(Drop):
    """A folder on an SFTP server through fsspec; one connection, opened again after a failed put."""

    def __init__(self, location: Location, credentials: SftpCredentials) -> None:
        super().__init__(location)
        self.credentials = credentials
        self._fs: Any = None

    def connect(self) -> Any:
        if self._fs is not None:
            return self._fs
        from fsspec.implementations.sftp import SFTPFileSystem

        options: dict[str, Any] = {
            "port": self.location.port,
            "timeout": self.credentials.timeout,
            "banner_timeout": self.credentials.timeout,
            "auth_timeout": self.credentials.timeout,
            "allow_agent": False,
            "look_for_keys": False,
            "host_key_policy": _known_hosts_policy(self.credentials.known_hosts),
            "skip_instance_cache": True,
        }
        if self.location.username:
            options["username"] = self.location.username
        if self.credentials.key_file:
            options["key_filename"] = self.credentials.key_file
        if self.credentials.password:
            options["password"] = self.credentials.password
        try:
            self._fs = SFTPFileSystem(self.location.host, **options)
        except self._errors() as exc:
            raise TransferUnavailable(f"{self.location}: cannot connect ({_describe(exc)})") from exc
        self._folders.clear()
        return self._fs

    def _errors(self) -> tuple[type[BaseException], ...]:
        import paramiko

        return (OSError, EOFError, paramiko.SSHException)

    def _split(self, path: str) -> tuple[str, str]:
        return posixpath.split(path)

    def _join(self, folder: str, name: str) -> str:
        return posixpath.join(folder, name)

    def _size(self, path: str) -> int:
        return int(self.connect().info(path)["size"])

    def _sha256(self, path: str) -> str:
        return hashlib.sha256(self.connect().cat_file(path)).hexdigest()

    def _make_folder(self, folder: str) -> None:
        self.connect().makedirs(folder, exist_ok=True)

    def _write_bytes(self, path: str, data: bytes) -> None:
        with self.connect().open(path, "wb") as out:
            out.set_pipelined(True)  # paramiko: do not wait for each block's acknowledgement
            out.write(data)

    def _write_file(self, path: str, source: Path) -> None:
        with source.open("rb") as src, self.connect().open(path, "wb") as out:
            out.set_pipelined(True)
            shutil.copyfileobj(src, out, 1 << 20)

    def _replace(self, partial: str, target: str) -> None:
        self.connect().mv(partial, target)  # posix-rename: replaces the target in one step

    def close(self) -> None:
        fs, self._fs = self._fs, None
        if fs is not None:
            with contextlib.suppress(Exception):  # closing a connection that already died
                fs.client.close()


def open_drop(location: Location | str, credentials: SftpCredentials | None = None) -> Drop:
    """A drop for the location; an SFTP drop connects now (TransferUnavailable when it cannot)."""
    where = parse_location(location) if isinstance(location, str) else location
    if where.scheme == LOCAL:
        return LocalDrop(where)
    drop = SftpDrop(where, credentials or SftpCredentials())
    drop.connect()
    return drop


def _known_hosts_policy(known_hosts: str) -> Any:
    """Accept the server only if its host key is in the known hosts file (never trust on first use)."""
    import paramiko

    path = Path(known_hosts or "~/.ssh/known_hosts").expanduser()

    class KnownHosts(paramiko.MissingHostKeyPolicy):
        def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
            keys = paramiko.HostKeys()
            if path.is_file():
                keys.load(str(path))
            if not keys.check(hostname, key):
                raise paramiko.SSHException(
                    f"host key of {hostname} ({key.get_name()}) is not in the known hosts file {path}"
                )

    return KnownHosts()


def without_passwords(text: str) -> str:
    """`text` with the password of any URL in it masked (error messages end up in logs)."""
    return _URL_PASSWORD.sub(r"\1:***@", text)


_URL_PASSWORD = re.compile(r"(://[^/:@\s'\"]*):[^@/\s'\"]*@")


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
