"""The Vocalink modulus checking tables (valacdos.txt, scsubtab.txt), read once per folder.

Production replaces the shipped 2017 copies with the current files from Pay.UK: point
BATCHLINE_VOCALINK_DIR (or a `BacsSettings.vocalink_dir`) at the folder that holds them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from batchline.errors import BatchlineError

WEIGHTS_FILE = "valacdos.txt"
SUBSTITUTIONS_FILE = "scsubtab.txt"
ALGORITHMS = ("MOD10", "MOD11", "DBLAL")
SHIPPED_TABLES = Path(__file__).resolve().parent / "data"


class VocalinkTableError(BatchlineError):
    """A Vocalink table that is missing or cannot be read."""


@dataclass(frozen=True, slots=True)
class Check:
    """One row of valacdos.txt: a check to run for the sort codes start..end."""

    start: int
    end: int
    algorithm: str
    weights: tuple[int, ...]
    exception: int  # 0: none
    modulus: int  # 11 for MOD11, else 10
    dblal: bool  # add the digits of each product


@dataclass(frozen=True, eq=False)
class ModulusTables:
    """Sort code ranges in ascending order, each with its one or two checks."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    checks: tuple[tuple[Check, ...], ...]
    substitutions: dict[str, str]
    source: Path


@dataclass(frozen=True)
class BacsSettings:
    vocalink_dir: Path


def default_tables_path(environ: dict[str, str] | None = None) -> Path:
    """BATCHLINE_VOCALINK_DIR when set, else the copy shipped in the package."""
    env = os.environ if environ is None else environ
    configured = env.get("BATCHLINE_VOCALINK_DIR", "").strip()
    return Path(configured).expanduser() if configured else SHIPPED_TABLES


def load_bacs_settings(environ: dict[str, str] | None = None) -> BacsSettings:
    return BacsSettings(vocalink_dir=default_tables_path(environ))


def load_tables(folder: Path | None = None) -> ModulusTables:
    """The tables in `folder` (default: `default_tables_path()`), parsed once per folder."""
    return _load(Path(folder or default_tables_path()).resolve())


@cache
def _load(folder: Path) -> ModulusTables:
    rows = [_check(line, n, folder / WEIGHTS_FILE) for n, line in _lines(folder / WEIGHTS_FILE)]
    ranges: dict[tuple[int, int], list[Check]] = {}
    for row in rows:
        ranges.setdefault((row.start, row.end), []).append(row)
    keys = sorted(ranges)
    for (_, end), (start, _) in pairwise(keys):
        if start <= end:
            raise VocalinkTableError(
                f"overlapping sort code ranges in {folder / WEIGHTS_FILE}: expected ranges that are "
                f"identical or disjoint, found {start:06d} inside a range ending {end:06d}"
            )
    for key in keys:
        if len(ranges[key]) > 2:
            raise VocalinkTableError(
                f"{len(ranges[key])} rows for sort codes {key[0]:06d}-{key[1]:06d} in "
                f"{folder / WEIGHTS_FILE}: expected one or two checks per range"
            )
    return ModulusTables(
        starts=tuple(k[0] for k in keys),
        ends=tuple(k[1] for k in keys),
        checks=tuple(tuple(ranges[k]) for k in keys),
        substitutions=_substitutions(folder / SUBSTITUTIONS_FILE),
        source=folder,
    )


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise VocalinkTableError(
            f"cannot read the Vocalink table {path}: expected a readable ASCII file "
            f"(set BATCHLINE_VOCALINK_DIR to the folder holding {WEIGHTS_FILE} and "
            f"{SUBSTITUTIONS_FILE}), found {exc.__class__.__name__}: {exc}"
        ) from exc
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _check(line: str, n: int, path: Path) -> Check:
    fields = line.split()
    ok = (
        len(fields) in (17, 18)
        and all(f.isdigit() and len(f) == 6 for f in fields[:2])
        and fields[2] in ALGORITHMS
        and all(_is_int(f) for f in fields[3:])
        and (fields[2] != "DBLAL" or all(f.isdigit() and int(f) < 100 for f in fields[3:17]))
    )
    if not ok:
        raise VocalinkTableError(
            f"unreadable row at {path}, line {n}: expected two 6-digit sort codes, MOD10, MOD11 or "
            f"DBLAL, 14 weights (0 to 99 for DBLAL) and an optional exception code, found {line.strip()!r}"
        )
    exception = int(fields[17]) if len(fields) == 18 else 0
    algorithm, weights = fields[2], tuple(int(f) for f in fields[3:17])
    return Check(
        int(fields[0]), int(fields[1]), algorithm, weights, exception, 11 if algorithm == "MOD11" else 10,
        algorithm == "DBLAL",
    )  # fmt: skip


def _substitutions(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for n, line in _lines(path):
        fields = line.split()
        if len(fields) != 2 or not all(f.isdigit() and len(f) == 6 for f in fields):
            raise VocalinkTableError(
                f"unreadable row at {path}, line {n}: expected a sort code and its substitute, "
                f"found {line.strip()!r}"
            )
        found[fields[0]] = fields[1]
    return found


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()
