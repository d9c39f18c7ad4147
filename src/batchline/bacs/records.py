"""Standard 18 record layouts: the labels (80 characters) and the data records (100).

One place for every offset, shared by the writer and the reader. Positions are
1-based and inclusive, as the Bacs documents print them. docs/bacs-files.md lists
the sources followed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

LABEL_LENGTH = 80
RECORD_LENGTH = 100
MULTI_DAY_RECORD_LENGTH = 106  # a 100-character record followed by its own processing day
FILE_NUMBER = "001"
RECEIVING_PARTY = "999999    "  # UHL1 11-20: Bacs itself
CURRENCY = "00"  # sterling
COUNTRY = "000000"
SINGLE_DAY_WORK_CODE = "1 DAILY  "
CONTRA_NARRATIVE = "CONTRA"

# The data record: (field, first, last, what it is).
DATA_FIELDS = (
    ("sort_code", 1, 6, "destination sort code"),
    ("account_number", 7, 14, "destination account number"),
    ("account_type", 15, 15, "destination account type"),
    ("transaction_code", 16, 17, "transaction code"),
    ("originating_sort_code", 18, 23, "originating sort code"),
    ("originating_account_number", 24, 31, "originating account number"),
    ("free_format", 32, 35, "free format (RTI)"),
    ("amount", 36, 46, "amount in pence"),
    ("originator_name", 47, 64, "service user's name"),
    ("reference", 65, 82, "service user's reference"),
    ("account_name", 83, 100, "destination account name"),
    ("payment_date", 101, 106, "processing day"),
)
DATA_PLACES = {name: f"positions {first}-{last} ({what})" for name, first, last, what in DATA_FIELDS}


def julian(day: date) -> str:
    """A Bacs date: a space, the year's last two digits and the day of the year (" 26123")."""
    return f" {day.year % 100:02d}{day.timetuple().tm_yday:03d}"


def from_julian(text: str) -> date | None:
    """The day a Bacs date names (years 2000-2099), or None when it is not one."""
    if len(text) != 6 or text[0] != " " or not text[1:].isdigit():
        return None
    year, day_of_year = 2000 + int(text[1:3]), int(text[3:])
    first = date(year, 1, 1)
    last = date(year, 12, 31).timetuple().tm_yday
    return first + timedelta(days=day_of_year - 1) if 1 <= day_of_year <= last else None


def vol1(serial: str, sun: str) -> str:
    return f"VOL1{serial} {'':20}{'':6}{'':4}{sun}{'':4}{'':28}1"


def hdr1(label: str, serial: str, sun: str, created: date, expires: date) -> str:
    """HDR1, or EOF1 with `label` "EOF1": the file identifier, serial, dates and block count."""
    return (
        f"{label}A{sun}S  1{sun}{serial}00010001{'':4}{'':2}"
        f"{julian(created)}{julian(expires)} 000000{'':13}{'':7}"
    )


def hdr2(label: str) -> str:
    """HDR2, or EOF2: fixed records of 100 characters in blocks of 2000."""
    return f"{label}F0200000100{'':35}00{'':28}"


def uhl1(processing: date, file_number: str = FILE_NUMBER) -> str:
    return (
        f"UHL1{julian(processing)}{RECEIVING_PARTY}{CURRENCY}{COUNTRY}{SINGLE_DAY_WORK_CODE}"
        f"{file_number}{'':7}{'':7}{'':26}"
    )


def utl1(debit_total: int, credit_total: int, debits: int, credits: int, instructions: int) -> str:
    """Totals in pence and counts, contra records included; the instruction (DDI) count when any."""
    ddi = f"{instructions:07d}" if instructions else " " * 7
    return f"UTL1{debit_total:013d}{credit_total:013d}{debits:07d}{credits:07d}{'':10}{ddi}{'':19}"


def data_record(
    sort_code: str,
    account_number: str,
    transaction_code: str,
    originating_sort_code: str,
    originating_account_number: str,
    amount_pence: int,
    originator_name: str,
    reference: str,
    account_name: str,
) -> str:
    return (
        f"{sort_code}{account_number}0{transaction_code}{originating_sort_code}"
        f"{originating_account_number}    {amount_pence:011d}{originator_name:<18}"
        f"{reference:<18}{account_name:<18}"
    )


def contra_record(
    sort_code: str, account_number: str, transaction_code: str, amount_pence: int, name: str
) -> str:
    """The originator's own account on both sides, the side's total, "CONTRA" as the reference."""
    return data_record(
        sort_code, account_number, transaction_code, sort_code, account_number, amount_pence,
        name, CONTRA_NARRATIVE, name,
    )  # fmt: skip


# -- checking labels on import ------------------------------------------------------------

LabelField = tuple[int, int, str, str, Callable[[str], bool]]  # first, last, what, expected, test


def _is(expected: str) -> Callable[[str], bool]:
    return lambda value: value == expected


def is_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def is_bacs_date(value: str) -> bool:
    return from_julian(value) is not None


def is_serial(value: str) -> bool:
    """A submission serial number: 6 letters or digits, not all zeros."""
    return len(value) == 6 and value.isascii() and value.isalnum() and bool(value.strip("0"))


LABEL_FIELDS: dict[str, tuple[LabelField, ...]] = {
    "VOL1": (
        (5, 10, "submission serial number", "6 letters or digits, not all zeros", is_serial),
        (42, 47, "service user number", "6 digits", is_digits),
        (80, 80, "label standard level", "1", _is("1")),
    ),
    "HDR1": (
        (5, 5, "file identifier", "A", _is("A")),
        (6, 11, "service user number", "6 digits", is_digits),
        (12, 12, "file identifier", "S", _is("S")),
        (22, 27, "set identification", "the VOL1 serial number", lambda v: True),
        (28, 35, "file section and sequence numbers", "00010001", _is("00010001")),
        (42, 47, "creation date", "a Bacs date such as ' 26123'", is_bacs_date),
        (48, 53, "expiration date", "a Bacs date such as ' 26123'", is_bacs_date),
    ),
    "HDR2": (
        (5, 5, "record format", "F", _is("F")),
        (11, 15, "record length", "00100 or 00106", lambda v: v in ("00100", "00106")),
    ),
    "UHL1": (
        (
            5,
            10,
            "processing day",
            "a Bacs date such as ' 26123' (blank in a multi-day file)",
            lambda v: is_bacs_date(v) or v == " " * 6,
        ),
        (29, 37, "work code", "'1 DAILY  ' or '4 MULTI  '", lambda v: v in ("1 DAILY  ", "4 MULTI  ")),
    ),
    "UTL1": tuple(
        (first, last, what, f"{last - first + 1} digits", is_digits)
        for first, last, what in (
            (5, 17, "debit value total"),
            (18, 30, "credit value total"),
            (31, 37, "debit item count"),
            (38, 44, "credit item count"),
        )
    ),
}
