"""The preparation stage: each unique address standardized once."""

from __future__ import annotations

import subprocess
import sys

from batchline.addressing import RawAddress, dedupe_key, prepare_addresses, standardize


def _address(i: int) -> RawAddress:
    return RawAddress(name=f"Customer {i}", line1=f"{100 + i} Main Street", line2="Apt 2", city="Anytown",
                      state="New York", zip="12345")  # fmt: skip


def test_a_thousand_rows_of_ten_addresses_give_ten_results() -> None:
    rows = [_address(i % 10) for i in range(1000)]
    results = prepare_addresses(rows)
    assert len(results) == 10
    for row in rows:
        assert results[row] == results[_address(int(row.name.split()[1]))]
        assert results[row].raw == row


def test_the_prepared_result_is_the_standardized_result_plus_provider_data() -> None:
    row = _address(3)
    prepared = prepare_addresses([row])[row]
    alone = standardize(row)
    assert prepared.standard is not None and alone.standard is not None
    assert prepared.standard.lines() == alone.standard.lines() == (
        "CUSTOMER 3", "103 MAIN ST APT 2", "ANYTOWN NY 12345",
    )  # fmt: skip
    assert prepared.corrections == alone.corrections
    assert prepared.standard.delivery_point == "03"


def test_addresses_differing_only_in_case_and_spacing_share_a_standardization() -> None:
    a = RawAddress(name="Pat", line1="1 Main St", city="Anytown", state="NY", zip="12345")
    b = RawAddress(name="PAT", line1=" 1  MAIN ST", city="anytown", state="ny", zip="12345")
    assert dedupe_key(a) == dedupe_key(b)
    results = prepare_addresses([a, b])
    assert results[a].standard == results[b].standard
    assert (results[a].raw, results[b].raw) == (a, b)


def test_the_addressing_package_never_imports_prefect() -> None:
    code = "import sys, batchline.addressing; sys.exit('prefect' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
