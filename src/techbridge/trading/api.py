"""交易 JSON API: the trading hall, a listing with its bids, placing a bid, closing, the seller's listings."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from techbridge.trading import service as trading
from techbridge.trading.model import TradeListing
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import RequestBody

router = APIRouter(tags=["交易"])
Wan = str  # decimal string in 万元, e.g. "350.00"


def _wan(value: object) -> str | None:
    return None if value is None else f"{value:.2f}"


class TradeListingPublic(BaseModel):
    id: int
    achievement_id: int
    mode: str = Field(description="agreement 协议定价公示 / listing 挂牌 / auction 竞价 / open_licence 开放许可")
    mode_label: str
    title: str
    contract_type: str
    price: Wan | None = Field(description="公示价、挂牌价或起拍价，万元")
    notice_start: str
    notice_end: str
    terms: str
    terms_version: int
    increment: Wan | None
    auction_start: datetime | None = Field(description="UTC")
    auction_end: datetime | None = Field(description="UTC；最后5分钟内出价会顺延")
    counterparty: str
    fee_terms: str
    royalty_rate: str | None
    lump_sum: Wan | None
    status: str
    status_label: str
    reserve: Wan | None = Field(description="底价：竞价结束前不公开（null）")
    final_price: Wan | None
    outcome: str | None
    engagement_id: int | None
    contract_draft: dict[str, str] | None


def listing_public(listing: TradeListing, *, reserve_shown: object = None) -> TradeListingPublic:
    return TradeListingPublic(
        id=listing.id or 0, achievement_id=listing.achievement_id, mode=listing.mode, mode_label=listing.mode_label,
        title=listing.title, contract_type=listing.contract_type, price=_wan(listing.price),
        notice_start=listing.notice_start.isoformat(), notice_end=listing.notice_end.isoformat(), terms=listing.terms,
        terms_version=listing.terms_version, increment=_wan(listing.increment), auction_start=listing.auction_start,
        auction_end=listing.auction_end, counterparty=listing.counterparty, fee_terms=listing.fee_terms,
        royalty_rate=None if listing.royalty_rate is None else str(listing.royalty_rate), lump_sum=_wan(listing.lump_sum),
        status=listing.status, status_label=listing.status_label, reserve=_wan(reserve_shown),
        final_price=_wan(listing.final_price), outcome=listing.outcome, engagement_id=listing.engagement_id,
        contract_draft=listing.contract_draft)


class BidPublic(BaseModel):
    seq: int
    bidder: str = Field(description="竞买人编号（本人的出价显示“我”）")
    amount: Wan
    placed_at: datetime
    extended: bool


class ListingDetail(BaseModel):
    listing: TradeListingPublic
    seller: str
    bids: list[BidPublic]
    leading: Wan | None
    minimum_next: Wan | None
    may_bid: bool


class ListingWrite(RequestBody):
    achievement_id: int
    mode: str
    price: Wan | None = None
    contract_type: str = "技术转让"
    terms: str = ""
    notice_start: str = ""
    notice_end: str = ""
    reserve: Wan | None = None
    increment: Wan | None = None
    auction_start: str = Field("", description="北京时间，如 2026-12-07 10:00")
    auction_end: str = ""
    counterparty: str = ""
    fee_terms: str = ""
    royalty_rate: str | None = None
    lump_sum: Wan | None = None


class BidWrite(RequestBody):
    amount: Wan
    demand_id: int | None = Field(None, description="本单位的技术需求：成交后据此建立对接")


class BidPlaced(BaseModel):
    seq: int
    amount: Wan
    close_at: datetime
    extended: bool


class ClosingResult(BaseModel):
    outcome: str
    message: str
    status: str


@router.get("/trading", response_model=list[TradeListingPublic], summary="交易大厅：公示、挂牌、竞价与开放许可")
def hall(platform: PlatformDep) -> list[TradeListingPublic]:
    return [listing_public(t) for t in trading.hall(platform.uow())]


@router.get("/trading/mine", response_model=list[TradeListingPublic], summary="本单位的交易（卖方）")
def mine(platform: PlatformDep, user: RequiredUser) -> list[TradeListingPublic]:
    return [listing_public(t) for t in trading.seller_listings(platform.uow(), actor=user)]


@router.get("/trading/{listing_id}", response_model=ListingDetail, summary="交易详情（底价在结束前不公开）")
def detail(listing_id: Id, platform: PlatformDep, user: CurrentUser) -> ListingDetail:
    v = trading.view(platform.uow(), viewer=user, listing_id=listing_id)
    return ListingDetail(listing=listing_public(v.listing, reserve_shown=v.reserve_shown), seller=v.seller_name,
                         bids=[BidPublic(seq=b.seq, bidder=b.label, amount=f"{b.amount:.2f}", placed_at=b.placed_at,
                                         extended=b.extended) for b in v.bids],
                         leading=_wan(v.leading), minimum_next=_wan(v.minimum_next), may_bid=v.may_bid)


@router.post("/trading", response_model=ListingDetail, status_code=201, summary="挂牌交易本单位已发布的成果")
def create(body: ListingWrite, platform: PlatformDep, user: RequiredUser) -> ListingDetail:
    raw = {k: ("" if v is None else str(v)) for k, v in body.model_dump().items()}
    listing_id = trading.create_listing(platform.uow(), actor=user, raw=raw)
    return detail(listing_id, platform, user)


@router.post("/trading/{listing_id}/bids", response_model=BidPlaced, status_code=201,
             summary="出价（按加价幅度；最后5分钟内出价顺延截止5分钟）")
def place_bid(listing_id: Id, body: BidWrite, platform: PlatformDep, user: RequiredUser) -> BidPlaced:
    result = trading.place_bid(platform.uow(), actor=user, listing_id=listing_id,
                               raw={"amount": body.amount, "demand_id": body.demand_id})
    return BidPlaced(seq=result.seq, amount=f"{result.amount:.2f}", close_at=result.close_at, extended=result.extended)


@router.post("/trading/{listing_id}/close", response_model=ClosingResult, summary="截止后结算竞价")
def close(listing_id: Id, platform: PlatformDep, user: RequiredUser) -> ClosingResult:
    closing = trading.close(platform.uow(), actor=user, listing_id=listing_id)
    return ClosingResult(outcome=closing.outcome.value, message=closing.message, status=closing.status.value)
