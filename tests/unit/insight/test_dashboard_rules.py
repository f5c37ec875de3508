from datetime import date
from decimal import Decimal

import pytest

from techbridge.insight.chain_map import gap, segments_by_key, segments_for
from techbridge.insight.statistics import OfficialStatistic, region_pair_label, validate_statistic_input
from techbridge.insight.target_rules import DEFAULT_TARGETS, TargetKind, pace, validate_target, year_elapsed
from techbridge.kernel.errors import ValidationError, ValidationErrors


def test_default_targets_are_the_figures_of_the_2025_measures():
    assert DEFAULT_TARGETS == {TargetKind.BEIJING_ACHIEVEMENTS: 400, TargetKind.TJHB_DEMANDS: 300,
                               TargetKind.CORE_TECHNOLOGIES: 100}


@pytest.mark.parametrize("value", ["0", "-3", "12.5", "很多", "2000000"])
def test_a_target_must_be_a_sensible_positive_whole_number(value):
    with pytest.raises(ValidationError):
        validate_target(2026, "tjhb_demands", value)


def test_a_target_names_a_known_kind_and_a_year_of_the_strategy():
    assert validate_target("2026", "core_technologies", " 120 ") == (2026, TargetKind.CORE_TECHNOLOGIES, 120)
    with pytest.raises(ValidationError):
        validate_target(2013, "core_technologies", "1")
    with pytest.raises(ValidationError):
        validate_target(2026, "patents", "1")


def test_pace_compares_progress_with_the_share_of_the_year_elapsed():
    assert year_elapsed(2026, date(2026, 1, 1)) == 0.0
    assert year_elapsed(2026, date(2027, 3, 1)) == 1.0
    mid = date(2026, 7, 2)  # 182 of 365 days
    assert pace(400, 400, year=2026, today=mid) == "已达成"
    assert pace(180, 400, year=2026, today=mid) == "进度正常"  # expected ≈199.5, 90% ≈ 179.5
    assert pace(170, 400, year=2026, today=mid) == "进度落后"


def test_an_official_figure_names_its_regions_year_unit_and_source():
    values = validate_statistic_input({"indicator": "北京流向津冀技术合同成交额", "from_regions": "北京",
                                       "to_regions": "天津、河北", "year": 2014, "value": "83.1", "unit": "亿元",
                                       "source": "某期刊文章"})
    stat = OfficialStatistic(**values)
    assert (stat.from_regions, stat.to_regions) == ("110000", "120000,130000")
    assert stat.in_wan() == Decimal("831000.0") and stat.region_label == "北京→天津、河北"
    assert region_pair_label("110000,120000,130000", "") == "京津冀"


def test_an_official_figure_without_source_or_unit_is_refused_with_every_reason():
    with pytest.raises(ValidationErrors) as err:
        validate_statistic_input({"indicator": "成交额", "from_regions": "北京", "year": "二〇二二", "value": "x",
                                  "unit": "美元"})
    assert {e.field for e in err.value.errors} == {"year", "value", "unit", "source"}


def test_a_listing_is_placed_in_the_segments_of_its_chain_whose_keywords_it_names():
    assert segments_for("hydrogen", "ＰＥＭ电解水制氢与IV型储氢瓶") == ["hydrogen:制氢", "hydrogen:储运"]
    assert segments_for("robotics", "电解水制氢") == []  # another chain's words do not count
    assert all(key.split(":")[0] == s.industry_code for key, s in segments_by_key().items())


@pytest.mark.parametrize(("supply", "demand", "code"), [
    (0, 0, "empty"), (1, 0, "balanced"), (0, 1, "balanced"), (0, 2, "supply_short"), (1, 3, "supply_short"),
    (2, 3, "balanced"), (2, 0, "demand_short"), (6, 3, "demand_short"), (5, 3, "balanced"),
])
def test_a_gap_is_flagged_when_one_side_is_at_least_two_and_twice_the_other(supply, demand, code):
    assert gap(supply, demand).code == code


def test_an_official_figure_is_shown_as_published():
    values = validate_statistic_input({"indicator": "培育企业", "from_regions": "保定", "year": "2025", "value": "400",
                                       "unit": "家", "source": "某某日报报道"})
    assert OfficialStatistic(**values).display_value == "400"
    assert OfficialStatistic(**{**values, "value": Decimal("356.90")}).display_value == "356.9"
