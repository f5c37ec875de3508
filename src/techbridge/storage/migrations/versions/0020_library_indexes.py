"""The library's newest-first page (issue 18): status, published_at DESC NULLS LAST, id DESC, so the
成果库 / 需求库 first page is an index range scan instead of a sort of every published row

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TABLES = ("achievements", "demands")


def upgrade() -> None:
    # SQLite sorts NULL lowest, so its DESC already puts them last (and it rejects NULLS LAST here)
    nulls_last = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    for table in TABLES:
        op.create_index(f"ix_{table}_library_newest", table,
                        ["status", sa.text(f"published_at DESC{nulls_last}"), sa.text("id DESC")])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_library_newest", table_name=table)
