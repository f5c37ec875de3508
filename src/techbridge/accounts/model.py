"""Accounts: organisations (机构) and the people who sign in for them, with their roles.

Plain dataclasses, free of any framework; storage maps them imperatively (accounts/tables.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    SUPPLIER = "supplier"
    SEEKER = "seeker"
    BROKER = "broker"  # a technology manager whose credential an admin of its region verified
    BROKER_APPLICANT = "broker_applicant"  # registered as a technology manager, credential not yet verified
    ADMIN = "admin"  # a commission (region_scope = its province) or the platform (region_scope = None)

    @property
    def label(self) -> str:
        return {"supplier": "成果方", "seeker": "需求方", "broker": "技术经理人", "broker_applicant": "技术经理人（待认证）",
                "admin": "管理方"}[self.value]


class OrgType(StrEnum):
    UNIVERSITY = "高校"
    INSTITUTE = "科研院所"
    NEW_RD = "新型研发机构"
    ENTERPRISE = "企业"
    HOSPITAL = "医院"
    COOPERATIVE = "合作社"
    PARK = "园区运营"
    PUBLIC = "事业单位"
    AGENCY = "技术转移机构"
    GOVERNMENT = "政府部门"


@dataclass(eq=False)
class Organization:
    name: str
    org_type: str
    credit_code: str
    region_code: str
    park: str | None = None
    description: str = ""
    created_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class User:
    email: str
    display_name: str
    password_hash: str
    role: str
    organization_id: int | None = None
    phone: str = ""
    is_active: bool = True
    region_scope: str | None = None  # admins: the province they administer (110000 / 120000 / 130000); None = all
    created_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class UserSession:
    """A signed-in session, stored server-side so that logging out or changing the password ends it."""

    token_hash: str  # sha256 of the token in the cookie: a stolen database yields no usable cookie
    user_id: int
    csrf: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class PasswordReset:
    """A single-use 忘记密码 token: only its hash is stored; it expires and is spent on first use."""

    user_id: int
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    id: int | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
