"""Working days in mainland China: weekends, statutory holidays and the 调休 working weekends.

The calendar is the table `data/holidays_cn.csv`, which the team maintains from the State Council
General Office's yearly notices (国务院办公厅关于某年部分节假日安排的通知): 2025 from 国办发明电〔2024〕12号,
2026 from 国办发明电〔2025〕7号. Rows marked `provisional` (2027) hold only the statutory holidays of
《全国年节及纪念日放假办法》 without the 调休 arrangement, which is not yet published; replace them when
the notice appears. Outside the covered years only weekends are known, and `covers()` says so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from techbridge.kernel.errors import ValidationError


@dataclass(frozen=True)
class CalendarDay:
    """One special day of the table: a holiday (休) or a working weekend (班)."""

    day: date
    kind: str  # holiday | workday
    name: str
    provisional: bool
    source: str


@cache
def special_days() -> dict[date, CalendarDay]:
    text = files("techbridge.kernel").joinpath("data/holidays_cn.csv").read_text(encoding="utf-8")
    days: dict[date, CalendarDay] = {}
    for row in csv.DictReader(text.splitlines()):
        start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        if row["kind"] not in ("holiday", "workday") or end < start:
            raise ValueError(f"holidays_cn.csv: bad row {row}")
        day = start
        while day <= end:
            days[day] = CalendarDay(day, row["kind"], row["name"], row["provisional"] == "yes", row["source"])
            day += timedelta(days=1)
    return days


@cache
def covered_years() -> tuple[int, ...]:
    return tuple(sorted({d.year for d in special_days()}))


def covers(day: date) -> bool:
    """Whether the table has that year (otherwise only weekends are counted)."""
    return day.year in covered_years()


def is_provisional(day: date) -> bool:
    """Whether the calendar for that day's year is still provisional (or missing)."""
    if not covers(day):
        return True
    return any(d.provisional for d in special_days().values() if d.day.year == day.year)


def is_working_day(day: date) -> bool:
    special = special_days().get(day)
    if special is not None:
        return special.kind == "workday"
    return day.weekday() < 5


def add_working_days(start: date, count: int) -> date:
    """The date on which `count` full working days after `start` have elapsed (start itself not counted).

    A notice published on `start` with a period of 20 working days ends on `add_working_days(start, 20)`.
    """
    if count < 0:
        raise ValidationError("工作日数不能为负数", code="negative_days")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: how many have elapsed from `start` until `end` inclusive."""
    if end <= start:
        return 0
    total = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        total += is_working_day(day)
    return total


def day_label(day: date) -> str:
    """E.g. "2026-10-01 国庆节（休）", "2026-10-10 国庆节调休上班（班）" or "2026-10-12"."""
    special = special_days().get(day)
    if special is None:
        return day.isoformat()
    mark = "休" if special.kind == "holiday" else "班"
    return f"{day.isoformat()} {special.name}（{mark}）"
