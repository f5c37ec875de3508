"""The demo's trading story holds together (SQLite, loaded once)."""

from decimal import Decimal

from techbridge.deals import queries as deals
from techbridge.demo.trading_data import load_trading
from techbridge.trading import service as trading


def test_demo_trades_finished_live_and_noticed(demo_platform):
    rows = {t.mode + ":" + t.status: t for t in trading.hall(demo_platform.uow())}
    assert set(rows) == {"auction:sold", "auction:bidding", "listing:notice", "agreement:notice", "open_licence:published"}
    sold = rows["auction:sold"]
    assert sold.final_price == Decimal("150.00") and sold.outcome == "highest_wins"
    bids = trading.bids_of(demo_platform.uow(), sold.id)
    assert [b.seq for b in bids] == [1, 2, 3, 4, 5, 6] and sum(b.extended_to is not None for b in bids) == 3
    with demo_platform.uow() as uow:
        assert deals.get_engagement(uow, sold.engagement_id).stage == "negotiation"
        contract = deals.get_contract(uow, sold.contract_id)
    assert contract.amount == Decimal("150.00") and contract.registration_no is None
    assert contract.buyer_name == "张家口望山氢能储运有限公司" and contract.engagement_id == sold.engagement_id
    assert load_trading(demo_platform, {}) == 5  # idempotent: a second load adds nothing


def test_demo_evaluations_one_current_one_expired_and_a_valuation(demo_platform):
    from datetime import date

    from techbridge.demo.evaluation_data import load_evaluations
    from techbridge.evaluation import service as evaluation

    broker = None
    with demo_platform.uow() as uow:
        from techbridge.accounts.directory import user_by_email

        broker = user_by_email(uow, "broker@demo.techbridge.cn")
    a = evaluation.view_evaluation(demo_platform.uow(), viewer=broker, evaluation_id=1, today=date(2026, 12, 4))
    b = evaluation.view_evaluation(demo_platform.uow(), viewer=broker, evaluation_id=2, today=date(2026, 12, 4))
    assert not a.expired and a.evaluation.advancement == "国内领先" and len(a.evaluation.comparisons) == 2
    assert b.expired and len(a.shares) == 1
    s = evaluation.summary(demo_platform.uow(), viewer=None, achievement_id=a.achievement.id)
    assert s.evaluations
    assert load_evaluations(demo_platform) == 2


def test_demo_ip_records_warn_about_a_lapsed_patent_and_an_exclusive_licence(demo_platform):
    from datetime import date

    from techbridge.ip import service as ip
    from techbridge.listings.repository import AchievementRepository

    with demo_platform.uow() as uow:
        ach = uow.repo(AchievementRepository).by_external_ids("demo", ["DEMO-A-0008", "DEMO-A-0009", "DEMO-A-0001"])
    lapsed = ip.warnings_for(demo_platform.uow(), achievement_id=ach["DEMO-A-0008"].id, today=date(2026, 12, 4))
    licensed = ip.warnings_for(demo_platform.uow(), achievement_id=ach["DEMO-A-0009"].id, today=date(2026, 12, 4))
    assert any("失效" in w.message for w in lapsed) and any("独占" in w.message for w in licensed)
    v = ip.achievement_ip(demo_platform.uow(), viewer=None, achievement_id=ach["DEMO-A-0001"].id, today=date(2026, 12, 4))
    assert all(p.record is not None for p in v.patents) and any(p.pledges for p in v.patents)


def test_demo_valuation_finds_market_comparables(demo_platform):
    from techbridge.evaluation import service as evaluation
    from techbridge.listings.repository import AchievementRepository

    with demo_platform.uow() as uow:
        cylinder = uow.repo(AchievementRepository).by_external_ids("demo", ["DEMO-A-0001"])["DEMO-A-0001"]
    results = evaluation.summary(demo_platform.uow(), viewer=None, achievement_id=cylinder.id).valuations[0].results
    assert "market_refused" not in results and len(results["market"]["comparables"]) >= 3
