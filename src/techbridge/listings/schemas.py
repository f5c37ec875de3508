"""Schemas of the listings API: Base / Create / Update / Public families of achievements and demands.

Input validation itself happens in the listings' rules (one set of rules for forms, API and imports);
these models document the API and shape its output.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from techbridge.accounts.model import Organization
from techbridge.kernel.industries import industry_name
from techbridge.kernel.regions import regions
from techbridge.kernel.trl import trl_label
from techbridge.listings.model import LIST_LIMITS, TEXT_LIMITS, Achievement, Demand
from techbridge.web.schemas import AwareDatetime, IdRef, Money, RequestBody


class OrganizationRef(BaseModel):
    id: IdRef
    name: str


# ---------------------------------------------------------------- listings

Keyword = Annotated[str, StringConstraints(max_length=TEXT_LIMITS["keyword"])]
PatentNo = Annotated[str, StringConstraints(max_length=TEXT_LIMITS["patent"])]
ModeName = Literal["转让", "许可", "作价入股", "合作开发", "先使用后付费"]
IpStatusName = Literal["已授权", "已受理", "软件著作权", "技术秘密", "无"]

class ListingBase(RequestBody):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=TEXT_LIMITS["title"], description="名称，4–100字")
    industry: str = Field(max_length=TEXT_LIMITS["industry"], description="所属领域：代码或中文名，如 hydrogen / 氢能")
    region: str | None = Field(None, max_length=TEXT_LIMITS["region"], description="所在地区，默认单位所在地；可写“唐山”“滨海新区”或6位代码")
    park: str | None = Field(None, max_length=TEXT_LIMITS["park"], description="所在园区（键或名称）")
    contact_name: str = Field("", max_length=TEXT_LIMITS["contact_name"])
    contact_phone: str = Field("", max_length=TEXT_LIMITS["contact_phone"])
    contact_email: str = Field("", max_length=TEXT_LIMITS["contact_email"])
    visibility: Literal["public", "brokers_only"] = "public"


class AchievementCreate(ListingBase):
    summary: str = Field(max_length=TEXT_LIMITS["summary"], description="成果简介，至少20字")
    highlights: str = Field("", max_length=TEXT_LIMITS["highlights"])
    applications: str = Field("", max_length=TEXT_LIMITS["applications"])
    keywords: list[Keyword] = Field([], max_length=LIST_LIMITS["keywords"])
    trl: int = Field(ge=1, le=9, description="技术成熟度 1–9（GB/T 22900-2022）")
    patents: list[PatentNo] = Field([], max_length=LIST_LIMITS["patents"], description="专利申请号或公开号")
    ip_status: IpStatusName = "无"
    transfer_modes: list[ModeName] = Field(max_length=LIST_LIMITS["transfer_modes"], description="转让、许可、作价入股、合作开发、先使用后付费")
    asking_price: Money | None = Field(None, description="参考价格（万元，字符串，如 \"350.00\"）；空为面议")
    submit: bool = Field(False, description="为 true 时创建后直接提交审核")


class AchievementUpdate(RequestBody):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, max_length=TEXT_LIMITS["title"])
    summary: str | None = Field(None, max_length=TEXT_LIMITS["summary"])
    highlights: str | None = Field(None, max_length=TEXT_LIMITS["highlights"])
    applications: str | None = Field(None, max_length=TEXT_LIMITS["applications"])
    industry: str | None = Field(None, max_length=TEXT_LIMITS["industry"])
    keywords: list[Keyword] | None = Field(None, max_length=LIST_LIMITS["keywords"])
    trl: int | None = Field(None, ge=1, le=9)
    patents: list[PatentNo] | None = Field(None, max_length=LIST_LIMITS["patents"])
    ip_status: IpStatusName | None = None
    transfer_modes: list[ModeName] | None = Field(None, max_length=LIST_LIMITS["transfer_modes"])
    asking_price: Money | None = None
    region: str | None = Field(None, max_length=TEXT_LIMITS["region"])
    park: str | None = Field(None, max_length=TEXT_LIMITS["park"])
    contact_name: str | None = Field(None, max_length=TEXT_LIMITS["contact_name"])
    contact_phone: str | None = Field(None, max_length=TEXT_LIMITS["contact_phone"])
    contact_email: str | None = Field(None, max_length=TEXT_LIMITS["contact_email"])
    visibility: Literal["public", "brokers_only"] | None = None


class DemandCreate(ListingBase):
    problem: str = Field(max_length=TEXT_LIMITS["problem"], description="问题与场景，至少20字")
    current_state: str = Field("", max_length=TEXT_LIMITS["current_state"])
    target_indicators: str = Field("", max_length=TEXT_LIMITS["target_indicators"])
    constraints: str = Field("", max_length=TEXT_LIMITS["constraints"])
    budget: Money | None = Field(None, description="预算（万元，字符串）；空为面议")
    deadline: date | None = None
    expected_trl: int | None = Field(None, ge=1, le=9)
    cooperation_modes: list[ModeName] = Field([], max_length=LIST_LIMITS["cooperation_modes"])
    submit: bool = False


class DemandUpdate(RequestBody):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, max_length=TEXT_LIMITS["title"])
    problem: str | None = Field(None, max_length=TEXT_LIMITS["problem"])
    current_state: str | None = Field(None, max_length=TEXT_LIMITS["current_state"])
    target_indicators: str | None = Field(None, max_length=TEXT_LIMITS["target_indicators"])
    constraints: str | None = Field(None, max_length=TEXT_LIMITS["constraints"])
    industry: str | None = Field(None, max_length=TEXT_LIMITS["industry"])
    budget: Money | None = None
    deadline: date | None = None
    expected_trl: int | None = Field(None, ge=1, le=9)
    cooperation_modes: list[ModeName] | None = Field(None, max_length=LIST_LIMITS["cooperation_modes"])
    region: str | None = Field(None, max_length=TEXT_LIMITS["region"])
    park: str | None = Field(None, max_length=TEXT_LIMITS["park"])
    contact_name: str | None = Field(None, max_length=TEXT_LIMITS["contact_name"])
    contact_phone: str | None = Field(None, max_length=TEXT_LIMITS["contact_phone"])
    contact_email: str | None = Field(None, max_length=TEXT_LIMITS["contact_email"])
    visibility: Literal["public", "brokers_only"] | None = None


class Contact(BaseModel):
    name: str
    phone: str
    email: str


class ListingPublicBase(BaseModel):
    id: IdRef
    kind: str
    title: str
    industry: str
    industry_name: str
    organization: OrganizationRef
    region_code: str
    region_name: str
    park: str | None
    status: str
    visibility: str
    published_at: AwareDatetime | None
    updated_at: AwareDatetime | None
    contact: Contact | None = Field(None, description="仅发布方、技术经理人和管理方可见")


class AchievementPublic(ListingPublicBase):
    summary: str
    highlights: str
    applications: str
    keywords: list[str]
    trl: int
    trl_label: str
    patents: list[str]
    ip_status: str
    transfer_modes: list[str]
    asking_price: Money | None


class DemandPublic(ListingPublicBase):
    problem: str
    current_state: str
    target_indicators: str
    constraints: str
    budget: Money | None
    deadline: date | None
    expected_trl: int | None
    cooperation_modes: list[str]


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def listing_public(listing: Achievement | Demand, org: Organization, *, show_contact: bool) -> AchievementPublic | DemandPublic:
    """The API view of a listing; contact details only for those allowed to see them."""
    assert listing.id is not None and org.id is not None
    common: dict[str, Any] = {
        "id": listing.id, "kind": listing.kind, "title": listing.title, "industry": listing.industry,
        "industry_name": industry_name(listing.industry), "organization": OrganizationRef(id=org.id, name=org.name),
        "region_code": listing.region_code, "region_name": regions().full_name(listing.region_code),
        "park": listing.park, "status": listing.status, "visibility": listing.visibility,
        "published_at": listing.published_at, "updated_at": listing.updated_at,
        "contact": Contact(name=listing.contact_name, phone=listing.contact_phone, email=listing.contact_email)
        if show_contact else None,
    }
    if isinstance(listing, Achievement):
        return AchievementPublic(
            **common, summary=listing.summary, highlights=listing.highlights, applications=listing.applications,
            keywords=listing.keywords, trl=listing.trl, trl_label=trl_label(listing.trl), patents=listing.patents,
            ip_status=listing.ip_status, transfer_modes=listing.transfer_modes, asking_price=_money(listing.asking_price),
        )
    return DemandPublic(
        **common, problem=listing.problem, current_state=listing.current_state,
        target_indicators=listing.target_indicators, constraints=listing.constraints, budget=_money(listing.budget),
        deadline=listing.deadline, expected_trl=listing.expected_trl, cooperation_modes=listing.cooperation_modes,
    )


# ---------------------------------------------------------------- accounts
