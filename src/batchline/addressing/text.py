"""Text helpers shared by the Pub 28 rules: cleaning, corrections, label lines, box forms.

Every pattern here is compiled once at import; the helpers run once per unique address.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from batchline.addressing.model import Correction
from batchline.addressing.pub28_tables import ROUTE_TYPES

_PUNCTUATION = "".join(chr(c) for c in range(128) if not chr(c).isalnum() and chr(c) != " ")
# Word text: separators become spaces, every other ASCII punctuation mark is dropped.
_WORD_TABLE = str.maketrans({c: (" " if c in "-/\\_;:()[]{}|+=~*\t\n\r" else None) for c in _PUNCTUATION})
# Numbers: keep "/" (fractions) and "-" (Queens-style ranges), drop the rest, spaces included.
_ID_TABLE = str.maketrans({c: None for c in _PUNCTUATION + " " if c not in "/-"})
_NON_LETTER_RE = re.compile(r"[^A-Z#]")

CARE_OF_RE = re.compile(r"^(?:C\s*/\s*O\b|C\.\s*O\.|IN\s+CARE\s+OF\b|CARE\s+OF\b|%)\s*:?\s*(.*)$", re.I)
ATTENTION_RE = re.compile(r"^(?:ATTENTION\b|ATTN\b|ATT(?=[.:]))\.?\s*:?\s*(.*)$", re.I)
MILITARY_RE = re.compile(r"^(PSC|CMR|UNIT)\s*#?\s*(\d+)\s*,?\s*(?:BOX|BX)\s*#?\s*(\d+[A-Z]?)$")
ROUTE_RE = re.compile(
    r"^(RURAL\s+ROUTE|RURAL\s+RTE|RURAL\s+RT|R\.?\s?R\.?|R\.?F\.?D\.?(?:\s+ROUTE)?|RURAL\s+DELIVERY"
    r"|HIGHWAY\s+CONTRACT|HWY\s+CONTRACT|H\.?\s?C\.?|STAR\s+ROUTE|STAR\s+RTE)"
    r"\s*#?\s*(\d+)(?:\s*,?\s*(?:BOX|BX|B)\s*#?\s*([0-9A-Z][0-9A-Z-]*))?$"
)
_DIGITS_RE = re.compile(r"\d")


def squash(text: str) -> str:
    """Upper case with runs of whitespace made single spaces: the form compared for changes."""
    return " ".join(text.upper().split())


def _ascii(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=65536)
def clean_words(text: str) -> str:
    """Names, street names and cities: upper case, "&" spelled out, punctuation removed."""
    return " ".join(_ascii(text).upper().replace("&", " AND ").translate(_WORD_TABLE).split())


def clean_id(text: str) -> str:
    """House, box and unit numbers: keep letters, digits, "/" (fractions) and "-" (Queens style)."""
    return _ascii(text).upper().translate(_ID_TABLE).strip("-/")


def letters(text: str) -> str:
    """A designator as a table key: upper-case letters (and "#") only."""
    return _NON_LETTER_RE.sub("", text.upper())


def has_digit(text: str) -> bool:
    return _DIGITS_RE.search(text) is not None


def correct(out: list[Correction], field: str, before: str, after: str, rule: str) -> None:
    """Record a correction when the text changed beyond case and spacing."""
    if squash(before) != after:
        out.append(Correction(field, " ".join(before.split()), after, rule))


def split_label(line: str) -> tuple[str, str, str] | None:
    """A c/o or attention line as (kind, label, rest of the line that is delivery text).

    "c/o Jane Doe, 123 Main St" splits at the comma; "c/o Jane Doe 123 Main St" is left to the
    tagger (it marks "c/o Jane Doe" as Recipient); "ATTN: Billing Dept 300" is all attention.
    """
    for kind, pattern in (("care_of", CARE_OF_RE), ("attention", ATTENTION_RE)):
        match = pattern.match(line)
        if match is None:
            continue
        rest = match.group(1)
        head, comma, tail = rest.partition(",")
        if comma and has_digit(tail):
            return kind, head, tail.strip()
        if kind == "care_of" and has_digit(rest):
            return None
        return kind, rest, ""
    return None


def special_form(upper: str) -> tuple[str, str, str] | None:
    """Military, rural route, highway contract and general delivery lines, which the tagger
    mislabels, as (delivery line, primary number, kind); None for anything else."""
    match = MILITARY_RE.match(upper)
    if match:
        kind, unit, box = match.groups()
        return f"{kind} {unit} BOX {box}", box, "military"
    match = ROUTE_RE.match(upper)
    if match:
        designator = ROUTE_TYPES.get(letters(match.group(1)), "RR")
        route, box = match.group(2), match.group(3) or ""
        line = f"{designator} {route} BOX {box}" if box else f"{designator} {route}"
        return line, box, "rural_route" if designator == "RR" else "highway_contract"
    if upper == "GENERAL DELIVERY":
        return "GENERAL DELIVERY", "", "general_delivery"
    return None


def default_delivery_point(primary_number: str) -> str:
    """The last two digits of the primary or box number, zero-padded; "99" when there are none."""
    digits = "".join(ch for ch in primary_number.split("/")[0].split(" ")[0] if ch.isdigit())
    return digits[-2:].zfill(2) if digits else "99"
