"""issue 16, the gaps: a carrier's 众创空间 facts (opening date, workstations, activities, typical cases, firms
registered by its teams) for the 国家备案众创空间 checks; the admin's note when a pilot facility is reviewed

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incubation_carriers") as batch:
        batch.add_column(sa.Column("opened_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("workstations", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("events_per_year", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("typical_cases", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("new_firms_per_year", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("pilot_facilities") as batch:
        batch.add_column(sa.Column("review_note", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("pilot_facilities") as batch:
        batch.drop_column("review_note")
    with op.batch_alter_table("incubation_carriers") as batch:
        for name in ("new_firms_per_year", "typical_cases", "events_per_year", "workstations", "opened_on"):
            batch.drop_column(name)
