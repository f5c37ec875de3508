"""Trade listings, bids and closing through the services, on SQLite and PostgreSQL."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from techbridge.deals import queries as deals
from techbridge.kernel.errors import PermissionDenied, ValidationError, ValidationErrors
from techbridge.trading import decisions
from techbridge.trading import service as trading
from tests.integration.trading.conftest import CLOSE, OPEN, TODAY, list_auction


def bid(platform, user, listing_id, amount, at, **extra):
    return trading.place_bid(platform.uow(), actor=user, listing_id=listing_id, raw={"amount": amount, **extra}, now=at)


def test_auction_notice_is_twenty_working_days_and_reserve_is_hidden(platform, market):
    v = trading.view(platform.uow(), viewer=market.buyer, listing_id=market.listing_id, now=OPEN - timedelta(days=1))
    assert v.listing.notice_end == date(2026, 11, 30) and v.listing.status == "notice"
    assert v.reserve_shown is None and v.countdown_label == "距竞价开始" and v.countdown_to == OPEN
    assert not v.may_bid


def test_a_notice_shorter_than_twenty_working_days_is_refused_and_nothing_is_stored(platform, market):
    with pytest.raises(ValidationError) as err:
        list_auction(platform, market.cast, notice_end="2026-11-26")
    assert err.value.code == "notice_too_short"
    assert len(trading.hall(platform.uow())) == 1


def test_bad_input_gets_chinese_errors(platform, market):
    with pytest.raises(ValidationErrors) as err:
        list_auction(platform, market.cast, price="-5", increment="abc")
    assert {e.field for e in err.value.errors} >= {"price", "increment"}
    with pytest.raises(PermissionDenied):
        trading.create_listing(platform.uow(), actor=market.buyer, raw={"mode": "agreement", "price": "100",
                               "counterparty": "某公司", "counterparty_region": "滨海新区", "achievement_id": str(market.cast.achievement_id)}, today=TODAY)


def test_two_buyers_late_bid_extends_and_highest_wins_into_the_pipeline(platform, market):
    c, listing_id = market.cast, market.listing_id
    bid(platform, c.seeker, listing_id, "300", OPEN + timedelta(minutes=5), demand_id=str(c.demand_id))
    with pytest.raises(ValidationError) as err:
        bid(platform, market.buyer, listing_id, "305", OPEN + timedelta(minutes=6))
    assert err.value.code == "below_increment" and "310" in err.value.message
    bid(platform, market.buyer, listing_id, "340", OPEN + timedelta(minutes=7))
    late = bid(platform, c.seeker, listing_id, "360", CLOSE - timedelta(minutes=1), demand_id=str(c.demand_id))
    assert late.extended and late.close_at == CLOSE + timedelta(minutes=4)
    with pytest.raises(ValidationError) as err:  # the old close has passed, the new one not yet
        trading.close(platform.uow(), actor=None, listing_id=listing_id, now=CLOSE + timedelta(minutes=1))
    assert err.value.code == "not_closed_yet"
    with pytest.raises(ValidationError):
        bid(platform, c.supplier, listing_id, "400", CLOSE)  # the seller's own organisation
    closing = trading.close(platform.uow(), actor=None, listing_id=listing_id, now=CLOSE + timedelta(minutes=5))
    assert closing.outcome == "highest_wins" and closing.winner.amount == Decimal("360.00")
    with pytest.raises(ValidationError) as err:
        bid(platform, market.buyer, listing_id, "400", CLOSE + timedelta(minutes=6))
    assert err.value.code == "closed"
    v = trading.view(platform.uow(), viewer=c.supplier, listing_id=listing_id, now=CLOSE + timedelta(minutes=6))
    assert v.listing.status == "sold" and v.reserve_shown == Decimal("350.00")
    assert v.listing.contract_draft["amount"] == "360.00" and v.listing.contract_draft["contract_type"] == "技术转让"
    assert v.listing.contract_draft["buyer_name"] == "唐山测试重工有限公司"
    with platform.uow() as uow:
        engagement = deals.get_engagement(uow, v.listing.engagement_id)
    assert engagement.stage == "negotiation" and engagement.demand_id == c.demand_id
    with platform.uow() as uow:  # a real 技术合同 row, pre-filled, waiting for its registration number
        contract = deals.contract_of(uow, engagement.id)
    assert contract.id == v.listing.contract_id and contract.amount == Decimal("360.00")
    assert contract.contract_type == "技术转让" and contract.buyer_name == "唐山测试重工有限公司"
    assert contract.registration_no is None and contract.source == "trading" and contract.trl == 5
    assert [b.seq for b in trading.bids_of(platform.uow(), listing_id)] == [1, 2, 3]


def test_no_bidder_then_extend_or_withdraw(platform, market):
    closing = trading.close(platform.uow(), actor=None, listing_id=market.listing_id, now=CLOSE)
    assert closing.outcome == "no_bidder"
    end = decisions.extend(platform.uow(), actor=market.cast.supplier, listing_id=market.listing_id, hours=24, now=CLOSE)
    assert end == CLOSE + timedelta(hours=24)
    bid(platform, market.buyer, market.listing_id, "350", CLOSE + timedelta(hours=1))
    one = trading.close(platform.uow(), actor=None, listing_id=market.listing_id, now=end)
    assert one.outcome == "agreed" and one.winner.amount == Decimal("350.00")


def test_single_bid_below_the_reserve_is_unsold(platform, market):
    bid(platform, market.buyer, market.listing_id, "300", OPEN)
    assert trading.close(platform.uow(), actor=None, listing_id=market.listing_id, now=CLOSE).outcome == "below_reserve"


def test_changing_terms_during_the_notice_restarts_it(platform, market):
    new_end = trading.change_terms(platform.uow(), actor=market.cast.supplier, listing_id=market.listing_id,
                                   raw={"price": "280", "terms": "含五年技术维护"}, today=date(2026, 11, 20))
    v = trading.view(platform.uow(), viewer=None, listing_id=market.listing_id, now=OPEN)
    assert new_end == date(2026, 12, 18) and v.listing.terms_version == 2 and v.listing.price == Decimal("280.00")
    assert v.listing.status == "notice"  # the auction moved after the new notice
