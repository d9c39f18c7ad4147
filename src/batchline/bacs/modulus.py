"""Vocalink modulus checking: can this account number exist at this sort code?

Follows Vocalink's "Validating account numbers" (v4.x): the MOD10, MOD11 and DBLAL
(double alternate) algorithms, and exceptions 1 to 14. Letters name the 14 digits
of sort code + account number, as the specification does: u v w x y z a b c d e f g h.
A sort code the table does not list cannot be checked, and the specification
treats its accounts as valid.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from operator import mul
from pathlib import Path

from batchline.bacs.tables import Check, ModulusTables, load_tables

A, B, C, G, H = 6, 7, 8, 12, 13
_ZERO_U_TO_B = (0,) * 8
# Exception 2: the weights replacing the table's when a is not 0 (g = 9 and g != 9).
_EXCEPTION_2_G9 = (0, 0, 0, 0, 0, 0, 0, 0, 8, 7, 10, 9, 3, 1)
_EXCEPTION_2 = (0, 0, 1, 2, 5, 3, 6, 4, 8, 7, 10, 9, 3, 1)
_EXCEPTION_8_SORT_CODE = "090126"
_EXCEPTION_9_SORT_CODE = "309634"
# DBLAL adds the digits of each product (18 counts 1 + 8).
_DIGIT_SUM = tuple(sum(map(int, str(p))) for p in range(1000))
_TO_DIGITS = bytes.maketrans(b"0123456789", bytes(range(10)))
# Pairs where the account is valid when either check passes.
_EITHER = frozenset({2, 10, 12})


@dataclass(frozen=True, slots=True)
class ModulusResult:
    valid: bool
    checked: bool  # False: the sort code is not in the table (valid, as the specification says)
    reason: str

    def sentence(self) -> str:
        return ("valid: " if self.valid else "invalid: ") + self.reason


class ModulusChecker:
    """Checks sort code and account number pairs against one set of Vocalink tables."""

    def __init__(self, tables: ModulusTables) -> None:
        self.tables = tables
        self._rules: dict[str, tuple[Check, ...]] = {}

    def rules(self, sort_code: str) -> tuple[Check, ...]:
        """The checks valacdos.txt lists for a 6-digit sort code (none when it is not listed)."""
        found = self._rules.get(sort_code)
        if found is None:
            number = int(sort_code)
            i = bisect_right(self.tables.starts, number) - 1
            found = self.tables.checks[i] if i >= 0 and number <= self.tables.ends[i] else ()
            self._rules[sort_code] = found
        return found

    def check(self, sort_code: str, account_number: str) -> ModulusResult:
        """The verdict with its reason; the format is checked first (6 and 8 digits)."""
        if not (len(sort_code) == 6 and sort_code.isascii() and sort_code.isdigit()):
            return ModulusResult(False, False, f"the sort code must be 6 digits, found {sort_code!r}")
        if not (len(account_number) == 8 and account_number.isascii() and account_number.isdigit()):
            return ModulusResult(
                False, False, f"the account number must be 8 digits, found {account_number!r}"
            )
        checks = self.rules(sort_code)
        if not checks:
            return ModulusResult(
                True, False, f"sort code {sort_code} is not in the Vocalink table, so it cannot be checked"
            )
        failure = self.failure(sort_code, account_number)
        if failure is None:
            names = " and ".join(c.algorithm + _with(c) for c in checks)
            return ModulusResult(True, True, f"passes modulus checking for sort code {sort_code} ({names})")
        return ModulusResult(False, True, failure)

    def failure(self, sort_code: str, account_number: str) -> str | None:
        """Why the pair fails, or None when it passes or cannot be checked.

        The hot path of validation: the caller has checked the format (6 and 8 ASCII digits).
        """
        checks = self._rules.get(sort_code)
        if checks is None:
            checks = self.rules(sort_code)
        if not checks:
            return None
        digits = _digits(sort_code + account_number)
        if not checks[0].exception and not checks[-1].exception:  # the common case, inlined
            for check in checks:
                if _total(check.dblal, check.weights, digits) % check.modulus:
                    return _standard_failure(checks, check)
            return None
        first = checks[0]
        if len(checks) == 1:
            if self._passes(first, sort_code, account_number, digits, 1):
                return None
            if first.exception == 14 and _exception_14(first, sort_code, account_number):
                return None
            return f"fails the {first.algorithm} modulus check{_with(first)}"
        second = checks[1]
        if first.exception == 6 and 4 <= digits[A] <= 8 and digits[G] == digits[H]:
            return None  # a foreign currency account: the checks do not apply
        if first.exception in _EITHER:
            if self._passes(first, sort_code, account_number, digits, 1) or self._passes(
                second, sort_code, account_number, digits, 2
            ):
                return None
            return f"fails both the {first.algorithm} and the {second.algorithm} modulus checks{_with(first)}"
        if not self._passes(first, sort_code, account_number, digits, 1):
            return f"fails the first ({first.algorithm}) modulus check{_with(first)}"
        if not self._passes(second, sort_code, account_number, digits, 2):
            return f"passes the first check but fails the second ({second.algorithm}) check{_with(second)}"
        return None

    def _passes(self, check: Check, sort_code: str, account: str, digits: bytes, which: int) -> bool:
        exception, weights = check.exception, check.weights
        if exception == 3 and digits[C] in (6, 9):
            return True  # c = 6 or 9: the double alternate check is not needed
        if exception == 5:
            substitute = self.tables.substitutions.get(sort_code)
            if substitute is not None:
                digits = _digits(substitute + account)
        elif exception == 8:
            digits = _digits(_EXCEPTION_8_SORT_CODE + account)
        elif exception == 9 and which == 2:
            digits = _digits(_EXCEPTION_9_SORT_CODE + account)
        elif exception == 2 and digits[A] != 0:
            weights = _EXCEPTION_2_G9 if digits[G] == 9 else _EXCEPTION_2
        elif (exception == 7 and digits[G] == 9) or (
            exception == 10 and digits[A] in (0, 9) and digits[B] == 9 and digits[G] == 9
        ):
            weights = _ZERO_U_TO_B + weights[8:]
        total = _total(check.dblal, weights, digits)
        if exception == 1:
            total += 27
        elif exception == 4:
            return total % 11 == digits[G] * 10 + digits[H]
        elif exception == 5:
            return _exception_5(check.algorithm, total, digits)
        return total % check.modulus == 0


def _digits(fourteen: str) -> bytes:
    """The 14 digits as small integers (bytes 0 to 9): indexing and `map` read them as ints."""
    return fourteen.encode("ascii").translate(_TO_DIGITS)


def _total(dblal: bool, weights: tuple[int, ...], digits: bytes) -> int:
    if dblal:
        return sum(map(_DIGIT_SUM.__getitem__, map(mul, weights, digits)))
    return sum(map(mul, weights, digits))


def _exception_5(algorithm: str, total: int, digits: bytes) -> bool:
    """The check digit is g (MOD11) or h (DBLAL), computed from the remainder."""
    if algorithm == "MOD11":
        remainder = total % 11
        if remainder == 0:
            return digits[G] == 0
        return remainder != 1 and 11 - remainder == digits[G]
    remainder = total % 10
    return digits[H] == 0 if remainder == 0 else 10 - remainder == digits[H]


def _exception_14(check: Check, sort_code: str, account: str) -> bool:
    """Coutts: when h is 0, 1 or 9, drop it, shift the account right, and check again."""
    if account[7] not in "019":
        return False
    digits = _digits(sort_code + "0" + account[:7])
    return _total(False, check.weights, digits) % 11 == 0


def _standard_failure(checks: tuple[Check, ...], failed: Check) -> str:
    if len(checks) == 1:
        return f"fails the {failed.algorithm} modulus check"
    if failed is checks[0]:
        return f"fails the first ({failed.algorithm}) modulus check"
    return f"passes the first check but fails the second ({failed.algorithm}) check"


def _with(check: Check) -> str:
    return f" (exception {check.exception})" if check.exception else ""


def modulus_checker(folder: Path | None = None) -> ModulusChecker:
    """A checker over the tables in `folder` (default: `default_tables_path()`), one per folder."""
    return _checker(load_tables(folder))


@cache
def _checker(tables: ModulusTables) -> ModulusChecker:
    return ModulusChecker(tables)
