"""Realistic sample billing data files for demos, tests and benchmarks.

The layout is the one `docs/billing-data-file.md` describes. Everything comes
from one seeded RNG, so a seed always gives the same file (the document date
aside, which defaults to today).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Literal

from batchline.billing.datafile_arrays import money_text
from batchline.billing.datafile_format import COLUMN_NAMES, ROUTED_BY_SETUP

DEFAULT_CHANNELS: Mapping[str, float] = {"PRINT": 0.7, "EMAIL": 0.3}

# Real city / state / ZIP5 combinations.
_PLACES = (
    ("NEW YORK", "NY", "10001"), ("BROOKLYN", "NY", "11201"), ("BUFFALO", "NY", "14202"),
    ("NEWARK", "NJ", "07102"), ("PHILADELPHIA", "PA", "19103"), ("PITTSBURGH", "PA", "15222"),
    ("BOSTON", "MA", "02108"), ("HARTFORD", "CT", "06103"), ("PROVIDENCE", "RI", "02903"),
    ("BALTIMORE", "MD", "21202"), ("WASHINGTON", "DC", "20001"), ("RICHMOND", "VA", "23219"),
    ("CHARLOTTE", "NC", "28202"), ("ATLANTA", "GA", "30303"), ("MIAMI", "FL", "33130"),
    ("TAMPA", "FL", "33602"), ("ORLANDO", "FL", "32801"), ("NASHVILLE", "TN", "37203"),
    ("LOUISVILLE", "KY", "40202"), ("COLUMBUS", "OH", "43215"), ("CLEVELAND", "OH", "44113"),
    ("DETROIT", "MI", "48226"), ("INDIANAPOLIS", "IN", "46204"), ("CHICAGO", "IL", "60601"),
    ("MILWAUKEE", "WI", "53202"), ("MINNEAPOLIS", "MN", "55401"), ("SAINT LOUIS", "MO", "63101"),
    ("KANSAS CITY", "MO", "64105"), ("OMAHA", "NE", "68102"), ("DALLAS", "TX", "75201"),
    ("HOUSTON", "TX", "77002"), ("AUSTIN", "TX", "78701"), ("SAN ANTONIO", "TX", "78205"),
    ("DENVER", "CO", "80202"), ("SALT LAKE CITY", "UT", "84111"), ("PHOENIX", "AZ", "85004"),
    ("LAS VEGAS", "NV", "89101"), ("LOS ANGELES", "CA", "90012"), ("SAN FRANCISCO", "CA", "94102"),
    ("SEATTLE", "WA", "98101"), ("PORTLAND", "OR", "97204"), ("BOISE", "ID", "83702"),
)  # fmt: skip
_STREETS = (
    "Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Pine",
    "Walnut", "Lincoln", "Jefferson", "Madison", "Franklin", "Market", "Church", "Broad",
    "Spring", "Highland", "Ridge", "Mill", "River", "Center", "Union", "Commerce", "Industrial",
    "Martin Luther King Jr", "1st", "2nd", "3rd", "4th", "5th", "12th", "42nd", "Old Mill",
)  # fmt: skip
_SUFFIXES = (
    "Street", "St", "St.", "STREET", "Avenue", "Ave", "AVENUE", "Ave.", "Boulevard", "Blvd",
    "BLVD.", "Road", "Rd", "Rd.", "Drive", "Dr", "DR.", "Lane", "Ln", "Court", "Ct.", "Parkway",
    "Pkwy", "Way", "Place", "Pl", "Circle", "Cir", "Highway", "Hwy", "Terrace", "Trail",
)  # fmt: skip
_DIRECTIONALS = ("N", "S", "E", "W", "N.", "NE", "SW", "North", "South", "EAST", "West")
_UNITS = ("Apt {}", "APT {}", "Suite {}", "Ste {}", "STE. {}", "Unit {}", "# {}", "Fl {}", "Bldg {}")
_SURNAMES = (
    "Hartley", "Okafor", "Lindqvist", "Moreno", "Castellano", "Whitfield", "Nakamura", "Brennan",
    "Delacroix", "Abernathy", "Kowalski", "Fairbanks", "Ramirez", "Sutherland", "Vance", "Ogden",
    "Pemberton", "Aldridge", "Thornton", "Beaumont", "Galloway", "Iverson", "Jessup", "Kilgore",
)  # fmt: skip
_TRADES = (
    "Plumbing Supply", "Hardware", "Builders", "Electric", "Foods", "Logistics", "Dental Group",
    "Auto Parts", "Printing", "Landscaping", "Roofing", "Medical Supply", "Office Products",
    "Restaurant Group", "HVAC Services", "Machine Works", "Farms", "Marine", "Lumber & Millwork",
)  # fmt: skip
_COMPANY = ("LLC", "Inc.", "Co.", "Corp", "Company", "& Sons", "Ltd", "LLP", "")
_PEOPLE = ("Jane Smith", "Robert Chen", "Maria Garcia", "D. Patel", "Accounts Payable", "A/P Dept")
# (description, unit price in 1/10,000 of a dollar, quantity kind)
_CATALOG = (
    ("Copper pipe 1/2in x 10ft", 184_900, "each"), ("PVC elbow 90deg 2in", 12_450, "each"),
    ("Diesel fuel (gal)", 38_761, "measure"), ("Labor - technician (hr)", 950_000, "hours"),
    ("Service call", 1_250_000, "one"), ("Copy paper, case", 429_900, "each"),
    ("Toner cartridge", 899_900, "each"), ("Delivery fee", 250_000, "one"),
    ("Gravel (ton)", 283_350, "measure"), ("Monthly maintenance plan", 1_999_900, "one"),
    ("Nitrile gloves, box of 100", 112_500, "each"), ("Widget, standard", 3_4567, "each"),
    ("Fuel surcharge", 187_500, "one"), ("Consulting (hr)", 1_750_000, "hours"),
)  # fmt: skip
_STATEMENT_LINES = ("Balance forward", "Invoice {}", "Invoice {}", "Invoice {}", "Payment - thank you")
_TEMPLATES = ("", "", "", "", "", "", "", "", "standard", "remit-coupon")
_TERMS_DAYS = (15, 30, 30, 30, 45, 60)


@dataclass(frozen=True, slots=True)
class SampleSummary:
    path: Path
    control_path: Path | None
    record_count: int
    document_count: int
    total_amount: Decimal
    documents_by_channel: dict[str, int]
    documents_by_type: dict[str, int]


def write_sample_file(
    path: Path,
    documents: int,
    *,
    seed: int = 7,
    channels: Mapping[str, float] | None = None,
    lines_per_document: tuple[int, int] = (1, 12),
    long_document_share: float = 0.0,
    control: Literal["trailer", "sidecar"] = "trailer",
    fmt: Literal["csv", "parquet"] = "csv",
    start_document_number: int = 100001,
    document_date: date | None = None,
) -> SampleSummary:
    """Write a billing data file of `documents` documents and its control totals."""
    if documents < 1:
        raise ValueError("a sample needs at least one document")
    if fmt == "parquet" and control == "trailer":
        raise ValueError("a Parquet file carries its control totals in a sidecar")
    weights = dict(channels if channels is not None else DEFAULT_CHANNELS)
    rows = _Builder(random.Random(seed), weights, lines_per_document, long_document_share)
    rows.build(documents, start_document_number, document_date or date.today())
    total = money_text(rows.total_cents)
    record_count = len(rows.rows)
    text = ",".join(COLUMN_NAMES) + "\n" + "".join(rows.rows)
    if fmt == "csv":
        path.write_bytes(text.encode("utf-8"))
    else:
        _write_parquet(path, text.encode("utf-8"))
    control_path = None
    if control == "trailer":
        with path.open("a", encoding="utf-8", newline="") as out:
            out.write(f"TRAILER,{record_count},{documents},{total}\n")
    else:
        control_path = path.with_name(path.name + ".ctl")
        control_path.write_text(
            f"record_count,document_count,total_amount\n{record_count},{documents},{total}\n", "utf-8"
        )
    return SampleSummary(
        path=path,
        control_path=control_path,
        record_count=record_count,
        document_count=documents,
        total_amount=Decimal(total),
        documents_by_channel=dict(rows.by_channel),
        documents_by_type=dict(rows.by_type),
    )


class _Builder:
    """Column lists of a sample file; integer money (cents, 1/10,000) until formatting."""

    def __init__(
        self,
        rng: random.Random,
        channels: dict[str, float],
        lines_per_document: tuple[int, int],
        long_document_share: float,
    ) -> None:
        self.rng = rng
        self.channel_names = list(channels)
        self.channel_weights = list(channels.values())
        self.lines_per_document = lines_per_document
        self.long_document_share = long_document_share
        self.rows: list[str] = []
        self.total_cents = 0
        self.by_channel: Counter[str] = Counter()
        self.by_type: Counter[str] = Counter()

    def build(self, documents: int, first_number: int, document_date: date) -> None:
        rng = self.rng
        doc_types = rng.choices(("INVOICE", "STATEMENT"), (0.8, 0.2), k=documents)
        doc_channels = rng.choices(self.channel_names, self.channel_weights, k=documents)
        issued = document_date.isoformat()
        for i in range(documents):
            self._document(str(first_number + i), doc_types[i], doc_channels[i], document_date, issued)

    def _document(self, number: str, doc_type: str, channel: str, issued_on: date, issued: str) -> None:
        rng = self.rng
        company = f"{rng.choice(_SURNAMES)} {rng.choice(_TRADES)} {rng.choice(_COMPANY)}".rstrip()
        slug = re.sub(r"[^a-z0-9]+", "-", company.lower()).strip("-")
        address = self._address()
        terms = 30 if doc_type == "STATEMENT" else rng.choice(_TERMS_DAYS)
        fax = _fax_number(rng.randint(201, 989), rng.randint(100, 9999)) if channel == "FAX" else ""
        header = {
            "document_number": number,
            "document_type": doc_type,
            "document_date": issued,
            "due_date": (issued_on + timedelta(days=terms)).isoformat(),
            "account_number": f"A{rng.randint(1, 9_999_999):07d}",
            "customer_name": company,
            "branch": f"{rng.randint(1, 12):03d}",
            "template": rng.choice(_TEMPLATES),
            "delivery_channel": channel,
            "email": f"ap@{slug}.example.com" if channel == "EMAIL" or rng.random() < 0.3 else "",
            "fax_number": fax,
            "attention": rng.choice(_PEOPLE) if rng.random() < 0.2 else "",
            "care_of": f"c/o {rng.choice(_PEOPLE)}" if rng.random() < 0.05 else "",
            **address,
        }
        if header["attention"] and rng.random() < 0.5:
            header["attention"] = "ATTN: " + header["attention"]
        lines = self._statement_lines() if doc_type == "STATEMENT" else self._invoice_lines()
        amount_due = sum(cents for _, _, _, cents in lines)
        self.total_cents += amount_due
        self.by_channel[channel or ROUTED_BY_SETUP] += 1
        self.by_type[doc_type] += 1
        header["amount_due"] = money_text(amount_due)
        prefix = ",".join(_quoted(value) for value in header.values())
        self.rows.extend(
            f"{prefix},{n},{_quoted(description)},{quantity},{price},{money_text(cents)}\n"
            for n, (description, quantity, price, cents) in enumerate(lines, 1)
        )

    def _line_count(self) -> int:
        if self.long_document_share and self.rng.random() < self.long_document_share:
            return self.rng.randint(40, 80)
        return self.rng.randint(*self.lines_per_document)

    def _invoice_lines(self) -> list[tuple[str, str, str, int]]:
        rng = self.rng
        lines = []
        for _ in range(self._line_count()):
            description, price, kind = rng.choice(_CATALOG)
            if kind == "one":
                quantity = 10_000
            elif kind == "hours":
                quantity = rng.randint(1, 32) * 2_500
            elif kind == "measure":
                quantity = rng.randint(10_000, 5_000_000)
            else:
                quantity = rng.randint(1, 48) * 10_000
            cents = _round_half_up(quantity * price, 1_000_000)
            lines.append((description, _four_places(quantity), _four_places(price, 2), cents))
        return lines

    def _statement_lines(self) -> list[tuple[str, str, str, int]]:
        rng = self.rng
        lines = []
        for _ in range(self._line_count()):
            description = rng.choice(_STATEMENT_LINES)
            cents = rng.randint(500, 2_500_000)
            if description.startswith("Payment"):
                cents = -cents
            description = description.format(rng.randint(500_000, 899_999))
            lines.append((description, "1", money_text(cents), cents))
        return lines

    def _address(self) -> dict[str, str]:
        rng = self.rng
        city, state, zip5 = rng.choice(_PLACES)
        line2 = ""
        roll = rng.random()
        if roll < 0.03:
            line1 = rng.choice(("PO Box {}", "P.O. Box {}", "POST OFFICE BOX {}")).format(
                rng.randint(1, 9999)
            )
        elif roll < 0.04:
            line1 = f"{rng.choice(('RR', 'Rural Route'))} {rng.randint(1, 9)} Box {rng.randint(1, 300)}"
        elif roll < 0.045:
            line1 = rng.choice(("Unit {} Box {}", "PSC {} Box {}", "CMR {} Box {}")).format(
                rng.randint(100, 9999), rng.randint(1, 9999)
            )
            city, state, zip5 = "APO", "AE", f"09{rng.randint(1, 499):03d}"
        else:
            parts = [str(rng.randint(1, 19999))]
            if rng.random() < 0.15:
                parts.append(rng.choice(_DIRECTIONALS))
            parts += [rng.choice(_STREETS), rng.choice(_SUFFIXES)]
            if rng.random() < 0.05:
                parts.append(rng.choice(_DIRECTIONALS))
            line1 = " ".join(parts)
            if rng.random() < 0.25:
                line2 = rng.choice(_UNITS).format(rng.choice((rng.randint(1, 999), "4B", "200", "B")))
        if rng.random() < 0.3:
            zip5 = f"{zip5}-{rng.randint(1, 9999):04d}"
        if rng.random() < 0.01:  # undeliverable: a malformed ZIP or one from another state
            zip5 = rng.choice((zip5[:4], "00000", rng.choice(_PLACES)[2] if state != "AE" else "99999"))
        return {
            "address_line1": line1,
            "address_line2": line2,
            "city": city,
            "state": state,
            "zip": zip5,
        }


def _fax_number(area: int, line: int) -> str:
    """A dialable NANP number: an N11 area code (211, 411, ...) is a service code, so the next one is used."""
    return f"({area + (area % 100 == 11)}) 555-{line:04d}"


def _round_half_up(value: int, unit: int) -> int:
    """`value / unit` rounded half away from zero, as Decimal's ROUND_HALF_UP does."""
    whole, rest = divmod(abs(value), unit)
    whole += 2 * rest >= unit
    return whole if value >= 0 else -whole


def _four_places(value: int, min_places: int = 0) -> str:
    """A 1/10,000 amount as plain decimal text with trailing zeros trimmed."""
    whole, part = divmod(value, 10_000)
    digits = f"{part:04d}".rstrip("0").ljust(min_places, "0")
    return f"{whole}.{digits}" if digits else str(whole)


def _quoted(value: str) -> str:
    """RFC 4180 quoting, only where the value needs it."""
    if "," in value or '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _write_parquet(path: Path, csv_text: bytes) -> None:
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    from batchline.billing.datafile_format import arrow_schema

    schema = arrow_schema()
    convert = pa_csv.ConvertOptions(column_types=schema, strings_can_be_null=False)
    table = pa_csv.read_csv(pa.BufferReader(csv_text), convert_options=convert)
    pq.write_table(table.cast(schema), path)
