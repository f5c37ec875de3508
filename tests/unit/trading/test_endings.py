"""How 协议定价 and 挂牌 notices end, and the caps of an open-licence statement (pure rules)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from techbridge.kernel.errors import ValidationError
from techbridge.trading import rules
from techbridge.trading.model import Bid, Outcome, TradeListing, TradeMode, TradeStatus

D = Decimal
TODAY = date(2026, 12, 4)


def listing(mode: TradeMode = TradeMode.LISTING, **over: object) -> TradeListing:
    start = date(2026, 9, 28)
    t = TradeListing(1, seller_org_id=10, seller_user_id=100, mode=mode.value, title="IV型瓶缠绕工艺",
                     contract_type="技术转让", price=D("1800"), notice_start=start,
                     notice_end=rules.minimum_notice_end(mode, start), status=TradeStatus.NOTICE.value)
    for key, value in over.items():
        setattr(t, key, value)
    return t


def intent(seq: int, bidder: int) -> Bid:
    return Bid(1, bidder, 20 + bidder, D("1800"), datetime(2026, 10, 12, 2) + timedelta(minutes=seq), seq)


def test_an_agreement_notice_that_ran_fifteen_days_ends_in_a_sale_at_the_agreed_price() -> None:
    t = listing(TradeMode.AGREEMENT)
    assert t.notice_end == date(2026, 10, 13)
    with pytest.raises(ValidationError) as err:
        rules.end_notice(t, [], today=date(2026, 10, 13))  # the last day of the notice itself
    assert err.value.code == "notice_running"
    ending = rules.end_notice(t, [], today=date(2026, 10, 14))
    assert ending.outcome == Outcome.NOTICE_PASSED and ending.status == TradeStatus.SOLD and "15日" in ending.message


def test_a_listing_with_no_intended_buyer_waits_for_the_seller_to_extend_or_withdraw() -> None:
    t = listing()
    ending = rules.end_notice(t, [], today=date(2026, 10, 31))
    assert ending.outcome == Outcome.NO_BIDDER and ending.status == TradeStatus.AWAITING_DECISION
    t.status = ending.status.value
    with pytest.raises(ValidationError):
        rules.extend_listing(t, today=date(2026, 11, 2), working_days=3)
    assert rules.extend_listing(t, today=date(2026, 11, 2), working_days=10) == date(2026, 11, 16)
    assert t.status == TradeStatus.NOTICE


def test_one_intended_buyer_buys_at_the_listed_price() -> None:
    ending = rules.end_notice(listing(), [intent(1, 1)], today=date(2026, 10, 31))
    assert ending.outcome == Outcome.AGREED and ending.status == TradeStatus.SOLD and ending.winner.bidder_id == 1


def test_two_intended_buyers_turn_the_listing_into_an_auction_among_them() -> None:
    t = listing()
    ending = rules.end_notice(t, [intent(1, 1), intent(2, 2)], today=date(2026, 10, 31))
    assert ending.outcome == Outcome.CONVERTED
    starts = datetime(2026, 11, 1, 2)
    rules.convert_to_auction(t, starts=starts)
    assert t.mode == TradeMode.AUCTION and t.origin_mode == TradeMode.LISTING
    assert t.reserve == t.price == D("1800") and t.increment == D("18.00") and t.auction_end == starts + timedelta(hours=4)
    t.status = TradeStatus.BIDDING.value
    bids = [intent(1, 1), intent(2, 2)]
    with pytest.raises(ValidationError) as err:  # only the registered buyers bid
        rules.check_bid(t, bids, amount=D("1818"), bidder_org_id=99, bidder_id=9, now=starts + timedelta(minutes=1))
    assert err.value.code == "not_registered"
    decision = rules.check_bid(t, bids, amount=D("1818"), bidder_org_id=22, bidder_id=2, now=starts + timedelta(minutes=1))
    assert decision.seq == 3


def test_intents_are_once_per_buyer_during_the_notice_and_never_by_the_seller() -> None:
    t = listing()
    rules.check_intent(t, [], bidder_id=1, bidder_org_id=21, today=date(2026, 10, 30))
    for kwargs, code in (({"bidder_id": 1, "bidder_org_id": 21, "today": date(2026, 10, 30)}, "already_registered"),
                         ({"bidder_id": 5, "bidder_org_id": 10, "today": date(2026, 10, 30)}, "own_listing"),
                         ({"bidder_id": 5, "bidder_org_id": 25, "today": date(2026, 10, 31)}, "closed")):
        with pytest.raises(ValidationError) as err:
            rules.check_intent(t, [intent(1, 1)], **kwargs)
        assert err.value.code == code


def test_open_licence_fee_caps() -> None:
    ok = {"royalty_rate": D("3"), "lump_sum": None, "fee_terms": "按年销售额3%支付", "licence_until": date(2029, 12, 31),
          "today": TODAY}
    rules.check_open_licence(**ok)
    for over, code in (({"royalty_rate": D("0")}, "rate_range"), ({"royalty_rate": D("100")}, "rate_range"),
                       ({"royalty_rate": None, "lump_sum": D("0")}, "fee_not_positive"),
                       ({"royalty_rate": None}, "fee_required"),
                       ({"fee_terms": "提成比例面议"}, "fee_not_definite"),
                       ({"licence_until": None}, "required"), ({"licence_until": TODAY}, "until_in_past"),
                       ({"licence_until": date(2047, 1, 1)}, "until_too_far")):
        with pytest.raises(ValidationError) as err:
            rules.check_open_licence(**{**ok, **over})
        assert err.value.code == code and err.value.message
