"""trading (issue 14): trade listings (协议定价公示 / 挂牌 / 竞价 / 开放许可) and append-only bids

Revision ID: 0014
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None

WAN = sa.Numeric(14, 2)


def upgrade() -> None:
    op.create_table(
        "trade_listings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("seller_org_id", sa.Integer(), nullable=False),
        sa.Column("seller_user_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("contract_type", sa.String(length=16), nullable=False),
        sa.Column("price", WAN, nullable=True),
        sa.Column("notice_start", sa.Date(), nullable=False),
        sa.Column("notice_end", sa.Date(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("reserve", WAN, nullable=True),
        sa.Column("increment", WAN, nullable=True),
        sa.Column("auction_start", sa.DateTime(), nullable=True),
        sa.Column("auction_end", sa.DateTime(), nullable=True),
        sa.Column("counterparty", sa.String(length=200), nullable=False),
        sa.Column("fee_terms", sa.Text(), nullable=False),
        sa.Column("royalty_rate", sa.Numeric(6, 3), nullable=True),
        sa.Column("lump_sum", WAN, nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("terms_version", sa.Integer(), nullable=False),
        sa.Column("restarts", sa.Integer(), nullable=False),
        sa.Column("bid_seq", sa.Integer(), nullable=False),
        sa.Column("winner_bid_id", sa.Integer(), nullable=True),
        sa.Column("final_price", WAN, nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("engagement_id", sa.Integer(), nullable=True),
        sa.Column("contract_draft", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["achievement_id"], ["achievements.id"], name="fk_trade_listings_achievement_id_achievements"),
        sa.ForeignKeyConstraint(["seller_org_id"], ["organizations.id"], name="fk_trade_listings_seller_org_id_organizations"),
        sa.ForeignKeyConstraint(["seller_user_id"], ["users.id"], name="fk_trade_listings_seller_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_trade_listings"),
    )
    op.create_index("ix_trade_listings_achievement_id", "trade_listings", ["achievement_id"])
    op.create_index("ix_trade_listings_seller_org_id", "trade_listings", ["seller_org_id"])
    op.create_index("ix_trade_listings_mode", "trade_listings", ["mode"])
    op.create_index("ix_trade_listings_status", "trade_listings", ["status"])
    op.create_table(
        "trade_bids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("bidder_id", sa.Integer(), nullable=False),
        sa.Column("bidder_org_id", sa.Integer(), nullable=True),
        sa.Column("amount", WAN, nullable=False),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=True),
        sa.Column("extended_to", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["listing_id"], ["trade_listings.id"], name="fk_trade_bids_listing_id_trade_listings"),
        sa.ForeignKeyConstraint(["bidder_id"], ["users.id"], name="fk_trade_bids_bidder_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_trade_bids"),
        sa.UniqueConstraint("listing_id", "seq", name="uq_trade_bids_listing_id_seq"),
    )
    op.create_index("ix_trade_bids_listing_id", "trade_bids", ["listing_id"])
    op.create_index("ix_trade_bids_bidder_id", "trade_bids", ["bidder_id"])


def downgrade() -> None:
    op.drop_table("trade_bids")
    op.drop_table("trade_listings")
