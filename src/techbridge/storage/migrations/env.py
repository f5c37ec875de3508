"""Alembic environment: the same migrations for SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from techbridge.bootstrap import load_tables
from techbridge.storage.db import make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""
assert url, "sqlalchemy.url must be set by techbridge.storage.migrate"
metadata = load_tables()


def run_migrations_online() -> None:
    connectable = make_engine(url, poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTER TABLE via copy
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
