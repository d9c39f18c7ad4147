"""Federal holidays and business days: when paper bills can reach the post office."""

from __future__ import annotations

from datetime import date

import pytest

from batchline.billing.calendar import add_business_days, federal_holidays, is_business_day


def test_the_2026_federal_holidays_are_the_observed_days() -> None:
    assert sorted(federal_holidays(2026)) == [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 1, 19),  # Martin Luther King Jr. Day
        date(2026, 2, 16),  # Washington's Birthday
        date(2026, 5, 25),  # Memorial Day
        date(2026, 6, 19),  # Juneteenth
        date(2026, 7, 3),  # Independence Day, a Saturday, observed Friday
        date(2026, 9, 7),  # Labor Day
        date(2026, 10, 12),  # Columbus Day
        date(2026, 11, 11),  # Veterans Day
        date(2026, 11, 26),  # Thanksgiving Day
        date(2026, 12, 25),  # Christmas Day
    ]


def test_the_2027_federal_holidays_are_the_observed_days() -> None:
    assert sorted(federal_holidays(2027)) == [
        date(2027, 1, 1),  # New Year's Day
        date(2027, 1, 18),  # Martin Luther King Jr. Day
        date(2027, 2, 15),  # Washington's Birthday
        date(2027, 5, 31),  # Memorial Day
        date(2027, 6, 18),  # Juneteenth, a Saturday, observed Friday
        date(2027, 7, 5),  # Independence Day, a Sunday, observed Monday
        date(2027, 9, 6),  # Labor Day
        date(2027, 10, 11),  # Columbus Day
        date(2027, 11, 11),  # Veterans Day
        date(2027, 11, 25),  # Thanksgiving Day
        date(2027, 12, 24),  # Christmas Day, a Saturday, observed Friday
        date(2027, 12, 31),  # New Year's Day 2028, a Saturday, observed the Friday before
    ]


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (date(2026, 7, 3), False),  # observed Independence Day
        (date(2026, 7, 4), False),  # Saturday
        (date(2026, 7, 6), True),
        (date(2027, 12, 31), False),  # New Year's Day 2028 observed
        (date(2026, 12, 31), True),
    ],
)
def test_weekends_and_observed_holidays_are_not_business_days(day: date, business: bool) -> None:
    assert is_business_day(day) is business


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 25), 1, date(2026, 11, 27)),  # Wednesday, over Thanksgiving to Friday
        (date(2026, 12, 24), 1, date(2026, 12, 28)),  # Thursday, over Christmas and the weekend
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday, over the weekend to Monday
        (date(2026, 7, 2), 1, date(2026, 7, 6)),  # Thursday, over observed July 4th and the weekend
        (date(2026, 3, 4), 3, date(2026, 3, 9)),
        (date(2026, 3, 4), 0, date(2026, 3, 4)),
        (date(2026, 11, 26), 0, date(2026, 11, 27)),  # a holiday itself moves to the next business day
    ],
)
def test_adding_business_days_skips_weekends_and_holidays(start: date, days: int, expected: date) -> None:
    assert add_business_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # Thursday, over New Year's Day (Friday) and the weekend
        (date(2027, 12, 30), 1, date(2028, 1, 3)),  # Thursday, over New Year's Day 2028 observed Dec 31
        (date(2027, 12, 23), 1, date(2027, 12, 27)),  # Thursday, over Christmas observed Friday Dec 24
        (date(2027, 11, 24), 2, date(2027, 11, 29)),  # Wednesday, over Thanksgiving and the weekend
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # a Friday drop: Saturday is no delivery day
        (date(2026, 11, 28), 0, date(2026, 11, 30)),  # dropped on a Saturday: Monday at the earliest
        (date(2026, 11, 29), 1, date(2026, 12, 1)),  # dropped on a Sunday
    ],
)
def test_the_post_office_date_skips_saturdays_sundays_and_observed_holidays(
    start: date, days: int, expected: date
) -> None:
    assert add_business_days(start, days) == expected


def test_a_new_years_day_observed_the_year_before_belongs_to_that_year() -> None:
    assert date(2027, 12, 31) in federal_holidays(2027)
    assert min(federal_holidays(2028)) == date(2028, 1, 17)  # 2028 has no New Year's Day of its own
