"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select, update

from techbridge.challenges import tables
from techbridge.challenges.model import Challenge, Proposal, Review
from techbridge.storage.repository import SqlRepository


class ChallengeRepository(SqlRepository[Challenge]):
    model = Challenge
    table = tables.challenges

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
        c, p = self.table.c, tables.challenge_proposals.c
        owner = select(p.challenge_id).where(p.id == proposal_id).scalar_subquery()
        result = self.session.execute(update(self.table).where(c.id == owner).values(updated_at=c.updated_at))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def active_for_demand(self, demand_id: int) -> Challenge | None:
        c = self.table.c
        stmt = select(Challenge).where(c.demand_id == demand_id, c.status.in_(["open", "reviewing"]))
        return self.session.scalars(stmt).first()

    def proposals(self, challenge_id: int) -> Sequence[Proposal]:
        c = tables.challenge_proposals.c
        stmt = select(Proposal).where(c.challenge_id == challenge_id).order_by(c.submitted_at, c.id)
        return self.session.scalars(stmt).all()

    def proposal(self, proposal_id: int) -> Proposal | None:
        return self.session.get(Proposal, proposal_id)

    def proposal_of(self, challenge_id: int, org_id: int) -> Proposal | None:
        c = tables.challenge_proposals.c
        return self.session.scalar(select(Proposal).where(c.challenge_id == challenge_id, c.organization_id == org_id))

    def add_proposal(self, proposal: Proposal) -> None:
        self.session.add(proposal)

    def proposal_counts(self, challenge_ids: Iterable[int]) -> dict[int, int]:
        c = tables.challenge_proposals.c
        ids = list(challenge_ids)
        if not ids:
            return {}
        rows = self.session.execute(select(c.challenge_id, func.count()).where(c.challenge_id.in_(ids))
                                    .group_by(c.challenge_id))
        return {r[0]: int(r[1]) for r in rows}

    def reviews(self, challenge_id: int) -> Sequence[Review]:
        r, p = tables.challenge_reviews.c, tables.challenge_proposals.c
        stmt = (select(Review).join(tables.challenge_proposals, r.proposal_id == p.id)
                .where(p.challenge_id == challenge_id).order_by(r.submitted_at, r.id))
        return self.session.scalars(stmt).all()

    def review_by(self, proposal_id: int, reviewer_id: int) -> Review | None:
        c = tables.challenge_reviews.c
        return self.session.scalar(select(Review).where(c.proposal_id == proposal_id, c.reviewer_id == reviewer_id))

    def add_review(self, review: Review) -> None:
        self.session.add(review)
