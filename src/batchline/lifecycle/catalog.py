"""Status catalogs: each lifecycle's statuses and allowed moves, declared once as data.

A `Lifecycle` is checked when it is built, the way python-statemachine checks a
machine class: every code in a `next` tuple is declared, every status is
reachable from an initial status, every status can reach a final one (no trap
loops), and a status with no moves (final) shows as COMPLETED, FAILED or
CANCELLED, never as a state that promises more work. COMPLETED, FAILED and
CANCELLED statuses may still have moves (a rerun, an archive step): only an
empty `next` makes a status final.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from batchline.lifecycle.errors import IllegalTransition, LifecycleDefinitionError, UnknownStatus

_CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_DATE_PLACEHOLDER = "(Date)"


class StateType(StrEnum):
    """How a status shows in Prefect (mirrors Prefect's state types)."""

    SCHEDULED = "SCHEDULED"
    RUNNING = "RUNNING"
    PAUSED = "PAUSED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


_TERMINAL_TYPES = frozenset({StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED})


@dataclass(frozen=True, slots=True)
class Status:
    code: str
    title: str
    state_type: StateType
    next: tuple[str, ...] = ()
    phase: str | None = None
    job_code: int | None = None
    note: str | None = None

    @property
    def is_final(self) -> bool:
        return not self.next


class Lifecycle:
    """An ordered status catalog with its transition table."""

    def __init__(
        self,
        name: str,
        initial: str | tuple[str, ...],
        statuses: Iterable[Status],
        *,
        label: str | None = None,
    ) -> None:
        self.name = name
        self.label = label or name
        self.initial: tuple[str, ...] = (initial,) if isinstance(initial, str) else tuple(initial)
        self._statuses = tuple(statuses)
        self._by_code = {s.code: s for s in self._statuses}
        self._validate()

    def __repr__(self) -> str:
        return f"Lifecycle({self.name!r}, {len(self._statuses)} statuses)"

    @property
    def statuses(self) -> tuple[Status, ...]:
        return self._statuses

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self._statuses)

    @property
    def final_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self._statuses if s.is_final)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def status(self, code: str) -> Status:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownStatus(self.label, code, self.codes) from None

    def can_move(self, from_code: str, to_code: str) -> bool:
        self.status(to_code)
        return to_code in self.status(from_code).next

    def check_move(self, from_code: str, to_code: str, *, object_id: str | int | None = None) -> Status:
        """Return the target status, or raise `IllegalTransition` naming the allowed moves."""
        if self.can_move(from_code, to_code):
            return self.status(to_code)
        source = self.status(from_code)
        raise IllegalTransition(
            self.label,
            source.title,
            self.status(to_code).title,
            [self.status(code).title for code in source.next],
            from_code=from_code,
            to_code=to_code,
            object_id=object_id,
        )

    def display_name(self, code: str, on: date | None = None) -> str:
        """The title, with a "(Date)" placeholder filled in as e.g. 2026-11-24 when `on` is given."""
        title = self.status(code).title
        return title if on is None else title.replace(_DATE_PLACEHOLDER, on.isoformat())

    def _validate(self) -> None:
        problems: list[str] = []
        if not self._statuses:
            problems.append("no statuses declared")
        dupes = [code for code, n in Counter(s.code for s in self._statuses).items() if n > 1]
        if dupes:
            problems.append(f"duplicate codes: {', '.join(dupes)}")
        if not self.initial:
            problems.append("no initial status")
        problems += [f"initial status {c!r} is not declared" for c in self.initial if c not in self._by_code]
        for s in self._statuses:
            if not _CODE.match(s.code):
                problems.append(f"code {s.code!r} is not UPPER_SNAKE")
            unknown = [c for c in s.next if c not in self._by_code]
            if unknown:
                problems.append(f"{s.code} moves to undeclared {', '.join(unknown)}")
            if len(set(s.next)) != len(s.next):
                problems.append(f"{s.code} lists a next status twice")
            if s.is_final and s.state_type not in _TERMINAL_TYPES:
                problems.append(f"{s.code} is {s.state_type} but has no moves (a dead end)")
        if not problems:
            reachable = self._closure(self.initial, forward=True)
            unreachable = [s.code for s in self._statuses if s.code not in reachable]
            if unreachable:
                problems.append(f"unreachable from {', '.join(self.initial)}: {', '.join(unreachable)}")
            can_finish = self._closure(self.final_codes, forward=False)
            trapped = [s.code for s in self._statuses if s.code not in can_finish]
            if trapped:
                problems.append(f"no path to a final status from: {', '.join(trapped)}")
        if problems:
            raise LifecycleDefinitionError(f"lifecycle {self.name!r} is invalid: " + "; ".join(problems))

    def _closure(self, start: Iterable[str], *, forward: bool) -> set[str]:
        edges: dict[str, set[str]] = {s.code: set() for s in self._statuses}
        for s in self._statuses:
            for target in s.next:
                if forward:
                    edges[s.code].add(target)
                else:
                    edges[target].add(s.code)
        found = set(start)
        todo = list(found)
        while todo:
            for neighbour in edges[todo.pop()] - found:
                found.add(neighbour)
                todo.append(neighbour)
        return found
