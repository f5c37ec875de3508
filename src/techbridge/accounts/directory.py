"""The directory: how other features read organisations and people (never through the repositories)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from techbridge.accounts.model import Organization, User
from techbridge.accounts.repository import OrganizationRepository, UserRepository
from techbridge.storage.uow import UnitOfWork


def get_organization(uow: UnitOfWork, org_id: int) -> Organization | None:
    return uow.repo(OrganizationRepository).get(org_id)


def organizations_by_id(uow: UnitOfWork, org_ids: Iterable[int]) -> dict[int, Organization]:
    return uow.repo(OrganizationRepository).get_many(org_ids)


def organization_by_credit_code(uow: UnitOfWork, credit_code: str) -> Organization | None:
    return uow.repo(OrganizationRepository).by_credit_code(credit_code)


def organization_by_name(uow: UnitOfWork, name: str) -> Organization | None:
    return uow.repo(OrganizationRepository).by_name(name)


def all_organizations(uow: UnitOfWork) -> Sequence[Organization]:
    return uow.repo(OrganizationRepository).list()


def count_organizations(uow: UnitOfWork) -> int:
    return uow.repo(OrganizationRepository).count()


def add_organization(uow: UnitOfWork, org: Organization) -> Organization:
    """Store an organisation already validated by the caller (registration, import)."""
    return uow.repo(OrganizationRepository).add(org)


def get_user(uow: UnitOfWork, user_id: int) -> User | None:
    return uow.repo(UserRepository).get(user_id)


def active_user(uow: UnitOfWork, user_id: int) -> User | None:
    """The user of a session, if the account still exists and is active."""
    user = uow.repo(UserRepository).get(user_id)
    return user if user is not None and user.is_active else None


def users_by_id(uow: UnitOfWork, user_ids: Iterable[int]) -> dict[int, User]:
    return uow.repo(UserRepository).get_many(user_ids)


def user_by_email(uow: UnitOfWork, email: str) -> User | None:
    return uow.repo(UserRepository).by_email(email)


def users_with_roles(uow: UnitOfWork, roles: Iterable[str]) -> list[User]:
    """Active users holding one of `roles`, by role then id."""
    repo = uow.repo(UserRepository)
    c = repo.table.c
    return list(repo.list(c.role.in_(list(roles)), c.is_active.is_(True), order_by=(c.role, c.id)))


def members_of(uow: UnitOfWork, org_id: int, *, active_only: bool = False) -> list[User]:
    """The people signed up for one organisation."""
    repo = uow.repo(UserRepository)
    c = repo.table.c
    where = [c.organization_id == org_id] + ([c.is_active.is_(True)] if active_only else [])
    return list(repo.list(*where, order_by=c.id))
