"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from techbridge.deals import tables as deals_tables
from techbridge.storage.repository import ExternallyKeyed, SqlRepository
from techbridge.talent import tables
from techbridge.talent.model import ContactAccess, Expert


class ExpertRepository(ExternallyKeyed[Expert]):
    model = Expert
    table = tables.experts

    def for_user(self, user_id: int) -> Expert | None:
        return self.session.scalar(select(Expert).where(self.table.c.user_id == user_id))

    def broker_stage_counts(self, user_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """Per broker user: how many of the engagements they run are at each stage."""
        e = deals_tables.engagements.c
        ids = list(set(user_ids))
        found: dict[int, dict[str, int]] = {}
        if ids:
            stmt = select(e.broker_id, e.stage, func.count()).where(e.broker_id.in_(ids)).group_by(e.broker_id, e.stage)
            for broker_id, stage, count in self.session.execute(stmt):
                found.setdefault(broker_id, {})[stage] = int(count)
        return found

    def broker_contracts(self, user_ids: Iterable[int]) -> dict[int, tuple[int, Any, Any]]:
        """Per broker user: (contracts signed, total amount in 万元, last signing date) of their engagements."""
        e, k = deals_tables.engagements.c, deals_tables.contracts.c
        ids = list(set(user_ids))
        if not ids:
            return {}
        stmt = (select(e.broker_id, func.count(k.id), func.sum(k.amount), func.max(k.signed_on))
                .select_from(deals_tables.engagements.join(deals_tables.contracts, k.engagement_id == e.id))
                .where(e.broker_id.in_(ids)).group_by(e.broker_id))
        return {r[0]: (int(r[1]), r[2], r[3]) for r in self.session.execute(stmt)}


class ContactAccessRepository(SqlRepository[ContactAccess]):
    """Who saw which expert's contact details, when and why."""

    model = ContactAccess
    table = tables.expert_contact_access

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
