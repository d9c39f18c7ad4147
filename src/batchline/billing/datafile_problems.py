"""What is wrong with a bad billing data file, said so an operations user can fix it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from batchline.errors import BatchlineError

MAX_PROBLEMS = 100
# Spreadsheets run a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Problem:
    what: str
    where: str
    expected: str
    found: str

    def sentence(self) -> str:
        return f"{self.what} at {self.where}: expected {self.expected}, found {self.found}"


class DataFileError(BatchlineError):
    """A billing data file that cannot be processed ("Bad Data File")."""

    KIND = "bad data file"

    def __init__(self, source: Path, problems: Iterable[Problem], more: int = 0) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.more = more
        super().__init__(self._text())

    @property
    def total(self) -> int:
        return len(self.problems) + self.more

    def _text(self) -> str:
        lines = [problem.sentence() for problem in self.problems]
        lines.append(f"({self._count()} in {self.KIND} {self.source.name})")
        return "\n".join(lines)

    def _count(self) -> str:
        count = f"{self.total} problem{'s' if self.total != 1 else ''}"
        return f"{count}, the first {len(self.problems)} listed" if self.more else count

    def report_markdown(self) -> str:
        rows = [
            f"# {self.KIND[:1].upper()}{self.KIND[1:]}: {_md(self.source.name)}",
            "",
            f"{self._count()}.",
            "",
            "| What | Where | Expected | Found |",
            "|---|---|---|---|",
        ]
        rows += [
            f"| {_md(p.what)} | {_md(p.where)} | {_md(p.expected)} | {_md(p.found)} |" for p in self.problems
        ]
        if self.more:
            rows += ["", f"{self.more} more problems were found and not listed."]
        return "\n".join(rows) + "\n"

    def report_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(("what", "where", "expected", "found"))
        for p in self.problems:
            writer.writerow([_inert(cell) for cell in (p.what, p.where, p.expected, p.found)])
        return out.getvalue()


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


class Problems:
    """Collects problems up to MAX_PROBLEMS and counts the rest."""

    def __init__(self) -> None:
        self.listed: list[Problem] = []
        self.more = 0

    def __bool__(self) -> bool:
        return bool(self.listed)

    @property
    def room(self) -> int:
        return MAX_PROBLEMS - len(self.listed)

    def add(self, what: str, where: str, expected: str, found: str) -> None:
        if self.room > 0:
            self.listed.append(Problem(what, where, expected, found))
        else:
            self.more += 1

    def add_each(self, count: int, items: Iterable[int], describe: Callable[[int], Problem]) -> None:
        """Add `count` problems, describing only as many of `items` as there is room for."""
        room, listed = self.room, 0
        for item in items:
            if listed >= room:
                break
            self.listed.append(describe(item))
            listed += 1
        self.more += count - listed

    def error(self, source: Path, kind: type[DataFileError] = DataFileError) -> DataFileError:
        return kind(source, self.listed, self.more)


def shown(value: object, limit: int = 60) -> str:
    """A value as quoted in a message: repr-like, short, control characters made visible."""
    text = str(value)
    if not text:
        return "an empty value"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    visible = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return f'"{visible}"'
