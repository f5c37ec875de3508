"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from sqlalchemy import select

from techbridge.policies import tables
from techbridge.policies.model import Policy
from techbridge.storage.repository import SqlRepository


class PolicyRepository(SqlRepository[Policy]):
    model = Policy
    table = tables.policies

    def by_hash(self, content_hash: str) -> Policy | None:
        return self.session.scalar(select(Policy).where(self.table.c.content_hash == content_hash))

    def by_external_id(self, origin: str, external_id: str) -> Policy | None:
        c = self.table.c
        return self.session.scalar(select(Policy).where(c.origin == origin, c.external_id == external_id))
