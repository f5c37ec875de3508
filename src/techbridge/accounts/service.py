"""Accounts: registration, password hashing (argon2), login with lockout after repeated failures."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from techbridge.accounts.model import Organization, Role, User
from techbridge.accounts.repository import OrganizationRepository, UserRepository
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import AccountLocked, Conflict, LoginFailed, ValidationError, ValidationErrors
from techbridge.storage.uow import UnitOfWork

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
MIN_PASSWORD = 8


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def check_new_user(email: str, display_name: str, password: str, role: str) -> list[ValidationError]:
    errors = []
    if not _EMAIL.match(email.strip()):
        errors.append(ValidationError("请输入有效的电子邮箱", field="email", code="email_format"))
    if len(display_name.strip()) < 2:
        errors.append(ValidationError("请填写姓名（至少2个字）", field="display_name", code="required"))
    if len(password) < MIN_PASSWORD or password.isdigit() or password.isalpha():
        errors.append(ValidationError(f"密码至少{MIN_PASSWORD}位，且需同时包含字母和数字", field="password",
                                      code="weak_password"))
    if role not in [r.value for r in Role]:
        errors.append(ValidationError("未知的角色", field="role", code="unknown_role"))
    return errors


def register_user(
    uow: UnitOfWork, *, email: str, display_name: str, password: str, role: str, organization_id: int | None,
    phone: str = "",
) -> int:
    """Create a user; the caller commits (registration also creates or joins an organisation)."""
    errors = check_new_user(email, display_name, password, role)
    if errors:
        raise ValidationErrors(errors)
    if uow.repo(UserRepository).by_email(email.strip()):
        raise Conflict("该邮箱已注册，请直接登录", code="email_taken")
    user = User(email.strip().lower(), display_name.strip(), hash_password(password), role, organization_id,
                phone=phone, created_at=utcnow())
    uow.repo(UserRepository).add(user)
    uow.flush()
    assert user.id is not None
    return user.id


def authenticate(uow: UnitOfWork, *, email: str, password: str, max_failures: int, lockout_minutes: int) -> User:
    """Return the user when the password matches; count failures and lock the account after too many."""
    with uow:
        user = uow.repo(UserRepository).by_email(email.strip())
        now = utcnow()
        if user is None or not user.is_active:
            verify_password(_dummy_hash(), password)  # same cost whether or not the account exists
            raise LoginFailed("邮箱或密码不正确")
        if user.locked_until and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            raise AccountLocked(f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试")
        if not verify_password(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= max_failures:
                user.locked_until = now + timedelta(minutes=lockout_minutes)
                user.failed_logins = 0
                uow.commit()
                raise AccountLocked(f"登录失败次数过多，账号已锁定 {lockout_minutes} 分钟")
            uow.commit()
            left = max_failures - user.failed_logins
            raise LoginFailed(f"邮箱或密码不正确（再错 {left} 次将锁定账号）")
        user.failed_logins = 0
        user.locked_until = None
        uow.commit()
        return user


@cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password-1")


def register_with_organization(
    uow: UnitOfWork, *, email: str, display_name: str, password: str, role: str, phone: str, org_name: str,
    org_type: str, credit_code: str, region: str,
) -> int:
    """Register a new organisation and its first user in one transaction; returns the user id.

    An organisation that is already registered is not joined silently: its existing members
    (or an admin) add colleagues, so nobody can take over a company by knowing its credit code.
    """
    from techbridge.listings.service import register_organization

    if role == Role.ADMIN:
        raise ValidationErrors([ValidationError("管理方账号由平台开通", field="role", code="role_not_allowed")])
    with uow:
        errors = check_new_user(email, display_name, password, role)
        try:
            org_id = register_organization(uow, name=org_name, org_type=org_type, credit_code=credit_code, region=region)
        except ValidationErrors as many:
            raise ValidationErrors(errors + many.errors) from None
        if errors:
            raise ValidationErrors(errors)
        user_id = register_user(uow, email=email, display_name=display_name, password=password, role=role,
                                organization_id=org_id, phone=phone)
        uow.commit()
    return user_id


def add_member(uow: UnitOfWork, *, actor: User, email: str, display_name: str, password: str, phone: str = "") -> int:
    """A member adds a colleague to their own organisation, with the same role (admins may not be made)."""
    from techbridge.kernel.errors import PermissionDenied

    if actor.organization_id is None:
        raise PermissionDenied("您的账号未关联单位，不能添加同事")
    if actor.role == Role.ADMIN:
        raise PermissionDenied("管理方账号由平台开通")
    with uow:
        user_id = register_user(uow, email=email, display_name=display_name, password=password, role=actor.role,
                                organization_id=actor.organization_id, phone=phone)
        uow.commit()
    return user_id


# The directory: how other features read organisations and people (never through the repositories).


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
