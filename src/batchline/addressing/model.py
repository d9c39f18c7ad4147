"""Addresses as a billing file gives them, and as USPS Publication 28 wants them printed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RawAddress:
    """A mailing address exactly as the billing file gave it (hashable: the dedupe unit)."""

    name: str
    attention: str = ""
    care_of: str = ""
    line1: str
    line2: str = ""
    city: str
    state: str
    zip: str  # as given: "12345", "12345-6789", "123456789" or junk


@dataclass(frozen=True, slots=True, kw_only=True)
class StandardAddress:
    """A Pub 28 address: upper case, standard abbreviations, no punctuation.

    ``delivery_line`` holds the whole delivery address line, secondary unit included
    ("123 N MAIN ST APT 4B"); ``secondary`` repeats the unit part ("APT 4B") when there is one.
    ``primary_number`` is the house, PO Box or route box number the default delivery point
    is taken from; ``kind`` is "street", "po_box", "rural_route", "highway_contract",
    "military", "general_delivery" or "intersection".
    """

    recipient: str
    attention: str = ""
    care_of: str = ""
    delivery_line: str
    secondary: str = ""
    city: str
    state: str
    zip5: str
    zip4: str = ""
    delivery_point: str = ""
    primary_number: str = ""
    kind: str = "street"

    @property
    def last_line(self) -> str:
        """City, state and ZIP as printed: "ANYTOWN NY 12345-6789"."""
        zip_code = f"{self.zip5}-{self.zip4}" if self.zip4 else self.zip5
        return " ".join(part for part in (self.city, self.state, zip_code) if part)

    def lines(self) -> tuple[str, ...]:
        """The printed address block in USPS order, empty lines left out."""
        block = [self.recipient]
        if self.attention:
            block.append(f"ATTN {self.attention}")
        if self.care_of:
            block.append(f"C/O {self.care_of}")
        block.append(self.delivery_line)
        block.append(self.last_line)
        return tuple(line for line in block if line)


@dataclass(frozen=True, slots=True)
class Correction:
    """One change made to the raw text: which field, the text before and after, and why."""

    field: str
    before: str
    after: str
    rule: str


@dataclass(frozen=True, slots=True)
class AddressResult:
    """The outcome for one unique address; ``standard`` is None only when it could not be parsed."""

    raw: RawAddress
    standard: StandardAddress | None
    deliverable: bool
    corrections: tuple[Correction, ...] = ()
    problems: tuple[str, ...] = ()
    provider_notes: tuple[str, ...] = ()
