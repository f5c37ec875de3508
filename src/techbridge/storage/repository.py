"""Repositories: the only way services read and write stored objects."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import numpy as np
from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from techbridge.domain.challenges import Challenge, Proposal, Review
from techbridge.domain.contracts import Contract
from techbridge.domain.instruments import HOLDING, Booking, Instrument, UsageRecord
from techbridge.domain.model import Achievement, Demand, Organization, User
from techbridge.domain.notifications import Notification, OutgoingEmail
from techbridge.domain.pipeline import CLOSED_STAGES, Engagement, EngagementEvent, Stage
from techbridge.domain.policies import Policy
from techbridge.domain.statistics import OfficialStatistic
from techbridge.domain.talent import ContactAccess, Expert
from techbridge.domain.targets import Target
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


class ListingRepository(ExternallyKeyed[T]):
    """Shared queries of achievements and demands."""

    def by_external_id(self, source: str, external_id: str) -> T | None:
        c = self.table.c
        return self.session.scalar(select(self.model).where(c.source == source, c.external_id == external_id))

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


class ContractRepository(ExternallyKeyed[Contract]):
    model = Contract
    table = orm.contracts

    def for_engagement(self, engagement_id: int) -> Contract | None:
        return self.session.scalar(select(Contract).where(self.table.c.engagement_id == engagement_id))

    def by_registration_no(self, number: str) -> Contract | None:
        return self.session.scalar(select(Contract).where(self.table.c.registration_no == number))


class ExpertRepository(ExternallyKeyed[Expert]):
    model = Expert
    table = orm.experts

    def for_user(self, user_id: int) -> Expert | None:
        return self.session.scalar(select(Expert).where(self.table.c.user_id == user_id))

    def broker_stage_counts(self, user_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """Per broker user: how many of the engagements they run are at each stage."""
        e = orm.engagements.c
        ids = list(set(user_ids))
        found: dict[int, dict[str, int]] = {}
        if ids:
            stmt = select(e.broker_id, e.stage, func.count()).where(e.broker_id.in_(ids)).group_by(e.broker_id, e.stage)
            for broker_id, stage, count in self.session.execute(stmt):
                found.setdefault(broker_id, {})[stage] = int(count)
        return found

    def broker_contracts(self, user_ids: Iterable[int]) -> dict[int, tuple[int, Any, Any]]:
        """Per broker user: (contracts signed, total amount in 万元, last signing date) of their engagements."""
        e, k = orm.engagements.c, orm.contracts.c
        ids = list(set(user_ids))
        if not ids:
            return {}
        stmt = (select(e.broker_id, func.count(k.id), func.sum(k.amount), func.max(k.signed_on))
                .select_from(orm.engagements.join(orm.contracts, k.engagement_id == e.id))
                .where(e.broker_id.in_(ids)).group_by(e.broker_id))
        return {r[0]: (int(r[1]), r[2], r[3]) for r in self.session.execute(stmt)}


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


class TargetRepository(SqlRepository[Target]):
    model = Target
    table = orm.targets

    def for_year(self, year: int) -> dict[str, Target]:
        """The targets an administrator set for `year`, by kind."""
        return {t.kind: t for t in self.list(self.table.c.year == year)}


class StatisticRepository(SqlRepository[OfficialStatistic]):
    model = OfficialStatistic
    table = orm.official_statistics

    def find(self, indicator: str, from_regions: str, to_regions: str, year: int) -> OfficialStatistic | None:
        c = self.table.c
        return self.session.scalar(select(OfficialStatistic).where(
            c.indicator == indicator, c.from_regions == from_regions, c.to_regions == to_regions, c.year == year))


class ChainTagRepository:
    """Which 产业链图谱 segments each listing was placed in (derived data, rebuilt from the text)."""

    table = orm.chain_segment_tags

    def __init__(self, session: Session) -> None:
        self.session = session

    def stale(self, kind: str, listing_table: Table, limit: int | None = 5000) -> builtins.list[int]:
        """Ids of listings never tagged, or edited after they were last tagged."""
        t, c = self.table.c, listing_table.c
        fresh = select(t.listing_id).where(t.kind == kind, t.listing_id == c.id, t.tagged_at >= c.updated_at)
        rows = self.session.execute(select(c.id).where(~fresh.exists()).order_by(c.id).limit(limit))
        return [r[0] for r in rows]

    def replace(self, kind: str, tags: dict[int, builtins.list[str]], now: datetime) -> None:
        """Store the segments of each listing (an empty list is stored as one "" row: tagged, none)."""
        t = self.table.c
        ids = list(tags)
        for start in range(0, len(ids), 500):
            self.session.execute(delete(self.table).where(t.kind == kind, t.listing_id.in_(ids[start : start + 500])))
        rows = [{"kind": kind, "listing_id": i, "segment": seg, "tagged_at": now}
                for i, segs in tags.items() for seg in (segs or [""])]
        if rows:
            self.session.execute(insert(self.table), rows)


class ContactAccessRepository(SqlRepository[ContactAccess]):
    """Who saw which expert's contact details, when and why."""

    model = ContactAccess
    table = orm.expert_contact_access

    def count_since(self, viewer_id: int, since: datetime) -> int:
        c = self.table.c
        return self.count(c.viewer_id == viewer_id, c.at >= since)

    def for_expert(self, expert_id: int, limit: int = 50) -> Sequence[ContactAccess]:
        c = self.table.c
        return self.list(c.expert_id == expert_id, order_by=(c.at.desc(), c.id.desc()), limit=limit)

    def latest(self, expert_id: int, viewer_id: int) -> ContactAccess | None:
        c = self.table.c
        found = self.list(c.expert_id == expert_id, c.viewer_id == viewer_id, order_by=c.at.desc(), limit=1)
        return found[0] if found else None


class InstrumentRepository(ExternallyKeyed[Instrument]):
    model = Instrument
    table = orm.instruments

    def lock(self, instrument_id: int) -> bool:
        """Take the instrument's row lock for the rest of the transaction (False if there is no such row).

        An UPDATE, not SELECT … FOR UPDATE, so that it works alike on PostgreSQL (row lock)
        and on SQLite (the write lock, taken before the transaction reads anything).
        """
        c = self.table.c
        result = self.session.execute(update(self.table).where(c.id == instrument_id)
                                      .values(booking_seq=c.booking_seq + 1))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def lock_for_booking(self, booking_id: int) -> bool:
        """The same lock, found through one of the instrument's bookings (one statement, taken first)."""
        c, b = self.table.c, orm.instrument_bookings.c
        owner = select(b.instrument_id).where(b.id == booking_id).scalar_subquery()
        result = self.session.execute(update(self.table).where(c.id == owner).values(booking_seq=c.booking_seq + 1))
        return bool(result.rowcount)  # type: ignore[attr-defined]


class BookingRepository(SqlRepository[Booking]):
    model = Booking
    table = orm.instrument_bookings

    def holding(self, instrument_id: int, start: datetime, end: datetime) -> Sequence[Booking]:
        """Bookings that occupy any part of [start, end) of an instrument (requested or approved)."""
        c = self.table.c
        return self.list(c.instrument_id == instrument_id, c.status.in_(HOLDING), c.start_at < end, c.end_at > start,
                         order_by=c.start_at)

    def for_requester(self, user_id: int, limit: int = 200) -> Sequence[Booking]:
        c = self.table.c
        return self.list(c.requester_id == user_id, order_by=c.start_at.desc(), limit=limit)

    def for_owner(self, organization_id: int, statuses: Sequence[str] | None = None, limit: int = 200) -> Sequence[Booking]:
        """Bookings of the instruments an organisation owns."""
        c, i = self.table.c, orm.instruments.c
        owned = select(i.id).where(i.organization_id == organization_id)
        where = [c.instrument_id.in_(owned)] + ([c.status.in_(list(statuses))] if statuses else [])
        return self.list(*where, order_by=c.start_at, limit=limit)

    def usage(self, booking_id: int) -> UsageRecord | None:
        return self.session.scalar(select(UsageRecord).where(orm.instrument_usage.c.booking_id == booking_id))

    def add_usage(self, record: UsageRecord) -> None:
        self.session.add(record)


class JobStateRepository:
    """When each periodic job last ran, and what it noted."""

    table = orm.job_state

    def __init__(self, session: Session) -> None:
        self.session = session

    def last_run(self, name: str) -> datetime | None:
        return self.session.scalar(select(self.table.c.last_run_at).where(self.table.c.name == name))

    def mark_run(self, name: str, at: datetime, details: dict[str, Any]) -> None:
        c = self.table.c
        if self.session.execute(update(self.table).where(c.name == name).values(last_run_at=at, details=details)).rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(self.table).values(name=name, last_run_at=at, details=details))


# ---------------------------------------------------------------- policy library and open calls


class PolicyRepository(SqlRepository[Policy]):
    model = Policy
    table = orm.policies

    def by_hash(self, content_hash: str) -> Policy | None:
        return self.session.scalar(select(Policy).where(self.table.c.content_hash == content_hash))

    def by_external_id(self, origin: str, external_id: str) -> Policy | None:
        c = self.table.c
        return self.session.scalar(select(Policy).where(c.origin == origin, c.external_id == external_id))


class ChallengeRepository(SqlRepository[Challenge]):
    model = Challenge
    table = orm.challenges

    def by_external_id(self, origin: str, external_id: str) -> Challenge | None:
        c = self.table.c
        return self.session.scalar(select(Challenge).where(c.origin == origin, c.external_id == external_id))

    def lock(self, challenge_id: int) -> bool:
        """Serialise changes to one call (proposals, closing, reviews, result) for the rest of the transaction.

        A no-op UPDATE taken before anything is read: a row lock on PostgreSQL, the write lock
        on SQLite (a read-then-write transaction there could not wait for it and would fail).
        """
        c = self.table.c
        result = self.session.execute(update(self.table).where(c.id == challenge_id).values(updated_at=c.updated_at))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def lock_for_proposal(self, proposal_id: int) -> bool:
        """The same lock, found through one of the call's proposals."""
        c, p = self.table.c, orm.challenge_proposals.c
        owner = select(p.challenge_id).where(p.id == proposal_id).scalar_subquery()
        result = self.session.execute(update(self.table).where(c.id == owner).values(updated_at=c.updated_at))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def active_for_demand(self, demand_id: int) -> Challenge | None:
        c = self.table.c
        stmt = select(Challenge).where(c.demand_id == demand_id, c.status.in_(["open", "reviewing"]))
        return self.session.scalars(stmt).first()

    def proposals(self, challenge_id: int) -> Sequence[Proposal]:
        c = orm.challenge_proposals.c
        stmt = select(Proposal).where(c.challenge_id == challenge_id).order_by(c.submitted_at, c.id)
        return self.session.scalars(stmt).all()

    def proposal(self, proposal_id: int) -> Proposal | None:
        return self.session.get(Proposal, proposal_id)

    def proposal_of(self, challenge_id: int, org_id: int) -> Proposal | None:
        c = orm.challenge_proposals.c
        return self.session.scalar(select(Proposal).where(c.challenge_id == challenge_id, c.organization_id == org_id))

    def add_proposal(self, proposal: Proposal) -> None:
        self.session.add(proposal)

    def proposal_counts(self, challenge_ids: Iterable[int]) -> dict[int, int]:
        c = orm.challenge_proposals.c
        ids = list(challenge_ids)
        if not ids:
            return {}
        rows = self.session.execute(select(c.challenge_id, func.count()).where(c.challenge_id.in_(ids))
                                    .group_by(c.challenge_id))
        return {r[0]: int(r[1]) for r in rows}

    def reviews(self, challenge_id: int) -> Sequence[Review]:
        r, p = orm.challenge_reviews.c, orm.challenge_proposals.c
        stmt = (select(Review).join(orm.challenge_proposals, r.proposal_id == p.id)
                .where(p.challenge_id == challenge_id).order_by(r.submitted_at, r.id))
        return self.session.scalars(stmt).all()

    def review_by(self, proposal_id: int, reviewer_id: int) -> Review | None:
        c = orm.challenge_reviews.c
        return self.session.scalar(select(Review).where(c.proposal_id == proposal_id, c.reviewer_id == reviewer_id))

    def add_review(self, review: Review) -> None:
        self.session.add(review)


class MatchAlertRepository:
    """Which (listing, counterpart) pairs an owner has already been told about."""

    table = orm.match_alerts

    def __init__(self, session: Session) -> None:
        self.session = session

    def known(self, kind: str, listing_id: int) -> set[int]:
        c = self.table.c
        return {r[0] for r in self.session.execute(select(c.counterpart_id).where(c.kind == kind, c.listing_id == listing_id))}

    def add(self, kind: str, listing_id: int, counterpart_id: int, score: float, at: datetime) -> None:
        self.session.execute(insert(self.table).values(kind=kind, listing_id=listing_id, counterpart_id=counterpart_id,
                                                       score=score, notified_at=at))
