"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from techbridge.deals import tables
from techbridge.deals.contracts import Contract
from techbridge.deals.pipeline import CLOSED_STAGES, Engagement, EngagementEvent, Stage
from techbridge.storage.repository import ExternallyKeyed, SqlRepository


class EngagementRepository(SqlRepository[Engagement]):
    model = Engagement
    table = tables.engagements

    def for_pair(self, achievement_id: int, demand_id: int) -> Engagement | None:
        c = self.table.c
        return self.session.scalar(select(Engagement).where(c.achievement_id == achievement_id, c.demand_id == demand_id))

    def for_listing(self, kind: str, listing_id: int) -> Sequence[Engagement]:
        c = self.table.c
        column = c.achievement_id if kind == "achievement" else c.demand_id
        return self.list(column == listing_id, order_by=c.updated_at.desc())

    def events(self, engagement_id: int) -> Sequence[EngagementEvent]:
        c = tables.engagement_events.c
        stmt = select(EngagementEvent).where(c.engagement_id == engagement_id).order_by(c.at, c.id)
        return self.session.scalars(stmt).all()

    def subject_events(self, subject_kind: str, subject_id: int) -> Sequence[EngagementEvent]:
        c = tables.engagement_events.c
        stmt = (select(EngagementEvent).where(c.subject_kind == subject_kind, c.subject_id == subject_id)
                .order_by(c.at, c.id))
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
    table = tables.contracts

    def for_engagement(self, engagement_id: int) -> Contract | None:
        return self.session.scalar(select(Contract).where(self.table.c.engagement_id == engagement_id))

    def by_registration_no(self, number: str) -> Contract | None:
        return self.session.scalar(select(Contract).where(self.table.c.registration_no == number))
