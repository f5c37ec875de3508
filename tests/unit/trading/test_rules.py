from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from techbridge.kernel.errors import ValidationError
from techbridge.trading import rules
from techbridge.trading.model import Bid, Outcome, TradeListing, TradeMode, TradeStatus

D = Decimal
OPEN = datetime(2026, 11, 2, 2, 0)
CLOSE = datetime(2026, 11, 2, 6, 0)


def auction(**over: object) -> TradeListing:
    listing = TradeListing(1, seller_org_id=10, seller_user_id=100, mode=TradeMode.AUCTION.value, title="高镍正极材料专利",
                           contract_type="技术转让", price=D("300"), notice_start=date(2026, 9, 28),
                           notice_end=date(2026, 10, 30), reserve=D("350"), increment=D("10"), auction_start=OPEN,
                           auction_end=CLOSE, status=TradeStatus.BIDDING.value)
    for key, value in over.items():
        setattr(listing, key, value)
    return listing


def bid(seq: int, amount: str, bidder: int = 1) -> Bid:
    return Bid(1, bidder, 20 + bidder, D(amount), OPEN + timedelta(minutes=seq), seq)


def test_listing_notice_is_twenty_working_days_across_national_day() -> None:
    assert rules.minimum_notice_end(TradeMode.LISTING, date(2026, 9, 28)) == date(2026, 10, 30)
    rules.check_notice(TradeMode.LISTING, date(2026, 9, 28), date(2026, 10, 30))
    with pytest.raises(ValidationError) as err:
        rules.check_notice(TradeMode.LISTING, date(2026, 9, 28), date(2026, 10, 26))  # 20 calendar weekdays
    assert err.value.code == "notice_too_short" and "2026-10-30" in err.value.message


def test_agreement_notice_is_fifteen_days() -> None:
    rules.check_notice(TradeMode.AGREEMENT, date(2026, 2, 10), date(2026, 2, 25))
    with pytest.raises(ValidationError):
        rules.check_notice(TradeMode.AGREEMENT, date(2026, 2, 10), date(2026, 2, 24))


def test_changed_terms_restart_the_notice() -> None:
    listing = auction(mode=TradeMode.LISTING.value, status=TradeStatus.NOTICE.value)
    new_end = rules.change_terms(listing, today=date(2026, 10, 20))
    assert listing.notice_start == date(2026, 10, 20) and new_end == date(2026, 11, 17)
    assert listing.terms_version == 2 and listing.restarts == 1
    with pytest.raises(ValidationError) as err:
        rules.change_terms(auction(mode=TradeMode.AGREEMENT.value, status=TradeStatus.NOTICE.value), today=date(2026, 10, 1))
    assert err.value.code == "terms_frozen"
    with pytest.raises(ValidationError):
        rules.change_terms(auction(), today=date(2026, 11, 2))  # bidding: closed


def test_bid_increments() -> None:
    listing = auction()
    first = rules.check_bid(listing, [], amount=D("300"), bidder_org_id=21, now=OPEN + timedelta(minutes=1))
    assert first.seq == 1 and not first.extended
    with pytest.raises(ValidationError) as err:
        rules.check_bid(listing, [bid(1, "300")], amount=D("305"), bidder_org_id=22, now=OPEN)
    assert err.value.code == "below_increment"
    with pytest.raises(ValidationError) as err:
        rules.check_bid(listing, [bid(1, "300")], amount=D("315"), bidder_org_id=22, now=OPEN)
    assert err.value.code == "off_increment"
    assert rules.check_bid(listing, [bid(1, "300")], amount=D("320"), bidder_org_id=22, now=OPEN).seq == 2
    with pytest.raises(ValidationError):
        rules.check_bid(listing, [], amount=D("-10"), bidder_org_id=22, now=OPEN)


def test_seller_may_not_bid_and_no_bids_outside_the_window() -> None:
    with pytest.raises(ValidationError) as err:
        rules.check_bid(auction(), [], amount=D("300"), bidder_org_id=10, now=OPEN)
    assert err.value.code == "own_listing"
    with pytest.raises(ValidationError) as err:
        rules.check_bid(auction(), [], amount=D("300"), bidder_org_id=21, now=CLOSE)
    assert err.value.code == "closed"
    with pytest.raises(ValidationError) as err:
        rules.check_bid(auction(status=TradeStatus.NOTICE.value), [], amount=D("300"), bidder_org_id=21, now=OPEN)
    assert err.value.code == "not_started"


def test_late_bid_extends_the_close_by_five_minutes() -> None:
    listing = auction()
    late = rules.check_bid(listing, [bid(1, "300")], amount=D("310"), bidder_org_id=22, now=CLOSE - timedelta(minutes=1))
    assert late.extended and late.close_at == CLOSE + timedelta(minutes=4)
    early = rules.check_bid(listing, [bid(1, "300")], amount=D("310"), bidder_org_id=22, now=CLOSE - timedelta(minutes=6))
    assert not early.extended and early.close_at == CLOSE


def test_zero_one_and_many_bidders() -> None:
    after = CLOSE + timedelta(seconds=1)
    none = rules.close_auction(auction(), [], now=after)
    assert none.outcome == Outcome.NO_BIDDER and none.status == TradeStatus.AWAITING_DECISION
    one = rules.close_auction(auction(), [bid(1, "300"), bid(2, "350")], now=after)
    assert one.outcome == Outcome.AGREED and one.winner is not None and one.winner.amount == D("350")
    below = rules.close_auction(auction(), [bid(1, "300", 1), bid(2, "340", 2)], now=after)
    assert below.outcome == Outcome.BELOW_RESERVE and below.winner is None
    many = rules.close_auction(auction(), [bid(1, "300", 1), bid(2, "360", 2), bid(3, "370", 1)], now=after)
    assert many.outcome == Outcome.HIGHEST_WINS and many.winner is not None and many.winner.seq == 3
    with pytest.raises(ValidationError):
        rules.close_auction(auction(), [], now=CLOSE - timedelta(seconds=1))


def test_reserve_hidden_until_close_and_extension() -> None:
    listing = auction()
    assert not rules.reserve_visible(listing)
    listing.status = TradeStatus.AWAITING_DECISION.value
    assert rules.reserve_visible(listing)
    end = rules.extend_auction(listing, now=CLOSE, hours=24)
    assert end == CLOSE + timedelta(hours=24) and listing.status == TradeStatus.BIDDING
    with pytest.raises(ValidationError):
        rules.extend_auction(listing, now=CLOSE, hours=24)


def test_open_licence_needs_fee_terms() -> None:
    rules.check_open_licence(royalty_rate=D("3"), lump_sum=None, fee_terms="按被许可产品年销售额的3%支付，每年结算一次",
                             licence_until=date(2029, 12, 31), today=date(2026, 12, 4))
    with pytest.raises(ValidationError):
        rules.check_open_licence(royalty_rate=None, lump_sum=None, fee_terms="x")
    with pytest.raises(ValidationError):
        rules.check_open_licence(royalty_rate=D("120"), lump_sum=None, fee_terms="x")
    with pytest.raises(ValidationError):
        rules.check_open_licence(royalty_rate=None, lump_sum=D("-1"), fee_terms="x")
