"""Schemas of the accounts API: organisations, login and the signed-in user."""

from __future__ import annotations

from pydantic import BaseModel, Field

from techbridge.accounts.model import Organization
from techbridge.accounts.passwords import MAX_PASSWORD
from techbridge.accounts.service import EMAIL_MAX
from techbridge.kernel.parks import park_name
from techbridge.kernel.regions import regions
from techbridge.web.schemas import IdRef, RequestBody


class OrganizationBase(BaseModel):
    name: str = Field(description="单位全称")
    org_type: str = Field(description="单位类型：高校、科研院所、企业、医院、合作社……")


class OrganizationPublic(OrganizationBase):
    id: IdRef
    credit_code: str
    region_code: str
    region_name: str
    park: str | None
    park_name: str
    description: str

    @classmethod
    def of(cls, org: Organization) -> OrganizationPublic:
        assert org.id is not None
        return cls(id=org.id, name=org.name, org_type=org.org_type, credit_code=org.credit_code,
                   region_code=org.region_code, region_name=regions().full_name(org.region_code), park=org.park,
                   park_name=park_name(org.park), description=org.description)


class LoginRequest(RequestBody):
    email: str = Field(max_length=EMAIL_MAX)
    password: str = Field(max_length=MAX_PASSWORD)


class PasswordChange(RequestBody):
    current_password: str = Field(max_length=MAX_PASSWORD)
    new_password: str = Field(max_length=MAX_PASSWORD, description="8–128位，需同时包含字母和数字")


class UserPublic(BaseModel):
    id: IdRef
    email: str
    display_name: str
    role: str
    organization_id: IdRef | None


class SessionPublic(BaseModel):
    user: UserPublic
    csrf_token: str = Field(description="之后的写操作在请求头 X-CSRF-Token 中带上此值")


# ---------------------------------------------------------------- imports
