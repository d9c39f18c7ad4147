"""Intelligent Mail barcode (USPS-B-3200) digits and bars; the bars come from reportlab."""

from __future__ import annotations

from batchline.addressing.errors import AddressingError


def _digits(what: str, value: str, lengths: tuple[int, ...], expected: str) -> str:
    if not (value.isascii() and value.isdigit() and len(value) in lengths):
        raise AddressingError(what, expected, repr(value))
    return value


def imb_digits(
    barcode_id: str,
    service_type: str,
    mailer_id: str,
    serial: int,
    zip5: str,
    zip4: str = "",
    delivery_point: str = "",
) -> str:
    """The 20-digit tracking code followed by the 0, 5, 9 or 11-digit routing code."""
    _digits("barcode identifier", barcode_id, (2,), "2 digits, the second 0-4")
    if barcode_id[1] not in "01234":
        raise AddressingError("barcode identifier", "2 digits, the second 0-4", repr(barcode_id))
    _digits("service type identifier", service_type, (3,), "3 digits")
    _digits("mailer ID", mailer_id, (6, 9), "6 digits (starting 0-8) or 9 digits (starting 9)")
    if (len(mailer_id) == 9) != (mailer_id[0] == "9"):
        raise AddressingError(
            "mailer ID", "6 digits (starting 0-8) or 9 digits (starting 9)", repr(mailer_id)
        )
    width = 15 - len(mailer_id)
    if isinstance(serial, bool) or not isinstance(serial, int) or not 0 <= serial < 10**width:
        raise AddressingError(
            "serial number",
            f"an integer 0-{10**width - 1} ({width} digits with a {len(mailer_id)}-digit mailer ID)",
            repr(serial),
        )
    routing = ""
    if zip5:
        routing = _digits("ZIP code", zip5, (5,), "5 digits")
        if zip4:
            routing += _digits("ZIP+4 add-on", zip4, (4,), "4 digits")
            if delivery_point:
                routing += _digits("delivery point", delivery_point, (2,), "2 digits")
        elif delivery_point:
            raise AddressingError("delivery point", "a ZIP+4 add-on with it", "a delivery point without one")
    elif zip4 or delivery_point:
        raise AddressingError(
            "routing code", "a 5-digit ZIP code first", "ZIP+4 or delivery point without it"
        )
    return f"{barcode_id}{service_type}{mailer_id}{serial:0{width}d}{routing}"


def imb_bars(digits: str) -> str:
    """The 65 bars as a string of A (ascender), D (descender), F (full) and T (tracker)."""
    _digits("IMb digits", digits, (20, 25, 29, 31), "20 tracking digits + 0, 5, 9 or 11 routing digits")
    if digits[1] not in "01234":
        raise AddressingError("barcode identifier", "2 digits, the second 0-4", repr(digits[:2]))
    from reportlab.graphics.barcode.usps4s import USPS_4State

    bars: str = USPS_4State(value=digits[:20], routing=digits[20:]).barcodes
    return bars
