"""Landing records (落地): a Beijing achievement, engagement or contract that became a subsidiary, branch,
production base, licensed production or equity investment in a Tianjin or Hebei park ("北京研发、河北转化").

A record is 已落地 from its landing date and 已投产 from its production start. Pure dataclasses and rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from techbridge.kernel.errors import ValidationError


class LandingForm(StrEnum):
    SUBSIDIARY = "subsidiary"
    BRANCH = "branch"
    PRODUCTION_BASE = "production_base"
    LICENSED = "licensed_production"
    EQUITY = "equity_investment"

    @property
    def label(self) -> str:
        return {"subsidiary": "设立子公司", "branch": "设立分公司", "production_base": "建设生产基地",
                "licensed_production": "许可生产", "equity_investment": "股权投资"}[self.value]


class SourceKind(StrEnum):
    ACHIEVEMENT = "achievement"
    ENGAGEMENT = "engagement"
    CONTRACT = "contract"

    @property
    def label(self) -> str:
        return {"achievement": "科技成果", "engagement": "对接", "contract": "技术合同"}[self.value]


DESTINATION_PROVINCES = ("120000", "130000")  # 天津、河北 (GB/T 2260)


@dataclass(eq=False)
class LandingRecord:
    title: str  # the project as people call it
    source_kind: str
    form: str
    beijing_org: str  # the Beijing organisation that brought it
    park: str  # kernel.parks key, in Tianjin or Hebei
    region_code: str  # the destination district (GB/T 2260)
    landed_on: date
    investment: Decimal  # 万元
    jobs: int
    evidence: str
    source_id: int | None = None
    registered_capital: Decimal | None = None  # 万元
    production_start: date | None = None
    source: str = "manual"
    external_id: str | None = None
    recorded_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def stage(self, today: date) -> str:
        """'producing' once production has started, else 'landed'."""
        return "producing" if self.production_start is not None and self.production_start <= today else "landed"

    @property
    def form_label(self) -> str:
        return LandingForm(self.form).label


STAGE_LABELS = {"signed": "签约", "landed": "已落地", "producing": "已投产"}


def check_landing(record: LandingRecord, *, today: date) -> None:
    """Rules a record must meet beyond field parsing; raises with a Chinese message."""
    if record.region_code[:2] + "0000" not in DESTINATION_PROVINCES:
        raise ValidationError("落地地点应在天津或河北的园区", field="park", code="destination_region")
    if record.landed_on > today:
        raise ValidationError("落地日期不能晚于今天", field="landed_on", code="date_future")
    if record.production_start is not None and record.production_start < record.landed_on:
        raise ValidationError("投产日期不能早于落地日期", field="production_start", code="date_order")
    if record.jobs < 0:
        raise ValidationError("带动就业人数不能为负数", field="jobs", code="jobs_negative")
    if record.registered_capital is not None and record.form not in (LandingForm.SUBSIDIARY.value,
                                                                     LandingForm.BRANCH.value,
                                                                     LandingForm.EQUITY.value):
        raise ValidationError("只有设立子公司、分公司或股权投资才填写注册资本", field="registered_capital",
                              code="capital_not_applicable")


@dataclass(frozen=True)
class ChainRow:
    """One row of the chain: a province or a park, with counts at each step."""

    key: str
    label: str
    signed: int | None  # signed contracts with a buyer there (provinces only)
    landed: int
    producing: int
    investment: Decimal
    jobs: int


def chain(records: list[LandingRecord], *, today: date, key: str) -> dict[str, tuple[int, int, Decimal, int]]:
    """Group records by 'province' or 'park': (landed incl. producing, producing, investment 万元, jobs)."""
    out: dict[str, tuple[int, int, Decimal, int]] = {}
    for r in records:
        k = r.region_code[:2] + "0000" if key == "province" else r.park
        landed, producing, money, jobs = out.get(k, (0, 0, Decimal("0.00"), 0))
        out[k] = (landed + 1, producing + (r.stage(today) == "producing"), money + r.investment, jobs + r.jobs)
    return out
