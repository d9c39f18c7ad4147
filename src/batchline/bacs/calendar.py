"""Bacs working days and the three-day cycle.

Bacs works Monday to Friday except England and Wales bank holidays. A submission is
input on day 1 (the input day), processed on day 2 (the processing day, written in
UHL1) and reaches the accounts on day 3 (the entry day). The bank holidays are
computed by rule, with the one-off changes made by proclamation since 1978 (the
first year with the early May bank holiday); no network is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

_MONDAY = 0
_DAY = timedelta(days=1)

# Bank holidays moved from their usual day: the usual day -> the day it moved to.
_MOVED = {
    date(1995, 5, 1): date(1995, 5, 8),  # VE Day, 50th anniversary
    date(2002, 5, 27): date(2002, 6, 4),  # Golden Jubilee
    date(2012, 5, 28): date(2012, 6, 4),  # Diamond Jubilee
    date(2020, 5, 4): date(2020, 5, 8),  # VE Day, 75th anniversary
    date(2022, 5, 30): date(2022, 6, 2),  # Platinum Jubilee
}
# Extra bank holidays for a single year.
_ONE_OFF = frozenset(
    {
        date(1981, 7, 29),  # Royal wedding
        date(1999, 12, 31),  # Millennium
        date(2002, 6, 3),  # Golden Jubilee
        date(2011, 4, 29),  # Royal wedding
        date(2012, 6, 5),  # Diamond Jubilee
        date(2022, 6, 3),  # Platinum Jubilee
        date(2022, 9, 19),  # State funeral of Queen Elizabeth II
        date(2023, 5, 8),  # Coronation of King Charles III
    }
)


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    x = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * x) // 433
    month = (h + x - 7 * m + 90) // 25
    return date(year, month, (h + x - 7 * m + 33 * month + 19) % 32)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(_MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - _DAY
    return last - timedelta(days=(last.weekday() - _MONDAY) % 7)


def _substitutes(days: tuple[date, ...]) -> list[date]:
    """Each day, or when it falls at a weekend (or on a day already taken) the next weekday."""
    taken: list[date] = []
    for day in days:
        while day.weekday() >= 5 or day in taken:
            day += _DAY
        taken.append(day)
    return taken


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of `year`, substitute days included."""
    easter = easter_sunday(year)
    usual = [
        easter - 2 * _DAY,  # Good Friday
        easter + _DAY,  # Easter Monday
        _first_monday(year, 5),  # Early May bank holiday
        _last_monday(year, 5),  # Spring bank holiday
        _last_monday(year, 8),  # Summer bank holiday
    ]
    days = {_MOVED.get(day, day) for day in usual}
    days.update(_substitutes((date(year, 1, 1),)))  # New Year's Day
    days.update(_substitutes((date(year, 12, 25), date(year, 12, 26))))  # Christmas, Boxing Day
    days.update(day for day in _ONE_OFF if day.year == year)
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """A Bacs processing day: Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += _DAY
    while not is_working_day(day):
        day += _DAY
    return day


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (`day` itself, moved forward, for 0)."""
    while not is_working_day(day):
        day += _DAY
    for _ in range(count):
        day = next_working_day(day)
    return day


@dataclass(frozen=True, slots=True)
class BacsCycle:
    input_day: date  # day 1
    processing_day: date  # day 2, the day in UHL1
    entry_day: date  # day 3, when the money moves


def bacs_cycle(submission_day: date) -> BacsCycle:
    """The cycle of a submission made on `submission_day` (a non-working day inputs on the next one)."""
    day1 = add_working_days(submission_day, 0)
    day2 = next_working_day(day1)
    return BacsCycle(day1, day2, next_working_day(day2))


def processing_day(submission_day: date) -> date:
    """Day 2 of the cycle of a submission made on `submission_day`."""
    return bacs_cycle(submission_day).processing_day


def entry_day(submission_day: date) -> date:
    """Day 3 of the cycle of a submission made on `submission_day`."""
    return bacs_cycle(submission_day).entry_day
