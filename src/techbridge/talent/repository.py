"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from techbridge.storage.repository import ExternallyKeyed, SqlRepository
from techbridge.talent import tables
from techbridge.talent.model import ContactAccess, Expert


class ExpertRepository(ExternallyKeyed[Expert]):
    model = Expert
    table = tables.experts

    def for_user(self, user_id: int) -> Expert | None:
        return self.session.scalar(select(Expert).where(self.table.c.user_id == user_id))


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
