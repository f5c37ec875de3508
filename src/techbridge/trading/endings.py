"""How trades end: a 协议定价 notice that ran its days, a 挂牌 notice (0 / 1 / ≥2 intended buyers), a 竞价 past its
close (0 / 1 / ≥2 bidders) — each in its own transaction under the listing's row lock — and the hand-over of a
finished trade to the pipeline and the contract register (deals.openings.conclude_trade).

`run_endings` is what the periodic job (`techbridge jobs run --only trading`, jobs.periodic.trade_endings) calls:
every ending that is due, whoever is or is not looking at the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from techbridge.accounts.directory import get_organization, organization_by_name
from techbridge.deals import openings
from techbridge.kernel.clock import BEIJING
from techbridge.kernel.errors import DomainError
from techbridge.listings import queries as listings
from techbridge.storage.uow import UnitOfWork
from techbridge.trading import rules
from techbridge.trading.model import Bid, Outcome, TradeListing, TradeMode, TradeStatus
from techbridge.trading.repository import BidRepository, TradeListingRepository


def refresh(listing: TradeListing, now: datetime) -> bool:
    """Time-driven moves: an auction whose notice is over opens for bids at its start."""
    if listing.mode == TradeMode.AUCTION and listing.status == TradeStatus.NOTICE:
        assert listing.auction_start is not None
        if now >= listing.auction_start:
            listing.status = TradeStatus.BIDDING.value
            return True
    return False


def beijing_day(now: datetime) -> date:
    return (now + BEIJING).date()


def next_morning(day: date) -> datetime:
    """10:00 Beijing time on the day after `day`, as naive UTC (when a converted 挂牌's 竞价 opens)."""
    return datetime.combine(day + timedelta(days=1), time(10, 0)) - BEIJING


def payment_mode(listing: TradeListing) -> str:
    return "提成支付" if listing.mode == TradeMode.OPEN_LICENCE else "一次性支付"


def hand_over(uow: UnitOfWork, listing: TradeListing, *, amount: Decimal, note: str, on: date,
              winner: Bid | None = None) -> None:
    """Pre-fill the 技术合同 (a real contract row waiting for its registration number) and open or advance the
    engagement when the buyer is known by a demand."""
    if winner is not None:
        buyer_org = get_organization(uow, winner.bidder_org_id) if winner.bidder_org_id else None
        buyer_name = buyer_org.name if buyer_org else ""
        region = buyer_org.region_code if buyer_org else ""
        demand_id: int | None = winner.demand_id
        buyer_user: int | None = winner.bidder_id
    else:  # 协议定价: the agreed buyer, by its demand on the platform or by name and region
        demand = listings.get_demand(uow, listing.buyer_demand_id) if listing.buyer_demand_id else None
        buyer_org = (get_organization(uow, demand.organization_id) if demand
                     else organization_by_name(uow, listing.counterparty))
        buyer_name = buyer_org.name if buyer_org else listing.counterparty
        region = buyer_org.region_code if buyer_org else str((listing.contract_draft or {}).get("buyer_region", ""))
        demand_id, buyer_user = (demand.id, demand.owner_id) if demand else (None, None)
    if demand_id is None and buyer_org is not None and buyer_org.id is not None:
        demand_id, buyer_user = _buyer_demand(uow, listing, buyer_org.id, buyer_user)
    done = openings.conclude_trade(uow, openings.TradeDeal(
        achievement_id=listing.achievement_id, title=listing.title, mode_label=listing.mode_label,
        contract_type=listing.contract_type, amount=amount, seller_org_id=listing.seller_org_id,
        seller_user_id=listing.seller_user_id, buyer_name=buyer_name, buyer_region=region or "000000",
        concluded_on=on, payment_mode=payment_mode(listing), reference=f"trade-{listing.id}", note=note,
        buyer_org_id=buyer_org.id if buyer_org else None, buyer_user_id=buyer_user, demand_id=demand_id))
    seller = get_organization(uow, listing.seller_org_id)
    listing.contract_draft = rules.contract_draft(listing, amount=amount, seller_name=seller.name if seller else "",
                                                  buyer_name=buyer_name)
    listing.contract_id, listing.engagement_id = done.contract_id, done.engagement_id
    listing.final_price = amount


def _buyer_demand(uow: UnitOfWork, listing: TradeListing, buyer_org_id: int,
                  buyer_user: int | None) -> tuple[int | None, int | None]:
    """A buyer that named none of its demands: its published demand in the achievement's industry, else its newest
    one, so that the engagement still opens (a buyer with no demand on the platform gets the contract only)."""
    demands = listings.published_of_organization(uow, "demand", buyer_org_id)
    if not demands:
        return None, buyer_user
    achievement = listings.get_achievement(uow, listing.achievement_id)
    same = [d for d in demands if achievement is not None and d.industry == achievement.industry]
    chosen = (same or demands)[0]
    return chosen.id, buyer_user if buyer_user is not None else chosen.owner_id


def close_auction(uow: UnitOfWork, listing_id: int, now: datetime) -> rules.Closing:
    """Inside a fresh unit of work: close an auction whose end has passed (0 / 1 / ≥2 bidders)."""
    with uow:
        listing = uow.repo(TradeListingRepository).locked(listing_id)
        refresh(listing, now)
        bids = list(uow.repo(BidRepository).of_listing(listing_id))
        closing = rules.close_auction(listing, bids, now=now)
        listing.status, listing.outcome = closing.status.value, closing.outcome.value
        if closing.winner is not None:
            listing.winner_bid_id = closing.winner.id
            hand_over(uow, listing, amount=closing.winner.amount, note=closing.message, on=beijing_day(now),
                      winner=closing.winner)
        listing.updated_at = now
        uow.commit()
        return closing


def end_notice(uow: UnitOfWork, listing_id: int, now: datetime) -> rules.Ending:
    """Inside a fresh unit of work: end a 协议定价 or 挂牌 notice that ran its days."""
    with uow:
        listing = uow.repo(TradeListingRepository).locked(listing_id)
        intents = list(uow.repo(BidRepository).of_listing(listing_id))
        today = beijing_day(now)
        ending = rules.end_notice(listing, intents, today=today)
        listing.outcome = ending.outcome.value
        if ending.outcome == Outcome.CONVERTED:
            rules.convert_to_auction(listing, starts=next_morning(today))
        else:
            listing.status = ending.status.value
        if ending.status == TradeStatus.SOLD:
            assert listing.price is not None
            if ending.winner is not None:
                listing.winner_bid_id = ending.winner.id
            hand_over(uow, listing, amount=listing.price, note=ending.message, on=today, winner=ending.winner)
        listing.updated_at = now
        uow.commit()
        return ending


@dataclass
class EndingsReport:
    closed: int = 0
    ended: int = 0
    sold: int = 0
    problems: list[str] = field(default_factory=list)


def due(uow: UnitOfWork, now: datetime) -> tuple[list[int], list[int]]:
    """(auctions past their close, 协议定价/挂牌 notices past their last day)."""
    today = beijing_day(now)
    with uow:
        rows = list(uow.repo(TradeListingRepository).in_statuses([TradeStatus.NOTICE.value, TradeStatus.BIDDING.value]))
    auctions, notices = [], []
    for row in rows:
        assert row.id is not None
        if row.mode == TradeMode.AUCTION and row.auction_end is not None and now >= row.auction_end:
            auctions.append(row.id)
        elif row.mode in (TradeMode.AGREEMENT, TradeMode.LISTING) and row.status == TradeStatus.NOTICE \
                and today > row.notice_end:
            notices.append(row.id)
    return auctions, notices


def run_endings(make_uow: Callable[[], UnitOfWork], now: datetime) -> EndingsReport:
    """Every ending that is due at `now`, one transaction each (a failure leaves the others done)."""
    report = EndingsReport()
    auctions, notices = due(make_uow(), now)
    for listing_id in auctions:
        try:
            closing = close_auction(make_uow(), listing_id, now)
        except DomainError as err:  # e.g. moved by a late bid since it was read: the next run sees it
            report.problems.append(f"#{listing_id}：{err.message}")
            continue
        report.closed += 1
        report.sold += closing.status == TradeStatus.SOLD
    for listing_id in notices:
        try:
            ending = end_notice(make_uow(), listing_id, now)
        except DomainError as err:
            report.problems.append(f"#{listing_id}：{err.message}")
            continue
        report.ended += 1
        report.sold += ending.status == TradeStatus.SOLD
    return report
