"""Trade listings and bids (pure dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class TradeMode(StrEnum):
    """How the price is set (促进科技成果转化法 第十八条: 协议定价、在技术交易市场挂牌交易、拍卖)."""

    AGREEMENT = "agreement"  # 协议定价，结果公示
    LISTING = "listing"  # 挂牌交易
    AUCTION = "auction"  # 竞价（拍卖）
    OPEN_LICENCE = "open_licence"  # 专利开放许可

    @property
    def label(self) -> str:
        return MODE_LABELS[self]


MODE_LABELS = {TradeMode.AGREEMENT: "协议定价公示", TradeMode.LISTING: "挂牌", TradeMode.AUCTION: "竞价",
               TradeMode.OPEN_LICENCE: "开放许可"}


class TradeStatus(StrEnum):
    NOTICE = "notice"  # 公示/挂牌期
    BIDDING = "bidding"  # 竞价进行中
    AWAITING_DECISION = "awaiting_decision"  # 竞价无人出价，待卖方延期或撤牌
    SOLD = "sold"  # 成交
    UNSOLD = "unsold"  # 流拍（未达底价）
    WITHDRAWN = "withdrawn"
    PUBLISHED = "published"  # 开放许可声明已公布

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {TradeStatus.NOTICE: "公示中", TradeStatus.BIDDING: "竞价中", TradeStatus.AWAITING_DECISION: "无人出价，待处理",
                 TradeStatus.SOLD: "已成交", TradeStatus.UNSOLD: "流拍", TradeStatus.WITHDRAWN: "已撤牌",
                 TradeStatus.PUBLISHED: "许可公布中"}
FINISHED = {TradeStatus.SOLD, TradeStatus.UNSOLD, TradeStatus.WITHDRAWN}


class Outcome(StrEnum):
    NO_BIDDER = "no_bidder"  # 0 bidders: extend or withdraw
    AGREED = "agreed"  # 1 bidder at or above the reserve: 协议成交
    HIGHEST_WINS = "highest_wins"  # ≥2 bidders: highest bid wins
    BELOW_RESERVE = "below_reserve"  # bids, but none reaches the reserve
    NOTICE_PASSED = "notice_passed"  # 协议定价: the notice ran its days, the agreed deal stands
    CONVERTED = "converted"  # 挂牌 with ≥2 intended buyers: goes on as a 竞价 among them


OUTCOME_LABELS = {Outcome.NO_BIDDER: "无人出价/无意向受让方", Outcome.AGREED: "一家受让方，协议成交",
                  Outcome.HIGHEST_WINS: "多家竞买，最高价成交", Outcome.BELOW_RESERVE: "未达底价，流拍",
                  Outcome.NOTICE_PASSED: "公示期满，按协议价成交", Outcome.CONVERTED: "多家意向受让方，转入竞价"}


@dataclass(eq=False)
class TradeListing:
    achievement_id: int
    seller_org_id: int
    seller_user_id: int
    mode: str
    title: str
    contract_type: str  # deals.contracts.ContractType value
    price: Decimal | None  # 万元: the published price (协议价/挂牌价) or the auction's starting price
    notice_start: date
    notice_end: date  # last day of the notice
    terms: str = ""  # published terms (frozen during a 挂牌 notice)
    reserve: Decimal | None = None  # 竞价底价, hidden until close
    increment: Decimal | None = None  # 竞价加价幅度
    auction_start: datetime | None = None  # UTC
    auction_end: datetime | None = None  # UTC, moves on a late bid
    counterparty: str = ""  # 协议定价: the agreed buyer's name
    fee_terms: str = ""  # 开放许可: published fee terms
    royalty_rate: Decimal | None = None  # 开放许可: percent of sales
    lump_sum: Decimal | None = None  # 开放许可: 万元 per year
    status: str = TradeStatus.NOTICE.value
    terms_version: int = 1
    restarts: int = 0
    bid_seq: int = 0
    winner_bid_id: int | None = None
    final_price: Decimal | None = None
    outcome: str | None = None
    engagement_id: int | None = None
    contract_draft: dict[str, str] | None = None
    contract_id: int | None = None
    origin_mode: str | None = None
    buyer_demand_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def mode_label(self) -> str:
        return TradeMode(self.mode).label

    @property
    def status_label(self) -> str:
        return TradeStatus(self.status).label


@dataclass(eq=False)
class Bid:
    """One bid: append-only, numbered per listing in the order the database serialised them."""

    listing_id: int
    bidder_id: int
    bidder_org_id: int | None
    amount: Decimal  # 万元
    placed_at: datetime  # UTC
    seq: int
    demand_id: int | None = None
    extended_to: datetime | None = None
    id: int | None = None
