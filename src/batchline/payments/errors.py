"""Typed errors of the payments package."""

from __future__ import annotations

from batchline.errors import BatchlineError


class PaymentFileError(BatchlineError, ValueError):
    """Payment data that cannot go into a payment instruction file: what, expected, found."""

    def __init__(self, what: str, expected: str, found: str) -> None:
        super().__init__(f"{what}: expected {expected}, found {found}")
        self.what = what
        self.expected = expected
        self.found = found

    def __reduce__(self) -> tuple[type[PaymentFileError], tuple[str, str, str]]:
        # May be raised in a render worker process: must survive pickling back to the parent.
        return (type(self), (self.what, self.expected, self.found))


class FileIdModifiersExhausted(PaymentFileError):
    """All 36 NACHA file ID modifiers (A-Z, 0-9) were used for this origin and destination today."""
