"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from sqlalchemy import func, select

from techbridge.accounts import tables
from techbridge.accounts.model import Organization, User
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
