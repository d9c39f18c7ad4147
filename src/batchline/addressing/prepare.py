"""The "Performing USPS preparation" stage: each unique address standardized once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from batchline.addressing.model import AddressResult, Correction, RawAddress
from batchline.addressing.provider import AddressProvider, UnlicensedProvider
from batchline.addressing.pub28 import standardize

_DEFAULT_PROVIDER = UnlicensedProvider()

DedupeKey = tuple[str, str, str, str, str, str, str, str]


def _norm(text: str) -> str:
    return " ".join(text.upper().split())


def dedupe_key(raw: RawAddress) -> DedupeKey:
    """Addresses equal but for case and spacing share one key, and one standardization."""
    return (
        _norm(raw.name),
        _norm(raw.attention),
        _norm(raw.care_of),
        _norm(raw.line1),
        _norm(raw.line2),
        _norm(raw.city),
        _norm(raw.state),
        _norm(raw.zip),
    )


def prepare_addresses(
    raws: Iterable[RawAddress], provider: AddressProvider | None = None
) -> dict[RawAddress, AddressResult]:
    """Standardize, validate and look up every distinct address; one result per distinct raw."""
    chosen: AddressProvider = provider if provider is not None else _DEFAULT_PROVIDER
    by_key: dict[DedupeKey, AddressResult] = {}
    out: dict[RawAddress, AddressResult] = {}
    for raw in raws:
        if raw in out:
            continue
        key = dedupe_key(raw)
        result = by_key.get(key)
        if result is None:
            result = by_key[key] = _apply_provider(standardize(raw), chosen)
        elif result.raw != raw:
            result = replace(result, raw=raw)
        out[raw] = result
    return out


def _apply_provider(result: AddressResult, provider: AddressProvider) -> AddressResult:
    standard = result.standard
    if standard is None or not result.deliverable:
        return result
    answer = provider.lookup(standard)
    corrections = list(result.corrections)
    problems = list(result.problems)
    if answer.zip4 and answer.zip4 != standard.zip4:
        corrections.append(Correction("zip", standard.zip4, answer.zip4, f"ZIP+4 from {provider.name}"))
    updated = replace(standard, zip4=answer.zip4 or standard.zip4, delivery_point=answer.delivery_point)
    if answer.ncoa_move is not None:
        move = answer.ncoa_move
        corrections.append(
            Correction(
                "address",
                " / ".join((updated.delivery_line, updated.last_line)),
                " / ".join((move.delivery_line, move.last_line)),
                f"NCOA move from {provider.name}",
            )
        )
        updated = move
    if answer.dpv_confirmed is False:
        problems.append(
            f"delivery line {standard.delivery_line!r}: expected a delivery point confirmed by "
            f"{provider.name} (DPV), found it not confirmed"
        )
    return AddressResult(
        result.raw,
        updated,
        not problems,
        tuple(corrections),
        tuple(problems),
        result.provider_notes + answer.notes,
    )
