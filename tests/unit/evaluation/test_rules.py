from datetime import date
from decimal import Decimal

import pytest

from techbridge.evaluation import rules
from techbridge.evaluation.rules import Comparable, Comparison, Dimension
from techbridge.kernel.errors import ValidationError

D = Decimal


def test_weights_depend_on_type_and_purpose_and_sum_to_100() -> None:
    for kind in rules.ACHIEVEMENT_TYPES:
        for purpose in rules.PURPOSES:
            assert sum(rules.weights(kind, purpose).values()) == 100
    applied = rules.weights("应用技术类", "转化")
    assert applied[Dimension.TRANSFER] == 30 and applied[Dimension.SCIENTIFIC] == 5  # never below 5
    assert rules.weights("基础研究类", "奖励")[Dimension.SCIENTIFIC] == 45
    assert rules.weights("应用技术类", "投融资")[Dimension.ECONOMIC] == 30
    with pytest.raises(ValidationError):
        rules.weights("应用技术类", "炒作")


def test_scores_and_total() -> None:
    scores = rules.check_scores({"scientific": "70", "technical": "90", "economic": "80", "social": "60",
                                 "transfer": "85"})
    total = rules.total_score(scores, rules.weights("应用技术类", "转化"))
    # 70×5 + 90×30 + 80×25 + 60×10 + 85×30 = 350 + 2700 + 2000 + 600 + 2550 = 8200 → 82.0
    assert total == D("82.0") and rules.grade(total) == "良好"
    with pytest.raises(ValidationError) as err:
        rules.check_scores({"scientific": "101", "technical": "1", "economic": "1", "social": "1", "transfer": "1"})
    assert err.value.field == "scientific"


def test_a_leading_claim_needs_a_comparison_table() -> None:
    rules.check_three_degrees(trl=6, innovation="国内首创", advancement="国内先进", comparisons=[])
    with pytest.raises(ValidationError) as err:
        rules.check_three_degrees(trl=6, innovation="国内首创", advancement="国际领先",
                                  comparisons=[Comparison("储氢密度", "5.7wt%", "某进口IV型瓶", "5.5wt%")])
    assert err.value.code == "comparison_required"
    rules.check_three_degrees(trl=6, innovation="国内首创", advancement="国内领先", comparisons=[
        Comparison("储氢密度", "5.7wt%", "某进口IV型瓶", "5.5wt%"), Comparison("循环寿命", "15000次", "某进口IV型瓶", "11000次")])
    with pytest.raises(ValidationError):
        rules.check_three_degrees(trl=10, innovation="国内首创", advancement="国内先进", comparisons=[])


def test_owner_staff_may_not_evaluate() -> None:
    rules.check_assessors(owner_org_id=1, evaluator_org_id=2, assessor_org_ids=[2, 3], declared_conflict=False)
    with pytest.raises(ValidationError) as err:
        rules.check_assessors(owner_org_id=1, evaluator_org_id=2, assessor_org_ids=[2, 1], declared_conflict=False)
    assert err.value.code == "conflict_of_interest"
    with pytest.raises(ValidationError):
        rules.check_assessors(owner_org_id=1, evaluator_org_id=1, assessor_org_ids=[], declared_conflict=False)
    with pytest.raises(ValidationError):
        rules.check_assessors(owner_org_id=1, evaluator_org_id=2, assessor_org_ids=[], declared_conflict=True)


def test_evaluations_expire_after_twelve_months() -> None:
    assert rules.expires_on(date(2025, 12, 4)) == date(2026, 12, 4)
    assert rules.expires_on(date(2024, 2, 29)) == date(2025, 2, 28)
    assert not rules.is_expired(date(2025, 12, 4), date(2026, 12, 4))
    assert rules.is_expired(date(2025, 12, 3), date(2026, 12, 4))


def test_income_method_with_range_and_sensitivity() -> None:
    revenues = [D(1000), D(2000), D(3000)]
    # 5 % share, 10 % discount: 50/1.1 + 100/1.21 + 150/1.331 = 45.45 + 82.64 + 112.70
    assert rules.income_value(revenues, D(5), D(10)) == D("240.80")
    r = rules.income_range(revenues, D(5), D(10))
    assert r.low < r.base == D("240.80") < r.high
    table = rules.sensitivity(revenues, D(5), D(10))
    assert table[2][2] == D("240.80") and table[0][4] < table[2][2] < table[4][0]
    with pytest.raises(ValidationError):
        rules.income_range([D(-1)], D(5), D(10))
    with pytest.raises(ValidationError):
        rules.income_value(revenues, D(120), D(10))


def test_market_method_refuses_too_few_comparables_and_adjusts_for_trl() -> None:
    few = [Comparable("甲", D(100), 6), Comparable("乙", D(200), 9)]
    with pytest.raises(ValidationError) as err:
        rules.market_range(6, few)
    assert err.value.code == "too_few_comparables" and "仅1项" in err.value.message
    r, adjusted = rules.market_range(6, [Comparable("甲", D(100), 6), Comparable("乙", D(200), 7),
                                         Comparable("丙", D(150), 5), Comparable("丁", D(999), 9)])
    assert [a.factor for a in adjusted] == [D(1), D("0.92"), D("1.08")]
    assert r == rules.Range(D("100.00"), D("162.00"), D("184.00"))


def test_cost_method_and_deviation() -> None:
    r = rules.cost_range(D(500), D(30))
    assert r == rules.Range(D("300.00"), D("350.00"), D("400.00"))
    assert rules.deviation(D(420), r) == (D("20.0"), "高于估值区间上限")
    assert rules.deviation(D(350), r) == (D("0.0"), "在估值区间内")
    assert rules.deviation(None, r) == (None, "未报价（面议）")
    with pytest.raises(ValidationError):
        rules.cost_range(D(-5), D(30))


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert rules.median([D("880.27"), D("1080.00")]) == D("980.14")
    assert rules.median([D(3), D(1), D(2)]) == D(2)
