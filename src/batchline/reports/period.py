"""A report period: whole calendar days in the client's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from batchline.errors import BatchlineError


class ReportParameterError(BatchlineError):
    """A report asked for with parameters it cannot run on."""


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive
    timezone: str = "UTC"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ReportParameterError(
                f"report period: expected an end date on or after the start date {self.start}, found {self.end}"
            )

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()} ({self.timezone})"

    def bounds(self) -> tuple[datetime, datetime]:
        """[first instant, instant after the last day) in UTC, for comparing stored timestamps."""
        zone = ZoneInfo(self.timezone)
        first = datetime.combine(self.start, time(0), zone)
        after = datetime.combine(self.end + timedelta(days=1), time(0), zone)
        return first.astimezone(UTC), after.astimezone(UTC)

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def previous_month(today: date, timezone: str = "UTC") -> Period:
    """The whole calendar month before `today`'s: what a report scheduled on the 1st covers."""
    last = today.replace(day=1) - timedelta(days=1)
    return Period(last.replace(day=1), last, timezone)


def period_of(start: date | None, end: date | None, today: date, timezone: str) -> Period:
    """The days asked for; neither given: the previous month; one given: that one day to the other."""
    if start is None and end is None:
        return previous_month(today, timezone)
    return Period(start or end or today, end or start or today, timezone)
