"""Where CASS (ZIP+4, delivery point, DPV) and NCOA answers come from.

Batchline holds no licensed USPS data; ``UnlicensedProvider`` is the default and says so in
its notes. A licensed CASS/NCOA service plugs in by implementing ``AddressProvider``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from batchline.addressing.model import StandardAddress
from batchline.addressing.text import default_delivery_point

NO_CASS_NOTE = "no CASS-certified data: ZIP+4 and delivery point not verified"
NO_NCOA_NOTE = "NCOA not checked: no licensed NCOA data"


@dataclass(frozen=True, slots=True)
class ProviderResult:
    """A provider's answer; ``dpv_confirmed`` is None when the provider could not tell."""

    zip4: str
    delivery_point: str
    dpv_confirmed: bool | None
    ncoa_move: StandardAddress | None = None
    notes: tuple[str, ...] = ()


class AddressProvider(Protocol):
    """A CASS / ZIP+4 / NCOA lookup service."""

    name: str
    licensed: bool

    def lookup(self, standard: StandardAddress) -> ProviderResult: ...


class UnlicensedProvider:
    """No licensed data: confirms nothing, invents no ZIP+4, uses the default delivery point."""

    name = "unlicensed"
    licensed = False

    def lookup(self, standard: StandardAddress) -> ProviderResult:
        delivery_point = default_delivery_point(standard.primary_number)
        source = "the primary number" if standard.primary_number else "no primary number"
        dp_note = (
            f"delivery point {delivery_point} is the default from {source} "
            "(last two digits, 99 when none), not DPV-confirmed"
        )
        return ProviderResult(
            zip4=standard.zip4,
            delivery_point=delivery_point,
            dpv_confirmed=None,
            ncoa_move=None,
            notes=(NO_CASS_NOTE, NO_NCOA_NOTE, dp_note),
        )
