"""Errors raised by lifecycle catalogs."""

from __future__ import annotations

from collections.abc import Sequence

from batchline.errors import BatchlineError


class LifecycleError(BatchlineError):
    """Base class for lifecycle errors."""


class LifecycleDefinitionError(LifecycleError, ValueError):
    """A status catalog is inconsistent (raised when the catalog is built)."""


class UnknownStatus(LifecycleError, KeyError):
    """A status code that the lifecycle does not declare."""

    def __init__(self, lifecycle: str, code: str, known: Sequence[str]) -> None:
        self.lifecycle = lifecycle
        self.code = code
        super().__init__(f"{lifecycle}: unknown status code {code!r}; known codes: {', '.join(known)}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class IllegalTransition(LifecycleError):
    """A move that the lifecycle's table does not allow."""

    def __init__(
        self,
        lifecycle: str,
        from_title: str,
        to_title: str,
        allowed_titles: Sequence[str],
        *,
        from_code: str,
        to_code: str,
        object_id: str | int | None = None,
    ) -> None:
        self.lifecycle = lifecycle
        self.object_id = object_id
        self.from_code = from_code
        self.to_code = to_code
        self.from_title = from_title
        self.to_title = to_title
        self.allowed_titles = tuple(allowed_titles)
        subject = lifecycle if object_id is None else f"{lifecycle} {object_id}"
        if self.allowed_titles:
            allowed = "allowed next: " + ", ".join(repr(t) for t in self.allowed_titles)
        else:
            allowed = f"{from_title!r} is final, no further moves are allowed"
        super().__init__(f"{subject} cannot move from {from_title!r} to {to_title!r}; {allowed}.")
