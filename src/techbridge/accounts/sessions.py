"""Server-side sessions: the cookie carries a random token, the database says whether it still holds.

Logging out ends the session at once; changing the password ends every other session of the user.
Every web worker sees the same table, so a session works on all of them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from techbridge.accounts.model import User, UserSession
from techbridge.accounts.repository import SessionRepository, UserRepository
from techbridge.kernel.clock import utcnow
from techbridge.storage.uow import UnitOfWork

LIFETIME = timedelta(hours=12)  # a working day; log in again after


@dataclass(frozen=True)
class Started:
    token: str  # goes into the signed cookie; only its hash is stored
    csrf: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start(uow: UnitOfWork, user_id: int) -> Started:
    """Open a session for a user who just proved who they are."""
    token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(24), utcnow()
    with uow:
        uow.repo(SessionRepository).add(UserSession(_hash(token), user_id, csrf, now, now + LIFETIME))
        uow.repo(SessionRepository).purge_expired(now - LIFETIME)
        uow.commit()
    return Started(token, csrf)


def resolve(uow: UnitOfWork, token: str) -> tuple[User, str] | None:
    """The user and CSRF token of a live session, or None when it ended, expired or the user left."""
    with uow:
        found = uow.repo(SessionRepository).by_token_hash(_hash(token))
        if found is None or found.revoked_at is not None or found.expires_at <= utcnow():
            return None
        user = uow.repo(UserRepository).get(found.user_id)
        if user is None or not user.is_active:
            return None
        return user, found.csrf


def end(uow: UnitOfWork, token: str) -> None:
    """Log out: the token stops working everywhere, even if someone copied the cookie."""
    with uow:
        found = uow.repo(SessionRepository).by_token_hash(_hash(token))
        if found is not None and found.revoked_at is None:
            found.revoked_at = utcnow()
            uow.commit()


def end_all(uow: UnitOfWork, user_id: int, *, except_token: str | None = None) -> int:
    """End every session of a user (after a password change or reset), except the caller's own."""
    with uow:
        count = uow.repo(SessionRepository).revoke_all(user_id, utcnow(),
                                                       keep=_hash(except_token) if except_token else None)
        uow.commit()
    return count
