"""sci-tech finance (issue 15): funds and investors, financial products, financing needs, the finance funnel, roadshows

Revision ID: 0015
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "finance_funds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("funder_type", sa.String(length=16), nullable=False),
        sa.Column("thesis", sa.Text(), nullable=False),
        sa.Column("ticket_min", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("ticket_max", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("industries", sa.JSON(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("excluded_industries", sa.JSON(), nullable=False),
        sa.Column("exclusions", sa.String(length=300), nullable=False),
        sa.Column("fund_size", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("contact_name", sa.String(length=32), nullable=False),
        sa.Column("contact_phone", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_finance_funds_created_by_users")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_finance_funds_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name=op.f("fk_finance_funds_reviewed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_funds")),
        sa.UniqueConstraint("organization_id", "name", name="uq_finance_funds_org_name"),
        sa.UniqueConstraint("source", "external_id", name="uq_finance_funds_source_external_id"),
    )
    op.create_index(
        op.f("ix_finance_funds_organization_id"), "finance_funds", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_finance_funds_status"), "finance_funds", ["status"], unique=False)
    op.create_table(
        "finance_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("limit_max", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("rate_min", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("rate_max", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("industries", sa.JSON(), nullable=False),
        sa.Column("min_sme_score", sa.Integer(), nullable=True),
        sa.Column("requires_pledge", sa.Boolean(), nullable=False),
        sa.Column("min_innovation_points", sa.Integer(), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("contact_name", sa.String(length=32), nullable=False),
        sa.Column("contact_phone", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_finance_products_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_finance_products_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name=op.f("fk_finance_products_reviewed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_products")),
        sa.UniqueConstraint("organization_id", "name", name="uq_finance_products_org_name"),
    )
    op.create_index(op.f("ix_finance_products_kind"), "finance_products", ["kind"], unique=False)
    op.create_index(
        op.f("ix_finance_products_organization_id"), "finance_products", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_finance_products_status"), "finance_products", ["status"], unique=False)
    op.create_table(
        "finance_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("industry", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("use_of_funds", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("wants_equity", sa.Boolean(), nullable=False),
        sa.Column("wants_debt", sa.Boolean(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=True),
        sa.Column("engagement_id", sa.Integer(), nullable=True),
        sa.Column("has_pledge", sa.Boolean(), nullable=False),
        sa.Column("sme_score", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["achievement_id"], ["achievements.id"], name=op.f("fk_finance_needs_achievement_id_achievements")
        ),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_finance_needs_created_by_users")),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagements.id"], name=op.f("fk_finance_needs_engagement_id_engagements")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_finance_needs_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name=op.f("fk_finance_needs_reviewed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_needs")),
    )
    op.create_index(
        op.f("ix_finance_needs_organization_id"), "finance_needs", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_finance_needs_status"), "finance_needs", ["status"], unique=False)

    op.create_table(
        "finance_deals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fund_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("termination_reason", sa.String(length=32), nullable=True),
        sa.Column("amount_closed", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_finance_deals_created_by_users")),
        sa.ForeignKeyConstraint(
            ["fund_id"], ["finance_funds.id"], name=op.f("fk_finance_deals_fund_id_finance_funds")
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["finance_needs.id"], name=op.f("fk_finance_deals_need_id_finance_needs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_deals")),
        sa.UniqueConstraint("fund_id", "need_id", name="uq_finance_deals_fund_need"),
    )
    op.create_index(op.f("ix_finance_deals_fund_id"), "finance_deals", ["fund_id"], unique=False)
    op.create_index(op.f("ix_finance_deals_need_id"), "finance_deals", ["need_id"], unique=False)
    op.create_index(op.f("ix_finance_deals_stage"), "finance_deals", ["stage"], unique=False)
    # The finance funnel keeps its timeline in the pipeline's append-only event log (deals.openings).
    with op.batch_alter_table("engagement_events") as batch:
        batch.add_column(sa.Column("subject_kind", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch.alter_column("engagement_id", existing_type=sa.Integer(), nullable=True)
        batch.create_index("ix_engagement_events_subject", ["subject_kind", "subject_id"], unique=False)

    # 路演 (roadshows)
    op.create_table(
        "roadshows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("industry", sa.String(length=32), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("jury_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organiser_id"], ["users.id"], name=op.f("fk_roadshows_organiser_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadshows")),
    )
    op.create_index(op.f("ix_roadshows_organiser_id"), "roadshows", ["organiser_id"], unique=False)
    op.create_table(
        "roadshow_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadshow_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("tags", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_roadshow_registrations_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["roadshow_id"], ["roadshows.id"], name=op.f("fk_roadshow_registrations_roadshow_id_roadshows")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_roadshow_registrations_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadshow_registrations")),
        sa.UniqueConstraint("roadshow_id", "user_id", name="uq_roadshow_registrations_roadshow_user"),
    )
    op.create_index(
        op.f("ix_roadshow_registrations_roadshow_id"), "roadshow_registrations", ["roadshow_id"], unique=False
    )
    op.create_table(
        "roadshow_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadshow_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["finance_needs.id"], name=op.f("fk_roadshow_slots_need_id_finance_needs")
        ),
        sa.ForeignKeyConstraint(
            ["roadshow_id"], ["roadshows.id"], name=op.f("fk_roadshow_slots_roadshow_id_roadshows")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadshow_slots")),
        sa.UniqueConstraint("roadshow_id", "need_id", name="uq_roadshow_slots_roadshow_need"),
    )
    op.create_index(op.f("ix_roadshow_slots_roadshow_id"), "roadshow_slots", ["roadshow_id"], unique=False)
    op.create_table(
        "roadshow_interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["finance_deals.id"], name=op.f("fk_roadshow_interests_deal_id_finance_deals")
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["roadshow_slots.id"], name=op.f("fk_roadshow_interests_slot_id_roadshow_slots")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_roadshow_interests_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadshow_interests")),
        sa.UniqueConstraint("slot_id", "user_id", name="uq_roadshow_interests_slot_user"),
    )
    op.create_index(op.f("ix_roadshow_interests_slot_id"), "roadshow_interests", ["slot_id"], unique=False)
    op.create_table(
        "roadshow_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("juror_id", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("total", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["juror_id"], ["users.id"], name=op.f("fk_roadshow_scores_juror_id_users")),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["roadshow_slots.id"], name=op.f("fk_roadshow_scores_slot_id_roadshow_slots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadshow_scores")),
        sa.UniqueConstraint("slot_id", "juror_id", name="uq_roadshow_scores_slot_juror"),
    )
    op.create_index(op.f("ix_roadshow_scores_slot_id"), "roadshow_scores", ["slot_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_roadshow_scores_slot_id"), table_name="roadshow_scores")
    op.drop_table("roadshow_scores")
    op.drop_index(op.f("ix_roadshow_interests_slot_id"), table_name="roadshow_interests")
    op.drop_table("roadshow_interests")
    op.drop_index(op.f("ix_roadshow_slots_roadshow_id"), table_name="roadshow_slots")
    op.drop_table("roadshow_slots")
    op.drop_index(op.f("ix_roadshow_registrations_roadshow_id"), table_name="roadshow_registrations")
    op.drop_table("roadshow_registrations")
    op.drop_index(op.f("ix_roadshows_organiser_id"), table_name="roadshows")
    op.drop_table("roadshows")
    op.execute("DELETE FROM engagement_events WHERE engagement_id IS NULL")
    with op.batch_alter_table("engagement_events") as batch:
        batch.drop_index("ix_engagement_events_subject")
        batch.alter_column("engagement_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("subject_id")
        batch.drop_column("subject_kind")
    op.drop_index(op.f("ix_finance_deals_stage"), table_name="finance_deals")
    op.drop_index(op.f("ix_finance_deals_need_id"), table_name="finance_deals")
    op.drop_index(op.f("ix_finance_deals_fund_id"), table_name="finance_deals")
    op.drop_table("finance_deals")
    op.drop_index(op.f("ix_finance_needs_status"), table_name="finance_needs")
    op.drop_index(op.f("ix_finance_needs_organization_id"), table_name="finance_needs")
    op.drop_table("finance_needs")
    op.drop_index(op.f("ix_finance_products_status"), table_name="finance_products")
    op.drop_index(op.f("ix_finance_products_organization_id"), table_name="finance_products")
    op.drop_index(op.f("ix_finance_products_kind"), table_name="finance_products")
    op.drop_table("finance_products")
    op.drop_index(op.f("ix_finance_funds_status"), table_name="finance_funds")
    op.drop_index(op.f("ix_finance_funds_organization_id"), table_name="finance_funds")
    op.drop_table("finance_funds")
