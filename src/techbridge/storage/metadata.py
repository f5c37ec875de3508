"""The one shared MetaData and mapper registry; each feature's tables.py adds its tables to them.

Features stay framework-free: each feature maps its classes imperatively in its own
`map_tables()`, and `start_mappers()` runs the functions the wiring (bootstrap) hands it.
Every schema change goes through an Alembic migration in `migrations/versions/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import MetaData, Numeric
from sqlalchemy.orm import registry

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)
mapper_registry = registry(metadata=metadata)

MONEY = Numeric(14, 2)  # 万元 with two decimals

_started = False


def start_mappers(mappers: Iterable[Callable[[], None]]) -> None:
    """Run every feature's mapping function once per process (idempotent)."""
    global _started
    if _started:
        return
    for map_tables in mappers:
        map_tables()
    _started = True
