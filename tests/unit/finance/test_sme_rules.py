"""科技型中小企业评价: worked examples against the bands of 国科发政〔2017〕115号 附件."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techbridge.finance.sme_rules import LABEL, FirmFacts, evaluate, ip_points

D = Decimal


def facts(**overrides: object) -> FirmFacts:
    base: dict[str, object] = {"staff": 100, "tech_staff": 32, "sales": D(5000), "assets": D(8000),
                               "rd_expense": D(260), "total_cost": D(4000), "class1_ip": 1, "class2_ip": 0}
    base.update(overrides)
    return FirmFacts(**base)  # type: ignore[arg-type]


def test_worked_example_strong_firm() -> None:
    # 科技人员 32/100 = 32% → A 20；研发 260/5000 = 5.2% → B 40（占成本 6.5% → F 0，取高）；1项发明专利 → A 30
    score = evaluate(facts())
    assert [line.points for line in score.lines] == [20, 40, 30]
    assert score.total == 90
    assert score.qualifies
    assert score.lines[1].indicator.endswith("占销售收入）")
    assert score.label == LABEL == "平台测算，非官方认定"
    assert "115号" in score.source


def test_cost_ratio_chosen_when_higher() -> None:
    # 研发 300 万：占销售收入 300/10000 = 3% → 20；占成本 300/1000 = 30% → 50，取高
    score = evaluate(facts(sales=D(10000), rd_expense=D(300), total_cost=D(1000)))
    assert score.lines[1].points == 50
    assert "成本费用" in score.lines[1].indicator


@pytest.mark.parametrize(("tech", "points"), [(30, 20), (29, 16), (25, 16), (20, 12), (15, 8), (10, 4), (9, 0)])
def test_staff_bands_include_their_lower_bound(tech: int, points: int) -> None:
    assert evaluate(facts(tech_staff=tech)).lines[0].points == points


@pytest.mark.parametrize(("class1", "class2", "points"), [(1, 0, 30), (0, 4, 24), (0, 7, 24), (0, 3, 18), (0, 2, 12),
                                                          (0, 1, 6), (0, 0, 0)])
def test_ip_points(class1: int, class2: int, points: int) -> None:
    assert ip_points(class1, class2)[1] == points


def test_weak_firm_below_sixty_fails_then_direct_pass_qualifies() -> None:
    # 12% → 4；研发 65/3000 = 2.17% → 10（占成本 65/2800 = 2.32% → 0）；2项实用新型 → 12：总分 26
    weak = facts(tech_staff=12, sales=D(3000), rd_expense=D(65), total_cost=D(2800), class1_ip=0, class2_ip=2)
    score = evaluate(weak)
    assert score.total == 26 and not score.qualifies
    assert any("低于60分" in r for r in score.reasons)
    rescued = evaluate(FirmFacts(**{**weak.__dict__, "direct_pass": ("new_high_tech",)}))
    assert rescued.qualifies and "高新技术企业" in rescued.reasons[0]


def test_zero_staff_score_fails_even_with_high_total_or_direct_pass() -> None:
    score = evaluate(facts(tech_staff=9, direct_pass=("standard",)))  # 0 + 40 + 30 = 70
    assert score.total == 70
    assert not score.qualifies
    assert any("科技人员指标得分为0分" in r for r in score.reasons)


def test_exactly_sixty_qualifies() -> None:
    # 20% → 12；研发 4%（200/5000）→ 30；3项Ⅱ类 → 18：总分 60
    score = evaluate(facts(tech_staff=20, rd_expense=D(200), total_cost=D(10000), class1_ip=0, class2_ip=3))
    assert score.total == 60 and score.qualifies


@pytest.mark.parametrize(("field", "value", "words"), [("staff", 501, "500人"), ("sales", D("20000.01"), "销售收入"),
                                                       ("assets", D(25000), "资产总额")])
def test_size_limits(field: str, value: object, words: str) -> None:
    overrides: dict[str, object] = {field: value}
    if field == "staff":
        overrides["tech_staff"] = 200
    score = evaluate(facts(**overrides))
    assert not score.qualifies
    assert any(words in r for r in score.reasons)


def test_boundary_sizes_pass() -> None:
    assert evaluate(facts(staff=500, tech_staff=150, sales=D(20000), assets=D(20000), rd_expense=D(1200))).qualifies
