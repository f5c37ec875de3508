"""finance and roadshows completed (issue 15): the 创新积分 estimate kept on a financing need, financial products keyed for re-import, evaluation shares naming the
financier's organisation, roadshow slots for achievements, interests that open engagements, roadshow invitations

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("finance_needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("innovation_points", sa.Integer(), nullable=True))
    with op.batch_alter_table("finance_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=64), nullable=False, server_default="web"))
        batch_op.add_column(sa.Column("external_id", sa.String(length=128), nullable=True))
        batch_op.create_unique_constraint("uq_finance_products_source_external_id", ["source", "external_id"])
    with op.batch_alter_table("evaluation_shares", schema=None) as batch_op:
        batch_op.add_column(sa.Column("party_org_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_evaluation_shares_party_org_id_organizations"), "organizations",
                                    ["party_org_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_evaluation_shares_party_org_id"), ["party_org_id"], unique=False)
    with op.batch_alter_table("roadshow_slots", schema=None) as batch_op:
        batch_op.alter_column("need_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("achievement_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_roadshow_slots_achievement_id_achievements"), "achievements",
                                    ["achievement_id"], ["id"])
    with op.batch_alter_table("roadshow_interests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("engagement_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_roadshow_interests_engagement_id_engagements"), "engagements",
                                    ["engagement_id"], ["id"])
    op.create_table(
        "roadshow_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadshow_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["invited_by"], ["users.id"], name=op.f("fk_roadshow_invitations_invited_by_users")),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_roadshow_invitations_organization_id_organizations")),
        sa.ForeignKeyConstraint(["roadshow_id"], ["roadshows.id"],
                                name=op.f("fk_roadshow_invitations_roadshow_id_roadshows")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadshow_invitations")),
        sa.UniqueConstraint("roadshow_id", "organization_id", name="uq_roadshow_invitations_roadshow_org"),
    )
    op.create_index(op.f("ix_roadshow_invitations_roadshow_id"), "roadshow_invitations", ["roadshow_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_roadshow_invitations_roadshow_id"), table_name="roadshow_invitations")
    op.drop_table("roadshow_invitations")
    with op.batch_alter_table("roadshow_interests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_roadshow_interests_engagement_id_engagements"), type_="foreignkey")
        batch_op.drop_column("engagement_id")
    with op.batch_alter_table("roadshow_slots", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_roadshow_slots_achievement_id_achievements"), type_="foreignkey")
        batch_op.drop_column("achievement_id")
        batch_op.alter_column("need_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("evaluation_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_shares_party_org_id"))
        batch_op.drop_constraint(batch_op.f("fk_evaluation_shares_party_org_id_organizations"), type_="foreignkey")
        batch_op.drop_column("party_org_id")
    with op.batch_alter_table("finance_products", schema=None) as batch_op:
        batch_op.drop_constraint("uq_finance_products_source_external_id", type_="unique")
        batch_op.drop_column("external_id")
        batch_op.drop_column("source")
    with op.batch_alter_table("finance_needs", schema=None) as batch_op:
        batch_op.drop_column("innovation_points")
