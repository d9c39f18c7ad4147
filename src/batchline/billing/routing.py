"""The customer routing setup: how each account's bills go when its billing file does not say.

A client loads it from a CSV (docs/customer-routing.md). An account may have several
channels (an emailed copy and a printed one, say). A document whose `delivery_channel`
is empty takes its account's channels from the setup, and US Mail (PRINT) when the
account has none; a channel written in the file always wins.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from batchline.billing.datafile_format import DELIVERY_CHANNELS
from batchline.billing.datafile_problems import DataFileError, Problems, shown
from batchline.delivery.fax import NANP_RULE, FaxNumberError, nanp_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from batchline.store.db import Store

COLUMNS = ("account_number", "channel", "email", "fax_number")
REQUIRED = ("account_number", "channel")
FILE, SETUP, DEFAULT = "FILE", "SETUP", "DEFAULT"
US_MAIL = "PRINT"
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_ACCOUNT_LENGTH = 64


class RoutingFileError(DataFileError):
    """A customer routing file that cannot be loaded: nothing of it is."""

    KIND = "customer routing file"


@dataclass(frozen=True, slots=True)
class Route:
    account_number: str
    channel: str
    email: str = ""
    fax_number: str = ""


def read_routing_csv(path: Path) -> list[Route]:
    """Every route of the file, or RoutingFileError listing every faulty line."""
    problems = Problems()
    routes: list[Route] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing or unknown:
            problems.add(
                "header not usable",
                "line 1",
                "columns " + ", ".join(COLUMNS) + f" ({', '.join(REQUIRED)} required)",
                ", ".join(header) or "no header",
            )
            raise problems.error(path, RoutingFileError)
        for line, row in enumerate(reader, start=2):
            route = _route(row, f"line {line}", problems)
            if route is not None:
                routes.append(route)
    _check_accounts(routes, problems)
    if problems:
        raise problems.error(path, RoutingFileError)
    return routes


def _route(row: Mapping[str, str | None], where: str, problems: Problems) -> Route | None:
    if None in row:
        problems.add("too many values", where, f"{len(COLUMNS)} values at most", "more")
        return None
    account = (row.get("account_number") or "").strip()
    channel = (row.get("channel") or "").strip().upper()
    email = (row.get("email") or "").strip()
    fax = (row.get("fax_number") or "").strip()
    before = len(problems.listed) + problems.more
    if not account or len(account) > _ACCOUNT_LENGTH:
        problems.add(
            "account number not usable", f"{where}, column account_number",
            f"1 to {_ACCOUNT_LENGTH} characters", shown(account),
        )  # fmt: skip
    if channel not in DELIVERY_CHANNELS:
        problems.add(
            "unknown channel", f"{where}, column channel", ", ".join(DELIVERY_CHANNELS), shown(channel)
        )
    if channel == "EMAIL" and not _EMAIL.fullmatch(email):
        problems.add(
            "email address not usable", f"{where}, column email",
            "an email address with one @ and a dot in the domain, as channel is EMAIL", shown(email),
        )  # fmt: skip
    if channel == "FAX":
        try:
            nanp_number(fax, account)
        except FaxNumberError as error:
            problems.add(
                "fax number not usable",
                f"{where}, column fax_number",
                NANP_RULE,
                f"{shown(fax)} ({error.problem})",
            )
    if len(problems.listed) + problems.more > before:
        return None
    return Route(account, channel, email if channel == "EMAIL" else "", fax if channel == "FAX" else "")


def _check_accounts(routes: Sequence[Route], problems: Problems) -> None:
    channels: dict[str, list[str]] = {}
    for route in routes:
        channels.setdefault(route.account_number, []).append(route.channel)
    for account, named in channels.items():
        twice = sorted({c for c in named if named.count(c) > 1})
        if twice:
            problems.add(
                "channel given twice", f"account {account}", "each channel once per account", ", ".join(twice)
            )
        if "PULL" in named and len(set(named)) > 1:
            problems.add(
                "pull with other channels", f"account {account}",
                "PULL alone (a pulled bill is not sent)", ", ".join(named),
            )  # fmt: skip


def replace_routing(store: Store, client_id: str, routes: Iterable[Route], source: str) -> int:
    """The client's whole setup becomes these routes, in one transaction."""
    from sqlalchemy import delete, insert

    from batchline.store.models import CustomerRouting
    from batchline.store.types import utcnow

    now = utcnow()
    rows = [
        {
            "client_id": client_id,
            "account_number": r.account_number,
            "channel": r.channel,
            "email": r.email,
            "fax_number": r.fax_number,
            "source": source,
            "loaded_at": now,
        }
        for r in routes
    ]
    with store.unit_of_work() as session:
        session.execute(delete(CustomerRouting).where(CustomerRouting.client_id == client_id))
        for start in range(0, len(rows), 5000):
            session.execute(insert(CustomerRouting), rows[start : start + 5000])
    return len(rows)


def load_routing_file(store: Store, client_id: str, path: Path) -> int:
    """Read, check and load a routing CSV; a faulty file changes nothing."""
    return replace_routing(store, client_id, read_routing_csv(path), source=path.name)


def routes_for(session: Session, client_id: str, accounts: Iterable[str]) -> dict[str, list[Route]]:
    """The setup's routes of these accounts, channels in a stable order."""
    from sqlalchemy import select

    from batchline.store.models import CustomerRouting

    wanted = sorted(set(accounts))
    found: dict[str, list[Route]] = {}
    for start in range(0, len(wanted), 5000):
        rows = session.scalars(
            select(CustomerRouting).where(
                CustomerRouting.client_id == client_id,
                CustomerRouting.account_number.in_(wanted[start : start + 5000]),
            )
        )
        for row in rows:
            found.setdefault(row.account_number, []).append(
                Route(row.account_number, row.channel, row.email, row.fax_number)
            )
    order = {channel: n for n, channel in enumerate(DELIVERY_CHANNELS)}
    return {account: sorted(routes, key=lambda r: order[r.channel]) for account, routes in found.items()}


def route_documents(workspace: Path, routes: Mapping[str, Sequence[Route]]) -> dict[str, int]:
    """Give every document of the job its channels; counts of documents by who routed them.

    A document the file routed keeps its channel. Otherwise its account's routes decide:
    the first channel (PRINT when it is one: the mail piece is the document's main copy)
    becomes `delivery_channel`, the rest `copy_channels` (";"-separated), and an email
    address or fax number the file left empty comes from the setup.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = workspace / "documents.parquet"
    table = pq.read_table(path)
    columns = table.select(["account_number", "delivery_channel", "email", "fax_number"]).to_pydict()
    channel, copies, email, fax, routed_by = [], [], [], [], []
    for account, given, mail, number in zip(*columns.values(), strict=True):
        own = routes.get(account, ()) if given is None else ()
        named = [r.channel for r in own]
        if given is not None:
            channel.append(given)
            routed_by.append(FILE)
        elif own:
            channel.append(US_MAIL if US_MAIL in named else named[0])
            routed_by.append(SETUP)
        else:
            channel.append(US_MAIL)
            routed_by.append(DEFAULT)
        copies.append(";".join(c for c in named if c != channel[-1]))
        email.append(mail or next((r.email for r in own if r.channel == "EMAIL"), ""))
        fax.append(number or next((r.fax_number for r in own if r.channel == "FAX"), ""))
    for name, values in (("delivery_channel", channel), ("email", email), ("fax_number", fax)):
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(values, pa.string()))
    for name, values in (("copy_channels", copies), ("routed_by", routed_by)):
        if name in table.schema.names:
            table = table.drop_columns([name])
        table = table.append_column(name, pa.array(values, pa.string()))
    temporary = path.with_suffix(".routing.tmp")
    pq.write_table(table, temporary)
    temporary.replace(path)
    return {who: routed_by.count(who) for who in (FILE, SETUP, DEFAULT)}


def document_channels(workspace: Path) -> list[tuple[int, str, str]]:
    """(doc_index, document_number, channel) for every channel of every routed document.

    A document's main channel comes first; copies (`is_copy`) follow it.
    """
    import pyarrow.parquet as pq

    docs = pq.read_table(
        workspace / "documents.parquet", columns=["document_number", "delivery_channel", "copy_channels"]
    ).to_pydict()
    found = []
    for i, (number, channel, copies) in enumerate(zip(*docs.values(), strict=True)):
        found.append((i, number, channel))
        found += [(i, number, copy) for copy in copies.split(";") if copy]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """python -m batchline.billing.routing CLIENT FILE: load a client's customer routing setup."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="python -m batchline.billing.routing",
        description="Load a client's customer routing setup from a CSV (docs/customer-routing.md); "
        "the whole setup is replaced, or nothing changes.",
    )
    parser.add_argument("client_id")
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    from batchline.store.db import default_store

    try:
        loaded = load_routing_file(default_store(), args.client_id, args.file)
    except RoutingFileError as error:
        sys.stderr.write(error.report_markdown())
        return 2
    except OSError as error:
        sys.stderr.write(f"customer routing file {args.file}: cannot be read ({error.strerror})\n")
        return 2
    print(f"client {args.client_id}: {loaded} routes loaded from {args.file.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
