"""Calendar periods as half-open ranges of Beijing days: [start, end).

Every month, year or year-to-date figure goes through one `Period`, so "the end of November"
is always the first instant of 1 December and nothing signed on 3 December can leak in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from techbridge.kernel.clock import BEIJING


@dataclass(frozen=True)
class Period:
    start: date  # the first day inside
    end: date  # the first day after

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), _next_month(date(year, month, 1)))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    @classmethod
    def year_to_end_of(cls, month: Period) -> Period:
        """From 1 January of the month's year to the end of that month."""
        return cls(date(month.start.year, 1, 1), month.end)

    @classmethod
    def months_up_to(cls, month: Period, count: int) -> Period:
        """The `count` whole months that end with `month`."""
        start = month.start
        for _ in range(count - 1):
            start = _previous_month(start)
        return cls(start, month.end)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def until(self, day: date) -> Period:
        """This period cut at the end of `day` (no later than its own end)."""
        end = min(self.end, date.fromordinal(day.toordinal() + 1))
        return Period(self.start, max(end, self.start))

    def instants(self) -> tuple[datetime, datetime]:
        """The period as naive-UTC instants (what the database stores for moments)."""
        return (datetime.combine(self.start, datetime.min.time()) - BEIJING,
                datetime.combine(self.end, datetime.min.time()) - BEIJING)

    def month_starts(self) -> list[date]:
        """The first day of every month the period touches."""
        out, cursor = [], self.start.replace(day=1)
        while cursor < self.end:
            out.append(cursor)
            cursor = _next_month(cursor)
        return out


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
