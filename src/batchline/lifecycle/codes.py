"""Seed 003's numeric status codes of the assembly line, and how they roll up.

A JOB is split into transactions (TRN), distributed to recipients (RCP),
batched (BCH) and published (PUB). A code's hundreds digit is its stage
(`STAGES`); its last two digits say where the object is within the stage
(`code_meaning`). `CODES` holds the codes each kind declares with seed 003's
description (the seed leaves PUB's descriptions blank, except 999: those carry
the generic meaning).

`rollup(parent_kind, child_codes)` gives a parent's code from its children's,
always a code the parent kind declares:

1. Cancelled (888) children are ignored; if every child is cancelled the
   parent is 888 (999 for a kind without 888: nothing is left to process).
2. Any child in error (#41): the parent's error code for the earliest failing
   stage; if the parent has none for that stage, its nearest error code, ties
   going to the earlier stage (JOB has no 241: a TRN at 241 gives JOB 141).
   Kinds without error codes (RCP, PUB) skip this rule.
3. Every child at 999: 999.
4. Otherwise the least advanced child's code, placed on the parent: the code
   itself if declared; else the parent's highest non-error code of that stage
   at or below it (TRNs at 231 give JOB 211 "Assembly Ready"); else that
   stage's ready code (#11); else the parent's highest processing code (#31)
   below it, as the parent keeps processing while its children work in stages
   it does not track (TRN stays 431 while its BCHs archive, publish, notify);
   else its highest non-error code below it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType

from batchline.errors import BatchlineError

CANCELLED = 888
COMPLETE = 999

STAGES: Mapping[int, str] = MappingProxyType(
    {
        0: "not started",
        1: "identify",
        2: "assemble",
        3: "distribute",
        4: "batch/present",
        5: "archive",
        6: "publish",
        7: "notify",
        8: "cancelled",
        9: "complete",
    }
)

_SUFFIXES = {
    0: "Not Ready or On Hold",
    1: "Pending",
    11: "Ready",
    21: "Scheduled",
    31: "Processing",
    41: "Error",
    88: "Cancelled",
    90: "Processed",
}


class ObjectKind(StrEnum):
    JOB = "JOB"
    TRN = "TRN"
    RCP = "RCP"
    BCH = "BCH"
    PUB = "PUB"


class UnknownStatusCode(BatchlineError, ValueError):
    """A numeric status code that seed 003 does not define."""


def stage_of(code: int) -> int:
    return code // 100


def code_meaning(code: int) -> str:
    """Seed 003's generic meaning of a code, e.g. 231 -> "Processing", 415 -> "Batch Processing"."""
    if code == COMPLETE:
        return "All Complete"
    if code == 415:
        return "Batch Processing"
    meaning = _SUFFIXES.get(code % 100) if 0 <= code < 1000 else None
    if meaning is None:
        raise UnknownStatusCode(f"{code} is not a seed 003 status code (expected #00, #01, #11, ... or 999)")
    return meaning


def is_error(code: int) -> bool:
    return code % 100 == 41


_SEED: dict[ObjectKind, dict[int, str]] = {
    ObjectKind.JOB: {
        0: "Job Not Ready",
        101: "Job Pending",
        111: "Job Ready (Identifier-Ready)",
        121: "Job Scheduled (Identifier-In Progress)",
        131: "Job Processing (Identifier- ACK)",
        141: "Job Error (Identifier-Error)",
        211: "Assembly Ready (Assembler-Ready)",
        290: "Assembly Processed",
        311: "Distribution Ready (Distributor Ready)",
        341: "Distribution Error (Distributor-Error)",
        390: "Distribution Processed (Distributor-Complete)",
        411: "Batching Ready (Presenter-Ready)",
        441: "Presentation Error (Presenter-Error)",
        490: "Presentation Completed (Presenter-Complete)",
        541: "Archive Error (Archiver-Error)",
        888: "Cancelled",
        999: "All Completed (Processing-Complete)",
    },
    ObjectKind.TRN: {
        190: "Job Processed (Identifier-Complete)",
        201: "Assembly-Pending",
        211: "Assembly Ready (Assembler-Ready)",
        221: "Assembly Scheduled (Assembler-In Progress)",
        231: "Assembly Processing (Assembler-ACK)",
        241: "Assembly Error (Assembler – Error)",
        290: "Assembly Processed",
        301: "Distribution-Pending",
        311: "Distributor-Ready",
        321: "Distribution Scheduled (Distributor – In Progress)",
        331: "Distribution Processing (Distributor – ACK)",
        341: "Distribution Error (Distributor-Error)",
        390: "Distribution Processed",
        401: "Batching Pending (Batch Created)",
        411: "Batching Ready (Presenter-Ready)",
        415: "Batching Processing (Batcher-In Progress)",
        # The seed's note: TRNSTATUS stays 431 while its BCHs are presented, archived, published, notified.
        431: "Presentation Processing (Presenter – ACK)",
        441: "Presentation Error (Presenter-Error)",
        490: "Presentation-Completed",
        541: "Archive Error (Archiver-Error)",
        888: "Cancelled",
        999: "Processing Complete",
    },
    ObjectKind.RCP: {
        411: "Batching Ready (Presenter-Ready)",
        999: "All Completed",
    },
    ObjectKind.BCH: {
        401: "Batching Pending",
        415: "Batching Processing (Batcher-In Progress)",
        421: "Presentation Scheduled (Presenter – In Progress)",
        431: "Presentation Processing (Presenter – ACK)",
        441: "Presentation Error (Presenter – Error)",
        490: "Presentation Completed (Presenter Complete)",
        501: "Archive Pending",
        511: "Archive Ready (Archiver-Ready)",
        521: "Archive Scheduled (Archiver – In Progress)",
        531: "Archive Processing (Archiver – ACK)",
        541: "Archive Error (Archiver-Error)",
        590: "Archive Complete",
        601: "Publication Pending",
        611: "Publication Ready (Publisher-Ready)",
        621: "Publication Scheduled (Publisher-In Progress)",
        631: "Publication Processing (Publisher-ACK)",
        641: "Publication Error (Publisher-Error)",
        690: "Publication Complete (Publisher-Complete)",
        701: "Notification - Pending",
        711: "Notification Ready (PubNotifier-Ready)",
        721: "Notification Scheduled (PubNotifier-In Progress)",
        731: "Notification Processing (PubNotifier-ACK)",
        741: "Notification Error (PubNotifier-Error)",
        790: "Notification Complete (PubNotifier-Complete)",
        888: "Cancelled",
        999: "Processing Complete",
    },
    ObjectKind.PUB: {490: "", 511: "", 611: "", 711: "", 999: "Processing Complete"},
}

CODES: Mapping[ObjectKind, Mapping[int, str]] = MappingProxyType(
    {
        kind: MappingProxyType({code: text or code_meaning(code) for code, text in table.items()})
        for kind, table in _SEED.items()
    }
)
_ALL_CODES = frozenset(code for table in CODES.values() for code in table)


def describe(kind: ObjectKind | str, code: int) -> str:
    table = CODES[ObjectKind(kind)]
    if code not in table:
        raise UnknownStatusCode(
            f"{kind} objects have no status code {code}; they have {', '.join(map(str, table))}"
        )
    return table[code]


def rollup(parent_kind: ObjectKind | str, child_codes: Iterable[int]) -> int:
    """The parent's code given its children's codes (rules in the module docstring)."""
    kind = ObjectKind(parent_kind)
    declared = CODES[kind]
    children = list(child_codes)
    if not children:
        raise UnknownStatusCode(f"cannot roll up a {kind} with no child objects")
    unknown = sorted({c for c in children if c not in _ALL_CODES})
    if unknown:
        raise UnknownStatusCode(f"not seed 003 status codes: {', '.join(map(str, unknown))}")
    live = [c for c in children if c != CANCELLED]
    if not live:
        return CANCELLED if CANCELLED in declared else COMPLETE
    error_codes = [c for c in declared if is_error(c)]
    errors = [c for c in live if is_error(c)]
    if errors and error_codes:
        first = min(errors)
        return min(error_codes, key=lambda c: (abs(c - first), c))
    least = min(live)
    if least in declared:
        return least
    steady = [c for c in declared if not is_error(c) and c < least]
    same_stage = [c for c in steady if stage_of(c) == stage_of(least)]
    ready = stage_of(least) * 100 + 11
    processing = [c for c in steady if c % 100 == 31]
    if same_stage:
        return max(same_stage)
    if ready in declared:
        return ready
    return max(processing or steady or [min(declared)])
