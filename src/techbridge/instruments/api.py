"""Shared instruments: search and matching, records, the calendar, and bookings with their lifecycle."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from techbridge.accounts.model import Organization
from techbridge.instruments import bookings
from techbridge.instruments import service as instruments
from techbridge.instruments.model import Booking, Instrument, UsageRecord
from techbridge.kernel.clock import BEIJING, utcnow
from techbridge.web.deps import CurrentUser, Id, PageNo, PlatformDep, QueryId, RequiredUser
from techbridge.web.schemas import AwareDatetime, BeijingDatetime, IdRef, RequestBody

router = APIRouter(tags=["仪器共享"])
Yuan = str  # decimal string in 元, e.g. "350.00"


class InstrumentPublic(BaseModel):
    id: IdRef
    name: str
    category: str
    model: str
    manufacturer: str
    organization_id: IdRef
    organization: str
    region_code: str
    park: str | None
    address: str
    capabilities: str
    specs: list[list[str]]
    sample_requirements: str
    fee: Yuan = Field(description="收费标准，元，十进制字符串")
    fee_unit: str = Field(description="小时 / 样 / 天")
    voucher_eligible: bool = Field(description="可否使用科技创新券")
    open_weekdays: list[int] = Field(description="开放日，0 = 周一")
    open_from: int
    open_until: int
    max_booking_hours: int
    status: str


class InstrumentHit(BaseModel):
    instrument: InstrumentPublic
    score: float | None = None
    shared_terms: list[str] = []
    summary: str = ""


class InstrumentPage(BaseModel):
    items: list[InstrumentHit]
    total: int
    page: int
    size: int
    pages: int


class InstrumentWrite(RequestBody):
    name: str
    category: str
    region: str
    capabilities: str
    fee: Yuan
    fee_unit: str = "小时"
    model: str = ""
    manufacturer: str = ""
    park: str = ""
    address: str = ""
    specs: str = Field("", description="每行“名称：数值”")
    sample_requirements: str = ""
    voucher_eligible: bool = False
    open_weekdays: str = "周一至周五"
    open_from: int = 9
    open_until: int = 17
    max_booking_hours: int = 8
    status: str = "available"
    contact_name: str = ""
    contact_phone: str = ""
    organization_id: int | None = Field(None, description="仅管理方代登记时使用")


class SlotPublic(BaseModel):
    start: BeijingDatetime = Field(description="北京时间")
    state: str = Field(description="closed / past / free / requested / approved / mine")


class CalendarPublic(BaseModel):
    instrument_id: IdRef
    week_start: date
    slots: list[SlotPublic]


class BookingRequest(RequestBody):
    start: str = Field(description="开始时间（北京时间，整点），如 2026-12-01T09:00")
    end: str = Field(description="结束时间（北京时间，整点）")
    purpose: str
    samples: int = 0
    use_voucher: bool = False
    contact_phone: str = ""


class UsagePublic(BaseModel):
    hours_used: str
    samples: int
    fee_charged: Yuan
    voucher_amount: Yuan
    note: str
    recorded_at: AwareDatetime | None


class BookingPublic(BaseModel):
    id: IdRef
    instrument_id: IdRef
    start: BeijingDatetime = Field(description="北京时间")
    end: BeijingDatetime = Field(description="北京时间")
    purpose: str
    samples: int
    use_voucher: bool
    estimated_fee: Yuan
    status: str
    decision_note: str
    cancel_reason: str
    usage: UsagePublic | None = None


class Decision(RequestBody):
    note: str = ""


class Cancellation(RequestBody):
    reason: str = ""


class UsageWrite(RequestBody):
    hours_used: str
    samples: int = 0
    fee_charged: Yuan
    voucher_amount: Yuan = "0"
    note: str = ""


def instrument_public(i: Instrument, org: Organization) -> InstrumentPublic:
    data = {k: v for k, v in vars(i).items() if k in InstrumentPublic.model_fields}
    return InstrumentPublic(**{**data, "fee": f"{i.fee:.2f}", "organization": org.name})


def booking_public(b: Booking, usage: UsageRecord | None = None) -> BookingPublic:
    assert b.id is not None
    used = None
    if usage is not None:
        used = UsagePublic(hours_used=f"{usage.hours_used:.2f}", samples=usage.samples,
                           fee_charged=f"{usage.fee_charged:.2f}", voucher_amount=f"{usage.voucher_amount:.2f}",
                           note=usage.note, recorded_at=usage.recorded_at)
    return BookingPublic(id=b.id, instrument_id=b.instrument_id, start=b.start_local, end=b.end_local,
                         purpose=b.purpose, samples=b.samples, use_voucher=b.use_voucher,
                         estimated_fee=f"{b.estimated_fee:.2f}", status=b.status, decision_note=b.decision_note,
                         cancel_reason=b.cancel_reason, usage=used)


@router.get("/instruments", response_model=InstrumentPage, summary="检索仪器；q 写要做的检测时按能力匹配排序")
def search(platform: PlatformDep, viewer: CurrentUser, q: str = "", demand: QueryId = None, category: str = "",
           province: str = "", park: str = "", voucher: bool = False, page: PageNo = 1,
           size: int = Query(20, ge=1, le=100)) -> InstrumentPage:
    query = instruments.InstrumentQuery(q=q[:300], demand_id=demand, category=category, province=province, park=park,
                                        voucher=voucher, page=page, size=size)
    ranking = bool(q.strip()) or demand is not None
    result = instruments.search(platform.uow(), platform.embedder if ranking else None, query, viewer=viewer)
    items = [InstrumentHit(instrument=instrument_public(c.instrument, c.org), score=c.relevance,
                           shared_terms=list(c.hit.shared_terms) if c.hit else [], summary=c.hit.summary if c.hit else "")
             for c in result.items]
    return InstrumentPage(items=items, total=result.total, page=result.page, size=result.size, pages=result.pages)


@router.get("/instruments/{instrument_id}", response_model=InstrumentPublic, summary="仪器详情")
def get(instrument_id: Id, platform: PlatformDep) -> InstrumentPublic:
    return instrument_public(*instruments.get_instrument(platform.uow(), instrument_id))


@router.post("/instruments", response_model=InstrumentPublic, status_code=201, summary="登记仪器（本单位；管理方可代登记）")
def create(body: InstrumentWrite, platform: PlatformDep, user: RequiredUser) -> InstrumentPublic:
    instrument_id = instruments.save_instrument(platform.uow(), actor=user, raw=body.model_dump(),
                                                embedder=platform.embedder)
    return get(instrument_id, platform)


@router.put("/instruments/{instrument_id}", response_model=InstrumentPublic, summary="修改仪器信息")
def update(instrument_id: Id, body: InstrumentWrite, platform: PlatformDep, user: RequiredUser) -> InstrumentPublic:
    instruments.save_instrument(platform.uow(), actor=user, raw=body.model_dump(), instrument_id=instrument_id,
                                embedder=platform.embedder)
    return get(instrument_id, platform)


@router.get("/instruments/{instrument_id}/calendar", response_model=CalendarPublic, summary="一周的可预约时段（北京时间）")
def calendar(instrument_id: Id, platform: PlatformDep, viewer: CurrentUser, week: date | None = None) -> CalendarPublic:
    cal = instruments.calendar(platform.uow(), instrument_id=instrument_id,
                               week_start=week or (utcnow() + BEIJING).date(), viewer=viewer)
    slots = [SlotPublic(start=cell.start, state=cell.state) for day in range(7) for row in cal.rows
             for cell in [row[day]]]
    return CalendarPublic(instrument_id=instrument_id, week_start=cal.week_start, slots=slots)


@router.post("/instruments/{instrument_id}/bookings", response_model=BookingPublic, status_code=201,
             summary="申请预约；时段被占用时返回 409 slot_taken")
def request_booking(instrument_id: Id, body: BookingRequest, platform: PlatformDep, user: RequiredUser) -> BookingPublic:
    booking_id = bookings.request_booking(platform.uow(), actor=user, instrument_id=instrument_id, raw=body.model_dump())
    return get_booking(booking_id, platform, user)


@router.get("/bookings", response_model=dict[str, list[BookingPublic]], summary="我申请的预约（mine）与本单位仪器收到的预约（received）")
def list_bookings(platform: PlatformDep, user: RequiredUser) -> dict[str, list[BookingPublic]]:
    asked, received = bookings.mine(platform.uow(), user=user)
    return {"mine": [booking_public(r.booking) for r in asked], "received": [booking_public(r.booking) for r in received]}


@router.get("/bookings/{booking_id}", response_model=BookingPublic, summary="预约详情（申请人或仪器方）")
def get_booking(booking_id: Id, platform: PlatformDep, user: RequiredUser) -> BookingPublic:
    v = bookings.view(platform.uow(), viewer=user, booking_id=booking_id)
    return booking_public(v.booking, v.usage)


@router.post("/bookings/{booking_id}/approve", response_model=BookingPublic, summary="批准预约（仪器方）")
def approve(booking_id: Id, body: Decision, platform: PlatformDep, user: RequiredUser) -> BookingPublic:
    bookings.decide(platform.uow(), actor=user, booking_id=booking_id, approve=True, note=body.note)
    return get_booking(booking_id, platform, user)


@router.post("/bookings/{booking_id}/reject", response_model=BookingPublic, summary="拒绝预约（仪器方，须写原因）")
def reject(booking_id: Id, body: Decision, platform: PlatformDep, user: RequiredUser) -> BookingPublic:
    bookings.decide(platform.uow(), actor=user, booking_id=booking_id, approve=False, note=body.note)
    return get_booking(booking_id, platform, user)


@router.post("/bookings/{booking_id}/cancel", response_model=BookingPublic, summary="取消预约")
def cancel(booking_id: Id, body: Cancellation, platform: PlatformDep, user: RequiredUser) -> BookingPublic:
    bookings.cancel(platform.uow(), actor=user, booking_id=booking_id, reason=body.reason)
    return get_booking(booking_id, platform, user)


@router.post("/bookings/{booking_id}/complete", response_model=BookingPublic, summary="登记使用记录并完成预约（仪器方，金额单位元）")
def complete(booking_id: Id, body: UsageWrite, platform: PlatformDep, user: RequiredUser) -> BookingPublic:
    bookings.complete(platform.uow(), actor=user, booking_id=booking_id, raw=body.model_dump())
    return get_booking(booking_id, platform, user)
