"""Every trade mode ends with a defined outcome, closed in the background by the periodic job; a finished trade
leaves a real 技术合同 row waiting for its registration number. On SQLite and PostgreSQL."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from techbridge.deals import queries as deals
from techbridge.jobs.periodic import trade_endings
from techbridge.kernel.errors import Conflict, PermissionDenied, ValidationError, ValidationErrors
from techbridge.trading import decisions
from techbridge.trading import service as trading
from techbridge.trading.endings import run_endings
from tests.integration.trading.conftest import CLOSE, OPEN, TODAY


def listing(platform, market, mode, **over):
    raw = {"mode": mode, "price": "500", "contract_type": "技术转让", "terms": "专利权转让",
           "achievement_id": str(market.cast.achievement_id), **over}
    return trading.create_listing(platform.uow(), actor=market.cast.supplier, raw=raw, today=TODAY)


def contract_of(platform, listing_id):
    v = trading.view(platform.uow(), viewer=None, listing_id=listing_id, now=OPEN)
    with platform.uow() as uow:
        return v.listing, deals.get_contract(uow, v.listing.contract_id) if v.listing.contract_id else None


def test_the_background_job_closes_an_auction_with_two_bidders(platform, market):
    c = market.cast
    trading.place_bid(platform.uow(), actor=c.seeker, listing_id=market.listing_id,
                      raw={"amount": "300", "demand_id": str(c.demand_id)}, now=OPEN + timedelta(minutes=1))
    trading.place_bid(platform.uow(), actor=market.buyer, listing_id=market.listing_id, raw={"amount": "350"},
                      now=OPEN + timedelta(minutes=2))
    assert run_endings(platform.uow, CLOSE - timedelta(minutes=1)).closed == 0  # not yet
    report = run_endings(platform.uow, CLOSE)
    assert (report.closed, report.sold) == (1, 1)
    t, contract = contract_of(platform, market.listing_id)
    assert t.status == "sold" and t.outcome == "highest_wins" and contract.buyer_name == "天津测试新材料有限公司"
    assert contract.amount == Decimal("350.00") and contract.registration_no is None
    assert run_endings(platform.uow, CLOSE + timedelta(hours=1)).closed == 0  # nothing twice


def test_the_periodic_job_reports_what_it_ended(platform, market):
    report = trade_endings(platform)  # the real clock: the test auction (December 2026) is far from due
    assert report.name == "trade_endings" and report.notified == 0


def test_an_agreement_notice_ends_in_a_sale_with_the_named_buyer_and_an_engagement(platform, market):
    c = market.cast
    listing_id = listing(platform, market, "agreement", buyer_demand_id=str(c.demand_id))
    assert trading.view(platform.uow(), viewer=None, listing_id=listing_id).listing.counterparty == "唐山测试重工有限公司"
    last_day = date(2026, 11, 17)
    assert run_endings(platform.uow, datetime(2026, 11, 17, 10)).ended == 0  # 10:00 UTC is 18:00 on the last day
    report = run_endings(platform.uow, datetime(2026, 11, 17, 16, 1))  # 00:01 Beijing on the day after
    assert report.ended == 1 and report.sold == 1
    t, contract = contract_of(platform, listing_id)
    assert t.status == "sold" and t.outcome == "notice_passed" and t.notice_end == last_day
    assert contract.amount == Decimal("500.00") and contract.buyer_org_id == c.seeker.organization_id
    assert contract.signed_on == date(2026, 11, 18)
    with platform.uow() as uow:
        assert deals.get_engagement(uow, t.engagement_id).stage == "negotiation"


def test_an_agreement_with_an_outside_buyer_needs_its_region_and_still_gets_a_contract(platform, market):
    with pytest.raises(ValidationErrors) as err:
        listing(platform, market, "agreement", counterparty="江苏某外省企业")
    assert "所在地区" in err.value.errors[0].message
    listing_id = listing(platform, market, "agreement", counterparty="江苏某外省企业", counterparty_region="江苏省")
    run_endings(platform.uow, datetime(2026, 11, 18, 1))
    t, contract = contract_of(platform, listing_id)
    assert t.engagement_id is None and contract.buyer_name == "江苏某外省企业" and contract.buyer_region == "320000"


def test_a_listing_with_one_intended_buyer_sells_at_the_listed_price(platform, market):
    listing_id = listing(platform, market, "listing")
    decisions.register_intent(platform.uow(), actor=market.buyer, listing_id=listing_id, raw={},
                            now=datetime(2026, 11, 10, 2))
    with pytest.raises(ValidationError) as err:
        decisions.register_intent(platform.uow(), actor=market.buyer, listing_id=listing_id, raw={},
                                now=datetime(2026, 11, 10, 3))
    assert err.value.code == "already_registered"
    with pytest.raises(ValidationError):  # terms are frozen once a buyer has registered
        trading.change_terms(platform.uow(), actor=market.cast.supplier, listing_id=listing_id,
                             raw={"price": "450"}, today=date(2026, 11, 11))
    run_endings(platform.uow, datetime(2026, 12, 1, 1))
    t, contract = contract_of(platform, listing_id)
    assert t.outcome == "agreed" and t.final_price == Decimal("500.00") and contract.buyer_name == "天津测试新材料有限公司"


def test_a_listing_with_two_intended_buyers_goes_on_as_an_auction_among_them(platform, market):
    c = market.cast
    listing_id = listing(platform, market, "listing", increment="20")
    decisions.register_intent(platform.uow(), actor=market.buyer, listing_id=listing_id, raw={},
                            now=datetime(2026, 11, 10, 2))
    decisions.register_intent(platform.uow(), actor=c.seeker, listing_id=listing_id, raw={"demand_id": str(c.demand_id)},
                            now=datetime(2026, 11, 11, 2))
    run_endings(platform.uow, datetime(2026, 12, 1, 1))
    t = trading.view(platform.uow(), viewer=None, listing_id=listing_id, now=datetime(2026, 12, 1, 1)).listing
    assert t.mode == "auction" and t.outcome == "converted" and t.auction_start == datetime(2026, 12, 2, 2)
    with pytest.raises(ValidationError) as err:  # only the registered buyers
        trading.place_bid(platform.uow(), actor=c.stranger, listing_id=listing_id, raw={"amount": "520"},
                          now=datetime(2026, 12, 2, 3))
    assert err.value.code == "not_registered"
    trading.place_bid(platform.uow(), actor=c.seeker, listing_id=listing_id, raw={"amount": "520"},
                      now=datetime(2026, 12, 2, 3))
    run_endings(platform.uow, datetime(2026, 12, 2, 6))
    t, contract = contract_of(platform, listing_id)
    assert t.status == "sold" and t.outcome == "highest_wins" and contract.amount == Decimal("520.00")
    assert t.engagement_id is not None  # the demand named with the intent carried over


def test_a_listing_with_no_intended_buyer_is_extended_by_working_days(platform, market):
    listing_id = listing(platform, market, "listing")
    run_endings(platform.uow, datetime(2026, 12, 1, 1))
    assert trading.view(platform.uow(), viewer=None, listing_id=listing_id).listing.status == "awaiting_decision"
    decisions.extend(platform.uow(), actor=market.cast.supplier, listing_id=listing_id, hours=10,
                   now=datetime(2026, 12, 1, 2))
    t = trading.view(platform.uow(), viewer=None, listing_id=listing_id).listing
    assert t.status == "notice" and t.notice_end == date(2026, 12, 15)


def test_the_registration_number_is_entered_once_by_a_party(platform, market):
    trading.place_bid(platform.uow(), actor=market.buyer, listing_id=market.listing_id, raw={"amount": "350"}, now=OPEN)
    trading.close(platform.uow(), actor=None, listing_id=market.listing_id, now=CLOSE)
    with pytest.raises(PermissionDenied):
        trading.register_contract_number(platform.uow(), actor=market.cast.stranger, listing_id=market.listing_id,
                                         registration_no="2026110108000123")
    with pytest.raises(ValidationError):
        trading.register_contract_number(platform.uow(), actor=market.buyer, listing_id=market.listing_id,
                                         registration_no="12345")
    assert trading.register_contract_number(platform.uow(), actor=market.buyer, listing_id=market.listing_id,
                                            registration_no="2026110108000123") == "2026110108000123"
    with pytest.raises(Conflict):
        trading.register_contract_number(platform.uow(), actor=market.cast.supplier, listing_id=market.listing_id,
                                         registration_no="2026110108000124")
    assert contract_of(platform, market.listing_id)[1].registration_no == "2026110108000123"


def test_an_open_licence_is_checked_against_the_recorded_patents(platform, market):
    from techbridge.ip import service as ip
    from tests.support.factories import achievement_row
    from tests.support.scenario import publish as publish_listing

    c = market.cast
    aid = publish_listing(platform, "achievement", c.supplier, c.admin,  # one invention patent
                          achievement_row(title="镁基储氢材料", patents="202111212367.6", ip_status="已授权"))
    raw = {"mode": "open_licence", "contract_type": "技术许可", "royalty_rate": "3", "fee_terms": "按年销售额3%支付",
           "licence_until": "2029-12-31", "achievement_id": str(aid)}

    def publish():
        return trading.create_listing(platform.uow(), actor=c.supplier, raw=raw, today=TODAY)

    with pytest.raises(ValidationErrors) as err:  # nothing recorded yet
        publish()
    assert "尚未录入法律状态" in err.value.errors[0].message
    record_id = ip.record_status(platform.uow(), actor=c.supplier, achievement_id=aid, today=TODAY,
                                 raw={"number": "202111212367.6", "status": "有效", "checked_on": "2026-11-01",
                                      "filed_on": "2021-11-12", "paid_through_year": "5"})
    ip.add_licence(platform.uow(), actor=c.supplier, record_id=record_id,
                   raw={"licensee": "保定某公司", "kind": "独占许可", "until": "2028-12-31"})
    with pytest.raises(ValidationErrors) as err:
        publish()
    assert "第八十六条第一项" in err.value.errors[0].message
    with pytest.raises(ValidationError) as fee:
        trading.create_listing(platform.uow(), actor=c.supplier, raw={**raw, "fee_terms": "许可费面议"}, today=TODAY)
    assert fee.value.code == "fee_not_definite"
    assert len(trading.hall(platform.uow())) == 1  # only the fixture's auction: nothing half-written
    ip.add_licence(platform.uow(), actor=c.supplier, record_id=record_id,  # the exclusive licence ended
                   raw={"licensee": "保定某公司", "kind": "普通许可"})
    with platform.uow() as uow:
        from techbridge.ip.repository import LicenceRepository

        for licence in uow.repo(LicenceRepository).of_records([record_id]):
            if licence.kind == "独占许可":
                licence.until = TODAY.replace(year=2026, month=1, day=1)
        uow.commit()
    listing_id = publish()
    assert trading.view(platform.uow(), viewer=None, listing_id=listing_id).listing.status == "published"


def test_a_winner_who_named_no_demand_is_paired_through_its_demand_in_the_same_industry(platform, market):
    c = market.cast
    trading.place_bid(platform.uow(), actor=c.seeker, listing_id=market.listing_id, raw={"amount": "350"}, now=OPEN)
    run_endings(platform.uow, CLOSE)
    t, contract = contract_of(platform, market.listing_id)
    with platform.uow() as uow:
        engagement = deals.get_engagement(uow, t.engagement_id)
    assert engagement.demand_id == c.demand_id and engagement.stage == "negotiation"
    assert contract.engagement_id == engagement.id
