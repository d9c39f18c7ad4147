"""Shared test data for the Bacs core (fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
# Pairs from the Vocalink specification's own test cases: known to pass modulus checking.
VALID = {
    "mod10": ("089999", "66374958"),
    "mod11": ("107999", "88837491"),
    "mod11_dblal": ("202959", "63748472"),
    "exception_10": ("871427", "46238510"),
    "exception_5": ("938611", "07806039"),
}
HEADER = "sort_code,account_number,account_name,amount,transaction_code,reference"


def write_csv(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
