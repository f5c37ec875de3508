"""Shared research instruments (科研仪器设备共享) and their bookings.

Slots are whole hours in Beijing wall-clock time (China has no daylight saving, so local
time is UTC+8 all year); storage keeps naive UTC like every other timestamp (domain/clock.py).
A request holds its slot from the moment it is made until the owner rejects it or someone
cancels it: first come, first served, and the owner decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from techbridge.kernel.clock import BEIJING
from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError

HOUR = timedelta(hours=1)
BOOKING_HORIZON = timedelta(days=90)  # how far ahead a slot may be requested
CENT = Decimal("0.01")
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
CATEGORIES = (
    "光谱仪器", "电子显微镜", "X射线分析", "核磁共振", "质谱仪器", "色谱仪器", "热分析仪器", "力学性能测试",
    "无损检测", "电磁兼容与电学测试", "声学与振动测试", "能源与电化学测试", "生物分析与PCR", "精密测量与计量",
    "环境与可靠性试验", "材料物性分析", "加工与制备设备", "其他",
)


class InstrumentStatus(StrEnum):
    AVAILABLE = "available"
    MAINTENANCE = "maintenance"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return {"available": "可预约", "maintenance": "维护中", "retired": "已停用"}[self.value]


class FeeUnit(StrEnum):
    HOUR = "小时"
    SAMPLE = "样"
    DAY = "天"


class BookingStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {"requested": "待审批", "approved": "已批准", "rejected": "已拒绝", "cancelled": "已取消",
                "completed": "已完成"}[self.value]


HOLDING = (BookingStatus.REQUESTED.value, BookingStatus.APPROVED.value)  # statuses that occupy the slot


@dataclass(eq=False)
class Instrument:
    name: str
    category: str
    organization_id: int
    region_code: str
    capabilities: str  # what it can measure or make, in the words a practitioner would search with
    fee: Decimal  # 元 per fee_unit
    fee_unit: str = FeeUnit.HOUR.value
    model: str = ""
    manufacturer: str = ""
    park: str | None = None
    address: str = ""
    specs: list[list[str]] = field(default_factory=list)  # [[name, value], …] key specifications
    sample_requirements: str = ""
    voucher_eligible: bool = False  # 创新券 may pay for its use
    open_weekdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])  # 0 = Monday
    open_from: int = 9  # hour of day, Beijing time
    open_until: int = 17
    max_booking_hours: int = 8
    status: str = InstrumentStatus.AVAILABLE.value
    contact_name: str = ""
    contact_phone: str = ""
    booking_seq: int = 0  # bumped by every booking change: the row lock that serialises them
    source: str = "platform"
    external_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def full_text(self) -> str:
        """What instrument search reads: name, category, capabilities and specs."""
        # Specs go in as one sentence: numbers rarely carry meaning for a search, and each
        # passage costs an embedding.
        specs = "主要指标：" + "，".join(f"{k}{v}" for k, v in self.specs) if self.specs else ""
        parts = [f"{self.name}（{self.category}）", self.capabilities, specs, self.sample_requirements]
        return "。".join(p.rstrip("。；") for p in parts if p) + "。"

    def open_at(self, local: datetime) -> bool:
        """Whether the hour starting at `local` (Beijing time) is within opening hours."""
        return local.weekday() in self.open_weekdays and self.open_from <= local.hour < self.open_until

    def opening_label(self) -> str:
        return f"{weekdays_label(self.open_weekdays)} {self.open_from:02d}:00–{self.open_until:02d}:00"


@dataclass(eq=False)
class Booking:
    instrument_id: int
    requester_id: int
    start_at: datetime  # naive UTC
    end_at: datetime
    purpose: str
    samples: int = 0
    use_voucher: bool = False
    estimated_fee: Decimal = Decimal("0.00")  # 元
    contact_phone: str = ""
    requester_org_id: int | None = None
    status: str = BookingStatus.REQUESTED.value
    decided_by: int | None = None
    decided_at: datetime | None = None
    decision_note: str = ""
    cancelled_by: int | None = None
    cancel_reason: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def start_local(self) -> datetime:
        return self.start_at + BEIJING

    @property
    def end_local(self) -> datetime:
        return self.end_at + BEIJING

    @property
    def hours(self) -> int:
        return int((self.end_at - self.start_at) / HOUR)

    @property
    def holds_slot(self) -> bool:
        return self.status in HOLDING

    def slot_label(self) -> str:
        """E.g. 2026-12-01 09:00–12:00, 2026-12-01 20:00–24:00, 2026-12-01 09:00–12-03 17:00."""
        s, e = self.start_local, self.end_local
        if e.date() == s.date():
            end = f"{e:%H:%M}"
        elif e.hour == 0 and e.minute == 0 and e.date() == s.date() + timedelta(days=1):
            end = "24:00"
        else:
            end = f"{e:%m-%d %H:%M}"
        return f"{s:%Y-%m-%d %H:%M}–{end}"


@dataclass(eq=False)
class UsageRecord:
    """What was actually used and charged, recorded by the owner when a booking is completed."""

    booking_id: int
    hours_used: Decimal  # machine hours actually used
    samples: int
    fee_charged: Decimal  # 元
    voucher_amount: Decimal = Decimal("0.00")  # 元 paid by 创新券
    note: str = ""
    recorded_by: int | None = None
    recorded_at: datetime | None = None
    id: int | None = None


def weekdays_label(days: list[int]) -> str:
    days = sorted(set(days))
    if days == list(range(7)):
        return "每天"
    if days and days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        return f"{WEEKDAY_NAMES[days[0]]}至{WEEKDAY_NAMES[days[-1]]}"
    return "、".join(WEEKDAY_NAMES[d] for d in days) or "暂不开放"


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals [start, end): a booking ending at 12:00 does not clash with one starting at 12:00."""
    return a_start < b_end and b_start < a_end


def check_slot(instrument: Instrument, start_local: datetime, end_local: datetime, *, now_local: datetime) -> int:
    """Validate a requested slot (Beijing time); returns its length in hours."""
    if instrument.status != InstrumentStatus.AVAILABLE:
        raise ValidationError(f"该仪器{InstrumentStatus(instrument.status).label}，暂停预约", field="start",
                              code="instrument_unavailable")
    if any(t.minute or t.second or t.microsecond for t in (start_local, end_local)):
        raise ValidationError("预约须按整点开始和结束，例如 09:00–12:00", field="start", code="slot_not_whole_hours")
    if end_local <= start_local:
        raise ValidationError("结束时间应晚于开始时间", field="end", code="slot_order")
    if start_local < now_local:
        raise ValidationError("不能预约已经开始或过去的时段", field="start", code="slot_in_past")
    if start_local > now_local + BOOKING_HORIZON:
        raise ValidationError(f"最多可提前{BOOKING_HORIZON.days}天预约", field="start", code="slot_too_far")
    hours = int((end_local - start_local) / HOUR)
    if hours > instrument.max_booking_hours:
        raise ValidationError(f"该仪器单次预约最长{instrument.max_booking_hours}小时，请分次预约", field="end",
                              code="slot_too_long")
    closed = next((start_local + i * HOUR for i in range(hours) if not instrument.open_at(start_local + i * HOUR)), None)
    if closed is not None:
        raise ValidationError(f"{closed:%m月%d日 %H:%M} 不在开放时间内（开放时间：{instrument.opening_label()}）",
                              field="start", code="slot_closed")
    return hours


def estimate_fee(instrument: Instrument, start_local: datetime, hours: int, samples: int) -> Decimal:
    """Expected charge in 元 from the published fee: per hour, per sample or per calendar day used."""
    if instrument.fee_unit == FeeUnit.SAMPLE:
        units = max(samples, 1)
    elif instrument.fee_unit == FeeUnit.DAY:
        units = len({(start_local + i * HOUR).date() for i in range(hours)})
    else:
        units = hours
    return (instrument.fee * units).quantize(CENT, rounding=ROUND_HALF_UP)


def check_decision(booking: Booking, *, approve: bool, note: str, now: datetime) -> BookingStatus:
    """The owner approves or rejects a pending request; a rejection says why."""
    if booking.status != BookingStatus.REQUESTED:
        raise InvalidTransition(f"该预约{BookingStatus(booking.status).label}，不能再审批")
    if approve and booking.end_at <= now:
        raise InvalidTransition("预约时段已经过去，无法批准")
    if not approve and len(note.strip()) < 2:
        raise ValidationError("拒绝预约时请写明原因，方便申请人调整", field="note", code="reason_required")
    return BookingStatus.APPROVED if approve else BookingStatus.REJECTED


def check_cancel(booking: Booking, *, by_owner: bool, by_requester: bool, reason: str, now: datetime) -> None:
    """The requester cancels before the slot starts; the owner may cancel until it ends, with a reason."""
    if not (by_owner or by_requester):
        raise PermissionDenied("只有申请人或仪器所属单位可以取消预约")
    if booking.status not in HOLDING:
        raise InvalidTransition(f"该预约{BookingStatus(booking.status).label}，不能取消")
    if by_owner and not by_requester:
        if booking.end_at <= now:
            raise InvalidTransition("预约时段已结束，请登记使用记录而不是取消")
        if len(reason.strip()) < 2:
            raise ValidationError("仪器方取消预约时请写明原因", field="reason", code="reason_required")
    elif booking.start_at <= now:
        raise InvalidTransition("预约时段已经开始，不能再取消；如未使用请联系仪器方")


def check_usage(booking: Booking, *, hours_used: Decimal, samples: int, fee_charged: Decimal,
                voucher_amount: Decimal, voucher_eligible: bool, now: datetime) -> None:
    """Completing an approved booking records what was used and charged (元)."""
    if booking.status != BookingStatus.APPROVED:
        raise InvalidTransition(f"该预约{BookingStatus(booking.status).label}，只有已批准的预约可以登记使用记录")
    if booking.start_at > now:
        raise InvalidTransition("预约时段尚未开始，不能登记使用记录")
    if hours_used < 0 or hours_used > booking.hours:
        raise ValidationError(f"实际机时应在 0 到 {booking.hours} 小时之间", field="hours_used", code="hours_range")
    if samples < 0:
        raise ValidationError("样品数不能为负数", field="samples", code="samples_range")
    if voucher_amount > 0 and not (voucher_eligible and booking.use_voucher):
        raise ValidationError("该预约未申请使用创新券，不能登记创新券抵扣", field="voucher_amount", code="voucher_not_used")
    if voucher_amount > fee_charged:
        raise ValidationError("创新券抵扣金额不能超过实收费用", field="voucher_amount", code="voucher_exceeds_fee")


def format_yuan(amount: Decimal | None) -> str:
    """"1,200.00元" (instrument fees and charges are in 元, not 万元)."""
    return "—" if amount is None else f"{amount:,.2f}元"
