"""Vocalink modulus checking: the specification's published test cases, and the tables' handling."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from batchline.bacs.modulus import ModulusChecker, modulus_checker
from batchline.bacs.tables import (
    SHIPPED_TABLES,
    VocalinkTableError,
    default_tables_path,
    load_bacs_settings,
    load_tables,
)

# "Validating account numbers" v4.x, section "Test cases": number, sort code, account, valid.
SPECIFICATION_CASES = [
    (1, "089999", "66374958", True),  # pass modulus 10
    (2, "107999", "88837491", True),  # pass modulus 11
    (3, "202959", "63748472", True),  # pass modulus 11 and double alternate
    (4, "871427", "46238510", True),  # exception 10 & 11, first passes, second fails
    (5, "872427", "46238510", True),  # exception 10 & 11, first fails, second passes
    (6, "871427", "09123496", True),  # exception 10, ab = 09 and g = 9
    (7, "871427", "99123496", True),  # exception 10, ab = 99 and g = 9
    (8, "820000", "73688637", True),  # exception 3, start of range, c = 6: second check ignored
    (9, "827999", "73988638", True),  # exception 3, end of range, c = 9: second check ignored
    (10, "827101", "28748352", True),  # exception 3, c not 6 or 9: both checks pass
    (11, "134020", "63849203", True),  # exception 4, remainder equals the check digit
    (12, "118765", "64371389", True),  # exception 1, 27 added, double alternate passes
    (13, "200915", "41011166", True),  # exception 6, foreign currency account
    (14, "938611", "07806039", True),  # exception 5, passes
    (15, "938600", "42368003", True),  # exception 5, passes with substitution
    (16, "938063", "55065200", True),  # exception 5, both remainders 0
    (17, "772798", "99345694", True),  # exception 7, passes where the standard check fails
    (18, "086090", "06774744", True),  # exception 8, passes
    (19, "309070", "02355688", True),  # exception 2 & 9, first check passes
    (20, "309070", "12345668", True),  # exception 2 & 9, second check passes with substitution
    (21, "309070", "12345677", True),  # exception 2 & 9, a != 0 and g != 9
    (22, "309070", "99345694", True),  # exception 2 & 9, a != 0 and g = 9
    (23, "938063", "15764273", False),  # exception 5, first check digit right, second wrong
    (24, "938063", "15764264", False),  # exception 5, first check digit wrong, second right
    (25, "938063", "15763217", False),  # exception 5, first check remainder 1
    (26, "118765", "64371388", False),  # exception 1, fails double alternate
    (27, "203099", "66831036", False),  # passes modulus 11, fails double alternate
    (28, "203099", "58716970", False),  # fails modulus 11, passes double alternate
    (29, "089999", "66374959", False),  # fails modulus 10
    (30, "107999", "88837493", False),  # fails modulus 11
    (31, "074456", "12345112", True),  # exception 12 & 13, modulus 11 passes
    (32, "070116", "34012583", True),  # exception 12 & 13, both pass
    (33, "074456", "11104102", True),  # exception 12 & 13, modulus 11 fails, modulus 10 passes
    (34, "180002", "00000190", True),  # exception 14, first fails, second passes
]


@pytest.mark.parametrize(
    ("number", "sort_code", "account", "valid"),
    SPECIFICATION_CASES,
    ids=[f"case-{c[0]:02d}-{c[1]}-{c[2]}" for c in SPECIFICATION_CASES],
)
def test_each_specification_test_case_gets_the_published_verdict(
    checker: ModulusChecker, number: int, sort_code: str, account: str, valid: bool
) -> None:
    result = checker.check(sort_code, account)
    assert result.valid is valid, f"test case {number}: {result.reason}"
    assert result.checked
    assert checker.failure(sort_code, account) is None if valid else checker.failure(sort_code, account)


def test_a_failed_check_says_which_algorithm_failed(checker: ModulusChecker) -> None:
    assert checker.check("089999", "66374959").sentence() == "invalid: fails the MOD10 modulus check"
    assert checker.check("203099", "66831036").reason == (
        "passes the first check but fails the second (DBLAL) check (exception 6)"
    )


def test_a_passed_check_names_the_checks_run(checker: ModulusChecker) -> None:
    assert checker.check("404784", "70872490").reason == (
        "passes modulus checking for sort code 404784 (MOD11 and DBLAL)"
    )
    assert checker.check("202959", "63748472").reason == (
        "passes modulus checking for sort code 202959 (MOD11 (exception 6) and DBLAL (exception 6))"
    )


def test_exception_14_fails_when_the_last_digit_is_not_0_1_or_9(checker: ModulusChecker) -> None:
    assert checker.check("180002", "00000195").reason == "fails the MOD11 modulus check (exception 14)"


def test_a_sort_code_not_in_the_table_cannot_be_checked_and_counts_as_valid(checker: ModulusChecker) -> None:
    result = checker.check("999999", "12345678")
    assert (result.valid, result.checked) == (True, False)
    assert result.reason == "sort code 999999 is not in the Vocalink table, so it cannot be checked"


@pytest.mark.parametrize(
    ("sort_code", "account", "reason"),
    [
        ("08999", "66374958", "the sort code must be 6 digits, found '08999'"),
        ("08-99-99", "66374958", "the sort code must be 6 digits, found '08-99-99'"),
        ("089999", "6637495", "the account number must be 8 digits, found '6637495'"),
        ("089999", "6637495X", "the account number must be 8 digits, found '6637495X'"),
        ("089999", "６６３７４９５８", "the account number must be 8 digits, found '６６３７４９５８'"),
    ],
)
def test_the_format_is_checked_before_the_modulus(
    checker: ModulusChecker, sort_code: str, account: str, reason: str
) -> None:
    assert checker.check(sort_code, account).reason == reason


def test_the_shipped_tables_are_the_default_and_match_the_shared_copy() -> None:
    assert default_tables_path({}) == SHIPPED_TABLES
    shared = Path(__file__).resolve().parents[4] / "shared" / "data" / "vocalink"
    if not shared.is_dir():
        pytest.skip("no shared Vocalink data beside the repository")
    for name in ("valacdos.txt", "scsubtab.txt"):
        assert (SHIPPED_TABLES / name).read_bytes() == (shared / name).read_bytes()


def test_the_tables_folder_comes_from_batchline_vocalink_dir(tmp_path: Path) -> None:
    assert default_tables_path({"BATCHLINE_VOCALINK_DIR": str(tmp_path)}) == tmp_path
    assert load_bacs_settings({"BATCHLINE_VOCALINK_DIR": str(tmp_path)}).vocalink_dir == tmp_path


def test_replacement_tables_are_used_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "valacdos.txt").write_text(
        "089000 089999 MOD10    0    0    0    0    0    0    7    1    3    7    1    3    7    1\n"
    )
    (tmp_path / "scsubtab.txt").write_text("")
    checker = modulus_checker(tmp_path)
    assert checker.check("107999", "88837493").checked is False  # not in the replacement table
    assert checker.check("089999", "66374959").valid is False
    assert load_tables(tmp_path) is load_tables(tmp_path), "read once per folder"


def test_a_missing_table_says_where_to_point_the_setting(tmp_path: Path) -> None:
    with pytest.raises(VocalinkTableError, match=r"set BATCHLINE_VOCALINK_DIR to the folder holding"):
        load_tables(tmp_path)


def test_an_unreadable_row_is_named_by_file_and_line(tmp_path: Path) -> None:
    shutil.copy(SHIPPED_TABLES / "scsubtab.txt", tmp_path)
    (tmp_path / "valacdos.txt").write_text("010004 016715 MOD11 0 0\n")
    with pytest.raises(VocalinkTableError, match=r"valacdos.txt, line 1: expected two 6-digit sort codes"):
        load_tables(tmp_path)


def test_overlapping_sort_code_ranges_are_refused(tmp_path: Path) -> None:
    shutil.copy(SHIPPED_TABLES / "scsubtab.txt", tmp_path)
    weights = " 0" * 13 + " 1"
    (tmp_path / "valacdos.txt").write_text(f"010000 010099 MOD11{weights}\n010050 010199 MOD10{weights}\n")
    with pytest.raises(VocalinkTableError, match="overlapping sort code ranges"):
        load_tables(tmp_path)
