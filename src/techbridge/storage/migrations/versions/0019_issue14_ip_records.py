"""IP records and trade endings (issue 14): patent legal status with who checked it and when, licences and pledges;
a technology contract remembers the TRL of its technology (market-method comparables); a trade listing links the
技术合同 it created, the 挂牌 it was converted from, and the agreed buyer's demand

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("checked_by", sa.String(length=64), nullable=False),
        sa.Column("checked_by_user_id", sa.Integer(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("paid_through_year", sa.Integer(), nullable=True),
        sa.Column("annuity_due", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["achievement_id"], ["achievements.id"],
                                name="fk_patent_records_achievement_id_achievements"),
        sa.ForeignKeyConstraint(["checked_by_user_id"], ["users.id"], name="fk_patent_records_checked_by_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_patent_records"),
        sa.UniqueConstraint("achievement_id", "number", name="uq_patent_records_achievement_id_number"),
    )
    op.create_index("ix_patent_records_achievement_id", "patent_records", ["achievement_id"])
    op.create_index("ix_patent_records_number", "patent_records", ["number"])
    op.create_index("ix_patent_records_status", "patent_records", ["status"])
    op.create_index("ix_patent_records_annuity_due", "patent_records", ["annuity_due"])
    op.create_table(
        "patent_licences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("licensee", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["patent_records.id"], name="fk_patent_licences_record_id_patent_records"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name="fk_patent_licences_recorded_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_patent_licences"),
    )
    op.create_index("ix_patent_licences_record_id", "patent_licences", ["record_id"])
    op.create_table(
        "patent_pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("pledgee", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("released_on", sa.Date(), nullable=True),
        sa.Column("open_licence_consent", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["patent_records.id"], name="fk_patent_pledges_record_id_patent_records"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name="fk_patent_pledges_recorded_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_patent_pledges"),
    )
    op.create_index("ix_patent_pledges_record_id", "patent_pledges", ["record_id"])
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trl", sa.Integer(), nullable=True))
    with op.batch_alter_table("trade_listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contract_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("origin_mode", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("buyer_demand_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trade_listings", schema=None) as batch_op:
        batch_op.drop_column("buyer_demand_id")
        batch_op.drop_column("origin_mode")
        batch_op.drop_column("contract_id")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("trl")
    op.drop_index("ix_patent_pledges_record_id", table_name="patent_pledges")
    op.drop_table("patent_pledges")
    op.drop_index("ix_patent_licences_record_id", table_name="patent_licences")
    op.drop_table("patent_licences")
    for name in ("annuity_due", "status", "number", "achievement_id"):
        op.drop_index(f"ix_patent_records_{name}", table_name="patent_records")
    op.drop_table("patent_records")
