"""Envelope weight and mail class of a print piece, known from its line count before anything is rendered.

A piece's pages come from the renderer's own pagination (``render.variable_layer.paginate``),
so the prediction is the rendered page count; ``assemble.render_print_batches`` checks it.

Mail classes, in print-batch order (USPS First-Class Mail; a letter is a #10 envelope):

- ``FIRST_CLASS_LETTER_1OZ``: a letter at or under 1 oz, the one-ounce letter price.
- ``FIRST_CLASS_LETTER_3_5OZ``: a letter over 1 oz up to 3.5 oz, the letter price plus
  additional ounces. Separated from the one-ounce pieces: they are weighed and paid apart.
- ``FIRST_CLASS_FLAT``: over 3.5 oz as a letter, or more sheets than the #10 envelope takes:
  sheets unfolded in a 9x12 envelope, the flat price (First-Class flats go up to 13 oz).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from batchline.billing.profile import PrintRules
from batchline.render.variable_layer import paginate

ONE_OUNCE = Decimal("1")
LETTER_MAX_OZ = Decimal("3.5")


class MailClass(StrEnum):
    FIRST_CLASS_LETTER_1OZ = "FIRST_CLASS_LETTER_1OZ"
    FIRST_CLASS_LETTER_3_5OZ = "FIRST_CLASS_LETTER_3_5OZ"
    FIRST_CLASS_FLAT = "FIRST_CLASS_FLAT"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    MailClass.FIRST_CLASS_LETTER_1OZ: "First-Class letter, up to 1 oz",
    MailClass.FIRST_CLASS_LETTER_3_5OZ: "First-Class letter, over 1 oz up to 3.5 oz",
    MailClass.FIRST_CLASS_FLAT: "First-Class flat, 9x12 envelope",
}


def mail_class_label(code: str | None) -> str:
    """The label of a stored mail class code; an unknown or missing one as it is."""
    if code is None or code not in MailClass.__members__:
        return code or ""
    return MailClass(code).label


@dataclass(frozen=True, slots=True)
class Envelope:
    """What one mail piece holds and weighs."""

    pages: int
    sheets: int
    weight_oz: Decimal
    mail_class: MailClass


def pages_for(line_count: int) -> int:
    return len(paginate(line_count))


def sheets_for(pages: int, duplex: bool) -> int:
    return (pages + 1) // 2 if duplex else pages


def envelope_for(pages: int, rules: PrintRules) -> Envelope:
    sheets = sheets_for(pages, rules.duplex)
    contents = rules.sheet_weight_oz * sheets + rules.return_envelope_weight_oz
    letter = rules.envelope_weight_oz + contents
    if sheets > rules.envelope_sheet_capacity or letter > LETTER_MAX_OZ:
        return Envelope(pages, sheets, rules.flat_envelope_weight_oz + contents, MailClass.FIRST_CLASS_FLAT)
    if letter > ONE_OUNCE:
        return Envelope(pages, sheets, letter, MailClass.FIRST_CLASS_LETTER_3_5OZ)
    return Envelope(pages, sheets, letter, MailClass.FIRST_CLASS_LETTER_1OZ)


def envelopes_for(line_counts: Iterable[int], rules: PrintRules) -> list[Envelope]:
    """The envelope of each document from its line count; worked out once per distinct count."""
    known: dict[int, Envelope] = {}
    found = []
    for count in line_counts:
        envelope = known.get(count)
        if envelope is None:
            envelope = known[count] = envelope_for(pages_for(count), rules)
        found.append(envelope)
    return found
