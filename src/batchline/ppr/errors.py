"""Typed errors of the PPR core: what, where, expected, found."""

from __future__ import annotations

from batchline.errors import BatchlineError


class LedgerFileError(BatchlineError, ValueError):
    """An AP ledger file that cannot be loaded."""


class PprError(BatchlineError):
    """A PPR step that cannot go on as asked."""


class AnswerRefused(PprError):
    """A gate's answer that cannot be taken: the gate asks again with this reason."""
