"""policy library and open calls

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("doc_type", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("industries", sa.JSON(), nullable=False),
        sa.Column("audiences", sa.JSON(), nullable=False),
        sa.Column("dropped", sa.JSON(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_type", sa.String(length=8), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_policies_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policies")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_policies_content_hash")),
        sa.UniqueConstraint("origin", "external_id", name=op.f("uq_policies_origin_external_id")),
    )
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policies_issued_on"), ["issued_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_policies_region_code"), ["region_code"], unique=False)

    op.create_table(
        "challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("reward", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("reward_note", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("slots", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewer_ids", sa.JSON(), nullable=False),
        sa.Column("result_note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_challenges_created_by_users")),
        sa.ForeignKeyConstraint(["demand_id"], ["demands.id"], name=op.f("fk_challenges_demand_id_demands")),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_challenges_organization_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenges")),
        sa.UniqueConstraint("origin", "external_id", name=op.f("uq_challenges_origin_external_id")),
    )
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_challenges_demand_id"), ["demand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_challenges_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_challenges_status"), ["status"], unique=False)

    op.create_table(
        "challenge_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.Integer(), nullable=False),
        sa.Column("team_name", sa.String(length=200), nullable=False),
        sa.Column("approach", sa.Text(), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total_score", sa.Float(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("engagement_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["achievement_id"], ["achievements.id"],
                                name=op.f("fk_challenge_proposals_achievement_id_achievements")),
        sa.ForeignKeyConstraint(["challenge_id"], ["challenges.id"],
                                name=op.f("fk_challenge_proposals_challenge_id_challenges")),
        sa.ForeignKeyConstraint(["engagement_id"], ["engagements.id"],
                                name=op.f("fk_challenge_proposals_engagement_id_engagements")),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_challenge_proposals_organization_id_organizations")),
        sa.ForeignKeyConstraint(["submitted_by"], ["users.id"], name=op.f("fk_challenge_proposals_submitted_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_proposals")),
        sa.UniqueConstraint("challenge_id", "organization_id",
                            name=op.f("uq_challenge_proposals_challenge_id_organization_id")),
    )
    with op.batch_alter_table("challenge_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_challenge_proposals_challenge_id"), ["challenge_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_challenge_proposals_organization_id"), ["organization_id"], unique=False)

    op.create_table(
        "challenge_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["challenge_proposals.id"],
                                name=op.f("fk_challenge_reviews_proposal_id_challenge_proposals")),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], name=op.f("fk_challenge_reviews_reviewer_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_reviews")),
        sa.UniqueConstraint("proposal_id", "reviewer_id", name=op.f("uq_challenge_reviews_proposal_id_reviewer_id")),
    )
    with op.batch_alter_table("challenge_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_challenge_reviews_proposal_id"), ["proposal_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("challenge_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_reviews_proposal_id"))
    op.drop_table("challenge_reviews")
    with op.batch_alter_table("challenge_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_proposals_organization_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_proposals_challenge_id"))
    op.drop_table("challenge_proposals")
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenges_status"))
        batch_op.drop_index(batch_op.f("ix_challenges_organization_id"))
        batch_op.drop_index(batch_op.f("ix_challenges_demand_id"))
    op.drop_table("challenges")
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policies_region_code"))
        batch_op.drop_index(batch_op.f("ix_policies_issued_on"))
    op.drop_table("policies")
