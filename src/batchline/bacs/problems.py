"""A Bacs file that is Rejected, with every fault listed line by line.

A kind of the billing data file's error (`batchline.billing.datafile_problems`): the same
what / where / expected / found, the same Markdown table and formula-safe CSV. A Bacs report
lists every faulty line, with no cap, as issue 6 asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from batchline.billing.datafile_problems import DataFileError, Problem, shown

__all__ = ["BacsFileError", "Problem", "line_of", "shown"]

_SHOWN_IN_MESSAGE = 20


class BacsFileError(DataFileError):
    """A payments file or Standard 18 file that cannot be accepted: the batch is Rejected.

    Every problem is kept (no cap); the message names the first few, the reports all of them.
    """

    KIND = "rejected Bacs file"

    def __init__(self, source: Path, problems: Iterable[Problem]) -> None:
        super().__init__(source, problems)

    @property
    def lines(self) -> tuple[int, ...]:
        """The faulty line numbers, in order (0 stands for the file as a whole)."""
        return tuple(sorted({line_of(p.where) for p in self.problems}))

    def _text(self) -> str:
        first = [p.sentence() for p in self.problems[:_SHOWN_IN_MESSAGE]]
        rest = len(self.problems) - len(first)
        if rest:
            first.append(f"... and {rest} more (see the report)")
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        first.append(f"({count} in {self.KIND} {self.source.name})")
        return "\n".join(first)


def line_of(where: str) -> int:
    """The line number a problem's `where` starts with ("line 12, column amount"), else 0."""
    if where.startswith("line "):
        number = where[5:].split(",", 1)[0]
        if number.isdigit():
            return int(number)
    return 0
