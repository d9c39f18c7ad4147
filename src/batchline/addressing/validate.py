"""Checks on a standardized address; each problem says what, where, expected and found."""

from __future__ import annotations

import re

from batchline.addressing.model import StandardAddress
from batchline.addressing.pub28_tables import MILITARY_CITIES, MILITARY_STATES, STATE_CODES
from batchline.addressing.zip_prefixes import describe_prefixes, states_for_zip

_ZIP_RE = re.compile(r"^(\d{5})(?:[-\s]?(\d{4}))?$")
_DIGIT_RUNS_RE = re.compile(r"\d+")
_ZIP_EXPECTED = "expected 5 digits (or ZIP+4 as 12345-6789)"


def parse_zip(text: str) -> tuple[str, str, str | None]:
    """Split a ZIP as given into (zip5, zip4, problem); "123456789" is accepted and split."""
    stripped = text.strip().strip("-").strip()
    match = _ZIP_RE.match(stripped)
    if match:
        return match.group(1), match.group(2) or "", None
    if not stripped:
        return "", "", f"ZIP code: {_ZIP_EXPECTED}, found nothing"
    runs = _DIGIT_RUNS_RE.findall(stripped)
    if stripped.isdigit():
        found = f"{len(stripped)} digits"
    elif runs and all(ch.isdigit() or ch in "- " for ch in stripped):
        found = "digit groups of " + ", ".join(str(len(run)) for run in runs)
    else:
        found = f"non-digit characters in {stripped!r}"
    return "", "", f"ZIP code {stripped}: {_ZIP_EXPECTED}, found {found}"


def check(standard: StandardAddress, raw_zip: str) -> list[str]:
    """Every reason the address cannot be mailed as it stands (empty when it can)."""
    problems: list[str] = []
    if not standard.delivery_line:
        problems.append(
            "delivery line (line1/line2): expected a street address, PO Box, rural route "
            "or military address, found nothing"
        )
    if not standard.city:
        problems.append("city: expected a city name, found nothing")
    state = standard.state
    if not state:
        problems.append("state: expected a 2-letter USPS state or territory code, found nothing")
    elif state not in STATE_CODES:
        problems.append(
            f"state {state}: expected a USPS state or territory code (e.g. NY, DC, PR, AE) "
            f"or a state name, found unknown state {state!r}"
        )
    zip_problem = parse_zip(raw_zip)[2]
    if zip_problem:
        problems.append(zip_problem)
    elif state in STATE_CODES:
        problems.extend(_zip_matches_state(state, standard.zip5))
    problems.extend(_military(standard))
    return problems


def _zip_matches_state(state: str, zip5: str) -> list[str]:
    states = states_for_zip(zip5)
    prefix = zip5[:3]
    if not states:
        return [
            f"ZIP code {zip5}: expected a ZIP code whose first three digits USPS has allocated, "
            f"found prefix {prefix}, which is allocated to no state"
        ]
    if state not in states:
        return [
            f"state {state} with ZIP code {zip5}: expected a ZIP code starting "
            f"{describe_prefixes(state)} for {state}, found prefix {prefix} ({'/'.join(sorted(states))})"
        ]
    return []


def _military(standard: StandardAddress) -> list[str]:
    city_military = standard.city in MILITARY_CITIES
    state_military = standard.state in MILITARY_STATES
    problems: list[str] = []
    if city_military and not state_military:
        problems.append(
            f"state {standard.state or '(blank)'} for military city {standard.city}: "
            f"expected AA, AE or AP, found {standard.state or 'nothing'}"
        )
    if state_military and not city_military:
        problems.append(
            f"city {standard.city or '(blank)'} for military state {standard.state}: "
            f"expected APO, FPO or DPO, found {standard.city or 'nothing'}"
        )
    if (city_military or state_military) and standard.delivery_line and standard.kind != "military":
        problems.append(
            f"delivery line {standard.delivery_line!r} for {standard.city} {standard.state}: "
            "expected PSC, CMR or UNIT n BOX n, found a civilian delivery line"
        )
    return problems
