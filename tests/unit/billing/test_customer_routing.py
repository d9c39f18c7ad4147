"""The customer routing setup: loaded strictly from its CSV, applied to documents the file left unrouted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from batchline.billing.routing import (
    Route,
    RoutingFileError,
    document_channels,
    load_routing_file,
    read_routing_csv,
    route_documents,
    routes_for,
)
from batchline.store.db import Store

ROOT = Path(__file__).resolve().parents[3]
HEADER = "account_number,channel,email,fax_number\n"


def routing_file(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "routing.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_a_good_file_gives_one_route_per_account_and_channel(tmp_path: Path) -> None:
    path = routing_file(
        tmp_path, "A1,email,ap@one.example.com,\nA1,PRINT,,\nA2,FAX,,(312) 555-0142\nA3,PULL,,\n"
    )
    assert read_routing_csv(path) == [
        Route("A1", "EMAIL", "ap@one.example.com"),
        Route("A1", "PRINT"),
        Route("A2", "FAX", fax_number="(312) 555-0142"),
        Route("A3", "PULL"),
    ]


def test_every_faulty_line_is_reported_with_where_what_was_expected_and_found(tmp_path: Path) -> None:
    path = routing_file(
        tmp_path,
        "A1,POST,,\nA2,EMAIL,not-an-address,\nA3,FAX,,555-0142\n,EMAIL,ap@x.example.com,\nA4,PULL,,\nA4,EMAIL,a@b.example,\n",
    )
    with pytest.raises(RoutingFileError) as refused:
        read_routing_csv(path)
    sentences = [p.sentence() for p in refused.value.problems]
    assert sentences == [
        'unknown channel at line 2, column channel: expected PRINT, EMAIL, FAX, EBILL, CSV, PULL, found "POST"',
        "email address not usable at line 3, column email: expected an email address with one @ and a dot "
        'in the domain, as channel is EMAIL, found "not-an-address"',
        "fax number not usable at line 4, column fax_number: expected a NANP number: 10 digits (punctuation "
        "and a leading 1 allowed), area code and exchange each starting 2-9 and not N11, "
        'found "555-0142" (7 digits)',
        "account number not usable at line 5, column account_number: expected 1 to 64 characters, "
        "found an empty value",
        "pull with other channels at account A4: expected PULL alone (a pulled bill is not sent), "
        "found PULL, EMAIL",
    ]
    assert "customer routing file routing.csv" in str(refused.value)
    assert refused.value.report_markdown().startswith("# Customer routing file: routing.csv")


def test_a_file_without_the_required_columns_is_refused_at_its_header(tmp_path: Path) -> None:
    with pytest.raises(RoutingFileError, match="header not usable at line 1"):
        read_routing_csv(routing_file(tmp_path, "A1,EMAIL\n", header="account,route\n"))


def test_loading_replaces_the_clients_whole_setup_and_a_bad_file_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    load_routing_file(store, "DEMO", routing_file(tmp_path, "A1,EMAIL,a@one.example.com,\nA2,EBILL,,\n"))
    load_routing_file(store, "DEMO", routing_file(tmp_path, "A2,CSV,,\n"))
    with pytest.raises(RoutingFileError):
        load_routing_file(store, "DEMO", routing_file(tmp_path, "A3,NOPE,,\n"))
    with store.unit_of_work() as session:
        assert routes_for(session, "DEMO", ["A1", "A2", "A3"]) == {"A2": [Route("A2", "CSV")]}
        assert routes_for(session, "OTHER", ["A2"]) == {}


def documents(tmp_path: Path, rows: list[tuple[str, str, str | None, str, str]]) -> Path:
    numbers, accounts, channels, emails, faxes = (list(c) for c in zip(*rows, strict=True))
    pq.write_table(
        pa.table(
            {
                "document_number": numbers,
                "account_number": accounts,
                "delivery_channel": pa.array(channels, pa.string()),
                "email": emails,
                "fax_number": faxes,
            }
        ),
        tmp_path / "documents.parquet",
    )
    return tmp_path


def test_a_channel_in_the_file_wins_and_the_setup_routes_the_rest_with_us_mail_by_default(
    tmp_path: Path,
) -> None:
    workspace = documents(
        tmp_path,
        [
            ("D1", "A1", "EMAIL", "file@one.example.com", ""),
            ("D2", "A1", None, "", ""),
            ("D3", "A2", None, "", ""),
            ("D4", "A9", None, "", ""),
            ("D5", "A3", None, "", ""),
        ],
    )
    setup = {
        "A1": [Route("A1", "PRINT"), Route("A1", "EMAIL", "setup@one.example.com")],
        "A2": [Route("A2", "FAX", fax_number="3125550142")],
        "A3": [Route("A3", "PULL")],
    }
    assert route_documents(workspace, setup) == {"FILE": 1, "SETUP": 3, "DEFAULT": 1}
    table = pq.read_table(workspace / "documents.parquet").to_pydict()
    assert table["delivery_channel"] == ["EMAIL", "PRINT", "FAX", "PRINT", "PULL"]
    assert table["copy_channels"] == ["", "EMAIL", "", "", ""]
    assert table["email"][:2] == ["file@one.example.com", "setup@one.example.com"]
    assert table["fax_number"][2] == "3125550142"
    assert table["routed_by"] == ["FILE", "SETUP", "SETUP", "DEFAULT", "SETUP"]
    assert document_channels(workspace) == [
        (0, "D1", "EMAIL"),
        (1, "D2", "PRINT"),
        (1, "D2", "EMAIL"),
        (2, "D3", "FAX"),
        (3, "D4", "PRINT"),
        (4, "D5", "PULL"),
    ]


def test_the_command_line_loads_a_file_or_prints_every_problem(tmp_path: Path) -> None:
    env = {"BATCHLINE_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    good = routing_file(tmp_path, "A1,EBILL,,\n")
    command = [sys.executable, "-m", "batchline.billing.routing", "DEMO"]
    done = subprocess.run(
        [*command, str(good)], env=env, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "client DEMO: 1 routes loaded from routing.csv")
    bad = routing_file(tmp_path, "A1,SMOKE,,\n")
    refused = subprocess.run(
        [*command, str(bad)], env=env, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert refused.returncode == 2
    assert "| unknown channel | line 2, column channel |" in refused.stderr
