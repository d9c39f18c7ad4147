"""Bacs tools for operations staff, outside a batch run (docs/bacs-files.md, "Command line").

    python -m batchline.bacs check-account 08-99-99 66374958
    python -m batchline.bacs write-standard18 payments.csv --out BACS.txt --sun 123456 \\
        --originator-sort-code 089999 --originator-account 66374958 --originator-name "ACME LTD"
    python -m batchline.bacs check-standard18 BACS.txt

Exit status: 0 done (or valid), 1 invalid account, 2 a Rejected file (the report is on stderr)
or unreadable Vocalink tables.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from batchline.bacs.modulus import ModulusChecker, modulus_checker
from batchline.bacs.payments import Originator
from batchline.bacs.payments_csv import load_payments_csv
from batchline.bacs.problems import BacsFileError
from batchline.bacs.standard18 import write_standard18
from batchline.bacs.standard18_read import parse_standard18
from batchline.bacs.tables import VocalinkTableError
from batchline.bacs.validate import originator_problems

OK, INVALID, REJECTED = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        checker = modulus_checker(args.tables)
    except VocalinkTableError as error:
        print(error, file=sys.stderr)
        return REJECTED
    try:
        code: int = args.run(args, checker)
    except BacsFileError as error:
        if args.report:
            args.report.write_text(error.report_csv(), encoding="utf-8")
        print(error.report_markdown(), file=sys.stderr)
        return REJECTED
    return code


def check_account(args: argparse.Namespace, checker: ModulusChecker) -> int:
    sort_code = args.sort_code.replace("-", "").replace(" ", "")
    result = checker.check(sort_code, args.account_number.replace(" ", ""))
    print(f"{sort_code} {args.account_number}: {result.sentence()}")
    return OK if result.valid else INVALID


def write(args: argparse.Namespace, checker: ModulusChecker) -> int:
    originator = Originator(
        service_user_number=args.sun,
        sort_code=args.originator_sort_code.replace("-", ""),
        account_number=args.originator_account,
        name=args.originator_name.strip().upper(),
        direct_debits=args.dd_originator,
    )
    problems = originator_problems(originator, checker)
    if problems:
        raise BacsFileError(Path("originator details"), problems)
    payments = load_payments_csv(args.payments, checker, originator)
    submitted: date = args.submission_date or date.today()
    asked = args.processing_date or next((p.payment_date for p in payments if p.payment_date), None)
    serial = args.serial or f"{submitted.timetuple().tm_yday:03d}001"
    summary = write_standard18(
        args.out, payments, originator, serial=serial, submission_day=submitted, asked=asked
    )
    print(
        f"wrote {args.out}: {summary.payments} payments, {summary.contras} contra record(s), processing day "
        f"{summary.processing_day}, debits {_pounds(summary.debit_total_pence)} in {summary.debit_count}, "
        f"credits {_pounds(summary.credit_total_pence)} in {summary.credit_count}, serial {summary.serial}"
    )
    return OK


def check_file(args: argparse.Namespace, checker: ModulusChecker) -> int:
    read = parse_standard18(args.file, checker)
    print(
        f"{args.file}: {len(read.payments)} payments and {len(read.contras)} contra record(s) for service "
        f"user {read.service_user_number}, processing day {read.processing_day or 'per record'}, "
        f"debits {_pounds(read.debit_total_pence)}, credits {_pounds(read.credit_total_pence)}"
    )
    return OK


def _pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m batchline.bacs", description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=Path, help="folder of valacdos.txt and scsubtab.txt")
    parser.add_argument("--report", type=Path, help="write the report of a Rejected file here, as CSV")
    commands = parser.add_subparsers(required=True, metavar="command")

    check = commands.add_parser("check-account", help="modulus check a sort code and account number")
    check.add_argument("sort_code")
    check.add_argument("account_number")
    check.set_defaults(run=check_account)

    out = commands.add_parser("write-standard18", help="validate a payments CSV and write Standard 18")
    out.add_argument("payments", type=Path)
    out.add_argument("--out", type=Path, required=True)
    out.add_argument("--sun", required=True, help="service user number, 6 digits")
    out.add_argument("--originator-sort-code", required=True)
    out.add_argument("--originator-account", required=True)
    out.add_argument("--originator-name", required=True)
    out.add_argument(
        "--dd-originator", action="store_true", help="the service user may collect Direct Debits"
    )
    out.add_argument("--submission-date", type=date.fromisoformat, help="day 1 (default: today)")
    out.add_argument(
        "--processing-date", type=date.fromisoformat, help="day 2 (default: the next working day)"
    )
    out.add_argument("--serial", help="VOL1 submission serial, 6 characters (default: day of year + 001)")
    out.set_defaults(run=write)

    read = commands.add_parser("check-standard18", help="check a Standard 18 file as the import does")
    read.add_argument("file", type=Path)
    read.set_defaults(run=check_file)
    return parser


if __name__ == "__main__":
    sys.exit(main())
