"""Hard filters and fit explanations between funds, products and financing needs; validation messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from techbridge.finance import rules
from techbridge.finance.model import FinancialProduct, FinancingNeed, Fund
from techbridge.finance.rules import (
    fit_factors,
    fit_score,
    fund_checks,
    fund_passes,
    product_checks,
    product_passes,
    region_covers,
)
from techbridge.finance.validation import (
    validate_facts,
    validate_fund_input,
    validate_need_input,
    validate_product_input,
)
from techbridge.kernel.errors import ValidationErrors

D = Decimal
TODAY = date(2026, 12, 4)


def fund(**overrides: object) -> Fund:
    base: dict[str, object] = dict(name="京津冀氢能产业基金", organization_id=1, funder_type="guidance", thesis="投资氢能储运",
                                   ticket_min=D(500), ticket_max=D(3000), stages=["angel", "a"], industries=["hydrogen"],
                                   regions=["110000", "130000"], excluded_industries=[], exclusions="类金融、房地产")
    base.update(overrides)
    return Fund(**base)  # type: ignore[arg-type]


def need(**overrides: object) -> FinancingNeed:
    base: dict[str, object] = dict(title="IV型储氢瓶中试线", organization_id=2, amount=D(1500), stage="a", industry="hydrogen",
                                   region_code="130203", use_of_funds="建设中试线", description="70MPa储氢瓶",
                                   deadline=date(2027, 3, 31))
    base.update(overrides)
    return FinancingNeed(**base)  # type: ignore[arg-type]


def test_region_covers_by_ancestry() -> None:
    assert region_covers(["130000"], "130203")
    assert region_covers(["130200"], "130203")
    assert not region_covers(["110000"], "130203")
    assert region_covers([], "120116")


def test_fund_passes_and_explains() -> None:
    checks = fund_checks(fund(), need())
    assert all(c.passed for c in checks)
    reasons = " ".join(c.reason for c in checks)
    assert "A轮" in reasons and "单笔投资区间" in reasons and "河北·唐山" in reasons


@pytest.mark.parametrize(("override", "failed"), [
    ({"stage": "c"}, "stage"), ({"amount": D(3000.01)}, "ticket"), ({"amount": D(499)}, "ticket"),
    ({"region_code": "120116"}, "region"), ({"description": "供应链类金融平台"}, "exclusion"),
])
def test_each_hard_filter_fails_alone(override: dict[str, object], failed: str) -> None:
    checks = fund_checks(fund(), need(**override))
    assert [c.name for c in checks if not c.passed] == [failed]
    assert not fund_passes(fund(), need(**override))


def test_ticket_edges_are_inside() -> None:
    assert fund_passes(fund(), need(amount=D(500))) and fund_passes(fund(), need(amount=D(3000)))


def test_excluded_industry() -> None:
    checks = fund_checks(fund(excluded_industries=["hydrogen"], industries=[]), need())
    assert [c.name for c in checks if not c.passed] == ["exclusion"]


def test_fit_prefers_focus_industry_and_ticket_centre() -> None:
    focus = fit_factors(fund(), need(amount=D(1750)))
    assert focus.industry == 1.0 and focus.ticket_centre == 1.0
    other = fit_factors(fund(industries=["new_materials"]), need(amount=D(500)))
    assert other.industry == 0.0 and other.ticket_centre == 0.0
    assert fit_score(0.5, focus) > fit_score(0.5, other)


def test_product_conditions() -> None:
    product = FinancialProduct(name="科创贷", organization_id=3, kind="sci_tech_loan", description="信用贷款", limit_max=D(1000),
                               rate_min=D("3.2"), rate_max=D("4.5"), regions=["130000"], min_sme_score=60,
                               requires_pledge=True)
    assert not product_passes(product, need())  # 1500 > 1000, no score, no pledge
    failed = {c.name for c in product_checks(product, need()) if not c.passed}
    assert failed == {"limit", "score", "pledge"}
    assert product_passes(product, need(amount=D(800), sme_score=72, has_pledge=True))


def test_fund_validation_collects_chinese_errors() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_fund_input({"name": "测试基金", "funder_type": "创投", "thesis": "专注先进制造早期项目投资",
                             "ticket_min": "5000", "ticket_max": "100", "stages": "天使轮", "industries": "氢能"})
    assert [e.code for e in caught.value.errors] == ["ticket_range"]
    assert "不能大于上限" in caught.value.errors[0].message
    with pytest.raises(ValidationErrors) as caught:
        validate_fund_input({"name": "测试基金", "funder_type": "私募", "thesis": "短", "ticket_min": "-5",
                             "ticket_max": "100", "stages": "", "industries": ""})
    codes = {e.field: e.code for e in caught.value.errors}
    assert codes == {"funder_type": "unknown_choice", "thesis": "too_short", "ticket_min": "amount_negative",
                     "stages": "required", "industries": "required"}


def test_fund_validation_accepts_labels_and_jjj() -> None:
    data = validate_fund_input({"name": "测试基金", "funder_type": "政府引导基金", "thesis": "专注先进制造早期项目投资",
                                "ticket_min": "500万", "ticket_max": "3,000", "stages": "天使轮、A轮", "industries": "氢能",
                                "regions": "京津冀"})
    assert data.ticket_min == D("500.00") and data.stages == ["angel", "a"] and data.regions == ["110000", "120000", "130000"]


def test_need_deadline_must_be_future() -> None:
    raw = {"title": "储氢瓶中试线", "amount": "1500", "stage": "A轮", "industry": "氢能", "region": "唐山",
           "use_of_funds": "建设中试线", "description": "70MPa IV型储氢瓶中试", "deadline": "2026-12-04"}
    with pytest.raises(ValidationErrors) as caught:
        validate_need_input(raw, today=TODAY)
    assert [e.code for e in caught.value.errors] == ["date_past"]
    data = validate_need_input({**raw, "deadline": "2027-03-31"}, today=TODAY)
    assert data.amount == D("1500.00") and data.region_code == "130200" and data.wants_equity


def test_product_rate_band() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_product_input({"name": "科创贷", "kind": "科创贷", "description": "面向科技型中小企业的信用贷款",
                                "limit_max": "1000", "rate_min": "5", "rate_max": "3.5", "term_months": "12"})
    assert [e.code for e in caught.value.errors] == ["rate_range"]


def test_facts_validation() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_facts({"staff": "50", "tech_staff": "60", "sales": "-1", "assets": "100", "rd_expense": "10",
                        "total_cost": "100"})
    assert {e.code for e in caught.value.errors} == {"staff_range", "amount_negative"}


def test_outside_the_focus_industries_only_with_several_shared_terms() -> None:
    from techbridge.finance.rules import worth_showing

    outside = fit_factors(fund(industries=["new_materials"]), need())
    assert not worth_showing(outside, 3) and worth_showing(outside, 4)
    assert worth_showing(fit_factors(fund(), need()), 0)


def test_an_innovation_credit_threshold_needs_an_estimate_that_reaches_it() -> None:
    product = FinancialProduct(name="积分贷", organization_id=3, kind="sci_tech_loan", description="按创新积分授信",
                               limit_max=D(1000), rate_min=D("3.0"), rate_max=D("4.0"), min_innovation_points=600)
    assert not rules.product_passes(product, need(amount=D(500)))
    assert "尚未测算创新积分" in [c.reason for c in rules.product_checks(product, need(amount=D(500)))][-1]
    assert not rules.product_passes(product, need(amount=D(500), innovation_points=599))
    assert rules.product_passes(product, need(amount=D(500), innovation_points=600))


def test_a_shared_evaluation_lifts_a_project_from_the_pass_line_up() -> None:
    assert rules.evaluation_bonus(D(60)) == 0 and rules.evaluation_bonus(D(50)) == 0
    assert rules.evaluation_bonus(D(80)) == 0.03 and rules.evaluation_bonus(D(100)) == rules.EVALUATION_BONUS
