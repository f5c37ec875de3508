"""Half-open calendar periods: the end of a month is the first instant of the next."""

from datetime import date, datetime

import pytest

from techbridge.kernel.periods import Period


def test_a_month_ends_where_the_next_begins_and_knows_its_last_day():
    november = Period.month(2026, 11)
    assert (november.start, november.end, november.last_day) == (date(2026, 11, 1), date(2026, 12, 1), date(2026, 11, 30))
    assert november.contains(date(2026, 11, 30)) and not november.contains(date(2026, 12, 3))
    assert Period.month(2026, 12).end == date(2027, 1, 1) and Period.month(2024, 2).last_day == date(2024, 2, 29)


def test_year_to_date_ends_with_the_month_and_never_reaches_into_the_next():
    ytd = Period.year_to_end_of(Period.month(2026, 11))
    assert (ytd.start, ytd.end) == (date(2026, 1, 1), date(2026, 12, 1))
    assert not ytd.contains(date(2026, 12, 3))


def test_twelve_months_back_cross_the_new_year():
    window = Period.months_up_to(Period.month(2026, 2), 12)
    assert window.start == date(2025, 3, 1) and len(window.month_starts()) == 12


def test_beijing_days_become_utc_instants_eight_hours_earlier():
    assert Period.month(2026, 11).instants() == (datetime(2026, 10, 31, 16), datetime(2026, 11, 30, 16))


def test_a_period_cut_at_a_day_includes_that_day_only_up_to_its_own_end():
    year = Period.year(2026)
    assert year.until(date(2026, 12, 4)).end == date(2026, 12, 5)
    assert year.until(date(2027, 3, 1)).end == date(2027, 1, 1)
    with pytest.raises(ValueError):
        Period(date(2026, 2, 1), date(2026, 1, 1))
