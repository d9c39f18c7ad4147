"""Standardize one raw address to USPS Publication 28 form, recording every correction.

The delivery text is tagged with ``usaddress.tag`` and rebuilt here; usaddress-scourgify is
deliberately not used (it rejects PO Boxes, rural routes, APO/FPO and c/o addresses and alters
fractional house numbers and intersections).
"""

from __future__ import annotations

from batchline.addressing import components as cp
from batchline.addressing import text as tx
from batchline.addressing.model import AddressResult, Correction, RawAddress, StandardAddress
from batchline.addressing.pub28_tables import STATE_CODES, STATE_NAMES
from batchline.addressing.validate import check, parse_zip


def standardize(raw: RawAddress) -> AddressResult:
    """Rebuild ``raw`` in Pub 28 form and validate it; never raises on bad data."""
    work = cp.Work()
    recipient = tx.clean_words(raw.name)
    tx.correct(work.corrections, "name", raw.name, recipient, "punctuation removed")
    delivery_parts: list[str] = []
    for kind, value in (("attention", raw.attention), ("care_of", raw.care_of)):
        split = tx.split_label(" ".join(value.split())) if value else None
        if split is None:
            work.label(kind, value, kind, value, "punctuation removed")
            continue
        rule = "c/o prefix removed" if split[0] == "care_of" else "attention prefix removed"
        work.label(kind, split[1], kind, value, rule)
        if split[2]:
            delivery_parts.append(split[2])
    for where, value in (("line1", raw.line1), ("line2", raw.line2)):
        line = " ".join(value.split())
        split = tx.split_label(line) if line else None
        if split is None:
            if line:
                delivery_parts.append(line)
            continue
        kind, label_text, rest = split
        work.label(kind, label_text, where, line[: len(line) - len(rest)].rstrip(" ,") if rest else line)
        if rest:
            delivery_parts.append(rest)
    if delivery_parts and not _delivery(", ".join(delivery_parts), work):
        return AddressResult(raw, None, False, tuple(work.corrections), tuple(work.problems))

    city_text = _field_text(raw.city, "city", "PlaceName", work)
    city = tx.clean_words(city_text)
    tx.correct(work.corrections, "city", city_text, city, "punctuation removed")
    state = _state(_field_text(raw.state, "state", "StateName", work), raw.state, work)
    zip_given = raw.zip if raw.zip.strip() else work.found.get("ZipCode", "")
    zip5, zip4, _ = parse_zip(zip_given)
    if zip5:
        printed = f"{zip5}-{zip4}" if zip4 else zip5
        tx.correct(work.corrections, "zip", zip_given, printed, "zip+4 format")
    standard = StandardAddress(
        recipient=recipient,
        attention=work.attention,
        care_of=work.care_of,
        delivery_line=work.line,
        secondary=work.secondary,
        city=city,
        state=state,
        zip5=zip5,
        zip4=zip4,
        primary_number=work.primary_number,
        kind=work.kind,
    )
    problems = work.problems + check(standard, zip_given)
    return AddressResult(raw, standard, not problems, tuple(work.corrections), tuple(problems))


def _field_text(given: str, where: str, tag: str, work: cp.Work) -> str:
    """City or state as given, or taken from the delivery lines when the field is blank."""
    if given.strip():
        return given
    found = work.found.get(tag, "")
    if found:
        work.corrections.append(Correction(where, "", tx.squash(found), f"{where} taken from delivery line"))
    return found


def _state(value: str, given: str, work: cp.Work) -> str:
    key = " ".join(value.upper().replace(".", " ").replace(",", " ").split())
    if key in STATE_CODES:
        code, rule = key, "punctuation removed"
    elif key in STATE_NAMES:
        code, rule = STATE_NAMES[key], "state name"
    elif key.replace(" ", "") in STATE_CODES:
        code, rule = key.replace(" ", ""), "punctuation removed"
    else:
        return tx.clean_words(value)
    if given.strip():
        tx.correct(work.corrections, "state", given, code, rule)
    return code


def _delivery(text: str, work: cp.Work) -> bool:
    """Fill the delivery line from the joined line1/line2 text; False when it cannot be parsed."""
    upper = tx.squash(text)
    special = tx.special_form(upper)
    if special is not None:
        work.line, work.primary_number, work.kind = special
        rule = "military address format" if work.kind == "military" else "rural route format"
        if work.kind == "highway_contract":
            rule = "highway contract format"
        tx.correct(work.corrections, cp.DELIVERY, text, work.line, rule)
        if work.kind in ("rural_route", "highway_contract") and not work.primary_number:
            work.problems.append(
                f"delivery line {work.line!r}: expected a box number ({work.line} BOX n), found none"
            )
        return True
    import usaddress  # heavy (a CRF model): loaded on first use, not at import

    try:
        tags, address_type = usaddress.tag(text)
    except usaddress.RepeatedLabelError as exc:
        parsed = ", ".join(f"{token}={label}" for token, label in exc.parsed_string)
        work.problems.append(
            f"delivery line {upper!r}: expected one street, PO Box, rural route or military address, "
            f"found parts the address parser could not separate ({parsed})"
        )
        return False
    if address_type == "Intersection" or "IntersectionSeparator" in tags:
        work.line, work.kind = upper, "intersection"
        work.problems.append(
            f"delivery line {upper!r}: expected a street address, PO Box, rural route or military "
            "address, found an intersection (kept as given; not deliverable)"
        )
        return True
    cp.side_texts(tags, work)
    order = list(tags)
    has_box = any(tag in tags for tag in cp.BOX_TAGS)
    has_street = any(tag in tags for tag in cp.ADDRESS_TAGS)
    use_box = has_box and (not has_street or _first(order, cp.BOX_TAGS) > _first(order, cp.ADDRESS_TAGS))
    if has_box and has_street:
        dropped = cp.street_text(tags) if use_box else cp.box_text(tags)
        work.corrections.append(
            Correction(cp.DELIVERY, dropped, "", "dual address: kept the address nearest the city line")
        )
    if use_box:
        cp.box(tags, work)
    elif has_street:
        cp.street(tags, work)
    elif not tags.get("OccupancyType") and not tags.get("SubaddressType"):
        work.problems.append(
            f"delivery line {upper!r}: expected a street address or PO Box, found no address"
        )
    work.secondary = cp.secondary(tags, work)
    if work.secondary:
        work.line = f"{work.line} {work.secondary}".strip()
    return True


def _first(order: list[str], tags: tuple[str, ...]) -> int:
    return min(order.index(tag) for tag in tags if tag in order)
