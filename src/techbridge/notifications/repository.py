"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from collections.abc import Sequence

from techbridge.notifications import tables
from techbridge.notifications.model import Notification, OutgoingEmail
from techbridge.storage.repository import SqlRepository


class NotificationRepository(SqlRepository[Notification]):
    model = Notification
    table = tables.notifications

    def inbox(self, user_id: int | None, limit: int = 50) -> Sequence[Notification]:
        c = self.table.c
        return self.list(c.user_id == user_id, order_by=(c.created_at.desc(), c.id.desc()), limit=limit)

    def unread_count(self, user_id: int | None) -> int:
        c = self.table.c
        return self.count(c.user_id == user_id, c.read_at.is_(None))


class OutboxRepository(SqlRepository[OutgoingEmail]):
    model = OutgoingEmail
    table = tables.email_outbox

    def pending(self, max_attempts: int, limit: int = 100) -> Sequence[OutgoingEmail]:
        c = self.table.c
        return self.list(c.sent_at.is_(None), c.attempts < max_attempts, order_by=c.id, limit=limit)
