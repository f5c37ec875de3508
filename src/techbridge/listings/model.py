"""The registry's core objects: Achievement and Demand (科技成果 / 技术需求).

Plain dataclasses, free of any framework; storage maps them imperatively (listings/tables.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from techbridge.kernel.snippets import join_sentences

# One set of text limits (characters) for the forms, the API schemas and validation; the database
# columns are at least this wide (tests/integration/web/test_input_limits.py compares all three).
TEXT_LIMITS: dict[str, int] = {
    "title": 100, "summary": 5000, "highlights": 5000, "applications": 5000, "problem": 5000, "current_state": 5000,
    "target_indicators": 5000, "constraints": 5000, "contact_name": 60, "contact_phone": 32, "contact_email": 254,
    "keyword": 30, "patent": 32, "industry": 40, "region": 40, "park": 64,
}
LIST_LIMITS: dict[str, int] = {"keywords": 20, "patents": 50, "transfer_modes": 5, "cooperation_modes": 5}


class ListingStatus(StrEnum):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return {"draft": "草稿", "pending_review": "待审核", "published": "已发布", "archived": "已归档"}[self.value]


class Visibility(StrEnum):
    PUBLIC = "public"
    BROKERS_ONLY = "brokers_only"

    @property
    def label(self) -> str:
        return {"public": "公开", "brokers_only": "仅经纪人可见"}[self.value]


@dataclass(frozen=True)
class SearchScope:
    """The listings a library search may rank: a visibility rule, or an explicit list of ids.

    For the published library the rule is enough (issue 18): the matching engine's catalogue
    holds every published listing with its visibility, so it builds the candidate mask itself
    rather than being handed every visible id. `brokers_only` admits the 仅经纪人可见 listings;
    `also` names the few of them the viewer may see without that right (their organisation's,
    an admin's region's). `ids`, when set, is the whole candidate set instead.
    """

    brokers_only: bool = False
    also: tuple[int, ...] = ()
    ids: tuple[int, ...] | None = None

    @classmethod
    def of(cls, ids: list[int]) -> SearchScope:
        """Exactly these candidates."""
        return cls(ids=tuple(ids))


class TransferMode(StrEnum):
    ASSIGNMENT = "转让"
    LICENSE = "许可"
    EQUITY = "作价入股"
    JOINT_DEVELOPMENT = "合作开发"
    USE_FIRST_PAY_LATER = "先使用后付费"


class IpStatus(StrEnum):
    GRANTED = "已授权"
    FILED = "已受理"
    SOFTWARE_COPYRIGHT = "软件著作权"
    TRADE_SECRET = "技术秘密"
    NONE = "无"


@dataclass(eq=False)
class Listing:
    """What achievements and demands share: ownership, lifecycle, provenance."""

    kind: ClassVar[str] = ""  # "achievement" | "demand"
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ()

    title: str
    organization_id: int
    industry: str
    region_code: str
    owner_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    visibility: str = Visibility.PUBLIC.value
    status: str = ListingStatus.DRAFT.value
    park: str | None = None
    source: str = "platform"
    external_id: str | None = None
    # the text fields exactly as submitted, before normalisation (nothing lost)
    original: dict[str, str] = field(default_factory=dict)
    review_note: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    published_at: datetime | None = None
    id: int | None = None

    @property
    def is_published(self) -> bool:
        return self.status == ListingStatus.PUBLISHED

    def full_text(self) -> str:
        """Title and body as the matching engine reads them."""
        return self.title


@dataclass(eq=False)
class Achievement(Listing):
    summary: str = ""
    highlights: str = ""
    applications: str = ""
    keywords: list[str] = field(default_factory=list)
    trl: int = 1
    patents: list[str] = field(default_factory=list)
    ip_status: str = IpStatus.NONE.value
    transfer_modes: list[str] = field(default_factory=list)
    asking_price: Decimal | None = None  # 万元; None = 面议

    kind: ClassVar[str] = "achievement"
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title", "summary", "highlights", "applications")

    def full_text(self) -> str:
        """Title and body as the matching engine reads them."""
        return join_sentences([self.title, self.summary, self.highlights, self.applications, "、".join(self.keywords)])


@dataclass(eq=False)
class Demand(Listing):
    problem: str = ""  # 问题与场景
    current_state: str = ""  # 现状与痛点
    target_indicators: str = ""  # 目标指标
    constraints: str = ""  # 约束条件（成本/设备/法规）
    budget: Decimal | None = None  # 万元; None = 面议
    deadline: date | None = None
    expected_trl: int | None = None
    cooperation_modes: list[str] = field(default_factory=list)

    kind: ClassVar[str] = "demand"
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title", "problem", "current_state", "target_indicators", "constraints")

    def full_text(self) -> str:
        """Title and body as the matching engine reads them."""
        return join_sentences([self.title, self.problem, self.current_state, self.target_indicators, self.constraints])


@dataclass(eq=False)
class TrlEvidence:
    """A service record (概念验证 / 中试) that demonstrated an achievement's TRL (GB/T 22900-2022), cited on its page."""

    achievement_id: int
    trl_before: int
    trl_after: int
    citation: str  # e.g. "滨海中关村增材制造中试平台 · 中试服务记录 #3"
    link: str
    recorded_at: datetime | None = None
    id: int | None = None
