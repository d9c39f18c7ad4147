"""Typed errors of the addressing package."""

from __future__ import annotations

from batchline.errors import BatchlineError


class AddressingError(BatchlineError):
    """Bad input to an addressing function: says what, what was expected and what was found."""

    def __init__(self, what: str, expected: str, found: str) -> None:
        super().__init__(f"{what}: expected {expected}, found {found}")
        self.what = what
        self.expected = expected
        self.found = found

    def __reduce__(self) -> tuple[type[AddressingError], tuple[str, str, str]]:
        # Raised in render worker processes: must survive pickling back to the parent.
        return (type(self), (self.what, self.expected, self.found))
