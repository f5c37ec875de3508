"""Incubation carriers, tenancies and the compliance card (pure).

The criteria are those a 国家级科技企业孵化器 must meet under 《科技企业孵化器管理办法》(国科发区〔2018〕300号),
第六条. Each check names its clause and says whether we could verify its threshold against the text: items marked
`verified=False` follow our reading of the measure and must be confirmed against the published text before a card
is shown as authoritative (the page says so next to each such line).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from techbridge.kernel.codes import validate_uscc
from techbridge.kernel.errors import ValidationError


class CarrierKind(StrEnum):
    MAKERSPACE = "makerspace"
    INCUBATOR = "incubator"
    ACCELERATOR = "accelerator"
    PARK = "industrial_park"

    @property
    def label(self) -> str:
        return {"makerspace": "众创空间", "incubator": "孵化器", "accelerator": "加速器", "industrial_park": "产业园区"}[self.value]


CHAIN = (CarrierKind.MAKERSPACE, CarrierKind.INCUBATOR, CarrierKind.ACCELERATOR, CarrierKind.PARK)
LEVELS = ("国家级", "省级", "市级")


class TenancyStatus(StrEnum):
    INCUBATING = "incubating"
    GRADUATED = "graduated"
    MOVED_OUT = "moved_out"
    DEREGISTERED = "deregistered"

    @property
    def label(self) -> str:
        return {"incubating": "在孵", "graduated": "毕业", "moved_out": "迁出", "deregistered": "注销"}[self.value]


@dataclass(eq=False)
class Carrier:
    """A carrier and the facts it reports about itself (the compliance card reads them)."""

    name: str
    kind: str
    level: str  # 国家级 / 省级 / 市级
    organization_id: int
    region_code: str
    park: str | None = None
    area_m2: Decimal = Decimal("0")  # 可自主支配的孵化场地面积
    tenant_area_m2: Decimal = Decimal("0")  # 在孵企业使用面积（含公共服务面积）
    seed_fund_wan: Decimal = Decimal("0")
    fund_cases: int = 0
    professional_staff: int = 0
    staff: int = 0
    mentors: int = 0
    years_operating: int = 0
    years_of_statistics: int = 0
    created_at: datetime | None = None
    id: int | None = None

    @property
    def kind_label(self) -> str:
        return CarrierKind(self.kind).label

    def facts(self, tenancies: list[Tenancy]) -> CarrierFacts:
        return CarrierFacts(self.years_operating, self.years_of_statistics, self.area_m2, self.tenant_area_m2,
                            self.seed_fund_wan, self.fund_cases, self.professional_staff, self.staff, self.mentors,
                            tenancies)


@dataclass(eq=False)
class Tenancy:
    carrier_id: int
    firm_name: str
    credit_code: str  # 统一社会信用代码 (GB 32100), checked by kernel.codes
    moved_in: date
    status: str = TenancyStatus.INCUBATING.value
    moved_out: date | None = None
    area_m2: Decimal = Decimal("0")
    has_patent_application: bool = False
    has_valid_ip: bool = False
    funded: bool = False  # received investment or financing while incubating
    id: int | None = None


def check_tenancy(t: Tenancy, *, today: date) -> None:
    """A tenancy's dates and status agree: a firm still 在孵 has no move-out date; any other status needs one."""
    t.credit_code = validate_uscc(t.credit_code)
    if t.moved_in > today:
        raise ValidationError("入驻日期不能晚于今天", field="moved_in", code="date_future")
    if t.status == TenancyStatus.INCUBATING.value:
        if t.moved_out is not None:
            raise ValidationError("在孵企业不应有迁出日期；毕业、迁出或注销请同时修改状态", field="moved_out",
                                  code="status_dates")
    else:
        if t.moved_out is None:
            raise ValidationError(f"状态为“{TenancyStatus(t.status).label}”时请填写离开日期", field="moved_out",
                                  code="status_dates")
        if t.moved_out < t.moved_in:
            raise ValidationError("离开日期不能早于入驻日期", field="moved_out", code="date_order")


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (a tenancy from 3-15 to 5-14 is one month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def overlapping(a: Tenancy, b: Tenancy, *, today: date) -> bool:
    """Two tenancies of one firm (same credit code) in one carrier must not overlap in time."""
    a_end, b_end = a.moved_out or today, b.moved_out or today
    return a.credit_code == b.credit_code and a.carrier_id == b.carrier_id and a.moved_in < b_end and b.moved_in < a_end


@dataclass(frozen=True)
class CarrierFacts:
    """What a carrier reports about itself, in the measure's terms."""

    years_operating: int
    years_of_statistics: int
    area_m2: Decimal  # 可自主支配的孵化场地面积
    tenant_area_m2: Decimal  # 在孵企业使用面积（含公共服务面积）
    seed_fund_wan: Decimal  # 自有种子资金或合作的孵化资金（万元）
    fund_cases: int  # 资金使用案例
    professional_staff: int
    staff: int
    mentors: int
    tenancies: list[Tenancy] = field(default_factory=list)


@dataclass(frozen=True)
class Check:
    clause: str
    requirement: str
    actual: str
    passed: bool
    verified: bool  # the threshold was checked against the text of the measure


SOURCE = "《科技企业孵化器管理办法》(国科发区〔2018〕300号)"


def _share(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """A percentage, exact (compared with thresholds unrounded; shown with `_pct`)."""
    return Decimal(0) if not whole else Decimal(part) * 100 / Decimal(whole)


def _pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'))}"


def national_incubator_checks(facts: CarrierFacts, *, today: date) -> list[Check]:
    """第六条 of the measure as checks (a 国家级孵化器's conditions), against the carrier's own facts."""
    incubating = [t for t in facts.tenancies if t.status == TenancyStatus.INCUBATING.value]
    graduated = [t for t in facts.tenancies if t.status == TenancyStatus.GRADUATED.value]
    n = len(incubating)
    tenant_share = _share(facts.tenant_area_m2, facts.area_m2)
    funded = _share(sum(1 for t in incubating if t.funded), n)
    patent = _share(sum(1 for t in incubating if t.has_patent_application), n)
    valid_ip = _share(sum(1 for t in incubating if t.has_valid_ip), n)
    per_thousand = Decimal(n) * 1000 / facts.area_m2 if facts.area_m2 else Decimal(0)
    pro_share = _share(facts.professional_staff, facts.staff)
    return [
        Check("第六条（一）", "运营满3年，且至少连续2年报送真实完整的统计数据",
              f"运营 {facts.years_operating} 年，报送统计 {facts.years_of_statistics} 年",
              facts.years_operating >= 3 and facts.years_of_statistics >= 2, True),
        Check("第六条（二）", "可自主支配的孵化场地面积不低于10000平方米，在孵企业使用面积（含公共服务面积）占75%以上",
              f"{facts.area_m2} 平方米，在孵使用占 {_pct(tenant_share)}%",
              facts.area_m2 >= 10000 and tenant_share >= 75, True),
        Check("第六条（三）", "自有种子资金或合作的孵化资金不低于500万元，获得投融资的在孵企业占比不低于10%，不少于3个资金使用案例",
              f"资金 {facts.seed_fund_wan} 万元，获投融资占 {_pct(funded)}%，案例 {facts.fund_cases} 个",
              facts.seed_fund_wan >= 500 and funded >= 10 and facts.fund_cases >= 3, True),
        Check("第六条（四）", "专业孵化服务人员占在职人员80%以上，每10家在孵企业至少1名专业孵化服务人员和1名创业导师",
              f"专业人员占 {_pct(pro_share)}%，{facts.professional_staff} 名专业人员、{facts.mentors} 名导师服务 {n} 家",
              pro_share >= 80 and facts.professional_staff * 10 >= n and facts.mentors * 10 >= n, False),
        Check("第六条（五）", "已申请专利的在孵企业占比不低于50%，或拥有有效知识产权的占比不低于30%",
              f"已申请专利 {_pct(patent)}%，有效知识产权 {_pct(valid_ip)}%", patent >= 50 or valid_ip >= 30, False),
        Check("第六条（六）", "累计毕业企业达到20家以上", f"累计毕业 {len(graduated)} 家", len(graduated) >= 20, False),
        Check("第六条（七）", "在孵企业不少于50家，且每千平方米平均在孵企业不少于3家",
              f"在孵 {n} 家，每千平方米 {_pct(per_thousand)} 家", n >= 50 and per_thousand >= 3, False),
    ]
