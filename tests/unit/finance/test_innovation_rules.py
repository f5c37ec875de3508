"""创新积分 estimate: worked examples over the three indicator families, band edges, the label and the inputs' checks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techbridge.finance.innovation_rules import (
    BANDS,
    LABEL,
    MAX_POINTS,
    InnovationFacts,
    band_points,
    estimate,
)
from techbridge.finance.validation import validate_innovation_facts
from techbridge.kernel.errors import ValidationErrors

D = Decimal


def test_the_families_add_up_to_a_thousand_points():
    per_family: dict[str, int] = {}
    for family, _, _, points, bands in BANDS.values():
        per_family[family] = per_family.get(family, 0) + points
        assert bands[0][1] == points  # the best band gives the indicator's maximum
    assert per_family == {"tech": 600, "growth": 300} and MAX_POINTS == 1000  # 辅助指标: 4 × 25 = 100


def test_worked_example_a_growing_hydrogen_equipment_maker():
    """营业收入8000万（前一年6000万，增长33.33%）、研发费用600万（7.5%）、职工120人其中研发30人（25%）、有效发明专利6项、
    技术合同150万、高新技术产品收入5000万（62.5%）、近三年股权融资2000万、建有省级研发机构并参与制定行业标准。"""
    facts = InnovationFacts(revenue=D(8000), revenue_prior=D(6000), rd_expense=D(600), staff=120, rd_staff=30,
                            invention_patents=6, tech_contracts=D(150), high_tech_revenue=D(5000),
                            equity_financing=D(2000), auxiliary=("rd_institution", "standard"))
    result = estimate(facts)
    points = {line.indicator: line.points for line in result.lines}
    assert points["研发费用总额"] == 120 and points["研发费用占营业收入比例"] == 120  # ≥500万; ≥6%
    assert points["研发人员数"] == 60 and points["研发人员占职工总数比例"] == 60  # ≥20人; ≥20%
    assert points["有效发明专利（Ⅰ类知识产权）"] == 80 and points["近一年技术合同登记成交额"] == 35
    assert points["营业收入增长率"] == 120 and points["高新技术产品（服务）收入占营业收入比例"] == 90
    assert points["近三年股权融资额"] == 72
    assert result.by_family == {"tech": 475, "growth": 282, "aux": 50}
    assert result.total == 807 and result.label == LABEL == "平台测算，非官方认定"
    assert "满分1000分" in result.formula and "火炬中心" in result.source


def test_worked_example_an_early_startup_with_falling_revenue():
    """营业收入300万（前一年400万，下降25%）、研发费用90万（30%）、职工15人其中研发8人、无专利与合同、融资500万。"""
    result = estimate(InnovationFacts(revenue=D(300), revenue_prior=D(400), rd_expense=D(90), staff=15, rd_staff=8,
                                      equity_financing=D(500)))
    assert result.by_family == {"tech": 285, "growth": 54, "aux": 0} and result.total == 339
    growth = next(line for line in result.lines if line.indicator == "营业收入增长率")
    assert growth.value == "-25%" and growth.points == 0


@pytest.mark.parametrize(("key", "value", "points"), [
    ("rd_ratio", D(6), 120), ("rd_ratio", D("5.99"), 90), ("revenue_growth", D(0), 36),
    ("revenue_growth", D("-0.01"), 0), ("invention_patents", D(0), 0), ("invention_patents", D(1), 40),
])
def test_a_band_includes_its_lower_bound(key, value, points):
    assert band_points(value, BANDS[key][4]) == points


def test_bad_inputs_are_told_in_chinese_all_at_once():
    with pytest.raises(ValidationErrors) as caught:
        validate_innovation_facts({"revenue": "-5", "revenue_prior": "", "rd_expense": "abc", "staff": "10",
                                   "rd_staff": "20", "high_tech_revenue": "9"})
    messages = {e.field: e.message for e in caught.value.errors}
    assert set(messages) >= {"revenue", "revenue_prior", "rd_expense", "rd_staff"}
    assert messages["rd_staff"] == "研发人员数不能超过职工总数"
