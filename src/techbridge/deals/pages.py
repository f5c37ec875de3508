"""对接: express interest, the engagement page with its timeline, stage moves, contracts, the broker board."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.accounts.directory import users_with_roles
from techbridge.deals import service as pipeline
from techbridge.deals.contracts import PAYMENT_MODES, ContractType
from techbridge.deals.interest import interest_options
from techbridge.deals.pipeline import Reason
from techbridge.deals.repository import EngagementRepository
from techbridge.kernel.errors import (
    REFUSED_ON_CONTENT,
    InvalidTransition,
    ValidationError,
    ValidationErrors,
)
from techbridge.listings.queries import get_achievement, get_demand
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


@router.post("/engagements")
async def start(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    """Express interest in a recommended match (creates the engagement if needed)."""
    form = await request.form()
    score = str(form.get("score") or "")
    ids = {name: str(form.get(name) or "").strip() for name in ("achievement_id", "demand_id")}
    if not all(v.isdigit() for v in ids.values()):
        raise ValidationError("请选择要对接的成果和需求", field="achievement_id" if not ids["achievement_id"].isdigit()
                              else "demand_id", code="pair_required")
    engagement_id = pipeline.express_interest(
        platform.uow(), platform.bus, actor=user, achievement_id=int(ids["achievement_id"]),
        demand_id=int(ids["demand_id"]), score=_score(score), summary=str(form.get("summary") or "")[:500],
    )
    if request.headers.get("hx-request"):
        return render(request, "partials/_interest_done.html", {"engagement_id": engagement_id})
    return redirect(f"/engagements/{engagement_id}", "已表达对接意向，对方确认后双方可查看联系方式")


def _score(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@router.get("/achievements/{listing_id:int}/interest")
def achievement_interest(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    """我有意向 on an achievement page: an enterprise pairs it with one of its own demands."""
    return _interest_panel(request, platform, user, "achievement", listing_id)


@router.get("/demands/{listing_id:int}/interest")
def demand_interest(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    """我有意向 on a demand page: a university pairs it with one of its own achievements."""
    return _interest_panel(request, platform, user, "demand", listing_id)


def _interest_panel(request: Request, platform: PlatformDep, user: CurrentUser, kind: str, listing_id: Id) -> Response:
    from techbridge.matching import service as matching

    options = interest_options(platform.uow(), viewer=user, kind=kind, listing_id=listing_id)
    if options.options:
        ranked = matching.recommend(platform, kind=kind, listing_id=listing_id, viewer=user, k=30)
        percent = {m.listing.id: m.percent for m in ranked.hits}
        for option in options.options:
            option.percent = percent.get(option.listing.id)
        options.options.sort(key=lambda o: (o.percent is None, -(o.percent or 0)))
    return render(request, "partials/_interest_panel.html", {"o": options})


@router.get("/engagements/{engagement_id:int}")
def page(request: Request, platform: PlatformDep, user: RequiredUser, engagement_id: Id,
         errors: dict[str, str] | None = None) -> Response:
    view = pipeline.view(platform.uow(), viewer=user, engagement_id=engagement_id)
    with platform.uow() as uow:
        brokers = users_with_roles(uow, ["broker"]) if user.role == "admin" else []
    return render(request, "pages/engagement.html", {
        "v": view, "reasons": [r.value for r in Reason], "contract_types": [t.value for t in ContractType],
        "payment_modes": PAYMENT_MODES, "brokers": brokers, "errors": errors or {}, "nav": "workspace",
    })


@router.post("/engagements/{engagement_id:int}/interest")
async def interest(request: Request, platform: PlatformDep, user: RequiredUser, engagement_id: Id) -> Response:
    with platform.uow() as uow:
        e = uow.repo(EngagementRepository).get(engagement_id)
    if e is None:
        return redirect("/workspace", "对接不存在", "error")
    pipeline.express_interest(platform.uow(), platform.bus, actor=user, achievement_id=e.achievement_id,
                              demand_id=e.demand_id)
    return redirect(f"/engagements/{engagement_id}", "已确认对接意向")


@router.post("/engagements/{engagement_id:int}/advance")
async def advance(request: Request, platform: PlatformDep, user: RequiredUser, engagement_id: Id) -> Response:
    form = await request.form()
    try:
        pipeline.advance(platform.uow(), platform.bus, actor=user, engagement_id=engagement_id,
                         target=str(form.get("target") or ""), note=str(form.get("note") or ""))
    except (ValidationError, InvalidTransition) as err:  # refused on content: back to the page, said in Chinese
        return redirect(f"/engagements/{engagement_id}", err.message, "error")
    return redirect(f"/engagements/{engagement_id}", "对接阶段已更新")


@router.post("/engagements/{engagement_id:int}/terminate")
async def terminate(request: Request, platform: PlatformDep, user: RequiredUser, engagement_id: Id) -> Response:
    form = await request.form()
    try:
        pipeline.terminate(platform.uow(), platform.bus, actor=user, engagement_id=engagement_id,
                           reason=str(form.get("reason") or ""), note=str(form.get("note") or ""))
    except REFUSED_ON_CONTENT as err:
        return redirect(f"/engagements/{engagement_id}", err.message, "error")
    return redirect(f"/engagements/{engagement_id}", "对接已终止，原因已记录")


@router.post("/engagements/{engagement_id:int}/note")
async def note(request: Request, platform: PlatformDep, user: RequiredUser, engagement_id: Id) -> Response:
    form = await request.form()
    pipeline.add_note(platform.uow(), actor=user, engagement_id=engagement_id, note=str(form.get("note") or ""))
    return redirect(f"/engagements/{engagement_id}", "进展已记录")


@router.post("/engagements/{engagement_id:int}/assign")
async def assign(request: Request, platform: PlatformDep, user: RequiredUser, engagement_id: Id) -> Response:
    form = await request.form()
    broker_id = int(str(form.get("broker_id") or user.id))
    pipeline.assign_broker(platform.uow(), actor=user, engagement_id=engagement_id, broker_id=broker_id)
    return redirect(f"/engagements/{engagement_id}", "已指定技术经理人")


@router.post("/engagements/{engagement_id:int}/contract")
async def contract(request: Request, platform: PlatformDep, user: RequiredUser, engagement_id: Id) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        pipeline.record_contract(platform.uow(), platform.bus, actor=user, engagement_id=engagement_id, raw=form)
    except ValidationErrors as many:
        response = page(request, platform, user, engagement_id, {e.field or "form": e.message for e in many.errors})
        response.status_code = 422
        return response
    return redirect(f"/engagements/{engagement_id}", "技术合同已登记，对接进入“签约”")


@router.get("/board")
def board(request: Request, platform: PlatformDep, user: RequiredUser, idle_days: int = 14) -> Response:
    from techbridge.kernel.errors import PermissionDenied

    if user.role not in ("broker", "admin"):
        raise PermissionDenied("对接看板仅供技术经理人和管理方使用")
    columns = pipeline.board(platform.uow(), broker=user, idle_after_days=idle_days)
    with platform.uow() as uow:
        unassigned = list(uow.repo(EngagementRepository).unassigned_open(limit=30)) if user.role == "broker" else []
        titles = {e.id: (get_achievement(uow, e.achievement_id).title, get_demand(uow, e.demand_id).title)  # type: ignore[union-attr]
                  for e in unassigned}
    return render(request, "pages/board.html", {"columns": columns, "idle_days": idle_days, "unassigned": unassigned,
                                                "titles": titles, "nav": "board"})
