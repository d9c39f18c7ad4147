"""The rules every Bacs transaction must meet, whatever file it came in.

Every rule is checked on every payment, so a report lists all the faults of a line,
not just the first. `place` names where each field sits in its file ("column amount",
"positions 36-46 (amount)"), so the same rules serve the payments CSV and Standard 18.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from batchline.bacs.calendar import is_working_day
from batchline.bacs.modulus import ModulusChecker
from batchline.bacs.payments import (
    ACCOUNT_NUMBER,
    BACS_CHARACTERS,
    BACS_TEXT,
    CREDIT,
    DIRECT_DEBITS,
    INSTRUCTIONS,
    MAX_AMOUNT_PENCE,
    MIN_DD_REFERENCE,
    NAME_LENGTH,
    REFERENCE_LENGTH,
    SERVICE_USER_NUMBER,
    SORT_CODE,
    TRANSACTION_CODES,
    Originator,
    Payment,
)
from batchline.bacs.problems import Problem, shown

_CODES = ", ".join(TRANSACTION_CODES)
_Add = Callable[[str, str, str, object], None]  # field, what, expected, found
_COLLECTED = frozenset(DIRECT_DEBITS + INSTRUCTIONS)  # needs a Direct Debit originator and a reference
_INSTRUCTIONS = frozenset(INSTRUCTIONS)


def text_fault(value: str, limit: int, required: bool) -> tuple[str, str] | None:
    """(what, expected) when a name or reference is missing, too long or outside the Bacs set."""
    if required and not value.strip():
        return "empty required value", f"a value of 1 to {limit} characters"
    if len(value) > limit:
        return "value too long", f"at most {limit} characters"
    if not BACS_TEXT.fullmatch(value):
        bad = "".join(sorted({c for c in value if not BACS_TEXT.fullmatch(c)}))
        return "character outside the Bacs character set", f"only {BACS_CHARACTERS}; not {shown(bad)}"
    return None


class PaymentChecks:
    """Checks payments against the field rules, modulus checking and the originator's rights."""

    def __init__(self, checker: ModulusChecker, originator: Originator | None = None) -> None:
        self.checker = checker
        self.originator = originator

    def check(
        self,
        p: Payment,
        place: Mapping[str, str],
        out: list[Problem],
        reported: Iterable[str] = (),
    ) -> None:
        """Append a problem for each rule `p` breaks; `reported` fields were already reported."""
        line = p.line

        def add(field: str, what: str, expected: str, found: object) -> None:
            out.append(Problem(what, f"line {line}, {place[field]}", expected, shown(found)))

        sort_ok = bool(SORT_CODE.fullmatch(p.sort_code))
        if not sort_ok:
            add("sort_code", "bad sort code", "6 digits, such as 089999 or 08-99-99", p.sort_code)
        account_ok = bool(ACCOUNT_NUMBER.fullmatch(p.account_number))
        if not account_ok:
            add("account_number", "bad account number", "8 digits", p.account_number)
        if sort_ok and account_ok:
            failure = self.checker.failure(p.sort_code, p.account_number)
            if failure is not None:
                add(
                    "account_number",
                    "account number fails modulus checking",
                    f"an account number that can exist at sort code {p.sort_code}: it {failure}",
                    p.account_number,
                )
        fault = text_fault(p.account_name, NAME_LENGTH, required=True)
        if fault:
            add("account_name", *fault, p.account_name)
        code = p.transaction_code
        if code not in TRANSACTION_CODES:
            add("transaction_code", "unknown transaction code", _CODES, code)
        elif "amount" not in reported:
            self._amount(p, add)
        self._reference(p, add)
        if code in _COLLECTED and not self._may_collect() and self.originator is not None:
            add(
                "transaction_code",
                "Direct Debit from an originator that cannot collect",
                f"only {CREDIT} (Direct Credit): service user {self.originator.service_user_number} "
                "is not a Direct Debit originator",
                code,
            )
        if p.payment_date is not None and not is_working_day(p.payment_date):
            add(
                "payment_date",
                "payment date is not a Bacs processing day",
                "Monday to Friday, not an England and Wales bank holiday",
                p.payment_date.isoformat(),
            )

    def passes(self, p: Payment) -> bool:
        """Whether `p` meets every rule, given fields whose form a layout pattern has checked.

        The fast path of an import: no message is built. A payment that does not pass goes
        through `check`, which says why.
        """
        code, pence = p.transaction_code, p.amount_pence
        if code in _INSTRUCTIONS:
            if pence:
                return False
        elif not 0 < pence <= MAX_AMOUNT_PENCE:
            return False
        if code in _COLLECTED and (not _is_mandate_reference(p.reference) or not self._may_collect()):
            return False
        if p.payment_date is not None and not is_working_day(p.payment_date):
            return False
        return self.checker.failure(p.sort_code, p.account_number) is None

    def _may_collect(self) -> bool:
        return self.originator is None or self.originator.direct_debits

    def _amount(self, p: Payment, add: _Add) -> None:
        pence, code = p.amount_pence, p.transaction_code
        if code in INSTRUCTIONS:
            if pence != 0:
                add(
                    "amount",
                    "amount on an instruction",
                    f"0 for {code} ({TRANSACTION_CODES[code]})",
                    f"{pence} pence",
                )
        elif pence <= 0:
            add(
                "amount",
                "amount not positive",
                f"more than 0 for {code} ({TRANSACTION_CODES[code]})",
                f"{pence} pence",
            )
        elif pence > MAX_AMOUNT_PENCE:
            add(
                "amount",
                "amount too large",
                f"at most {MAX_AMOUNT_PENCE} pence (11 digits)",
                f"{pence} pence",
            )

    def _reference(self, p: Payment, add: _Add) -> None:
        fault = text_fault(p.reference, REFERENCE_LENGTH, required=False)
        if fault:
            add("reference", *fault, p.reference)
        elif p.transaction_code in _COLLECTED and not _is_mandate_reference(p.reference):
            add(
                "reference",
                "Direct Debit reference too short",
                f"at least {MIN_DD_REFERENCE} letters or digits, not all the same (the mandate reference)",
                p.reference,
            )


def _is_mandate_reference(reference: str) -> bool:
    significant = [c for c in reference if c.isalnum()]
    return len(significant) >= MIN_DD_REFERENCE and len(set(significant)) > 1


def originator_problems(originator: Originator, checker: ModulusChecker) -> list[Problem]:
    """What is wrong with the originator's own details (the contra account, the SUN, the name)."""
    out: list[Problem] = []
    o = originator
    if not SERVICE_USER_NUMBER.fullmatch(o.service_user_number):
        out.append(Problem("bad service user number", "originator", "6 digits", shown(o.service_user_number)))
    if not SORT_CODE.fullmatch(o.sort_code):
        out.append(Problem("bad sort code", "originator", "6 digits", shown(o.sort_code)))
    elif not ACCOUNT_NUMBER.fullmatch(o.account_number):
        out.append(Problem("bad account number", "originator", "8 digits", shown(o.account_number)))
    else:
        failure = checker.failure(o.sort_code, o.account_number)
        if failure is not None:
            out.append(
                Problem(
                    "originator's account number fails modulus checking",
                    "originator",
                    f"an account number that can exist at sort code {o.sort_code}: it {failure}",
                    shown(o.account_number),
                )
            )
    fault = text_fault(o.name, NAME_LENGTH, required=True)
    if fault:
        out.append(Problem(fault[0], "originator, name", fault[1], shown(o.name)))
    return out
