"""trading and evaluation (issue 14): trade listings (协议定价公示 / 挂牌 / 竞价 / 开放许可), append-only bids,
evaluations (GB/T 44731-2024) with sharing consents, valuations (GB/T 39057-2020)

Revision ID: 0014
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0015"
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
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("owner_org_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("achievement_type", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("evaluator_org_id", sa.Integer(), nullable=True),
        sa.Column("evaluator_user_id", sa.Integer(), nullable=True),
        sa.Column("assessors", sa.JSON(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("total", sa.Numeric(5, 1), nullable=True),
        sa.Column("grade", sa.String(length=8), nullable=False),
        sa.Column("trl", sa.Integer(), nullable=True),
        sa.Column("innovation", sa.String(length=16), nullable=False),
        sa.Column("advancement", sa.String(length=16), nullable=False),
        sa.Column("comparisons", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["achievement_id"], ["achievements.id"], name="fk_evaluations_achievement_id_achievements"),
        sa.ForeignKeyConstraint(["owner_org_id"], ["organizations.id"], name="fk_evaluations_owner_org_id_organizations"),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name="fk_evaluations_requested_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_evaluations"),
    )
    op.create_index("ix_evaluations_achievement_id", "evaluations", ["achievement_id"])
    op.create_table(
        "evaluation_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("party_name", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("consented_by", sa.Integer(), nullable=False),
        sa.Column("consented_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["evaluation_id"], ["evaluations.id"], name="fk_evaluation_shares_evaluation_id_evaluations"),
        sa.ForeignKeyConstraint(["consented_by"], ["users.id"], name="fk_evaluation_shares_consented_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_shares"),
    )
    op.create_index("ix_evaluation_shares_evaluation_id", "evaluation_shares", ["evaluation_id"])
    op.create_table(
        "valuations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("asking_price", sa.Numeric(14, 2), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["achievement_id"], ["achievements.id"], name="fk_valuations_achievement_id_achievements"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name="fk_valuations_created_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_valuations"),
    )
    op.create_index("ix_valuations_achievement_id", "valuations", ["achievement_id"])


def downgrade() -> None:
    op.drop_table("valuations")
    op.drop_table("evaluation_shares")
    op.drop_table("evaluations")
    op.drop_table("trade_bids")
    op.drop_table("trade_listings")
