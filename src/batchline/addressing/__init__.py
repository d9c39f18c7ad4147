"""USPS preparation: Pub 28 standardization, validation, provider lookups and IMb data."""

from batchline.addressing.errors import AddressingError
from batchline.addressing.imb import imb_bars, imb_digits
from batchline.addressing.model import AddressResult, Correction, RawAddress, StandardAddress
from batchline.addressing.prepare import dedupe_key, prepare_addresses
from batchline.addressing.provider import AddressProvider, ProviderResult, UnlicensedProvider
from batchline.addressing.pub28 import standardize

__all__ = [
    "AddressProvider",
    "AddressResult",
    "AddressingError",
    "Correction",
    "ProviderResult",
    "RawAddress",
    "StandardAddress",
    "UnlicensedProvider",
    "dedupe_key",
    "imb_bars",
    "imb_digits",
    "prepare_addresses",
    "standardize",
]
