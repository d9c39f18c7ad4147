"""File transfer drops: files land whole in a local folder or on a real SFTP server, once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from batchline.delivery.transfer import (
    LocationError,
    SftpCredentials,
    TransferError,
    TransferUnavailable,
    open_drop,
    parse_location,
    without_passwords,
)
from deployments.smtp import free_port
from tests.sftp_server import SftpServer


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("/srv/drop/print", "/srv/drop/print"),
        ("file:///srv/drop/print/", "/srv/drop/print"),
        (
            "sftp://print@facility.example:2222/inbound/DEMO",
            "sftp://print@facility.example:2222/inbound/DEMO",
        ),
        ("sftp://facility.example/inbound", "sftp://facility.example:22/inbound"),
    ],
)
def test_a_location_is_a_folder_or_an_sftp_url(text: str, shown: str) -> None:
    assert str(parse_location(text)) == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("drop/print", "not an absolute folder"),
        ("ftp://facility.example/inbound", "scheme 'ftp' is not supported"),
        ("sftp:///inbound", "no host"),
        ("sftp://print@facility.example:99999/x", "port is not a number"),
        ("file://elsewhere/srv", "a file:// URL names no host"),
    ],
)
def test_a_location_that_cannot_be_used_is_refused_with_what_was_expected(text: str, message: str) -> None:
    with pytest.raises(LocationError, match=message):
        parse_location(text)


def test_a_password_in_a_location_is_refused_without_being_repeated() -> None:
    with pytest.raises(LocationError) as refused:
        parse_location("sftp://print:hunter2@facility.example/inbound")
    assert "BATCHLINE_SFTP_PASSWORD" in str(refused.value)
    assert "hunter2" not in str(refused.value)
    assert (
        without_passwords("at sftp://u:hunter2@h/x, 'sftp://v:pw@h'")
        == "at sftp://u:***@h/x, 'sftp://v:***@h'"
    )


def test_a_local_put_writes_the_bytes_whole_and_leaves_no_partial_file(tmp_path: Path) -> None:
    with open_drop(str(tmp_path / "portal")) as drop:
        assert drop.put_bytes(b'{"a": 1}\n', "J1/100001.json")
        assert drop.url("J1/100001.json") == str(tmp_path / "portal/J1/100001.json")
    assert files_under(tmp_path / "portal") == {"J1/100001.json": b'{"a": 1}\n'}


def test_putting_an_identical_file_again_leaves_it_alone_and_a_changed_one_replaces_it(
    tmp_path: Path,
) -> None:
    source = tmp_path / "batch.pdf"
    source.write_bytes(b"%PDF batch one")
    with open_drop(str(tmp_path / "drop")) as drop:
        assert drop.put_file(source, "J1-P0001.pdf")
        os.utime(tmp_path / "drop/J1-P0001.pdf", ns=(1_000_000_000, 1_000_000_000))
        assert not drop.put_file(source, "J1-P0001.pdf")
        assert (tmp_path / "drop/J1-P0001.pdf").stat().st_mtime_ns == 1_000_000_000
        source.write_bytes(b"%PDF batch ONE")  # same size, other bytes
        assert drop.put_file(source, "J1-P0001.pdf")
    assert files_under(tmp_path / "drop") == {"J1-P0001.pdf": b"%PDF batch ONE"}


def test_a_local_folder_that_cannot_be_written_is_a_transfer_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "drop").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(TransferError, match=rf"{tmp_path}/drop/J1/x.json: cannot write the file"):
        open_drop(str(tmp_path / "drop")).put_bytes(b"{}", "J1/x.json")


def test_files_reach_an_sftp_server_whole_under_its_folder(sftp: SftpServer, tmp_path: Path) -> None:
    source = tmp_path / "batch.pdf"
    source.write_bytes(b"%PDF" + bytes(range(256)) * 4000)  # ~1 MB, several SFTP writes
    with open_drop(sftp.url("/inbound/DEMO"), sftp.credentials()) as drop:
        assert drop.put_file(source, "J1-P0001.pdf")
        assert drop.put_bytes(b"{}\n", "J1/manifest.json")
        assert not drop.put_file(source, "J1-P0001.pdf")  # identical: left alone on a rerun
        assert drop.url("J1/manifest.json") == sftp.url("/inbound/DEMO/J1/manifest.json")
    assert files_under(sftp.root) == {
        "inbound/DEMO/J1-P0001.pdf": source.read_bytes(),
        "inbound/DEMO/J1/manifest.json": b"{}\n",
    }


def test_an_sftp_login_may_use_a_password_from_the_settings(sftp: SftpServer) -> None:
    with open_drop(sftp.url("/in"), sftp.credentials(password=True)) as drop:
        drop.put_bytes(b"x", "x.txt")
    assert files_under(sftp.root) == {"in/x.txt": b"x"}


def test_an_sftp_server_that_is_down_is_unavailable_and_named(tmp_path: Path) -> None:
    port = free_port()
    with pytest.raises(
        TransferUnavailable, match=rf"sftp://batchline@127\.0\.0\.1:{port}/inbound: cannot connect"
    ):
        open_drop(f"sftp://batchline@127.0.0.1:{port}/inbound", SftpCredentials(timeout=5))


def test_an_sftp_server_whose_host_key_is_not_known_is_refused(sftp: SftpServer, tmp_path: Path) -> None:
    empty = tmp_path / "known_hosts"
    empty.write_text("", encoding="ascii")
    credentials = SftpCredentials(key_file=str(sftp.key_file), known_hosts=str(empty), timeout=10)
    with pytest.raises(
        TransferUnavailable, match=r"host key of \[127\.0\.0\.1\]:\d+ .* is not in the known hosts"
    ):
        open_drop(sftp.url("/inbound"), credentials)
    assert files_under(sftp.root) == {}


def test_an_sftp_login_that_is_refused_is_unavailable(sftp: SftpServer) -> None:
    credentials = SftpCredentials(password="wrong", known_hosts=str(sftp.known_hosts), timeout=10)
    with pytest.raises(TransferUnavailable, match=r"cannot connect .*[Aa]uthentication failed"):
        open_drop(sftp.url("/inbound"), credentials)
