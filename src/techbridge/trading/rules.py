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
              now: datetime) -> BidDecision:
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


def check_open_licence(*, royalty_rate: Decimal | None, lump_sum: Decimal | None, fee_terms: str) -> None:
    """专利法 第五十条: the open-licence statement must state how and how much the fee is paid."""
    if royalty_rate is None and lump_sum is None:
        raise ValidationError("开放许可声明应写明许可使用费支付方式和标准（提成比例或固定费用）", field="royalty_rate",
                              code="fee_required")
    if royalty_rate is not None and not Decimal(0) < royalty_rate < Decimal(100):
        raise ValidationError("提成比例应在0%至100%之间", field="royalty_rate", code="rate_range")
    if lump_sum is not None and lump_sum <= 0:
        raise ValidationError("固定许可费应大于0万元", field="lump_sum", code="fee_not_positive")
    if not fee_terms.strip():
        raise ValidationError("请填写许可使用费条款", field="fee_terms", code="required")


def contract_draft(listing: TradeListing, *, amount: Decimal, seller_name: str, buyer_name: str) -> dict[str, str]:
    """The 技术合同 the trade pre-fills: type, amount, parties (registration number comes later)."""
    return {"title": listing.title, "contract_type": listing.contract_type, "amount": f"{amount:.2f}",
            "seller_name": seller_name, "buyer_name": buyer_name, "registration_no": ""}
