"""交易大厅: public notices and live auctions, a listing with its countdown and bid form, the seller's view."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.kernel.clock import BEIJING, utcnow
from techbridge.kernel.errors import DomainError, NotFound, PermissionDenied, ValidationErrors
from techbridge.kernel.money import format_wan
from techbridge.listings import queries as listings
from techbridge.trading import decisions, rules
from techbridge.trading import service as trading
from techbridge.trading.model import MODE_LABELS, OUTCOME_LABELS, Outcome, TradeMode, TradeStatus
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


def _local(moment: datetime | None) -> str:
    return "" if moment is None else (moment + BEIJING).strftime("%Y-%m-%d %H:%M")


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _common() -> dict[str, Any]:
    return {"nav": "trading", "wan": format_wan, "local": _local, "iso": _iso, "modes": MODE_LABELS,
            "extension_minutes": int(rules.EXTENSION.total_seconds() // 60),
            "agreement_days": rules.AGREEMENT_NOTICE_DAYS, "listing_days": rules.LISTING_NOTICE_WORKING_DAYS}


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}


@router.get("/trading")
def hall(request: Request, platform: PlatformDep, user: CurrentUser, mode: str = "") -> Response:
    rows = trading.hall(platform.uow())
    if mode in MODE_LABELS:
        rows = [r for r in rows if r.mode == mode]
    live = [r for r in rows if r.status == TradeStatus.BIDDING]
    notices = [r for r in rows if r.status in (TradeStatus.NOTICE, TradeStatus.PUBLISHED)]
    done = [r for r in rows if r not in live and r not in notices]
    return render(request, "pages/trading_hall.html", {**_common(), "live": live, "notices": notices, "done": done,
                                                      "mode": mode})


@router.get("/trading/mine")
def mine(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    rows = trading.seller_listings(platform.uow(), actor=user)
    return render(request, "pages/trading_mine.html", {**_common(), "rows": rows})


def _new(request: Request, platform: PlatformDep, user: RequiredUser, form: dict[str, str],
         errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    with platform.uow() as uow:
        own = listings.published_of_organization(uow, "achievement", user.organization_id) if user.organization_id else []
    return render(request, "pages/trading_new.html", {**_common(), "own": own, "form": form, "errors": errors or {}},
                  status_code=status_code)


@router.get("/trading/new")
def new(request: Request, platform: PlatformDep, user: RequiredUser, achievement: int | None = None) -> Response:
    if user.role not in ("supplier", "admin"):
        raise PermissionDenied("只有成果方可以挂牌交易")
    return _new(request, platform, user, {"achievement_id": str(achievement or ""), "mode": "auction",
                                          "contract_type": "技术转让"})


@router.post("/trading/new")
async def create(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = await _form(request)
    try:
        listing_id = trading.create_listing(platform.uow(), actor=user, raw=form)
    except ValidationErrors as many:
        return _new(request, platform, user, form, {e.field or "form": e.message for e in many.errors}, 422)
    except PermissionDenied:
        raise
    except DomainError as err:
        field = getattr(err, "field", None) or "form"
        return _new(request, platform, user, form, {field: err.message, "form": err.message}, 422)
    return redirect(f"/trading/{listing_id}", "交易公告已发布，公示期自今日起计算")


def _detail(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: int, *,
            error: str = "", form: dict[str, str] | None = None, status_code: int = 200) -> Response:
    v = trading.view(platform.uow(), viewer=user, listing_id=listing_id)
    demands = []
    if user is not None and user.organization_id is not None and (v.may_bid or v.may_register_intent):
        with platform.uow() as uow:
            demands = listings.published_of_organization(uow, "demand", user.organization_id)
    now = utcnow()
    closable = (v.listing.mode == TradeMode.AUCTION and v.listing.status == TradeStatus.BIDDING
                and v.listing.auction_end is not None and now >= v.listing.auction_end)
    return render(request, "pages/trading_detail.html", {
        **_common(), "v": v, "t": v.listing, "error": error, "form": form or {}, "demands": demands,
        "outcome_label": OUTCOME_LABELS.get(Outcome(v.listing.outcome), "") if v.listing.outcome else "",
        "closable": closable}, status_code=status_code)


@router.get("/trading/{listing_id:int}")
def detail(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    return _detail(request, platform, user, listing_id)


@router.post("/trading/{listing_id:int}/{action}")
async def act(request: Request, platform: PlatformDep, user: RequiredUser, listing_id: Id, action: str) -> Response:
    form = await _form(request)
    try:
        if action == "bid":
            result = trading.place_bid(platform.uow(), actor=user, listing_id=listing_id, raw=form)
            message = f"出价{result.amount}万元已记录（第{result.seq}次出价）"
            if result.extended:
                message += f"；截止时间顺延至{_local(result.close_at)}"
        elif action == "close":
            message = trading.close(platform.uow(), actor=user, listing_id=listing_id).message
        elif action == "end":
            message = trading.end_notice(platform.uow(), actor=user, listing_id=listing_id).message
        elif action == "intent":
            decisions.register_intent(platform.uow(), actor=user, listing_id=listing_id, raw=form)
            message = "受让意向已登记"
        elif action == "registration":
            number = trading.register_contract_number(platform.uow(), actor=user, listing_id=listing_id,
                                                      registration_no=form.get("registration_no"))
            message = f"技术合同登记编号{number}已记录"
        elif action == "extend":
            hours = int(form.get("hours") or "0") if (form.get("hours") or "0").isdigit() else 0
            end = decisions.extend(platform.uow(), actor=user, listing_id=listing_id, hours=hours)
            message = f"竞价已延期至{_local(end)}"
        elif action == "withdraw":
            decisions.withdraw(platform.uow(), actor=user, listing_id=listing_id)
            message = "已撤牌"
        elif action == "terms":
            new_end = trading.change_terms(platform.uow(), actor=user, listing_id=listing_id, raw=form)
            message = f"交易条件已变更，公示期重新计算，至{new_end.isoformat()}结束"
        else:
            raise NotFound("不支持的操作")
    except (NotFound, PermissionDenied):
        raise
    except DomainError as err:
        return _detail(request, platform, user, listing_id, error=err.message, form=form, status_code=422)
    return redirect(f"/trading/{listing_id}", message)
