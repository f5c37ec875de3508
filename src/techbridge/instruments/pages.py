"""仪器共享: the catalogue and matching, instrument pages with the availability calendar, bookings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.accounts.directory import get_organization
from techbridge.instruments import bookings
from techbridge.instruments import service as instruments
from techbridge.instruments.model import (
    CATEGORIES,
    BookingStatus,
    FeeUnit,
    InstrumentStatus,
    format_yuan,
    weekdays_label,
)
from techbridge.instruments.repository import InstrumentRepository
from techbridge.kernel.clock import BEIJING, utcnow
from techbridge.kernel.errors import (
    REFUSED_ON_CONTENT,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
    ValidationErrors,
)
from techbridge.kernel.parks import parks
from techbridge.kernel.regions import PROVINCES, regions
from techbridge.web.deps import CurrentUser, Id, PageNo, PlatformDep, QueryId, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


def _common() -> dict[str, Any]:
    return {"nav": "instruments", "provinces": PROVINCES, "yuan": format_yuan, "categories": CATEGORIES,
            "booking_label": lambda s: BookingStatus(s).label, "instrument_label": lambda s: InstrumentStatus(s).label}


@router.get("/instruments")
def catalogue(request: Request, platform: PlatformDep, user: CurrentUser, q: str = "", demand: QueryId = None,
              category: str = "", province: str = "", park: str = "", voucher: str = "", page: PageNo = 1) -> Response:
    query = instruments.InstrumentQuery(q=q[:300], demand_id=demand, category=category, province=province, park=park,
                                        voucher=voucher == "1", page=max(1, min(page, 1000)))
    ranking = query.q.strip() or demand is not None
    result = instruments.search(platform.uow(), platform.embedder if ranking else None, query, viewer=user)
    return render(request, "pages/instrument_list.html", {**_common(), "result": result, "query": query})


@router.get("/instruments/{instrument_id:int}")
def detail(request: Request, platform: PlatformDep, user: CurrentUser, instrument_id: Id, week: str = "",
           start: str = "") -> Response:
    form = {"start": start, "end": _plus_hours(start, 2), "contact_phone": user.phone if user else ""}
    return _detail(request, platform, user, instrument_id, week=week or start[:10], form=form)


def _plus_hours(start: str, hours: int) -> str:
    try:
        moment = datetime.fromisoformat(start)
    except ValueError:
        return ""
    return (moment.replace(hour=min(moment.hour + hours, 23))).strftime("%Y-%m-%dT%H:%M")


def _detail(request: Request, platform: PlatformDep, user: CurrentUser, instrument_id: int, *, week: str = "",
            form: dict[str, Any] | None = None, errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    instrument, org = instruments.get_instrument(platform.uow(), instrument_id)
    try:
        week_day = date.fromisoformat(week) if week else (utcnow() + BEIJING).date()
    except ValueError:
        week_day = (utcnow() + BEIJING).date()
    cal = instruments.calendar(platform.uow(), instrument_id=instrument_id, week_start=week_day, viewer=user)
    return render(request, "pages/instrument_detail.html", {
        **_common(), "i": instrument, "org": org, "cal": cal, "form": form or {}, "errors": errors or {},
        "can_manage": instruments.may_manage(user, instrument), "today": (utcnow() + BEIJING).date(),
    }, status_code=status_code)


@router.get("/instruments/{instrument_id:int}/calendar")
def calendar_partial(request: Request, platform: PlatformDep, user: CurrentUser, instrument_id: Id,
                     week: str = "") -> Response:
    """One week of the calendar (HTMX swaps it in place; the links also work as plain page loads)."""
    try:
        week_day = date.fromisoformat(week)
    except ValueError:
        week_day = (utcnow() + BEIJING).date()
    instrument, _ = instruments.get_instrument(platform.uow(), instrument_id)
    cal = instruments.calendar(platform.uow(), instrument_id=instrument_id, week_start=week_day, viewer=user)
    return render(request, "partials/_instrument_calendar.html", {**_common(), "i": instrument, "cal": cal,
                                                                  "today": (utcnow() + BEIJING).date()})


@router.post("/instruments/{instrument_id:int}/book")
async def book(request: Request, platform: PlatformDep, user: RequiredUser, instrument_id: Id) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        booking_id = bookings.request_booking(platform.uow(), actor=user, instrument_id=instrument_id, raw=form)
    except NotFound:
        raise
    except ValidationErrors as many:
        errors = {e.field or "form": e.message for e in many.errors}
        return _detail(request, platform, user, instrument_id, week=form.get("start", "")[:10], form=form,
                       errors=errors, status_code=422)
    except REFUSED_ON_CONTENT as err:  # a clash (409) or a rule of the slot (422)
        status = 422 if isinstance(err, ValidationError) else 409
        return _detail(request, platform, user, instrument_id, week=form.get("start", "")[:10], form=form,
                       errors={"form": err.message}, status_code=status)
    return redirect(f"/bookings/{booking_id}", "预约申请已提交，时段已为您保留，等待仪器方审批")


# ---------------------------------------------------------------- bookings


@router.get("/bookings")
def my_bookings(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    asked, received = bookings.mine(platform.uow(), user=user)
    with platform.uow() as uow:
        owns = user.organization_id is not None and uow.repo(InstrumentRepository).count(
            uow.repo(InstrumentRepository).table.c.organization_id == user.organization_id) > 0
    return render(request, "pages/instrument_bookings.html", {**_common(), "asked": asked, "received": received,
                                                              "owns": owns, "nav": "bookings"})


@router.get("/bookings/{booking_id:int}")
def booking_page(request: Request, platform: PlatformDep, user: RequiredUser, booking_id: Id,
                 errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    view = bookings.view(platform.uow(), viewer=user, booking_id=booking_id)
    now = utcnow()
    return render(request, "pages/instrument_booking.html", {
        **_common(), "v": view, "b": view.booking, "errors": errors or {}, "started": view.booking.start_at <= now,
        "ended": view.booking.end_at <= now,
    }, status_code=status_code)


@router.post("/bookings/{booking_id:int}/{action}")
async def booking_action(request: Request, platform: PlatformDep, user: RequiredUser, booking_id: Id,
                         action: str) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    messages = {"approve": "已批准预约，申请人会收到通知", "reject": "已拒绝预约，时段已释放",
                "cancel": "预约已取消，时段已释放", "complete": "使用记录已登记，预约已完成"}
    if action not in messages:
        raise NotFound("不支持的操作")
    try:
        if action in ("approve", "reject"):
            bookings.decide(platform.uow(), actor=user, booking_id=booking_id, approve=action == "approve",
                            note=form.get("note", ""))
        elif action == "cancel":
            bookings.cancel(platform.uow(), actor=user, booking_id=booking_id, reason=form.get("reason", ""))
        else:
            bookings.complete(platform.uow(), actor=user, booking_id=booking_id, raw=form)
    except (NotFound, PermissionDenied):
        raise
    except ValidationErrors as many:
        return booking_page(request, platform, user, booking_id, {e.field or "form": e.message for e in many.errors}, 422)
    except REFUSED_ON_CONTENT as err:
        field = getattr(err, "field", None) or "form"
        return booking_page(request, platform, user, booking_id, {field: err.message, "action": action}, 422)
    return redirect(f"/bookings/{booking_id}", messages[action])


# ---------------------------------------------------------------- instrument records


@router.get("/instruments/new")
def new_form(request: Request, user: RequiredUser, platform: PlatformDep) -> Response:
    with platform.uow() as uow:
        org = get_organization(uow, user.organization_id) if user.organization_id else None
    form = {"region": regions().full_name(org.region_code) if org else "", "park": org.park if org else "", "fee_unit": "小时",
            "open_weekdays": "周一至周五", "open_from": "9", "open_until": "17", "max_booking_hours": "8",
            "contact_name": user.display_name, "contact_phone": user.phone}
    return _form(request, form, {}, None)


@router.post("/instruments/new")
async def create(request: Request, user: RequiredUser, platform: PlatformDep) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        instrument_id = instruments.save_instrument(platform.uow(), actor=user, raw=form, embedder=platform.embedder)
    except (ValidationErrors, ValidationError) as err:
        return _form(request, form, _errors(err), None, 422)
    return redirect(f"/instruments/{instrument_id}", "仪器已登记，可以接受预约")


@router.get("/instruments/{instrument_id:int}/edit")
def edit_form(request: Request, user: RequiredUser, platform: PlatformDep, instrument_id: Id) -> Response:
    instrument, _ = instruments.get_instrument(platform.uow(), instrument_id)
    if not instruments.may_manage(user, instrument):
        raise PermissionDenied("只有仪器所属单位的成员或管理方可以修改仪器信息")
    form = {k: v for k, v in vars(instrument).items() if not k.startswith("_")}
    form.update(region=regions().full_name(instrument.region_code), fee=f"{instrument.fee:.2f}",
                specs="\n".join(f"{k}：{v}" for k, v in instrument.specs),
                open_weekdays=weekdays_label(instrument.open_weekdays),
                voucher_eligible="1" if instrument.voucher_eligible else "")
    return _form(request, form, {}, instrument_id)


@router.post("/instruments/{instrument_id:int}/edit")
async def update(request: Request, user: RequiredUser, platform: PlatformDep, instrument_id: Id) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        instruments.save_instrument(platform.uow(), actor=user, raw=form, instrument_id=instrument_id,
                                    embedder=platform.embedder)
    except (ValidationErrors, ValidationError) as err:
        return _form(request, form, _errors(err), instrument_id, 422)
    return redirect(f"/instruments/{instrument_id}", "仪器信息已更新")


def _errors(err: DomainError) -> dict[str, str]:
    if isinstance(err, ValidationErrors):
        return {e.field or "form": e.message for e in err.errors}
    return {getattr(err, "field", None) or "form": err.message}


def _form(request: Request, form: dict[str, Any], errors: dict[str, str], instrument_id: int | None,
          status_code: int = 200) -> Response:
    return render(request, "pages/instrument_form.html", {
        **_common(), "form": form, "errors": errors, "instrument_id": instrument_id, "parks": list(parks().values()),
        "units": [u.value for u in FeeUnit], "statuses": [(s.value, s.label) for s in InstrumentStatus],
    }, status_code=status_code)
