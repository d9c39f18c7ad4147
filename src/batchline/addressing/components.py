"""Rebuild the parts ``usaddress.tag`` found as Pub 28 text: street, box, secondary unit."""

from __future__ import annotations

from dataclasses import dataclass, field

from batchline.addressing import text as tx
from batchline.addressing.model import Correction
from batchline.addressing.pub28_tables import (
    DIRECTIONALS,
    PO_BOX_TYPES,
    ROUTE_TYPES,
    SECONDARY_UNITS,
    SUFFIXES,
    UNITS_WITHOUT_NUMBER,
)

DELIVERY = "delivery_line"
_NUMBER_TAGS = ("AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix")
_SECONDARY_TAGS = (("SubaddressType", "SubaddressIdentifier"), ("OccupancyType", "OccupancyIdentifier"))
_DROPPED_TAGS = ("BuildingName", "LandmarkName", "NotAddress", "CornerOf")
ADDRESS_TAGS = ("AddressNumber", "StreetName")
BOX_TAGS = ("USPSBoxType", "USPSBoxID", "USPSBoxGroupType", "USPSBoxGroupID")
_MILITARY_UNITS = frozenset({"PSC", "CMR", "UNIT"})


@dataclass(slots=True)
class Work:
    """Mutable state while one address is rebuilt."""

    corrections: list[Correction] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    attention: str = ""
    care_of: str = ""
    line: str = ""
    secondary: str = ""
    primary_number: str = ""
    kind: str = "street"
    found: dict[str, str] = field(default_factory=dict)  # PlaceName/StateName/ZipCode in the lines

    def label(self, kind: str, value: str, where: str, before: str, rule: str = "") -> None:
        """Set the c/o or attention line; ``rule`` defaults to "moved c/o line" and the like."""
        cleaned = tx.clean_words(value)
        if not cleaned:
            return
        prefix = "C/O" if kind == "care_of" else "ATTN"
        if kind == "care_of":
            self.care_of = f"{self.care_of} {cleaned}".strip()
        else:
            self.attention = f"{self.attention} {cleaned}".strip()
        if rule:
            tx.correct(self.corrections, where, before, cleaned, rule)
        else:  # moved out of a delivery line: always recorded, even when the text is unchanged
            moved = "moved c/o line" if kind == "care_of" else "moved attention line"
            self.corrections.append(Correction(where, " ".join(before.split()), f"{prefix} {cleaned}", moved))


def street_text(tags: dict[str, str]) -> str:
    return " ".join(tags[t] for t in tags if t.startswith(("AddressNumber", "StreetName")))


def box_text(tags: dict[str, str]) -> str:
    return " ".join(tags[t] for t in BOX_TAGS if t in tags)


def side_texts(tags: dict[str, str], work: Work) -> None:
    """Move c/o and ATTN text the tagger marked Recipient; note other non-delivery text."""
    for tag in ("PlaceName", "StateName", "ZipCode"):
        if tag in tags:
            work.found[tag] = tags[tag]
            work.corrections.append(Correction(DELIVERY, tags[tag], "", "moved city/state/ZIP text"))
    recipient = tags.get("Recipient", "")
    split = tx.split_label(recipient) if recipient else None
    if split is not None:
        work.label(split[0], split[1], DELIVERY, recipient)
    elif recipient:
        work.corrections.append(Correction(DELIVERY, recipient, "", "non-delivery text removed"))
    for tag in _DROPPED_TAGS:
        if tag in tags:
            work.corrections.append(Correction(DELIVERY, tags[tag], "", "non-delivery text removed"))


def box(tags: dict[str, str], work: Work) -> None:
    box_id = tx.clean_id(tags.get("USPSBoxID", "")).replace("-", "")
    tx.correct(work.corrections, DELIVERY, tags.get("USPSBoxID", ""), box_id, "punctuation removed")
    group_type = tags.get("USPSBoxGroupType", "")
    sub_type = tx.letters(tags.get("SubaddressType", ""))
    if group_type or sub_type in _MILITARY_UNITS:
        group_id_tag = "USPSBoxGroupID" if group_type else "SubaddressIdentifier"
        designator = ROUTE_TYPES.get(tx.letters(group_type), "RR") if group_type else sub_type
        work.line = f"{designator} {tx.clean_id(tags.get(group_id_tag, ''))} BOX {box_id}"
        work.kind = "military" if sub_type else ("rural_route" if designator == "RR" else "highway_contract")
        tx.correct(work.corrections, DELIVERY, box_text(tags), work.line, "rural route format")
        tags.pop("SubaddressType", None)
        tags.pop("SubaddressIdentifier", None)
    else:
        box_type = tags.get("USPSBoxType", "")
        if box_type and tx.letters(box_type) not in PO_BOX_TYPES:
            work.problems.append(f"delivery line: expected a PO Box designator, found {box_type!r}")
        work.line, work.kind = f"PO BOX {box_id}", "po_box"
        tx.correct(work.corrections, DELIVERY, box_type or "(none)", "PO BOX", "PO Box format")
    work.primary_number = box_id
    if not box_id:
        work.problems.append(f"delivery line {work.line!r}: expected a box number, found none")


def street(tags: dict[str, str], work: Work) -> None:
    parts: list[str] = []
    for tag in _NUMBER_TAGS:
        if tag in tags:
            parts.append(_std(tags[tag], tx.clean_id(tags[tag]), "punctuation removed", work))
    work.primary_number = tx.clean_id(tags.get("AddressNumber", ""))
    for tag in ("StreetNamePreModifier", "StreetNamePreDirectional", "StreetNamePreType", "StreetName",
                "StreetNamePostType", "StreetNamePostDirectional"):  # fmt: skip
        if tag not in tags:
            continue
        value = tags[tag]
        cleaned = tx.clean_words(value)
        if tag.endswith("Directional"):
            std = DIRECTIONALS.get(cleaned.replace(" ", ""), cleaned)
            rule = "directional"
        elif tag == "StreetNamePostType":
            std = SUFFIXES.get(cleaned.replace(" ", ""), cleaned)
            rule = "suffix abbreviation C1"
        else:
            std, rule = cleaned, "punctuation removed"
        parts.append(_std(value, std, rule if std != cleaned else "punctuation removed", work))
    work.line = " ".join(part for part in parts if part)
    if not work.primary_number:
        work.problems.append(f"delivery line {work.line!r}: expected a primary (house) number, found none")
    if "StreetName" not in tags:
        work.problems.append(f"delivery line {work.line!r}: expected a street name, found none")


def _std(before: str, after: str, rule: str, work: Work) -> str:
    tx.correct(work.corrections, DELIVERY, before, after, rule)
    return after


def secondary(tags: dict[str, str], work: Work) -> str:
    """Sub-address and occupancy parts as C2 designators: "APT 4B", "BLDG 3 RM 2", "# 12"."""
    parts: list[str] = []
    for type_tag, id_tag in _SECONDARY_TAGS:
        given_type, given_id = tags.get(type_tag, ""), tags.get(id_tag, "")
        if not given_type and not given_id:
            continue
        ident = tx.clean_id(given_id.replace("#", " ")).replace("-", "")
        if given_type:
            key = tx.letters(given_type)
            designator = SECONDARY_UNITS.get(key, tx.clean_words(given_type) or "#")
        elif tx.letters(ident) in SECONDARY_UNITS and tx.letters(ident) != "#":
            designator, ident = SECONDARY_UNITS[tx.letters(ident)], ""
        else:
            designator = "#"
        part = f"{designator} {ident}" if ident else designator
        if not ident and designator not in UNITS_WITHOUT_NUMBER:
            work.problems.append(
                f"secondary unit {part!r}: expected a unit number after {designator}, found none"
            )
        rule = "secondary unit C2" if tx.letters(given_type or "#") != designator else "punctuation removed"
        tx.correct(work.corrections, DELIVERY, f"{given_type} {given_id}", part, rule)
        parts.append(part)
    return " ".join(parts)
