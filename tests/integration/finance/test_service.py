"""Funds, products and financing needs: entry, review by region, matching both ways (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from techbridge.finance import matches as finance_matches
from techbridge.finance import scores
from techbridge.finance import service as finance
from techbridge.finance.repository import FundRepository, NeedRepository
from techbridge.kernel.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
    ValidationErrors,
)
from tests.integration.finance.conftest import BIO_FUND, HYDROGEN_FUND, LOAN, need_row, publish


def count(platform, repo) -> int:
    with platform.uow() as uow:
        return uow.repo(repo).count()


def test_bad_input_is_refused_and_changes_nothing(platform, market):
    with pytest.raises(ValidationErrors) as caught:
        finance.save_fund(platform.uow(), actor=market.investor, raw={**HYDROGEN_FUND, "ticket_min": "5000"})
    assert caught.value.errors[0].message.startswith("单笔投资下限")
    with pytest.raises(ValidationErrors):
        finance.save_need(platform.uow(), actor=market.firm, raw=need_row(amount="-10", deadline="2020-01-01"))
    assert count(platform, FundRepository) == 0 and count(platform, NeedRepository) == 0
    finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND)
    with pytest.raises(ValidationErrors) as caught:
        finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND)
    assert caught.value.errors[0].code == "duplicate"
    finance.save_need(platform.uow(), actor=market.firm, raw=need_row())
    with pytest.raises(ValidationErrors) as caught:
        finance.save_need(platform.uow(), actor=market.firm, raw=need_row())
    assert caught.value.errors[0].code == "duplicate"
    assert count(platform, FundRepository) == 1 and count(platform, NeedRepository) == 1


def test_review_respects_region_scope(platform, market):
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row())  # 唐山 → 河北
    with pytest.raises(NotFound):  # pending: not visible to others
        finance.get_record(platform.uow(), "need", need_id, viewer=market.investor)
    assert finance.pending(platform.uow(), actor=market.admin_beijing)["need"] == []
    with pytest.raises(PermissionDenied):
        finance.review(platform.uow(), actor=market.admin_beijing, kind="need", record_id=need_id, approve=True)
    with pytest.raises(ValidationError):
        finance.review(platform.uow(), actor=market.admin_hebei, kind="need", record_id=need_id, approve=False)
    assert [r.record.id for r in finance.pending(platform.uow(), actor=market.admin_hebei)["need"]] == [need_id]
    publish(platform, market.admin_hebei, "need", need_id)
    with pytest.raises(InvalidTransition):
        publish(platform, market.admin_hebei, "need", need_id)
    need, _ = finance.get_record(platform.uow(), "need", need_id, viewer=market.investor)
    assert need.status == "published"


def test_matching_both_ways_with_hard_filters_and_explanations(platform, market):
    hydrogen = finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND, embedder=platform.embedder)
    bio = finance.save_fund(platform.uow(), actor=market.investor, raw=BIO_FUND, embedder=platform.embedder)
    loan = finance.save_product(platform.uow(), actor=market.bank, raw=LOAN, embedder=platform.embedder)
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row(), embedder=platform.embedder)
    too_big = finance.save_need(platform.uow(), actor=market.firm, embedder=platform.embedder,
                                raw=need_row(title="储氢瓶量产线扩建", amount="8000", stage="B轮"))
    for kind, record in (("fund", hydrogen), ("fund", bio), ("product", loan), ("need", need_id), ("need", too_big)):
        publish(platform, market.admin_beijing if kind == "fund" else market.admin_hebei, kind, record)

    found = finance_matches.matches_for_need(platform.uow(), platform.embedder, need_id=need_id, viewer=market.firm)
    assert [m.record.id for m in found.funds] == [hydrogen]  # the biomedicine fund passes the filters but fits neither industry nor text
    top = found.funds[0]
    assert all(c.passed for c in top.checks)
    words = " ".join(c.reason for c in top.checks) + " ".join(top.reasons)
    assert "A轮" in words and "单笔投资区间" in words and "氢能是该基金的关注行业" in words
    assert top.text is not None and "储氢" in top.summary
    assert found.products == []  # the loan needs a 科技型中小企业 score of 60 and caps at 1000万元

    scores.sme_score(platform.uow(), actor=market.firm, need_id=need_id, raw={
        "staff": "80", "tech_staff": "30", "sales": "4000", "assets": "6000", "rd_expense": "260", "total_cost": "3500",
        "class1_ip": "2"})
    small = finance.save_need(platform.uow(), actor=market.firm, raw=need_row(title="储氢瓶研发流动资金", amount="600"))
    publish(platform, market.admin_hebei, "need", small)
    scores.sme_score(platform.uow(), actor=market.firm, need_id=small, raw={
        "staff": "80", "tech_staff": "30", "sales": "4000", "assets": "6000", "rd_expense": "260", "total_cost": "3500",
        "class1_ip": "2"})
    loans = finance_matches.matches_for_need(platform.uow(), platform.embedder, need_id=small, viewer=market.firm).products
    assert [m.record.id for m in loans] == [loan]
    assert any("得分为100分" in c.reason for c in loans[0].checks)  # 37.5% → 20, 6.5% → 50, 发明专利 → 30

    credit = finance.save_product(platform.uow(), actor=market.bank, raw={
        **LOAN, "name": "创新积分贷", "min_sme_score": "", "min_innovation_points": "500",
        "description": "按企业创新积分授信的纯信用贷款，积分越高额度越高，用于研发和中试。"})
    publish(platform, market.admin_hebei, "product", credit)
    def products() -> list[int]:
        return [m.record.id for m in finance_matches.matches_for_need(platform.uow(), platform.embedder, need_id=small,
                                                                      viewer=market.firm).products]
    assert credit not in products()  # no 创新积分 estimate yet
    estimate = scores.innovation_score(platform.uow(), actor=market.firm, need_id=small, raw={
        "revenue": "4000", "revenue_prior": "3000", "rd_expense": "260", "staff": "80", "rd_staff": "30",
        "invention_patents": "2", "high_tech_revenue": "3000", "aux_standard": "1"})
    # 研发费用260万 90 + 6.5% 120 + 30人 60 + 37.5% 75 + 发明专利2项 40；增长33.3% 120 + 高新收入75% 90；标准 25
    assert estimate.total == 620 and estimate.label == "平台测算，非官方认定"
    assert credit in products()
    with pytest.raises(PermissionDenied):
        scores.innovation_score(platform.uow(), actor=market.other_firm, need_id=small, raw={
            "revenue": "1", "revenue_prior": "1", "rd_expense": "0", "staff": "1", "rd_staff": "0"})

    for_fund = finance_matches.matches_for_fund(platform.uow(), platform.embedder, fund_id=hydrogen, viewer=market.investor)
    ids = [m.record.id for m in for_fund.needs]
    assert need_id in ids and small in ids and too_big not in ids  # 8000万元 B轮 is outside the thesis
    assert for_fund.screened_out == 1


def test_the_mask_is_applied_before_ranking(platform, market):
    """A fund outside the need's region never reaches the ranker, however close its text."""
    tianjin_only = finance.save_fund(platform.uow(), actor=market.investor, embedder=platform.embedder,
                                     raw={**HYDROGEN_FUND, "name": "津沽氢能基金", "regions": "天津"})
    publish(platform, market.admin_beijing, "fund", tianjin_only)
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row())
    publish(platform, market.admin_hebei, "need", need_id)
    found = finance_matches.matches_for_need(platform.uow(), platform.embedder, need_id=need_id, viewer=market.firm)
    assert found.funds == [] and found.screened_out == 1


def test_linked_achievement_must_belong_to_the_firm(platform, market):
    with pytest.raises(ValidationErrors) as caught:
        finance.save_need(platform.uow(), actor=market.firm, raw=need_row(achievement_id="999"))
    assert caught.value.errors[0].code == "unknown_achievement"
