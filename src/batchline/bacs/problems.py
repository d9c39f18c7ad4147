"""A Bacs file that is Rejected, with every fault listed line by line.

The problem and its reports are the billing data file's (`batchline.billing.datafile_problems`):
the same what / where / expected / found, the same Markdown table and formula-safe CSV. A
Bacs report lists every faulty line, with no cap, as issue 6 asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from batchline.billing.datafile_problems import DataFileError, Problem, shown
from batchline.errors import BatchlineError

__all__ = ["BacsFileError", "Problem", "line_of", "shown"]

_SHOWN_IN_MESSAGE = 20


class BacsFileError(BatchlineError):
    """A payments file or Standard 18 file that cannot be accepted: the batch is Rejected."""

    def __init__(self, source: Path, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self._text())

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
        first.append(f"({count} in rejected Bacs file {self.source.name})")
        return "\n".join(first)

    def report_markdown(self) -> str:
        table = DataFileError(self.source, self.problems).report_markdown().split("\n", 1)[1]
        return f"# Rejected Bacs file: {self.source.name.replace('|', '/')}\n{table}"

    def report_csv(self) -> str:
        return DataFileError(self.source, self.problems).report_csv()


def line_of(where: str) -> int:
    """The line number a problem's `where` starts with ("line 12, column amount"), else 0."""
    if where.startswith("line "):
        number = where[5:].split(",", 1)[0]
        if number.isdigit():
            return int(number)
    return 0
