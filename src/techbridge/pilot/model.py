"""Concept-verification centres and pilot bases (概念验证中心 / 中试基地), their service requests and records.

A request runs: the requester acknowledges the facility's confidentiality terms (NDA) when asking →
the facility quotes (万元, days) → the requester accepts → a capacity slot of whole days is booked
(exactly one winner per slot: storage.locking) → the facility records the service: targets vs results,
TRL before and after (GB/T 22900-2022 levels, kernel.trl) and evidence. Pure dataclasses and rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from techbridge.kernel.errors import InvalidTransition, ValidationError
from techbridge.kernel.trl import TRL_NAMES


class FacilityKind(StrEnum):
    CONCEPT = "concept_verification"
    PILOT = "pilot"

    @property
    def label(self) -> str:
        return {"concept_verification": "概念验证中心", "pilot": "中试基地"}[self.value]

    @property
    def stage(self) -> str:
        """The pipeline stage (deals.pipeline.Stage value) this kind of facility serves."""
        return self.value


class RequestStatus(StrEnum):
    REQUESTED = "requested"  # NDA acknowledged, waiting for a quote
    QUOTED = "quoted"
    ACCEPTED = "accepted"
    BOOKED = "booked"
    COMPLETED = "completed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {"requested": "待报价", "quoted": "已报价", "accepted": "已接受报价", "booked": "已预约档期",
                "completed": "已完成", "declined": "已拒绝"}[self.value]


BOOKING_HORIZON = timedelta(days=365)  # a pilot run is planned up to a year ahead
MAX_SLOT_DAYS = 120


@dataclass(eq=False)
class Facility:
    name: str
    kind: str
    organization_id: int
    region_code: str
    description: str
    park: str | None = None
    fields: list[str] = field(default_factory=list)  # industry codes (kernel.industries)
    qualifications: str = ""
    capacity: dict[str, str] = field(default_factory=dict)  # e.g. {"反应釜容积": "500 L"}
    voucher_eligible: bool = False  # 科技创新券 applies
    voucher_cap: Decimal | None = None  # 万元 per request
    contact_name: str = ""
    contact_phone: str = ""
    nda_terms: str = ""
    status: str = "active"
    booking_seq: int = 0
    review_note: str = ""  # the reviewing admin's reason when a registration is sent back
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def kind_label(self) -> str:
        return FacilityKind(self.kind).label


@dataclass(eq=False)
class FacilityService:
    facility_id: int
    name: str
    price: Decimal  # 万元 per run
    unit: str  # 次 / 批 / 周
    lead_days: int  # days from accepted quote to the earliest slot
    description: str = ""
    id: int | None = None


@dataclass(eq=False)
class ServiceRequest:
    facility_id: int
    service_id: int
    requester_id: int
    purpose: str
    nda_acknowledged_at: datetime
    requester_org_id: int | None = None
    engagement_id: int | None = None
    achievement_id: int | None = None
    use_voucher: bool = False
    status: str = RequestStatus.REQUESTED.value
    quote_amount: Decimal | None = None  # 万元
    quote_days: int | None = None
    quote_note: str = ""
    quoted_at: datetime | None = None
    accepted_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def status_label(self) -> str:
        return RequestStatus(self.status).label


@dataclass(eq=False)
class SlotBooking:
    facility_id: int
    request_id: int
    start_date: date
    end_date: date  # exclusive
    status: str = "held"  # held / cancelled
    created_at: datetime | None = None
    id: int | None = None

    def label(self) -> str:
        last = self.end_date - timedelta(days=1)
        return f"{self.start_date:%Y-%m-%d} 至 {last:%Y-%m-%d}"


@dataclass(eq=False)
class ServiceRecord:
    request_id: int
    targets: str
    results: str
    trl_before: int
    trl_after: int
    evidence: str
    recorded_by: int | None = None
    recorded_at: datetime | None = None
    id: int | None = None

    @property
    def trl_gain(self) -> int:
        return self.trl_after - self.trl_before


def check_quote(request: ServiceRequest, *, amount: Decimal, days: int) -> None:
    if request.status not in (RequestStatus.REQUESTED.value, RequestStatus.QUOTED.value):
        raise InvalidTransition(f"该申请{request.status_label}，不能再报价")
    if amount <= 0:
        raise ValidationError("报价金额应大于0（万元）", field="quote_amount", code="amount_positive")
    if not 1 <= days <= MAX_SLOT_DAYS:
        raise ValidationError(f"服务周期应为1至{MAX_SLOT_DAYS}天", field="quote_days", code="days_range")


def check_accept(request: ServiceRequest) -> None:
    if request.status != RequestStatus.QUOTED.value:
        raise InvalidTransition("只有已报价的申请可以接受报价")


def voucher_share(facility: Facility, amount: Decimal, *, use_voucher: bool) -> Decimal:
    """The part of a quote the 科技创新券 may pay: nothing unless eligible, at most the cap (万元)."""
    if not (use_voucher and facility.voucher_eligible):
        return Decimal("0.00")
    cap = facility.voucher_cap if facility.voucher_cap is not None else amount
    return min(amount, cap)


def check_slot(request: ServiceRequest, *, start: date, lead_days: int, today: date) -> date:
    """Validate a booking of the quoted number of days from `start`; returns the exclusive end date."""
    if request.status != RequestStatus.ACCEPTED.value:
        raise InvalidTransition("接受报价后才能预约档期" if request.status in ("requested", "quoted")
                                else f"该申请{request.status_label}，不能再预约档期")
    earliest = today + timedelta(days=lead_days)
    if start < earliest:
        raise ValidationError(f"该服务需提前{lead_days}天准备，最早可从{earliest:%Y-%m-%d}开始", field="start",
                              code="slot_lead_time")
    if start > today + BOOKING_HORIZON:
        raise ValidationError(f"最多可提前{BOOKING_HORIZON.days}天预约", field="start", code="slot_too_far")
    assert request.quote_days is not None
    return start + timedelta(days=request.quote_days)


def check_record(request: ServiceRequest, *, trl_before: int, trl_after: int, targets: str, results: str,
                 evidence: str) -> None:
    if request.status != RequestStatus.BOOKED.value:
        raise InvalidTransition("预约档期后才能登记服务记录" if request.status != "completed" else "该服务已登记记录")
    for name, value in (("trl_before", trl_before), ("trl_after", trl_after)):
        if value not in TRL_NAMES:
            raise ValidationError("技术成熟度应为1至9级", field=name, code="trl_range")
    if trl_after < trl_before:
        raise ValidationError("服务后的技术成熟度不能低于服务前", field="trl_after", code="trl_decrease")
    if not targets.strip() or not results.strip():
        raise ValidationError("请填写服务目标与实际结果，逐项对照", field="results", code="required")
    if not evidence.strip():
        raise ValidationError("请列出证明材料（检测报告、试验记录等）", field="evidence", code="evidence_required")
