"""dashboard: targets, official statistics, 产业链图谱 tags, and indexes for the regional figures

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Indexes on existing tables for the dashboard's aggregates (bench/bench_dashboard.py measures
# the endpoints with and without them and prints the heaviest plans). Each is (name, table, columns).
PERFORMANCE_INDEXES: list[tuple[str, str, list[str]]] = [
    # flows and the yearly series: Beijing sellers (a code range) and their buyers, covering the sum
    ("ix_contracts_flow", "contracts", ["seller_region", "buyer_region", "signed_on", "amount"]),
    # the funnel's furthest stage per engagement and the median self-join (enter → leave)
    ("ix_engagement_events_engagement_stage", "engagement_events", ["engagement_id", "to_stage", "at"]),
    ("ix_engagement_events_engagement_from", "engagement_events", ["engagement_id", "from_stage", "at"]),
    # signed-in-a-year (the key-technology target) and the monthly report's counts
    ("ix_engagement_events_stage_at", "engagement_events", ["to_stage", "at"]),
    # the chain map's freshness check: is every listing tagged after its last edit?
    ("ix_chain_segment_tags_listing", "chain_segment_tags", ["kind", "listing_id", "tagged_at"]),
]


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_targets_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("year", "kind", name=op.f("uq_targets_year_kind")),
    )
    op.create_table(
        "official_statistics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=100), nullable=False),
        sa.Column("from_regions", sa.String(length=64), nullable=False),
        sa.Column("to_regions", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("park", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_statistics")),
        sa.UniqueConstraint("indicator", "from_regions", "to_regions", "year",
                            name=op.f("uq_official_statistics_indicator_from_regions_to_regions_year")),
    )
    with op.batch_alter_table("official_statistics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_official_statistics_year"), ["year"], unique=False)
        batch_op.create_index(batch_op.f("ix_official_statistics_park"), ["park"], unique=False)
    op.create_table(
        "chain_segment_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("segment", sa.String(length=96), nullable=False),
        sa.Column("tagged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_segment_tags")),
        sa.UniqueConstraint("kind", "listing_id", "segment", name=op.f("uq_chain_segment_tags_kind_listing_id_segment")),
    )
    with op.batch_alter_table("chain_segment_tags", schema=None) as batch_op:
        batch_op.create_index("ix_chain_segment_tags_segment_kind", ["segment", "kind"], unique=False)
    for name, table, columns in PERFORMANCE_INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(PERFORMANCE_INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("chain_segment_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_chain_segment_tags_segment_kind")
    op.drop_table("chain_segment_tags")
    with op.batch_alter_table("official_statistics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_official_statistics_park"))
        batch_op.drop_index(batch_op.f("ix_official_statistics_year"))
    op.drop_table("official_statistics")
    op.drop_table("targets")
