"""Finance supply (funds, financial products) and demand (financing needs), and their review status.

Amounts are Decimal 万元 (kernel.money); stages and types are closed lists with Chinese labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class FunderType(StrEnum):
    GUIDANCE = "guidance"
    VC = "vc"
    CORPORATE = "corporate"
    ANGEL = "angel"

    @property
    def label(self) -> str:
        return {"guidance": "政府引导基金", "vc": "创投", "corporate": "产业资本", "angel": "天使"}[self.value]


class FinancingStage(StrEnum):
    """Rounds of equity financing, earliest first."""

    SEED = "seed"
    ANGEL = "angel"
    A = "a"
    B = "b"
    C = "c"
    PRE_IPO = "pre_ipo"

    @property
    def label(self) -> str:
        return {"seed": "种子轮", "angel": "天使轮", "a": "A轮", "b": "B轮", "c": "C轮及以后",
                "pre_ipo": "Pre-IPO"}[self.value]


class ProductKind(StrEnum):
    SCI_TECH_LOAN = "sci_tech_loan"
    IP_PLEDGE = "ip_pledge"
    INVEST_LOAN = "invest_loan"
    GUARANTEE = "guarantee"
    INSURANCE = "insurance"

    @property
    def label(self) -> str:
        return {"sci_tech_loan": "科创贷", "ip_pledge": "知识产权质押融资", "invest_loan": "投贷联动",
                "guarantee": "担保", "insurance": "保险"}[self.value]


class ReviewStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"pending": "待审核", "published": "已发布", "rejected": "已退回", "closed": "已关闭"}[self.value]


def labels(enum: type[StrEnum]) -> dict[str, str]:
    """value → Chinese label of a closed list (for forms and filters)."""
    return {m.value: m.label for m in enum}  # type: ignore[attr-defined]


@dataclass(eq=False)
class Fund:
    """A fund or an investor's thesis: what it invests in, at which stage, how much, where."""

    name: str
    organization_id: int  # the managing organisation
    funder_type: str
    thesis: str  # 投资逻辑: in the words a fund manager would use
    ticket_min: Decimal  # 万元, one investment
    ticket_max: Decimal
    stages: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)  # kernel.industries codes
    regions: list[str] = field(default_factory=list)  # GB/T 2260 codes (a province covers its districts)
    excluded_industries: list[str] = field(default_factory=list)
    exclusions: str = ""  # other things it never invests in, comma-separated words (e.g. 类金融、房地产)
    fund_size: Decimal | None = None  # 万元
    contact_name: str = ""
    contact_phone: str = ""
    status: str = ReviewStatus.PENDING.value
    review_note: str = ""
    created_by: int | None = None
    reviewed_by: int | None = None
    reviewed_at: datetime | None = None
    source: str = "web"
    external_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def full_text(self) -> str:
        return f"{self.name}。{self.thesis}"

    def exclusion_words(self) -> list[str]:
        return [w for w in (x.strip() for x in self.exclusions.replace("，", "、").replace(",", "、").split("、")) if w]


@dataclass(eq=False)
class FinancialProduct:
    """A bank loan, guarantee or insurance product for technology firms, with its entry conditions."""

    name: str
    organization_id: int  # the bank, guarantor or insurer
    kind: str
    description: str
    limit_max: Decimal  # 万元 credit limit
    rate_min: Decimal  # annual rate %, e.g. 3.45
    rate_max: Decimal
    term_months: int = 12
    regions: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)  # empty = every industry
    min_sme_score: int | None = None  # 科技型中小企业评价 score required (None = not required)
    requires_pledge: bool = False  # 知识产权 or other pledge needed
    min_innovation_points: int | None = None  # 创新积分 threshold
    conditions: str = ""  # other entry conditions in words
    contact_name: str = ""
    contact_phone: str = ""
    status: str = ReviewStatus.PENDING.value
    review_note: str = ""
    created_by: int | None = None
    reviewed_by: int | None = None
    reviewed_at: datetime | None = None
    source: str = "web"
    external_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def full_text(self) -> str:
        return f"{self.name}。{self.description}。{self.conditions}"


@dataclass(eq=False)
class FinancingNeed:
    """A firm's or a project's financing need."""

    title: str
    organization_id: int
    amount: Decimal  # 万元 sought
    stage: str  # FinancingStage
    industry: str
    region_code: str
    use_of_funds: str
    description: str
    deadline: date
    wants_equity: bool = True
    wants_debt: bool = False
    achievement_id: int | None = None
    engagement_id: int | None = None
    has_pledge: bool = False  # the firm can pledge patents or other assets
    sme_score: int | None = None  # last 科技型中小企业 score the firm computed here
    innovation_points: int | None = None  # last 创新积分 estimate the firm computed here (of 1,000)
    status: str = ReviewStatus.PENDING.value
    review_note: str = ""
    created_by: int | None = None
    reviewed_by: int | None = None
    reviewed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def full_text(self) -> str:
        return f"{self.title}。{self.description}。资金用途：{self.use_of_funds}"


@dataclass(eq=False)
class FinanceDeal:
    """One fund × one financing need moving through the finance funnel (funnel_rules)."""

    fund_id: int
    need_id: int
    stage: str = "fin_recommended"
    termination_reason: str | None = None
    amount_closed: Decimal | None = None  # 万元 actually invested at 交割
    created_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None
