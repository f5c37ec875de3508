"""Notifications: write to the in-app inbox and queue the same message in the email outbox.

Mail leaves through a pluggable sender (services/mail.py) when the outbox is delivered,
never inside the request that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from techbridge.accounts import directory
from techbridge.accounts.directory import get_user
from techbridge.kernel.clock import utcnow
from techbridge.notifications.model import Notification, OutgoingEmail
from techbridge.notifications.repository import NotificationRepository, OutboxRepository
from techbridge.storage.uow import UnitOfWork


def notify(
    uow: UnitOfWork, user_ids: Iterable[int | None], *, kind: str, title: str, body: str = "", link: str = "",
    exclude: int | None = None, email: bool = True,
) -> list[Notification]:
    """Add one inbox entry (and one queued email) per distinct user; the caller commits."""
    created = []
    now = utcnow()
    for user_id in dict.fromkeys(u for u in user_ids if u is not None and u != exclude):
        user = get_user(uow, user_id)
        if user is None or not user.is_active:
            continue
        note = Notification(user_id, kind, title, body, link, created_at=now)
        uow.repo(NotificationRepository).add(note)
        uow.flush()
        if email and user.email:
            text = f"{user.display_name}，您好：\n\n{title}\n\n{body}\n\n查看详情：{{base_url}}{link}\n\n——京津冀科技成果转化供需对接平台"
            uow.repo(OutboxRepository).add(OutgoingEmail(user.email, f"【京津冀成果转化平台】{title}", text, note.id, created_at=now))
        created.append(note)
    return created


def members_of(uow: UnitOfWork, org_id: int | None) -> list[int]:
    """Ids of the active users of an organisation."""
    if org_id is None:
        return []
    return [u.id for u in directory.members_of(uow, org_id, active_only=True) if u.id is not None]


def mark_read(uow: UnitOfWork, user_id: int | None, notification_id: int | None = None) -> int:
    """Mark one (or every) unread notification of a user as read; returns how many."""
    with uow:
        c = uow.repo(NotificationRepository).table.c
        where = [c.user_id == user_id, c.read_at.is_(None)]
        if notification_id is not None:
            where.append(c.id == notification_id)
        items = uow.repo(NotificationRepository).list(*where)
        now = utcnow()
        for item in items:
            item.read_at = now
        uow.commit()
        return len(items)


def inbox(uow: UnitOfWork, user_id: int | None, limit: int = 50) -> list[Notification]:
    return list(uow.repo(NotificationRepository).inbox(user_id, limit=limit))


def unread_count(uow: UnitOfWork, user_id: int | None) -> int:
    return uow.repo(NotificationRepository).unread_count(user_id)


def notified_since(uow: UnitOfWork, *, kind: str, link: str, since: datetime | None) -> bool:
    """Whether a notification of `kind` about `link` went out after `since` (so it is not sent twice)."""
    repo = uow.repo(NotificationRepository)
    c = repo.table.c
    return repo.count(c.kind == kind, c.link == link, *([c.created_at > since] if since else [])) > 0


def queue_email(uow: UnitOfWork, to: str, subject: str, body: str) -> None:
    """Queue one e-mail that is not an inbox notification (a password reset link); the caller commits.

    `{base_url}` in the body becomes the platform's address when the outbox is delivered.
    """
    uow.repo(OutboxRepository).add(OutgoingEmail(to, subject, body, None, created_at=utcnow()))
