"""路演 pages: the list, creating one from financing needs, the roadshow with its programme, jury scoring and 有意向."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.accounts.directory import users_with_roles
from techbridge.kernel.errors import Conflict, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.industries import industry_name
from techbridge.kernel.money import format_wan
from techbridge.roadshows import followup, invitations, programme, rules
from techbridge.roadshows import service as roadshows
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


def _common() -> dict[str, Any]:
    return {"nav": "finance", "wan": format_wan, "industry_name": industry_name, "criteria": rules.CRITERIA,
            "kinds": rules.KINDS}


def _errors(err: ValidationError | ValidationErrors) -> dict[str, str]:
    if isinstance(err, ValidationErrors):
        return {e.field or "form": e.message for e in err.errors}
    return {err.field or "form": err.message}


@router.get("/roadshows")
def index(request: Request, platform: PlatformDep, user: CurrentUser) -> Response:
    return render(request, "pages/roadshows.html", {**_common(), "shows": roadshows.listing(platform.uow()),
                                                     "today": roadshows.today(),
                                                     "can_organise": roadshows.may_organise(user)})


def _form(request: Request, platform: PlatformDep, form: dict[str, Any], errors: dict[str, str],
          status_code: int = 200) -> Response:
    with platform.uow() as uow:
        jurors = users_with_roles(uow, ["broker", "admin"])
    industry = str(form.get("industry") or "")
    return render(request, "pages/roadshow_form.html", {
        **_common(), "form": form, "errors": errors, "candidates": roadshows.candidates(platform.uow(), industry=industry),
        "jurors": jurors,
    }, status_code=status_code)


@router.get("/roadshows/new")
def new(request: Request, platform: PlatformDep, user: RequiredUser, industry: str = "") -> Response:
    if not roadshows.may_organise(user):
        raise PermissionDenied("只有管理方和技术经理人可以组织路演")
    return _form(request, platform, {"minutes": "10", "need_ids": [], "achievement_ids": [], "jury_ids": [],
                                     "industry": industry[:32]}, {})


def _ids(values: list[Any]) -> list[int]:
    return [int(v) for v in values if str(v).isdigit() and 0 < int(v) < 2**31]


@router.post("/roadshows/new")
async def create(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    data = await request.form()
    form: dict[str, Any] = {k: str(data.get(k) or "") for k in ("title", "held_on", "venue", "online", "industry", "theme",
                                                               "minutes")}
    form["need_ids"], form["jury_ids"] = _ids(data.getlist("need_ids")), _ids(data.getlist("jury_ids"))
    form["achievement_ids"] = _ids(data.getlist("achievement_ids"))
    try:
        show_id = roadshows.create(platform.uow(), actor=user, raw=form, need_ids=form["need_ids"],
                                   jury_ids=form["jury_ids"], achievement_ids=form["achievement_ids"])
    except (ValidationErrors, ValidationError) as err:
        return _form(request, platform, form, _errors(err), 422)
    return redirect(f"/roadshows/{show_id}", "路演已创建")


def _page(request: Request, platform: PlatformDep, user: Any, roadshow_id: int, errors: dict[str, str] | None = None,
          status_code: int = 200) -> Response:
    v = roadshows.view(platform.uow(), platform.embedder, roadshow_id=roadshow_id, viewer=user)
    with platform.uow() as uow:
        organiser = roadshows.organiser_name(uow, v.show)
    return render(request, "pages/roadshow.html", {**_common(), "v": v, "organiser": organiser,
                                                    "errors": errors or {}}, status_code=status_code)


@router.get("/roadshows/{roadshow_id:int}")
def detail(request: Request, platform: PlatformDep, user: CurrentUser, roadshow_id: Id) -> Response:
    return _page(request, platform, user, roadshow_id)


@router.post("/roadshows/{roadshow_id:int}/register")
async def register(request: Request, platform: PlatformDep, user: RequiredUser, roadshow_id: Id) -> Response:
    data = await request.form()
    try:
        roadshows.register(platform.uow(), actor=user, roadshow_id=roadshow_id, kind=str(data.get("kind") or ""),
                           tags=str(data.get("tags") or ""))
    except ValidationError as err:
        return _page(request, platform, user, roadshow_id, _errors(err), 422)
    except Conflict as err:
        return _page(request, platform, user, roadshow_id, {"form": err.message}, 409)
    return redirect(f"/roadshows/{roadshow_id}", "报名成功")


@router.post("/roadshows/{roadshow_id:int}/slots/{slot_id:int}/score")
async def score(request: Request, platform: PlatformDep, user: RequiredUser, roadshow_id: Id, slot_id: Id) -> Response:
    roadshows.slot_of(platform.uow(), roadshow_id=roadshow_id, slot_id=slot_id)
    data = await request.form()
    try:
        total = roadshows.score(platform.uow(), actor=user, slot_id=slot_id, raw={k: data.get(k) for k in data})
    except (ValidationErrors, ValidationError) as err:
        return _page(request, platform, user, roadshow_id, _errors(err), 422)
    except Conflict as err:
        return _page(request, platform, user, roadshow_id, {"form": err.message}, 409)
    return redirect(f"/roadshows/{roadshow_id}", f"评分已提交：加权得分 {total}")


@router.post("/roadshows/{roadshow_id:int}/slots/{slot_id:int}/interest")
def interest(request: Request, platform: PlatformDep, user: RequiredUser, roadshow_id: Id, slot_id: Id) -> Response:
    roadshows.slot_of(platform.uow(), roadshow_id=roadshow_id, slot_id=slot_id)
    try:
        follow = roadshows.interested(platform.uow(), actor=user, slot_id=slot_id)
    except Conflict as err:
        return _page(request, platform, user, roadshow_id, {"form": err.message}, 409)
    if follow.deal_id is not None:
        return redirect(f"/finance/deals/{follow.deal_id}", "已记录意向，并按贵机构的基金发起了融资对接")
    if follow.engagement_id is not None:
        return redirect(f"/engagements/{follow.engagement_id}", "已记录意向，并按贵单位的技术需求发起了对接")
    return redirect(f"/roadshows/{roadshow_id}", "已记录意向，主办方会联系您与项目方对接")


@router.post("/roadshows/{roadshow_id:int}/invitations")
async def invite(request: Request, platform: PlatformDep, user: RequiredUser, roadshow_id: Id) -> Response:
    data = await request.form()
    count = invitations.invite(platform.uow(), platform.embedder, actor=user, roadshow_id=roadshow_id,
                               organization_ids=_ids(data.getlist("organization_ids")))
    return redirect(f"/roadshows/{roadshow_id}#invitees", f"已向 {count} 家机构发出路演邀请" if count else "所选机构均已邀请过")


@router.get("/roadshows/{roadshow_id:int}/checklist")
def checklist(request: Request, platform: PlatformDep, user: RequiredUser, roadshow_id: Id) -> Response:
    v = roadshows.view(platform.uow(), None, roadshow_id=roadshow_id, viewer=user)
    if not v.is_organiser:
        raise PermissionDenied("对接清单仅路演组织方和管理方可见")
    rows = followup.checklist(platform.uow(), roadshow_id=roadshow_id)
    return render(request, "pages/roadshow_checklist.html", {**_common(), "v": v, "rows": rows, "idle_days": rules.IDLE_DAYS})


@router.get("/roadshows/{roadshow_id:int}/checklist.xlsx")
def checklist_xlsx(request: Request, platform: PlatformDep, user: RequiredUser, roadshow_id: Id) -> Response:
    v = roadshows.view(platform.uow(), None, roadshow_id=roadshow_id, viewer=user)
    if not v.is_organiser:
        raise PermissionDenied("对接清单仅路演组织方和管理方可见")
    rows = followup.checklist(platform.uow(), roadshow_id=roadshow_id)
    with tempfile.TemporaryDirectory() as folder:
        path = followup.write_checklist(Path(folder) / "对接清单.xlsx", rows)
        data = path.read_bytes()
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''checklist-{roadshow_id}.xlsx"})


@router.get("/roadshows/{roadshow_id:int}/programme.pdf")
def programme_pdf(request: Request, platform: PlatformDep, user: CurrentUser, roadshow_id: Id) -> Response:
    v = roadshows.view(platform.uow(), None, roadshow_id=roadshow_id, viewer=user)
    with platform.uow() as uow:
        organiser = roadshows.organiser_name(uow, v.show)
    pdf = programme.render_pdf(v, organiser)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f"inline; filename*=UTF-8''roadshow-{roadshow_id}.pdf"})
