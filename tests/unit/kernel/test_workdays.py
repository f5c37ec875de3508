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


def test_the_2025_and_2026_tables_match_the_state_council_notices() -> None:
    # 国办发明电〔2024〕12号: 春节 1/28–2/4 with 1/26 and 2/8 worked; 国庆·中秋 10/1–10/8 with 9/28 and 10/11 worked.
    assert [workdays.is_working_day(date(2025, 1, d)) for d in (26, 27, 28)] == [True, True, False]
    assert workdays.is_working_day(date(2025, 2, 8)) and not workdays.is_working_day(date(2025, 2, 4))
    assert workdays.is_working_day(date(2025, 4, 27)) and not workdays.is_working_day(date(2025, 5, 5))
    assert not workdays.is_working_day(date(2025, 6, 2)) and workdays.is_working_day(date(2025, 10, 11))
    # The 2026 notice (2025-11-04): 元旦 1/1–1/3 with 1/4 worked; 劳动节 5/1–5/5 with 5/9 worked; 国庆 with 9/20.
    assert workdays.is_working_day(date(2026, 1, 4)) and workdays.is_working_day(date(2026, 5, 9))
    assert not workdays.is_working_day(date(2026, 5, 5)) and workdays.is_working_day(date(2026, 9, 20))
    assert not workdays.is_working_day(date(2026, 6, 19)) and not workdays.is_working_day(date(2026, 9, 25))


def test_2027_is_unpublished_so_periods_touching_it_warn_and_later_years_are_refused() -> None:
    assert workdays.calendar_note(date(2026, 11, 2), date(2026, 11, 30)) == ""
    note = workdays.calendar_note(date(2026, 12, 4), date(2027, 1, 5))
    assert "2027年" in note and "尚未公布" in note
    # 2027-01-01 is a holiday by law even before the notice: counted, with the warning above
    assert workdays.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)
    with pytest.raises(workdays.UncoveredYear) as err:
        workdays.add_working_days(date(2027, 12, 20), 20)
    assert "2028年" in err.value.message
