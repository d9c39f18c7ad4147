"""The payments CSV: the documented file a batch is imported from (docs/bacs-files.md).

Reading (`read_payments_csv`) splits the file into rows; validating (`validate_payments_csv`)
turns each row into a `Payment` and checks every rule on every row. A file with any
fault is Rejected with a `BacsFileError` listing them all.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path

from batchline.bacs.bulk import gc_paused
from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import MAX_AMOUNT_PENCE, Originator, Payment
from batchline.bacs.problems import BacsFileError, Problem, line_of, shown
from batchline.bacs.validate import PaymentChecks

COLUMNS = ("sort_code", "account_number", "account_name", "amount", "transaction_code", "reference")
OPTIONAL_COLUMNS = ("payment_date",)
PLACES = {name: f"column {name}" for name in COLUMNS + OPTIONAL_COLUMNS}
_POUNDS = re.compile(r"([0-9]{1,12})(?:\.([0-9]{1,2}))?")
_HYPHENATED_SORT_CODE = re.compile(r"[0-9]{2}-[0-9]{2}-[0-9]{2}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A row that needs no stripping and whose every field has its form, the columns in COLUMNS order
# joined by NUL (which no field may hold): 6 or 8 digits, a name of 1 to 18 Bacs characters (lower
# case too), pounds and pence within 11 digits, a known code, an optional reference.
_EDGE, _INSIDE = r"[A-Za-z0-9.&/\-]", r"[A-Za-z0-9 .&/\-]"
_TEXT = rf"{_EDGE}(?:{_INSIDE}{{0,16}}{_EDGE})?"
_GOOD_ROW = re.compile(
    rf"([0-9]{{6}}|[0-9]{{2}}-[0-9]{{2}}-[0-9]{{2}})\x00([0-9]{{8}})\x00({_TEXT})\x00"
    rf"([0-9]{{1,9}})(?:\.([0-9]{{1,2}}))?\x00(99|01|17|18|19|0[NCSncs])\x00((?:{_TEXT})?)"
)


@dataclass
class PaymentsCsv:
    """The rows of a payments CSV as text, with the line each came from."""

    source: Path
    columns: tuple[str, ...] = ()
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@gc_paused()
def read_payments_csv(path: Path) -> PaymentsCsv:
    """Split the file into rows; problems of the file's form (encoding, header, shape) are kept."""
    read = PaymentsCsv(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        read.problems.append(
            Problem("text is not UTF-8", f"line {line}", "UTF-8 text", f"byte 0x{data[exc.start]:02x}")
        )
        return read
    if not text.strip():
        read.problems.append(
            Problem("empty file", "file", "a header row and at least one payment", "no rows")
        )
        return read
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    read.columns = tuple(name.strip() for name in header)
    if not _header_ok(read):
        return read
    width, blank_since, expected_line = len(read.columns), 0, 2
    for values in reader:
        line = reader.line_num
        if line != expected_line:
            found = f"{line - expected_line + 1} lines"
            _problem(read, expected_line, "line break inside a value", "one payment per line", found)
            expected_line = line + 1
            continue
        expected_line = line + 1
        if not values:
            blank_since = blank_since or line
            continue
        if blank_since:
            _problem(read, blank_since, "blank line", "no blank lines between payments", "an empty line")
            blank_since = 0
        if len(values) != width:
            _problem(
                read, line, "wrong number of values", f"{width} values, one per column", f"{len(values)}"
            )
            continue
        read.rows.append((line, values))
    if not read.rows and not read.problems:
        read.problems.append(Problem("no payments", "file", "at least one payment after the header", "none"))
    return read


def _problem(read: PaymentsCsv, line: int, what: str, expected: str, found: str) -> None:
    read.problems.append(Problem(what, f"line {line}", expected, found))


def _header_ok(read: PaymentsCsv) -> bool:
    columns = read.columns
    expected = ", ".join(COLUMNS) + f" (and optionally {', '.join(OPTIONAL_COLUMNS)}), in any order"
    for name in sorted({c for c in columns if columns.count(c) > 1}):
        _problem(read, 1, "repeated column", expected, shown(name))
    for name in columns:
        if name not in PLACES:
            _problem(read, 1, "unknown column", expected, shown(name))
    for name in COLUMNS:
        if name not in columns:
            _problem(read, 1, "missing column", expected, f"no column {name}")
    return not read.problems


@gc_paused()
def validate_payments_csv(
    read: PaymentsCsv, checker: ModulusChecker, originator: Originator | None = None
) -> list[Payment]:
    """Every row as a `Payment`, or `BacsFileError` listing every fault of every line."""
    problems = list(read.problems)
    payments: list[Payment] = []
    if read.rows:
        checks = PaymentChecks(checker, originator)
        index = {name: read.columns.index(name) for name in COLUMNS}
        dated = read.columns.index("payment_date") if "payment_date" in read.columns else None
        fields = itemgetter(*(index[name] for name in COLUMNS))
        for line, values in read.rows:
            # The fast path: one pattern for the whole row; any doubt goes to the full checks.
            found = _GOOD_ROW.fullmatch("\x00".join(fields(values)))
            day = _date(values[dated]) if dated is not None and values[dated] else None
            if found is not None and (day is not None or dated is None or not values[dated]):
                sort_code, account, name, pounds, fraction, code, reference = found.groups()
                pence = int(pounds) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)
                payment = Payment(
                    sort_code.replace("-", ""), account, name.upper(), pence, code.upper(), reference.upper(),
                    day, line,
                )  # fmt: skip
                if checks.passes(payment):
                    payments.append(payment)
                    continue
            payments.append(_payment(line, values, index, dated, checks, problems))
        problems += _payment_dates(payments)
    if problems:
        problems.sort(key=lambda p: line_of(p.where))
        raise BacsFileError(read.source, problems)
    return payments


def load_payments_csv(
    path: Path, checker: ModulusChecker, originator: Originator | None = None
) -> list[Payment]:
    """Read and validate a payments CSV in one step."""
    return validate_payments_csv(read_payments_csv(path), checker, originator)


def _payment(
    line: int,
    values: list[str],
    index: dict[str, int],
    dated: int | None,
    checks: PaymentChecks,
    problems: list[Problem],
) -> Payment:
    reported: list[str] = []
    sort_code = values[index["sort_code"]].strip()
    if _HYPHENATED_SORT_CODE.fullmatch(sort_code):
        sort_code = sort_code.replace("-", "")
    amount_text = values[index["amount"]].strip()
    pence = _pence(amount_text)
    if pence is None:
        reported.append("amount")
        problems.append(
            Problem(
                "bad amount",
                f"line {line}, column amount",
                f"pounds and pence such as 1234.50, at most {MAX_AMOUNT_PENCE // 100}.99 (no £ sign or commas)",
                shown(amount_text),
            )
        )
    payment_date = None
    if dated is not None and values[dated].strip():
        payment_date = _date(values[dated].strip())
        if payment_date is None:
            reported.append("payment_date")
            problems.append(
                Problem(
                    "bad payment date",
                    f"line {line}, column payment_date",
                    "a date as YYYY-MM-DD",
                    shown(values[dated]),
                )
            )
    payment = Payment(
        sort_code=sort_code,
        account_number=values[index["account_number"]].strip(),
        # Bacs blanks lower case letters, so they are written in upper case.
        account_name=values[index["account_name"]].strip().upper(),
        amount_pence=pence or 0,
        transaction_code=values[index["transaction_code"]].strip().upper(),
        reference=values[index["reference"]].strip().upper(),
        payment_date=payment_date,
        line=line,
    )
    checks.check(payment, PLACES, problems, reported)
    return payment


def _pence(text: str) -> int | None:
    found = _POUNDS.fullmatch(text)
    if found is None:
        return None
    pounds, fraction = found.groups()
    pence = int(pounds) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)
    return pence if pence <= MAX_AMOUNT_PENCE else None


def _date(text: str) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _payment_dates(payments: list[Payment]) -> list[Problem]:
    """A Standard 18 file here has one processing day: every payment date must agree."""
    asked = [p for p in payments if p.payment_date is not None]
    if not asked:
        return []
    first = asked[0]
    return [
        Problem(
            "payment dates differ",
            f"line {p.line}, column payment_date",
            f"one payment date for the whole file: {first.payment_date} as on line {first.line}, or none",
            shown(p.payment_date),
        )
        for p in asked
        if p.payment_date != first.payment_date
    ]
