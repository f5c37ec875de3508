"""Tables of trade listings and their bids, and their imperative mapping."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.storage.metadata import mapper_registry, metadata
from techbridge.trading.model import Bid, TradeListing

WAN = Numeric(14, 2)  # 万元 with two decimals (a hundred yuan), as kernel.money parses them

trade_listings = Table(
    "trade_listings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("achievement_id", ForeignKey("achievements.id"), nullable=False, index=True),
    Column("seller_org_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("seller_user_id", ForeignKey("users.id"), nullable=False),
    Column("mode", String(16), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("contract_type", String(16), nullable=False),
    Column("price", WAN),
    Column("notice_start", Date, nullable=False),
    Column("notice_end", Date, nullable=False),
    Column("terms", Text, nullable=False, default=""),
    Column("reserve", WAN),
    Column("increment", WAN),
    Column("auction_start", DateTime),
    Column("auction_end", DateTime),
    Column("counterparty", String(200), nullable=False, default=""),
    Column("fee_terms", Text, nullable=False, default=""),
    Column("royalty_rate", Numeric(6, 3)),
    Column("lump_sum", WAN),
    Column("status", String(24), nullable=False, index=True),
    Column("terms_version", Integer, nullable=False, default=1),
    Column("restarts", Integer, nullable=False, default=0),
    Column("bid_seq", Integer, nullable=False, default=0),
    Column("winner_bid_id", Integer),
    Column("final_price", WAN),
    Column("outcome", String(24)),
    Column("engagement_id", Integer),
    Column("contract_draft", JSON),
    Column("contract_id", Integer),  # the deals contract row the finished trade created
    Column("origin_mode", String(16)),  # a 挂牌 with ≥2 intended buyers goes on as a 竞价: "listing"
    Column("buyer_demand_id", Integer),  # 协议定价: the agreed buyer's demand, when it is on the platform
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

trade_bids = Table(
    "trade_bids",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("listing_id", ForeignKey("trade_listings.id"), nullable=False, index=True),
    Column("bidder_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("bidder_org_id", Integer),
    Column("amount", WAN, nullable=False),
    Column("placed_at", DateTime, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("demand_id", Integer),
    Column("extended_to", DateTime),
    UniqueConstraint("listing_id", "seq"),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(TradeListing, trade_listings)
    mapper_registry.map_imperatively(Bid, trade_bids)
