"""Incubation carriers and tenancies (pure): the chain 众创空间 → 孵化器 → 加速器 → 产业园区, a tenancy's dates
against its status, and what a carrier reports about itself (the criteria in `criteria.py` read it)."""

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
    opened_on: date | None = None  # 开始运营日期 (the 众创空间 rules count months from it)
    workstations: int = 0  # 创业工位
    events_per_year: int = 0  # 创业沙龙、路演、大赛、培训等活动（场次/年）
    typical_cases: int = 0  # 典型孵化案例（个/年）
    new_firms_per_year: int = 0  # 入驻团队当年注册成为新企业的数量
    id: int | None = None

    @property
    def kind_label(self) -> str:
        return CarrierKind(self.kind).label

    def facts(self, tenancies: list[Tenancy]) -> CarrierFacts:
        return CarrierFacts(self.years_operating, self.years_of_statistics, self.area_m2, self.tenant_area_m2,
                            self.seed_fund_wan, self.fund_cases, self.professional_staff, self.staff, self.mentors,
                            tenancies, opened_on=self.opened_on, workstations=self.workstations,
                            events_per_year=self.events_per_year, typical_cases=self.typical_cases,
                            new_firms_per_year=self.new_firms_per_year)


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
    """What a carrier reports about itself, in the measures' terms."""

    years_operating: int
    years_of_statistics: int
    area_m2: Decimal  # 可自主支配的孵化场地面积 / 众创空间总面积
    tenant_area_m2: Decimal  # 在孵企业使用面积（含公共服务面积）/ 创业工位和公共服务场地面积
    seed_fund_wan: Decimal  # 自有种子资金或合作的孵化资金（万元）
    fund_cases: int  # 资金使用案例
    professional_staff: int
    staff: int
    mentors: int
    tenancies: list[Tenancy] = field(default_factory=list)
    opened_on: date | None = None
    workstations: int = 0
    events_per_year: int = 0
    typical_cases: int = 0
    new_firms_per_year: int = 0


@dataclass(frozen=True)
class StepSpan:
    """One firm's move from one carrier kind to the next on the chain, in whole months."""

    step: str  # "makerspace>incubator" …
    credit_code: str
    firm_name: str
    from_carrier_id: int
    to_carrier_id: int
    entered: date  # moved into the earlier kind
    moved_on: date  # moved into the later kind
    months: int


STEPS = tuple(f"{a.value}>{b.value}" for a, b in zip(CHAIN, CHAIN[1:], strict=False))


def step_label(step: str) -> str:
    a, _, b = step.partition(">")
    return f"{CarrierKind(a).label} → {CarrierKind(b).label}"


def chain_steps(stays: list[tuple[str, Tenancy]]) -> list[StepSpan]:
    """Each firm's moves along 众创空间 → 孵化器 → 加速器 → 产业园区: for every adjacent pair of kinds the firm
    stayed in, the months from entering the earlier kind to entering the later one (the first stay in each kind;
    a firm that entered the later kind first is not counted for that step). `stays` pairs a carrier kind with a tenancy; firms are told apart by credit code."""
    by_firm: dict[str, dict[str, Tenancy]] = {}
    for kind, t in sorted(stays, key=lambda s: (s[1].moved_in, s[1].id or 0)):
        by_firm.setdefault(t.credit_code, {}).setdefault(kind, t)
    spans = []
    for code, firsts in by_firm.items():
        for a, b in zip(CHAIN, CHAIN[1:], strict=False):
            first, then = firsts.get(a.value), firsts.get(b.value)
            if first is None or then is None or then.moved_in < first.moved_in:
                continue
            spans.append(StepSpan(f"{a.value}>{b.value}", code, then.firm_name, first.carrier_id, then.carrier_id,
                                  first.moved_in, then.moved_in, months_between(first.moved_in, then.moved_in)))
    return spans
