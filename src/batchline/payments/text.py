"""Text for bank files: ASCII, upper case, only the characters banks accept.

NACHA alphameric fields take printable ASCII; banks widely refuse lower case and the X12
delimiters (``*``, ``\\``, ``~``) that CCD+ remittance segments use, so names are
transliterated (``É`` -> ``E``, ``ß`` -> ``SS``), upper-cased and other punctuation becomes
a space. A character with no ASCII spelling (``中``) is refused, not guessed.
"""

from __future__ import annotations

import string
import unicodedata

from batchline.payments.errors import PaymentFileError

_SPELLED = str.maketrans(
    {
        "ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "Ł": "L",
        "ł": "l", "Đ": "D", "đ": "d", "Þ": "TH", "þ": "th", "ı": "i", "‘": "'", "’": "'",
        "‚": ",", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " ", "…": "...",
    }
)  # fmt: skip
BANK_CHARACTERS = frozenset(string.ascii_uppercase + string.digits + " &'()+,-./:;?#%@!=$")


def to_ascii(text: str, what: str) -> str:
    """``text`` spelled in ASCII: accents dropped, a few letters spelled out; refuses the rest."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    out = "".join(char for char in decomposed if not unicodedata.combining(char))
    for position, char in enumerate(out, start=1):
        if not char.isascii():
            raise PaymentFileError(
                what,
                "text that can be spelled in ASCII (bank files take no other characters)",
                f"{char!r} (U+{ord(char):04X}) at character {position} of {text!r}",
            )
    return out


def bank_text(text: str, what: str) -> str:
    """Upper-case ASCII of the bank character set, runs of other characters as one space."""
    upper = to_ascii(text, what).upper()
    cleaned = "".join(char if char in BANK_CHARACTERS else " " for char in upper)
    return " ".join(cleaned.split())


def fit(text: str, width: int, what: str, *, truncate: bool) -> str:
    """``text`` if it fits ``width``; names are cut short, identifiers refused."""
    if len(text) <= width:
        return text
    if truncate:
        return text[:width].rstrip()
    raise PaymentFileError(what, f"at most {width} characters", f"{len(text)} ({text!r})")


def digits(text: str, what: str, *, width: int | None = None, exact: bool = False) -> str:
    """``text`` when it is all digits and, with ``width``, no longer (or, ``exact``, exactly that long)."""
    if not text.isascii() or not text.isdigit():
        raise PaymentFileError(what, "digits only", repr(text))
    if width is not None and (len(text) > width or (exact and len(text) != width)):
        size = f"exactly {width}" if exact else f"at most {width}"
        raise PaymentFileError(what, f"{size} digits", f"{len(text)} ({text!r})")
    return text


def bank_field(text: str, width: int, what: str, *, truncate: bool) -> str:
    """``text`` as bank text fitted to a field: names cut short, codes and ids refused when too long."""
    return fit(bank_text(text, what), width, what, truncate=truncate)
