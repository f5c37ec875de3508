"""trust: server-side sessions, login attempts per address, admin region scopes, broker verification,
background job queue

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("region_scope", sa.String(length=6), nullable=True))
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")
    # Until now any broker registered itself: those accounts become applicants whose credential an
    # admin verifies; every existing admin stays platform-wide until given a region.
    op.execute("UPDATE users SET role = 'broker_applicant' WHERE role = 'broker'")

    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("experts") as batch:
        batch.add_column(sa.Column("verification", sa.String(length=16), nullable=False, server_default="none"))
        batch.add_column(sa.Column("verified_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("verified_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("verification_note", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key(op.f("fk_experts_verified_by_users"), "users", ["verified_by"], ["id"])
    op.create_table(
        "background_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_background_jobs_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_background_jobs")),
    )
    op.create_index("ix_background_jobs_status_id", "background_jobs", ["status", "id"])
    op.create_index("ix_background_jobs_created_by", "background_jobs", ["created_by"])


def downgrade() -> None:
    op.drop_index("ix_background_jobs_created_by", table_name="background_jobs")
    op.drop_index("ix_background_jobs_status_id", table_name="background_jobs")
    op.drop_table("background_jobs")
    with op.batch_alter_table("experts") as batch:
        batch.drop_constraint(op.f("fk_experts_verified_by_users"), type_="foreignkey")
        batch.drop_column("verification_note")
        batch.drop_column("verified_at")
        batch.drop_column("verified_by")
        batch.drop_column("verification")
    op.drop_table("login_attempts")
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")
    op.drop_table("user_sessions")
    op.execute("UPDATE users SET role = 'broker' WHERE role = 'broker_applicant'")
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_column("region_scope")
