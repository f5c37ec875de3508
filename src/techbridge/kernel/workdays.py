"""Working days in mainland China: weekends, statutory holidays and the 调休 working weekends.

The calendar is the table `data/holidays_cn.csv`, which the team maintains from the State Council
General Office's yearly notices (国务院办公厅关于某年部分节假日安排的通知), checked line by line against the
published texts (Xinhua releases, 2026-12 check):
- 2025: 国办发明电〔2024〕12号, dated 2024-11-12 (the first year under the 2024 revision of
  《全国年节及纪念日放假办法》: 春节 and 劳动节 one day longer);
- 2026: 《国务院办公厅关于2026年部分节假日安排的通知》, dated 2025-11-04 (its 国办发明电 number did not
  appear in the releases we could check, so the table cites the title and date rather than a guessed number).
2027 is NOT published yet. Its rows are marked `provisional` and hold only what the law itself fixes
(《全国年节及纪念日放假办法》: 元旦 1 day, 春节 4 days from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3), none
of the 调休 swaps; every period that touches 2027 carries `calendar_note()`'s warning, and a period that runs
into a year with no rows at all is refused (`UncoveredYear`) instead of being counted on weekends alone.
Replace the 2027 rows when the notice appears.
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


class UncoveredYear(ValidationError):
    """A working-day count that would run into a year the calendar does not hold."""


def _require_covered(day: date) -> None:
    if not covers(day):
        raise UncoveredYear(f"{day.year}年的节假日安排未收录（国务院办公厅尚未公布或平台尚未更新），无法按工作日计算期限；"
                            "请缩短期限或待节假日表更新后再试", code="calendar_not_covered")


def calendar_note(start: date, end: date) -> str:
    """A warning when a period touches a year whose calendar is provisional (published 调休 not yet known)."""
    years = [y for y in range(start.year, end.year + 1) if is_provisional(date(y, 1, 1))]
    if not years:
        return ""
    named = "、".join(f"{y}年" for y in years)
    return (f"期限跨入{named}：国务院办公厅尚未公布{named}放假调休安排，工作日暂按周末和《全国年节及纪念日放假办法》"
            "规定的法定节日计算（未计调休），通知公布后以正式安排为准。")


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
        _require_covered(day)
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
