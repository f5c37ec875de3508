"""The rules of public trading, as pure functions.

Sources: 《中华人民共和国促进科技成果转化法》第十八条 (协议定价 must publish the deal and its price;
挂牌交易 and 拍卖 set the price in a technology market); common exchange practice (北京产权交易所,
中国技术交易所) for the periods: a 协议定价 result is publicly noticed for at least 15 days, a 挂牌 notice lasts
at least 20 working days with its terms frozen, a 竞价 uses a fixed increment, a bid in the last 5 minutes
extends the close (延时竞价) and the reserve (底价) stays secret until the close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from techbridge.kernel import workdays
from techbridge.kernel.errors import ValidationError
from techbridge.trading.model import Bid, Outcome, TradeListing, TradeMode, TradeStatus

AGREEMENT_NOTICE_DAYS = 15  # calendar days (公示期不少于15日)
LISTING_NOTICE_WORKING_DAYS = 20  # working days (挂牌期不少于20个工作日)
EXTENSION = timedelta(minutes=5)  # a bid within the last 5 minutes moves the close to 5 minutes after it


def minimum_notice_end(mode: str, start: date) -> date:
    """The earliest last day of the notice for a listing published on `start`."""
    if mode == TradeMode.AGREEMENT:
        return start + timedelta(days=AGREEMENT_NOTICE_DAYS)
    if mode in (TradeMode.LISTING, TradeMode.AUCTION):
        return workdays.add_working_days(start, LISTING_NOTICE_WORKING_DAYS)
    return start  # 开放许可: the statement is public at once


def check_notice(mode: str, start: date, end: date) -> None:
    earliest = minimum_notice_end(mode, start)
    if end < earliest:
        if mode == TradeMode.AGREEMENT:
            need = f"协议定价结果公示期不少于{AGREEMENT_NOTICE_DAYS}日"
        else:
            need = f"挂牌公示期不少于{LISTING_NOTICE_WORKING_DAYS}个工作日（已扣除法定节假日、计入调休上班日）"
        raise ValidationError(f"{need}，自{start.isoformat()}起最早于{earliest.isoformat()}结束",
                              field="notice_end", code="notice_too_short")


def notice_over(listing: TradeListing, today: date) -> bool:
    return today > listing.notice_end


def change_terms(listing: TradeListing, *, today: date) -> date:
    """Terms changed during a 挂牌/竞价 notice restart it from `today`; returns the new last day.

    A 协议定价 notice may not change at all (the published deal is what is noticed).
    """
    if listing.status != TradeStatus.NOTICE:
        raise ValidationError("仅公示期内的挂牌可以变更条件；公示结束后条件不得变更", code="terms_closed")
    if listing.mode == TradeMode.AGREEMENT:
        raise ValidationError("协议定价公示的成交条件不得变更；如需变更请撤回后重新公示", code="terms_frozen")
    length = workdays.working_days_between(listing.notice_start, listing.notice_end)
    new_end = workdays.add_working_days(today, max(length, LISTING_NOTICE_WORKING_DAYS))
    listing.notice_start, listing.notice_end = today, new_end
    listing.terms_version += 1
    listing.restarts += 1
    return new_end


def check_auction_setup(*, start_price: Decimal, increment: Decimal, reserve: Decimal) -> None:
    if start_price <= 0:
        raise ValidationError("起拍价应大于0万元", field="price", code="price_not_positive")
    if increment <= 0:
        raise ValidationError("加价幅度应大于0万元", field="increment", code="increment_not_positive")
    if reserve < start_price:
        raise ValidationError("底价不应低于起拍价", field="reserve", code="reserve_below_start")


def highest(bids: Sequence[Bid]) -> Bid | None:
    """The leading bid: the highest amount, the earlier one on a tie (bids are strictly rising anyway)."""
    return max(bids, key=lambda b: (b.amount, -b.seq), default=None)


def minimum_next_bid(listing: TradeListing, bids: Sequence[Bid]) -> Decimal:
    assert listing.price is not None and listing.increment is not None
    top = highest(bids)
    return listing.price if top is None else top.amount + listing.increment


@dataclass(frozen=True)
class BidDecision:
    amount: Decimal
    seq: int
    close_at: datetime  # the close after this bid (moved on a late bid)
    extended: bool


def check_bid(listing: TradeListing, bids: Sequence[Bid], *, amount: Decimal, bidder_org_id: int | None,
              now: datetime, bidder_id: int | None = None) -> BidDecision:
    """Accept or refuse a bid at `now` (UTC) given every bid already placed."""
    if listing.mode != TradeMode.AUCTION:
        raise ValidationError("该交易不是竞价方式，不能出价", code="not_auction")
    assert listing.auction_start is not None and listing.auction_end is not None and listing.increment is not None
    if bidder_org_id is not None and bidder_org_id == listing.seller_org_id:
        raise ValidationError("卖方本单位不能参与竞价", code="own_listing")
    if listing.status == TradeStatus.NOTICE or now < listing.auction_start:
        raise ValidationError("竞价尚未开始（公示期结束后方可出价）", code="not_started")
    if listing.status != TradeStatus.BIDDING or now >= listing.auction_end:
        raise ValidationError("竞价已截止，不能再出价", code="closed")
    if amount <= 0:
        raise ValidationError("出价应大于0万元", field="amount", code="amount_not_positive")
    floor = minimum_next_bid(listing, bids)
    if amount < floor:
        raise ValidationError(f"出价应不低于{floor}万元（当前最高价加一个加价幅度{listing.increment}万元）",
                              field="amount", code="below_increment")
    assert listing.price is not None
    if (amount - listing.price) % listing.increment != 0:
        raise ValidationError(f"出价应为起拍价{listing.price}万元加整数倍加价幅度{listing.increment}万元",
                              field="amount", code="off_increment")
    if listing.origin_mode == TradeMode.LISTING and bidder_id is not None and bidder_id not in {b.bidder_id for b in bids}:
        raise ValidationError("该竞价由挂牌转入，仅挂牌期内登记的意向受让方可以出价", code="not_registered")
    late = listing.auction_end - now <= EXTENSION
    close_at = max(listing.auction_end, now + EXTENSION) if late else listing.auction_end
    return BidDecision(amount, len(bids) + 1, close_at, close_at != listing.auction_end)


@dataclass(frozen=True)
class Closing:
    outcome: Outcome
    winner: Bid | None
    status: TradeStatus
    message: str


def close_auction(listing: TradeListing, bids: Sequence[Bid], *, now: datetime) -> Closing:
    """The outcome once the close has passed: 0 bidders → extend or withdraw; 1 → agreed at or above the
    reserve; ≥2 → the highest bid wins (if it reaches the reserve)."""
    assert listing.auction_end is not None and listing.reserve is not None
    if listing.status != TradeStatus.BIDDING:
        raise ValidationError("该竞价不在进行中", code="not_bidding")
    if now < listing.auction_end:
        raise ValidationError("竞价尚未截止", code="not_closed_yet")
    bidders = {b.bidder_id for b in bids}
    top = highest(bids)
    if top is None:
        return Closing(Outcome.NO_BIDDER, None, TradeStatus.AWAITING_DECISION, "无人出价：卖方可延期竞价或撤牌")
    if top.amount < listing.reserve:
        return Closing(Outcome.BELOW_RESERVE, None, TradeStatus.UNSOLD,
                       f"最高出价{top.amount}万元未达底价{listing.reserve}万元，流拍")
    if len(bidders) == 1:
        return Closing(Outcome.AGREED, top, TradeStatus.SOLD, f"仅一家竞买人，以{top.amount}万元（不低于底价）协议成交")
    return Closing(Outcome.HIGHEST_WINS, top, TradeStatus.SOLD, f"{len(bidders)}家竞买，最高价{top.amount}万元成交")


def extend_auction(listing: TradeListing, *, now: datetime, hours: int) -> datetime:
    """After a close with no bidder the seller may extend (1 to 720 hours)."""
    if listing.status != TradeStatus.AWAITING_DECISION:
        raise ValidationError("仅无人出价的竞价可以延期", code="not_awaiting")
    if not 1 <= hours <= 720:
        raise ValidationError("延期时长应为1至720小时", field="hours", code="hours_range")
    listing.auction_end = now + timedelta(hours=hours)
    listing.status = TradeStatus.BIDDING.value
    return listing.auction_end


def reserve_visible(listing: TradeListing) -> bool:
    return listing.status in (TradeStatus.SOLD, TradeStatus.UNSOLD, TradeStatus.AWAITING_DECISION,
                              TradeStatus.WITHDRAWN)


OPEN_LICENCE_MAX_YEARS = 20  # the longest patent term (专利法 第四十二条: 发明 20 years); no statement outlives it


def check_open_licence(*, royalty_rate: Decimal | None, lump_sum: Decimal | None, fee_terms: str,
                       licence_until: date | None = None, today: date | None = None) -> None:
    """The fee terms of an open-licence statement.

    专利法 第五十条: the statement must make the way and the standard of the fee clear (明确许可使用费支付方式、标准);
    专利法实施细则(2023) 第八十五条: it states the fee's way and standard and the licence period (专利许可期限).
    Neither text sets a numeric ceiling on the fee: the caps enforced here are the ones that can be cited — a rate is a
    share of sales strictly between 0 and 100 %, a fixed fee is positive, and one published standard applies to every
    licensee (one rate and/or one yearly sum, not a range to negotiate: 第五十一条 sends any negotiated fee to an
    ordinary licence outside the open licence). The patent-side conditions (第八十六条: no exclusive licence in force,
    annuities paid, pledgee's consent; 第五十条: evaluation report for utility models and designs) are checked by
    ip.rules.open_licence_problems against the recorded IP.
    """
    if royalty_rate is None and lump_sum is None:
        raise ValidationError("开放许可声明应写明许可使用费支付方式和标准（提成比例或固定费用，专利法第五十条）",
                              field="royalty_rate", code="fee_required")
    if royalty_rate is not None and not Decimal(0) < royalty_rate < Decimal(100):
        raise ValidationError("提成比例应大于0%且小于100%", field="royalty_rate", code="rate_range")
    if lump_sum is not None and lump_sum <= 0:
        raise ValidationError("固定许可费应大于0万元", field="lump_sum", code="fee_not_positive")
    if not fee_terms.strip():
        raise ValidationError("请填写许可使用费条款", field="fee_terms", code="required")
    if any(word in fee_terms for word in ("面议", "协商", "另议", "商定")):
        raise ValidationError("开放许可的许可使用费应为公开、明确的统一标准，不能写“面议”“协商确定”（协商的许可费属于普通许可，"
                              "专利法第五十一条）", field="fee_terms", code="fee_not_definite")
    if licence_until is None:
        raise ValidationError("请填写开放许可期限（专利法实施细则第八十五条）", field="licence_until", code="required")
    if today is not None and licence_until <= today:
        raise ValidationError("开放许可期限应晚于今天", field="licence_until", code="until_in_past")
    if today is not None and licence_until.year - today.year > OPEN_LICENCE_MAX_YEARS:
        raise ValidationError(f"开放许可期限不能超过{OPEN_LICENCE_MAX_YEARS}年（专利最长保护期）", field="licence_until",
                              code="until_too_far")


def contract_draft(listing: TradeListing, *, amount: Decimal, seller_name: str, buyer_name: str) -> dict[str, str]:
    """The 技术合同 the trade pre-fills: type, amount, parties (registration number comes later)."""
    return {"title": listing.title, "contract_type": listing.contract_type, "amount": f"{amount:.2f}",
            "seller_name": seller_name, "buyer_name": buyer_name, "registration_no": ""}


# ---------------------------------------------------------------- endings of 协议定价公示 and 挂牌

LISTING_EXTENSION_WORKING_DAYS = (5, 20)  # a 挂牌 with no intended buyer may be extended by 5 to 20 working days
DEFAULT_INCREMENT_SHARE = Decimal("0.01")  # a converted 挂牌 bids up in steps of 1 % of the price unless set


@dataclass(frozen=True)
class Ending:
    outcome: Outcome
    status: TradeStatus
    message: str
    winner: Bid | None = None  # 挂牌 with one intended buyer: that buyer's intent


def check_intent(listing: TradeListing, intents: Sequence[Bid], *, bidder_id: int, bidder_org_id: int | None,
                 today: date) -> None:
    """A 意向受让登记 on a 挂牌 during its notice: once per buyer, never by the seller's own organisation."""
    if listing.mode != TradeMode.LISTING:
        raise ValidationError("只有挂牌交易可以登记受让意向", code="not_listing")
    if bidder_org_id is not None and bidder_org_id == listing.seller_org_id:
        raise ValidationError("卖方本单位不能登记受让意向", code="own_listing")
    if listing.status != TradeStatus.NOTICE or today > listing.notice_end:
        raise ValidationError("挂牌期已结束，不能再登记受让意向", code="closed")
    if any(b.bidder_id == bidder_id for b in intents):
        raise ValidationError("您已登记过受让意向", code="already_registered")


def end_notice(listing: TradeListing, intents: Sequence[Bid], *, today: date) -> Ending:
    """What happens when a 协议定价 or 挂牌 notice has run its days (the day after its last day).

    协议定价: nothing stops the published deal → 成交 at the agreed price with the named buyer.
    挂牌: 0 intended buyers → the seller extends or withdraws; 1 → 协议成交 at the listed price;
    ≥2 → a 竞价 among them, starting at the listed price (common exchange practice).
    """
    if listing.status != TradeStatus.NOTICE or listing.mode not in (TradeMode.AGREEMENT, TradeMode.LISTING):
        raise ValidationError("该交易不在公示期", code="not_in_notice")
    if not notice_over(listing, today):
        raise ValidationError(f"公示期至{listing.notice_end.isoformat()}结束，尚未期满", code="notice_running")
    if listing.mode == TradeMode.AGREEMENT:
        return Ending(Outcome.NOTICE_PASSED, TradeStatus.SOLD,
                      f"协议定价结果公示{AGREEMENT_NOTICE_DAYS}日期满，按协议价{listing.price}万元成交")
    buyers = {b.bidder_id for b in intents}
    if not buyers:
        return Ending(Outcome.NO_BIDDER, TradeStatus.AWAITING_DECISION, "挂牌期满无意向受让方：卖方可延长挂牌或撤牌")
    if len(buyers) == 1:
        first = min(intents, key=lambda b: b.seq)
        return Ending(Outcome.AGREED, TradeStatus.SOLD, f"挂牌期满仅一家意向受让方，按挂牌价{listing.price}万元协议成交",
                      winner=first)
    return Ending(Outcome.CONVERTED, TradeStatus.NOTICE,
                  f"挂牌期满有{len(buyers)}家意向受让方，转入网络竞价（起拍价为挂牌价{listing.price}万元）")


def convert_to_auction(listing: TradeListing, *, starts: datetime, hours: int = 4) -> None:
    """Turn a 挂牌 with ≥2 intended buyers into a 竞价 among them: start = reserve = the listed price."""
    assert listing.price is not None
    listing.origin_mode = TradeMode.LISTING.value
    listing.mode = TradeMode.AUCTION.value
    listing.reserve = listing.price
    if listing.increment is None:
        listing.increment = max(Decimal("0.01"), (listing.price * DEFAULT_INCREMENT_SHARE).quantize(Decimal("0.01")))
    listing.auction_start, listing.auction_end = starts, starts + timedelta(hours=hours)
    listing.status = TradeStatus.NOTICE.value  # opens for bids at `starts` (service._refresh)


def extend_listing(listing: TradeListing, *, today: date, working_days: int) -> date:
    """After a 挂牌 ended with no intended buyer the seller may extend it by 5 to 20 working days."""
    low, high = LISTING_EXTENSION_WORKING_DAYS
    if listing.mode != TradeMode.LISTING or listing.status != TradeStatus.AWAITING_DECISION:
        raise ValidationError("仅无意向受让方的挂牌可以延长挂牌期", code="not_awaiting")
    if not low <= working_days <= high:
        raise ValidationError(f"延长挂牌期应为{low}至{high}个工作日", field="days", code="days_range")
    listing.notice_end = workdays.add_working_days(today, working_days)
    listing.status = TradeStatus.NOTICE.value
    return listing.notice_end
