"""Repositories: the only way services read and write stored objects."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import numpy as np
from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from techbridge.domain.contracts import Contract
from techbridge.domain.model import Achievement, Demand, Organization, User
from techbridge.domain.notifications import Notification, OutgoingEmail
from techbridge.domain.pipeline import CLOSED_STAGES, Engagement, EngagementEvent, Stage
from techbridge.domain.talent import Expert
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

    def projection(self, columns: Sequence[str], *where: Any) -> builtins.list[tuple[Any, ...]]:
        """Selected columns of the rows matching `where`, without loading whole objects."""
        c = self.table.c
        return [tuple(r) for r in self.session.execute(select(*(c[name] for name in columns)).where(*where))]

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

    def titles_of_organizations(self, org_ids: Iterable[int]) -> builtins.list[tuple[int, int, str]]:
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


class EngagementRepository(SqlRepository[Engagement]):
    model = Engagement
    table = orm.engagements

    def for_pair(self, achievement_id: int, demand_id: int) -> Engagement | None:
        c = self.table.c
        return self.session.scalar(select(Engagement).where(c.achievement_id == achievement_id, c.demand_id == demand_id))

    def for_listing(self, kind: str, listing_id: int) -> Sequence[Engagement]:
        c = self.table.c
        column = c.achievement_id if kind == "achievement" else c.demand_id
        return self.list(column == listing_id, order_by=c.updated_at.desc())

    def events(self, engagement_id: int) -> Sequence[EngagementEvent]:
        c = orm.engagement_events.c
        stmt = select(EngagementEvent).where(c.engagement_id == engagement_id).order_by(c.at, c.id)
        return self.session.scalars(stmt).all()

    def add_event(self, event: EngagementEvent) -> None:
        self.session.add(event)

    def headline_counts(self) -> tuple[int, int]:
        """(engagements ever started, engagements past interest and still open)."""
        c = self.table.c
        open_late = [Stage.MUTUAL_INTEREST, Stage.NEGOTIATION, Stage.CONCEPT_VERIFICATION, Stage.PILOT]
        return self.count(), self.count(c.stage.in_([s.value for s in open_late]))

    def open_for_broker(self, broker_id: int | None) -> Sequence[Engagement]:
        c = self.table.c
        return self.list(c.broker_id == broker_id, order_by=c.updated_at)

    def unassigned_open(self, limit: int = 100) -> Sequence[Engagement]:
        c = self.table.c
        closed = [s.value for s in CLOSED_STAGES]
        return self.list(c.broker_id.is_(None), c.stage.not_in(closed), order_by=c.updated_at.desc(), limit=limit)


class ContractRepository(SqlRepository[Contract]):
    model = Contract
    table = orm.contracts

    def for_engagement(self, engagement_id: int) -> Contract | None:
        return self.session.scalar(select(Contract).where(self.table.c.engagement_id == engagement_id))

    def by_registration_no(self, number: str) -> Contract | None:
        return self.session.scalar(select(Contract).where(self.table.c.registration_no == number))

    def by_external_ids(self, source: str, external_ids: Iterable[str]) -> dict[str, Contract]:
        c = self.table.c
        ids = list(external_ids)
        found: dict[str, Contract] = {}
        for start in range(0, len(ids), 500):
            for row in self.session.scalars(select(Contract).where(c.source == source,
                                                                   c.external_id.in_(ids[start : start + 500]))):
                found[row.external_id] = row  # type: ignore[index]
        return found


class ExpertRepository(SqlRepository[Expert]):
    model = Expert
    table = orm.experts

    def for_user(self, user_id: int) -> Expert | None:
        return self.session.scalar(select(Expert).where(self.table.c.user_id == user_id))


class NotificationRepository(SqlRepository[Notification]):
    model = Notification
    table = orm.notifications

    def inbox(self, user_id: int | None, limit: int = 50) -> Sequence[Notification]:
        c = self.table.c
        return self.list(c.user_id == user_id, order_by=(c.created_at.desc(), c.id.desc()), limit=limit)

    def unread_count(self, user_id: int | None) -> int:
        c = self.table.c
        return self.count(c.user_id == user_id, c.read_at.is_(None))


class OutboxRepository(SqlRepository[OutgoingEmail]):
    model = OutgoingEmail
    table = orm.email_outbox

    def pending(self, max_attempts: int, limit: int = 100) -> Sequence[OutgoingEmail]:
        c = self.table.c
        return self.list(c.sent_at.is_(None), c.attempts < max_attempts, order_by=c.id, limit=limit)


class EmbeddingRepository:
    """Stored passage embeddings (derived data): one float16 matrix per (kind, id, model)."""

    table = orm.listing_embeddings

    def __init__(self, session: Session) -> None:
        self.session = session

    def load(self, kind: str, ids: Sequence[int] | None, *, model_id: str) -> dict[int, tuple[str, np.ndarray]]:
        """id → (text hash, passages × dim float16 matrix); every id of the kind when ids is None."""
        c = self.table.c
        where = [c.kind == kind, c.model_id == model_id]
        chunks = [None] if ids is None else [list(ids)[i : i + 500] for i in range(0, len(ids), 500)]
        found: dict[int, tuple[str, np.ndarray]] = {}
        for chunk in chunks:
            stmt = select(c.listing_id, c.text_hash, c.dim, c.count, c.vectors).where(*where)
            if chunk is not None:
                stmt = stmt.where(c.listing_id.in_(chunk))
            for listing_id, text_hash, dim, count, blob in self.session.execute(stmt):
                found[listing_id] = (text_hash, np.frombuffer(blob, dtype="<f2").reshape(count, dim))
        return found

    def hashes(self, kind: str, *, model_id: str) -> dict[int, str]:
        c = self.table.c
        rows = self.session.execute(select(c.listing_id, c.text_hash).where(c.kind == kind, c.model_id == model_id))
        return {r[0]: r[1] for r in rows}

    def save(self, kind: str, listing_id: int, *, model_id: str, text_hash: str, matrix: np.ndarray,
             now: datetime) -> None:
        c = self.table.c
        values = {"text_hash": text_hash, "dim": int(matrix.shape[1]), "count": int(matrix.shape[0]),
                  "vectors": np.ascontiguousarray(matrix, dtype="<f2").tobytes(), "updated_at": now}
        where = (c.kind == kind, c.listing_id == listing_id, c.model_id == model_id)
        if self.session.execute(update(self.table).where(*where).values(**values)).rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(self.table).values(kind=kind, listing_id=listing_id, model_id=model_id, **values))

    def remove(self, kind: str, listing_id: int) -> None:
        c = self.table.c
        self.session.execute(delete(self.table).where(c.kind == kind, c.listing_id == listing_id))
