"""The jury's weighted scorecard and the checks on a new roadshow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from techbridge.kernel.errors import ValidationErrors
from techbridge.roadshows.rules import check_roadshow, mean, weighted_total


def test_weighted_total() -> None:
    # 技术 8×30% + 市场 6×30% + 团队 9×20% + 融资方案 5×20% = 24 + 18 + 18 + 10 = 70
    scores, total = weighted_total({"tech": "8", "market": "6", "team": "9", "plan": "5"})
    assert scores == {"tech": 8, "market": 6, "team": 9, "plan": 5} and total == Decimal("70.0")
    assert weighted_total({"tech": 10, "market": 10, "team": 10, "plan": 10})[1] == Decimal("100.0")
    assert mean([Decimal("70.0"), Decimal("75.0"), Decimal("81.0")]) == Decimal("75.3") and mean([]) is None


def test_scores_out_of_range_are_refused_per_criterion() -> None:
    with pytest.raises(ValidationErrors) as caught:
        weighted_total({"tech": "11", "market": "-1", "team": "", "plan": "7"})
    assert [e.field for e in caught.value.errors] == ["tech", "market", "team"]
    assert "0–10" in caught.value.errors[0].message


def test_roadshow_checks() -> None:
    today = date(2026, 12, 4)
    assert check_roadshow("氢能专场路演", date(2026, 12, 20), "中关村会议中心", False, "10", today, 3) == []
    codes = [e.code for e in check_roadshow("路演", date(2026, 12, 4), "", False, "90", today, 0)]
    assert codes == ["too_short", "date_past", "required", "minutes_range", "required"]


def test_an_interest_links_the_demand_closest_to_the_achievement() -> None:
    from techbridge.roadshows.rules import pick_demand

    text = "70MPa车载IV型储氢气瓶及碳纤维缠绕成型技术。塑料内胆碳纤维缠绕，减重30%。"
    demands = [(7, "hydrogen", "加氢站微小泄漏只靠固定探头，心里没底"),
               (5, "hydrogen", "氢能重卡车载储氢瓶太重，想换轻量化高压瓶"),
               (9, "robotics", "车载储氢气瓶碳纤维缠绕产线的机器人上下料")]
    assert pick_demand("hydrogen", text, demands) == 5  # same industry first, then the closest text
    assert pick_demand("hydrogen", text, [(3, "hydrogen", "无关"), (4, "hydrogen", "无关")]) == 4  # newest on a tie
    assert pick_demand("hydrogen", text, []) is None
