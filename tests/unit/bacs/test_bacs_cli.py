"""The command line for operations staff, run as they run it: `python -m batchline.bacs`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bacs_support import write_csv
from std18_reader import read_submission, reconcile

ORIGINATOR = ["--sun", "123456", "--originator-sort-code", "08-99-99", "--originator-account", "66374958",
              "--originator-name", "Acme Payroll"]  # fmt: skip


def bacs(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "batchline.bacs", *args],
        capture_output=True, text=True, timeout=60, check=False, env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_a_valid_account_prints_valid_and_exits_0() -> None:
    run = bacs("check-account", "08-99-99", "66374958")
    assert (run.returncode, run.stdout) == (
        0,
        "089999 66374958: valid: passes modulus checking for sort code 089999 (MOD10)\n",
    )


def test_an_invalid_account_prints_the_reason_and_exits_1() -> None:
    run = bacs("check-account", "089999", "66374959")
    assert (run.returncode, run.stdout) == (1, "089999 66374959: invalid: fails the MOD10 modulus check\n")
    malformed = bacs("check-account", "0899", "66374959")
    assert malformed.returncode == 1 and "the sort code must be 6 digits" in malformed.stdout


def test_the_tables_folder_can_be_given_by_option_or_environment(tmp_path: Path) -> None:
    (tmp_path / "valacdos.txt").write_text("000001 000002 MOD10" + " 1" * 14 + "\n")
    (tmp_path / "scsubtab.txt").write_text("")
    by_option = bacs("--tables", str(tmp_path), "check-account", "089999", "66374959")
    by_environment = bacs(
        "check-account", "089999", "66374959", env={"BATCHLINE_VOCALINK_DIR": str(tmp_path)}
    )
    for run in (by_option, by_environment):
        assert run.returncode == 0 and "not in the Vocalink table" in run.stdout


def test_unreadable_tables_are_named_and_exit_2(tmp_path: Path) -> None:
    run = bacs("--tables", str(tmp_path), "check-account", "089999", "66374958")
    assert run.returncode == 2 and "cannot read the Vocalink table" in run.stderr


def test_a_good_payments_file_is_written_as_standard_18(tmp_path: Path) -> None:
    payments = write_csv(tmp_path / "payments.csv", "10-79-99,88837491,Jane Smith,1234.50,99,SALARY APR",
                         "202959,63748472,Acme Supplies Ltd,99.99,99,INV/1002")  # fmt: skip
    out = tmp_path / "BACS.txt"
    run = bacs("write-standard18", str(payments), "--out", str(out), *ORIGINATOR,
               "--submission-date", "2026-04-02", "--serial", "000042")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout == (
        f"wrote {out}: 2 payments, 1 contra record(s), processing day 2026-04-07, debits £1,334.49 in 1, "
        "credits £1,334.49 in 2, serial 000042\n"
    )
    submission = read_submission(out.read_bytes())
    assert (submission.serial, submission.processing_yyddd) == ("000042", " 26097")
    assert reconcile(submission)["credit_count"] == 2
    checked = bacs("check-standard18", str(out))
    assert checked.returncode == 0 and "2 payments and 1 contra record(s)" in checked.stdout


def test_a_bad_payments_file_exits_2_with_the_report_and_writes_nothing(tmp_path: Path) -> None:
    payments = write_csv(
        tmp_path / "payments.csv", "089999,66374959,J O'Brien,1,99,R", "089999,66374958,J,1,17,R"
    )
    out, report = tmp_path / "BACS.txt", tmp_path / "report.csv"
    run = bacs("--report", str(report), "write-standard18", str(payments), "--out", str(out), *ORIGINATOR)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("# Rejected Bacs file: payments.csv\n\n4 problems.")
    assert "| account number fails modulus checking | line 2, column account_number |" in run.stderr
    assert report.read_text().splitlines()[0] == "what,where,expected,found"
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["payments.csv", "report.csv"]


def test_bad_originator_details_are_reported_before_the_payments_are_read(tmp_path: Path) -> None:
    run = bacs("write-standard18", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o.txt"), "--sun", "12345",
               "--originator-sort-code", "089999", "--originator-account", "66374959", "--originator-name", "X")  # fmt: skip
    assert run.returncode == 2
    assert '| bad service user number | originator | 6 digits | "12345" |' in run.stderr
    assert "| originator's account number fails modulus checking | originator |" in run.stderr


def test_a_processing_day_before_day_2_is_refused(tmp_path: Path) -> None:
    payments = write_csv(tmp_path / "payments.csv", "10-79-99,88837491,Jane Smith,1,99,R")
    run = bacs("write-standard18", str(payments), "--out", str(tmp_path / "o.txt"), *ORIGINATOR,
               "--submission-date", "2026-04-02", "--processing-date", "2026-04-06")  # fmt: skip
    assert run.returncode == 2 and "processing day not possible" in run.stderr


def test_checking_a_faulty_standard_18_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "BACS.txt"
    path.write_bytes(b"VOL1\r\n")
    run = bacs("check-standard18", str(path))
    assert run.returncode == 2 and "not a Standard 18 file" in run.stderr
