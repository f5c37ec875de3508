"""Repositories: the only way services read and write stored objects."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


class SqlRepository(Generic[T]):
    """Add, get and list objects of one mapped class."""

    model: type[T]
    table: Table  # queries name columns through the table: the domain classes stay plain

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: T) -> T:
        self.session.add(obj)
        return obj

    def get(self, obj_id: int) -> T | None:
        return self.session.get(self.model, obj_id)

    def get_many(self, ids: Iterable[int]) -> dict[int, T]:
        ids = list(ids)
        if not ids:
            return {}
        rows = self.session.scalars(select(self.model).where(self.table.c.id.in_(ids)))
        return {row.id: row for row in rows}  # type: ignore[attr-defined]

    def list(self, *where: Any, order_by: Any = None, limit: int | None = None, offset: int = 0) -> Sequence[T]:
        stmt = select(self.model).where(*where)
        if order_by is not None:
            stmt = stmt.order_by(*order_by) if isinstance(order_by, tuple | list) else stmt.order_by(order_by)
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        return self.session.scalars(stmt).all()

    def projection(self, columns: Sequence[str], *where: Any) -> builtins.list[tuple[Any, ...]]:
        """Selected columns of the rows matching `where`, without loading whole objects."""
        c = self.table.c
        return [tuple(r) for r in self.session.execute(select(*(c[name] for name in columns)).where(*where))]

    def count(self, *where: Any) -> int:
        return int(self.session.scalar(select(func.count()).select_from(self.model).where(*where)) or 0)

    def delete(self, obj: T) -> None:
        self.session.delete(obj)


class ExternallyKeyed(SqlRepository[T]):
    """Records imported from outside carry (source, external_id), so a re-import updates them."""

    def by_external_ids(self, source: str, external_ids: Iterable[str]) -> dict[str, T]:
        c = self.table.c
        ids = list(external_ids)
        found: dict[str, T] = {}
        for start in range(0, len(ids), 500):  # stay below SQLite's bound-parameter limit
            chunk = ids[start : start + 500]
            for row in self.session.scalars(select(self.model).where(c.source == source, c.external_id.in_(chunk))):
                found[row.external_id] = row  # type: ignore[attr-defined]
        return found
