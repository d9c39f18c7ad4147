"""The "Performing USPS preparation" stage over a job's workspace."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from batchline.addressing import (
    AddressProvider,
    AddressResult,
    RawAddress,
    UnlicensedProvider,
    prepare_addresses,
)

ADDRESS_COLUMNS = (
    "doc_index",
    "document_number",
    "customer_name",
    "attention",
    "care_of",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "zip",
    "delivery_channel",
)


@dataclass(frozen=True, slots=True)
class UspsSummary:
    unique_addresses: int
    corrected_addresses: int
    undeliverable_addresses: int
    undeliverable_print_documents: int
    provider: str
    provider_licensed: bool


def prepare_job_addresses(workspace: Path, provider: AddressProvider | None = None) -> UspsSummary:
    """Standardize every unique address of the job once; write addresses.parquet and the correction log."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    provider = provider or UnlicensedProvider()
    docs = pq.read_table(workspace / "documents.parquet", columns=list(ADDRESS_COLUMNS)).to_pydict()
    raws = [
        RawAddress(
            name=docs["customer_name"][i] or "",
            attention=docs["attention"][i] or "",
            care_of=docs["care_of"][i] or "",
            line1=docs["address_line1"][i] or "",
            line2=docs["address_line2"][i] or "",
            city=docs["city"][i] or "",
            state=docs["state"][i] or "",
            zip=docs["zip"][i] or "",
        )
        for i in range(len(docs["doc_index"]))
    ]
    with_address = [raw for raw in raws if raw.line1.strip()]
    results = prepare_addresses(with_address, provider)
    uses = Counter(with_address)

    deliverable, bill_to, zip5, zip4, point, problems = [], [], [], [], [], []
    undeliverable_print = 0
    for i, raw in enumerate(raws):
        result = results.get(raw)
        if result is None:  # electronic only, no mailing address on file
            deliverable.append(False)
            bill_to.append([raw.name.upper()])
            zip5.append("")
            zip4.append("")
            point.append("")
            problems.append("no mailing address")
        else:
            standard = result.standard
            deliverable.append(result.deliverable)
            bill_to.append(list(standard.lines()) if standard else [raw.name, raw.line1, raw.line2, raw.city])
            zip5.append(standard.zip5 if standard else "")
            zip4.append(standard.zip4 if standard else "")
            point.append(standard.delivery_point if standard else "")
            problems.append("; ".join(result.problems))
        if docs["delivery_channel"][i] == "PRINT" and not deliverable[-1]:
            undeliverable_print += 1
    pq.write_table(
        pa.table(
            {
                "doc_index": docs["doc_index"],
                "deliverable": deliverable,
                "bill_to": pa.array(bill_to, pa.list_(pa.string())),
                "zip5": zip5,
                "zip4": zip4,
                "delivery_point": point,
                "problems": problems,
            }
        ),
        workspace / "addresses.parquet",
    )
    unique = {id(r): r for r in results.values()}.values()
    _write_log(workspace / "address_corrections.csv", unique, uses)
    return UspsSummary(
        unique_addresses=len(unique),
        corrected_addresses=sum(1 for r in unique if r.corrections),
        undeliverable_addresses=sum(1 for r in unique if not r.deliverable),
        undeliverable_print_documents=undeliverable_print,
        provider=provider.name,
        provider_licensed=provider.licensed,
    )


def _write_log(path: Path, results: Iterable[AddressResult], uses: Counter[RawAddress]) -> None:
    """Every correction before and after, and every problem, per unique address."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["address", "documents", "field", "before", "after", "rule", "deliverable", "problems"]
        )
        for result in results:
            raw = result.raw
            label = " / ".join(p for p in (raw.name, raw.line1, raw.line2, raw.city, raw.state, raw.zip) if p)
            rows = [(c.field, c.before, c.after, c.rule) for c in result.corrections] or [("", "", "", "")]
            for field, before, after, rule in rows:
                writer.writerow(
                    [
                        label,
                        uses[raw],
                        field,
                        before,
                        after,
                        rule,
                        result.deliverable,
                        "; ".join(result.problems),
                    ]
                )
