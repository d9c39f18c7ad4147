"""USPS 3-digit ZIP prefix allocation by state (the sectional-center prefixes).

Each state's prefixes are given as contiguous inclusive ranges; an unused prefix inside a
state's block counts as that state's. A few 5-digit ZIP codes sit in another state's block
(Fishers Island NY 06390, Pago Pago AS 96799) and are listed in ``ZIP5_EXCEPTIONS``.
"""

from __future__ import annotations

STATE_PREFIX_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "AL": ((350, 369),), "AK": ((995, 999),), "AZ": ((850, 865),), "AR": ((716, 729),),
    "CA": ((900, 961),), "CO": ((800, 816),), "CT": ((60, 69),), "DE": ((197, 199),),
    "DC": ((200, 200), (202, 205), (569, 569)), "FL": ((320, 339), (341, 349)),
    "GA": ((300, 319), (398, 399)), "HI": ((967, 968),), "ID": ((832, 838),),
    "IL": ((600, 629),), "IN": ((460, 479),), "IA": ((500, 528),), "KS": ((660, 679),),
    "KY": ((400, 427),), "LA": ((700, 714),), "ME": ((39, 49),), "MD": ((206, 219),),
    "MA": ((10, 27), (55, 55)), "MI": ((480, 499),), "MN": ((550, 567),),
    "MS": ((386, 397),), "MO": ((630, 658),), "MT": ((590, 599),), "NE": ((680, 693),),
    "NV": ((889, 898),), "NH": ((30, 38),), "NJ": ((70, 89),), "NM": ((870, 884),),
    "NY": ((5, 5), (100, 149)), "NC": ((270, 289),), "ND": ((580, 588),), "OH": ((430, 459),),
    "OK": ((730, 731), (734, 749)), "OR": ((970, 979),), "PA": ((150, 196),),
    "RI": ((28, 29),), "SC": ((290, 299),), "SD": ((570, 577),), "TN": ((370, 385),),
    "TX": ((733, 733), (750, 799), (885, 885)), "UT": ((840, 847),),
    "VT": ((50, 54), (56, 59)), "VA": ((201, 201), (220, 246)), "WA": ((980, 994),),
    "WV": ((247, 268),), "WI": ((530, 549),), "WY": ((820, 831),),
    "PR": ((6, 7), (9, 9)), "VI": ((8, 8),),
    "GU": ((969, 969),), "AS": ((969, 969),), "MP": ((969, 969),), "FM": ((969, 969),),
    "MH": ((969, 969),), "PW": ((969, 969),),
    "AA": ((340, 340),), "AE": ((90, 98),), "AP": ((962, 966),),
}  # fmt: skip

ZIP5_EXCEPTIONS: dict[str, str] = {"06390": "NY", "96799": "AS"}


def _build() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for state, ranges in STATE_PREFIX_RANGES.items():
        for low, high in ranges:
            for prefix in range(low, high + 1):
                table.setdefault(f"{prefix:03d}", set()).add(state)
    return {prefix: frozenset(states) for prefix, states in table.items()}


PREFIX_STATES: dict[str, frozenset[str]] = _build()


def states_for_zip(zip5: str) -> frozenset[str]:
    """The states a 5-digit ZIP code can belong to; empty when its prefix is unallocated."""
    exception = ZIP5_EXCEPTIONS.get(zip5)
    if exception is not None:
        return frozenset({exception})
    return PREFIX_STATES.get(zip5[:3], frozenset())


def describe_prefixes(state: str) -> str:
    """Human-readable prefix ranges of a state, e.g. "005, 100-149"."""
    parts = [f"{lo:03d}" if lo == hi else f"{lo:03d}-{hi:03d}" for lo, hi in STATE_PREFIX_RANGES[state]]
    return ", ".join(parts)
