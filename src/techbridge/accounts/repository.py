"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from techbridge.accounts import tables
from techbridge.accounts.model import Organization, PasswordReset, User, UserSession
from techbridge.storage.repository import SqlRepository


class OrganizationRepository(SqlRepository[Organization]):
    model = Organization
    table = tables.organizations

    def by_credit_code(self, code: str) -> Organization | None:
        return self.session.scalar(select(Organization).where(self.table.c.credit_code == code))

    def by_name(self, name: str) -> Organization | None:
        return self.session.scalar(select(Organization).where(self.table.c.name == name))


class UserRepository(SqlRepository[User]):
    model = User
    table = tables.users

    def by_email(self, email: str) -> User | None:
        return self.session.scalar(select(User).where(func.lower(self.table.c.email) == email.lower()))


class SessionRepository(SqlRepository[UserSession]):
    model = UserSession
    table = tables.user_sessions

    def by_token_hash(self, token_hash: str) -> UserSession | None:
        return self.session.scalar(select(UserSession).where(self.table.c.token_hash == token_hash))

    def revoke_all(self, user_id: int, at: datetime, *, keep: str | None = None) -> int:
        """End every open session of a user (but `keep`, the caller's own); returns how many."""
        c = self.table.c
        where = [c.user_id == user_id, c.revoked_at.is_(None)] + ([c.token_hash != keep] if keep else [])
        result = self.session.execute(update(self.table).where(*where).values(revoked_at=at))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def purge_expired(self, before: datetime) -> int:
        c = self.table.c
        result = self.session.execute(delete(self.table).where(c.expires_at < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class LoginAttemptRepository:
    """Failure counters per address, updated in one statement so parallel attempts all count."""

    table = tables.login_attempts

    def __init__(self, session: Session) -> None:
        self.session = session

    def locked_until(self, key: str) -> datetime | None:
        return self.session.scalar(select(self.table.c.locked_until).where(self.table.c.key == key))

    def add_failure(self, key: str, now: datetime) -> int:
        """Count one more failure (atomically, on SQLite and PostgreSQL); returns the new count.

        The count only grows while a lock lasts, so attempts already in flight when the lock was set still
        see a count at or over the limit; the first failure after the lock expired starts again at 1.
        """
        c = self.table.c
        expired = and_(c.locked_until.is_not(None), c.locked_until <= now)
        dialect = self.session.get_bind().dialect.name
        insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = insert_(self.table).values(key=key, failures=1, updated_at=now).on_conflict_do_update(
            index_elements=[c.key], set_={"failures": case((expired, 1), else_=c.failures + 1),
                                          "locked_until": case((expired, None), else_=c.locked_until),
                                          "updated_at": now})
        return int(self.session.execute(stmt.returning(c.failures)).scalar_one())

    def lock(self, key: str, until: datetime, now: datetime) -> None:
        """Lock the address until `until`, unless a lock that lasts is already set."""
        c = self.table.c
        self.session.execute(update(self.table).where(c.key == key, or_(c.locked_until.is_(None), c.locked_until <= now))
                             .values(locked_until=until))

    def clear(self, key: str) -> None:
        self.session.execute(delete(self.table).where(self.table.c.key == key))
class PasswordResetRepository(SqlRepository[PasswordReset]):
    model = PasswordReset
    table = tables.password_resets

    def by_hash(self, token_hash: str) -> PasswordReset | None:
        return self.session.scalar(select(PasswordReset).where(self.table.c.token_hash == token_hash))

    def spend(self, token_hash: str, now: datetime) -> int | None:
        """Mark a live token used and return its user; None when it is unknown, expired or already spent.

        The UPDATE comes first (before anything is read), so two requests racing with one link
        serialise on the row (PostgreSQL) or the write lock (SQLite): exactly one wins.
        """
        c = self.table.c
        done = self.session.execute(update(self.table).where(c.token_hash == token_hash, c.used_at.is_(None),
                                                             c.expires_at > now).values(used_at=now))
        if getattr(done, "rowcount", 0) != 1:
            return None
        return self.session.scalar(select(c.user_id).where(c.token_hash == token_hash))

    def spend_all_of(self, user_id: int, now: datetime) -> None:
        """A new reset or a changed password voids the user's earlier tokens."""
        c = self.table.c
        self.session.execute(update(self.table).where(c.user_id == user_id, c.used_at.is_(None)).values(used_at=now))
