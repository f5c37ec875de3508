from datetime import date

import pytest

from techbridge.kernel import workdays
from techbridge.kernel.errors import ValidationError


def test_weekends_holidays_and_tiaoxiu_working_weekends() -> None:
    assert workdays.is_working_day(date(2026, 12, 4))  # Friday
    assert not workdays.is_working_day(date(2026, 12, 5))  # Saturday
    assert not workdays.is_working_day(date(2026, 10, 5))  # 国庆 Monday
    assert workdays.is_working_day(date(2026, 10, 10))  # Saturday 调休上班
    assert workdays.is_working_day(date(2026, 2, 14))  # 春节调休 Saturday
    assert not workdays.is_working_day(date(2026, 2, 23))  # last day of 春节, a Monday
    assert workdays.is_working_day(date(2025, 9, 28))  # Sunday 调休上班
    assert not workdays.is_working_day(date(2025, 10, 8))


def test_twenty_working_day_notice_across_national_day() -> None:
    # Published Monday 2026-09-28: 9/29, 9/30, then 10/8, 10/9, Saturday 10/10, and 15 more from 10/12.
    assert workdays.add_working_days(date(2026, 9, 28), 20) == date(2026, 10, 30)
    # The same period in a month without holidays is four calendar weeks.
    assert workdays.add_working_days(date(2026, 11, 2), 20) == date(2026, 11, 30)


def test_notice_across_spring_festival_counts_the_working_saturday() -> None:
    assert workdays.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)
    assert workdays.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5
    assert workdays.add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)  # Sunday 1/26, Monday 1/27, then 2/5


def test_between_is_inverse_of_add() -> None:
    start = date(2025, 9, 20)
    for n in range(0, 40):
        assert workdays.working_days_between(start, workdays.add_working_days(start, n)) == n


def test_coverage_and_provisional_years() -> None:
    assert workdays.covered_years() == (2025, 2026, 2027)
    assert not workdays.is_provisional(date(2026, 5, 1))
    assert workdays.is_provisional(date(2027, 5, 1))
    assert workdays.is_provisional(date(2030, 1, 1)) and not workdays.covers(date(2030, 1, 1))
    assert workdays.day_label(date(2026, 10, 10)) == "2026-10-10 国庆节调休上班（班）"


def test_negative_count_refused() -> None:
    with pytest.raises(ValidationError):
        workdays.add_working_days(date(2026, 1, 5), -1)
