"""Bacs working days: England and Wales bank holidays and the three-day cycle."""

from __future__ import annotations

from datetime import date

import pytest

from batchline.bacs.calendar import (
    bacs_cycle,
    bank_holidays,
    easter_sunday,
    entry_day,
    is_working_day,
    next_working_day,
    processing_day,
)
from batchline.bacs.records import from_julian, julian

# As published on gov.uk/bank-holidays for England and Wales.
PUBLISHED = {
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_the_bank_holidays_computed_by_rule_are_the_published_ones(year: int) -> None:
    assert sorted(bank_holidays(year)) == [date.fromisoformat(f"{year}-{d}") for d in PUBLISHED[year]]


def test_one_off_bank_holidays_and_moved_ones_are_known() -> None:
    assert date(2011, 4, 29) in bank_holidays(2011)  # royal wedding
    assert date(2012, 6, 4) in bank_holidays(2012) and date(2012, 5, 28) not in bank_holidays(2012)
    assert date(1999, 12, 31) in bank_holidays(1999)


def test_easter_falls_on_the_known_sundays() -> None:
    known = [date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28), date(2038, 4, 25)]
    assert [easter_sunday(d.year) for d in known] == known


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2026, 4, 2))  # Thursday
    assert not is_working_day(date(2026, 4, 4))  # Saturday
    assert not is_working_day(date(2026, 4, 3))  # Good Friday
    assert not is_working_day(date(2022, 9, 19))  # the state funeral
    assert next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)


@pytest.mark.parametrize(
    ("submitted", "input_day", "processing", "entry"),
    [
        # An ordinary week: days 1, 2 and 3 in a row.
        (date(2026, 6, 9), date(2026, 6, 9), date(2026, 6, 10), date(2026, 6, 11)),
        # Friday: the weekend passes between days 1 and 2.
        (date(2026, 6, 12), date(2026, 6, 12), date(2026, 6, 15), date(2026, 6, 16)),
        # Saturday: input on Monday.
        (date(2026, 6, 13), date(2026, 6, 15), date(2026, 6, 16), date(2026, 6, 17)),
        # The Thursday before Easter 2026: Good Friday and Easter Monday pass.
        (date(2026, 4, 2), date(2026, 4, 2), date(2026, 4, 7), date(2026, 4, 8)),
        # Wednesday before Christmas 2026: Christmas Friday and the Boxing Day substitute Monday pass.
        (date(2026, 12, 23), date(2026, 12, 23), date(2026, 12, 24), date(2026, 12, 29)),
        (date(2026, 12, 24), date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30)),
        # Christmas 2027 falls on a Saturday: Monday 27 and Tuesday 28 are the substitute days.
        (date(2027, 12, 24), date(2027, 12, 24), date(2027, 12, 29), date(2027, 12, 30)),
        # Easter 2027: submitted on Good Friday, input on the Tuesday.
        (date(2027, 3, 26), date(2027, 3, 30), date(2027, 3, 31), date(2027, 4, 1)),
    ],
)
def test_the_three_day_cycle_skips_weekends_and_bank_holidays(
    submitted: date, input_day: date, processing: date, entry: date
) -> None:
    cycle = bacs_cycle(submitted)
    assert (cycle.input_day, cycle.processing_day, cycle.entry_day) == (input_day, processing, entry)
    assert processing_day(submitted) == processing
    assert entry_day(submitted) == entry


def test_a_bacs_date_is_a_space_the_year_and_the_day_of_the_year() -> None:
    assert julian(date(2026, 4, 7)) == " 26097"
    assert julian(date(2024, 12, 31)) == " 24366"
    assert from_julian(" 24366") == date(2024, 12, 31)
    assert from_julian(" 26001") == date(2026, 1, 1)
    assert [from_julian(t) for t in (" 26366", " 26000", "026001", " 2600A", "")] == [None] * 5
