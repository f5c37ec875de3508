"""Accounts: registration, colleagues, password changes and the roles an admin grants.

A technology manager (技术经理人) is never self-appointed: registering as one creates an applicant
whose credential an admin of the issuing region verifies (talent feature) before any broker right.
"""

from __future__ import annotations

import re

from techbridge.accounts import sessions
from techbridge.accounts.model import Role, User
from techbridge.accounts.organizations import register_organization
from techbridge.accounts.passwords import MAX_PASSWORD, MIN_PASSWORD, hash_password, verify_password
from techbridge.accounts.repository import UserRepository
from techbridge.accounts.rules import admin_covers
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.text import reject_control_characters
from techbridge.storage.uow import UnitOfWork

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
EMAIL_MAX = 254  # RFC 5321 §4.5.3.1.3: a forward path holds at most 256 octets including the brackets
NAME_MAX = 50
SELF_SERVICE_ROLES = (Role.SUPPLIER, Role.SEEKER, Role.BROKER)


def check_new_user(email: str, display_name: str, password: str, role: str) -> list[ValidationError]:
    errors = []
    email = email.strip()
    if len(email) > EMAIL_MAX or not _EMAIL.match(email):
        errors.append(ValidationError(f"请输入有效的电子邮箱（不超过{EMAIL_MAX}个字符）", field="email",
                                      code="email_format"))
    name = display_name.strip()
    if len(name) < 2 or len(name) > NAME_MAX:
        errors.append(ValidationError(f"请填写姓名（2至{NAME_MAX}个字）", field="display_name", code="required"))
    else:
        try:
            reject_control_characters(name, field="display_name")
        except ValidationError as err:
            errors.append(err)
    errors += check_password(password)
    if role not in [r.value for r in Role]:
        errors.append(ValidationError("未知的角色", field="role", code="unknown_role"))
    return errors


def check_password(password: str, field: str = "password") -> list[ValidationError]:
    if len(password) < MIN_PASSWORD or len(password) > MAX_PASSWORD or password.isdigit() or password.isalpha():
        return [ValidationError(f"密码为{MIN_PASSWORD}至{MAX_PASSWORD}位，且需同时包含字母和数字", field=field,
                                code="weak_password")]
    return []


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


def registered_role(role: str) -> str:
    """The role a self-registration really gets: a would-be broker starts as an applicant."""
    return Role.BROKER_APPLICANT.value if role == Role.BROKER else role


def register_with_organization(
    uow: UnitOfWork, *, email: str, display_name: str, password: str, role: str, phone: str, org_name: str,
    org_type: str, credit_code: str, region: str,
) -> int:
    """Register a new organisation and its first user in one transaction; returns the user id.

    An organisation that is already registered is not joined silently: its existing members
    (or an admin) add colleagues, so nobody can take over a company by knowing its credit code.
    """
    if role not in SELF_SERVICE_ROLES:
        raise ValidationErrors([ValidationError("管理方账号由平台开通", field="role", code="role_not_allowed")])
    with uow:
        errors = check_new_user(email, display_name, password, role)
        try:
            org_id = register_organization(uow, name=org_name, org_type=org_type, credit_code=credit_code, region=region)
        except ValidationErrors as many:
            raise ValidationErrors(errors + [_as_registration_field(e) for e in many.errors]) from None
        if errors:
            raise ValidationErrors(errors)
        user_id = register_user(uow, email=email, display_name=display_name, password=password,
                                role=registered_role(role), organization_id=org_id, phone=phone)
        uow.commit()
    return user_id


# The organisation's own field names, as the registration form (and its callers) name them.
_ORG_FIELDS = {"name": "org_name"}


def _as_registration_field(err: ValidationError) -> ValidationError:
    return ValidationError(err.message, field=_ORG_FIELDS.get(err.field or "", err.field), code=err.code)


def add_member(uow: UnitOfWork, *, actor: User, email: str, display_name: str, password: str, phone: str = "") -> int:
    """A member adds a colleague to their own organisation with the same role; a broker's colleague
    starts as an applicant (a credential is personal), and admins are never made this way."""
    if actor.organization_id is None:
        raise PermissionDenied("您的账号未关联单位，不能添加同事")
    if actor.role == Role.ADMIN:
        raise PermissionDenied("管理方账号由平台开通")
    with uow:
        user_id = register_user(uow, email=email, display_name=display_name, password=password,
                                role=registered_role(actor.role), organization_id=actor.organization_id, phone=phone)
        uow.commit()
    return user_id


def change_password(uow: UnitOfWork, *, user: User, current: str, new: str, keep_session: str | None) -> None:
    """Change one's password; every other session of the account ends (a thief's copy included)."""
    assert user.id is not None
    errors = check_password(new, field="new_password")
    with uow:
        stored = uow.repo(UserRepository).get(user.id)
        if stored is None:
            raise NotFound("账号不存在")
        if not verify_password(stored.password_hash, current):
            errors.insert(0, ValidationError("当前密码不正确", field="current_password", code="wrong_password"))
        if errors:
            raise ValidationErrors(errors)
        stored.password_hash = hash_password(new)
        uow.commit()
    sessions.end_all(uow, user.id, except_token=keep_session)


def set_password(uow: UnitOfWork, *, user_id: int, new: str) -> None:
    """Set a password without the old one (a verified reset link); every session of the account ends."""
    errors = check_password(new, field="new_password")
    if errors:
        raise ValidationErrors(errors)
    with uow:
        stored = uow.repo(UserRepository).get(user_id)
        if stored is None:
            raise NotFound("账号不存在")
        stored.password_hash = hash_password(new)
        uow.commit()
    sessions.end_all(uow, user_id)


def grant_broker(uow: UnitOfWork, *, admin: User, user_id: int, credential_region: str) -> None:
    """Make an applicant a technology manager; only an admin of the credential's region may (inside the
    caller's unit of work, which records the verification beside it)."""
    if not admin_covers(admin, credential_region):
        raise PermissionDenied("只有证书发证地区的管理方可以核验技术经理人")
    user = uow.repo(UserRepository).get(user_id)
    if user is None:
        raise NotFound("账号不存在")
    if user.role not in (Role.BROKER_APPLICANT, Role.BROKER):
        raise Conflict("该账号不是技术经理人申请人", code="not_an_applicant")
    user.role = Role.BROKER.value
