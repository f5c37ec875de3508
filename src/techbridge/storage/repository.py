"""Repositories: the only way services read and write stored objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from techbridge.domain.model import Achievement, Demand, Organization, User
from techbridge.storage import orm

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

    def count(self, *where: Any) -> int:
        return int(self.session.scalar(select(func.count()).select_from(self.model).where(*where)) or 0)

    def delete(self, obj: T) -> None:
        self.session.delete(obj)


class OrganizationRepository(SqlRepository[Organization]):
    model = Organization
    table = orm.organizations

    def by_credit_code(self, code: str) -> Organization | None:
        return self.session.scalar(select(Organization).where(self.table.c.credit_code == code))

    def by_name(self, name: str) -> Organization | None:
        return self.session.scalar(select(Organization).where(self.table.c.name == name))


class UserRepository(SqlRepository[User]):
    model = User
    table = orm.users

    def by_email(self, email: str) -> User | None:
        return self.session.scalar(select(User).where(func.lower(self.table.c.email) == email.lower()))


class ListingRepository(SqlRepository[T]):
    """Shared queries of achievements and demands."""

    def by_external_id(self, source: str, external_id: str) -> T | None:
        c = self.table.c
        return self.session.scalar(select(self.model).where(c.source == source, c.external_id == external_id))

    def by_external_ids(self, source: str, external_ids: Iterable[str]) -> dict[str, T]:
        c = self.table.c
        ids = list(external_ids)
        found: dict[str, T] = {}
        for start in range(0, len(ids), 500):  # stay below SQLite's bound-parameter limit
            chunk = ids[start : start + 500]
            for row in self.session.scalars(select(self.model).where(c.source == source, c.external_id.in_(chunk))):
                found[row.external_id] = row  # type: ignore[attr-defined]
        return found

    def titles_of_organizations(self, org_ids: Iterable[int]) -> list[tuple[int, int, str]]:
        """(id, organization_id, title) of every listing of the given organisations."""
        c = self.table.c
        ids = list(set(org_ids))
        if not ids:
            return []
        rows = self.session.execute(select(c.id, c.organization_id, c.title).where(c.organization_id.in_(ids)))
        return [(r[0], r[1], r[2]) for r in rows]


class AchievementRepository(ListingRepository[Achievement]):
    model = Achievement
    table = orm.achievements


class DemandRepository(ListingRepository[Demand]):
    model = Demand
    table = orm.demands
