"""揭榜挂帅: the list of calls, publishing a call from a demand, proposals with attachments,
reviews against the criteria, and the result that starts engagements."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import FormData, UploadFile

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import Role, User
from techbridge.challenges import service as challenges
from techbridge.challenges import views as challenge_views
from techbridge.challenges.files import ACCEPT, MAX_FILE_BYTES, Upload
from techbridge.challenges.model import DEFAULT_CRITERIA, MAX_CRITERIA
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import (
    REFUSED_ON_CONTENT,
    NotFound,
    PermissionDenied,
    ValidationErrors,
)
from techbridge.listings.queries import get_demand, published_of_organization
from techbridge.web.deps import CurrentUser, Id, PlatformDep, QueryId, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


@router.get("/challenges")
def calls(request: Request, platform: PlatformDep, user: CurrentUser, status: str = "") -> Response:
    cards = challenge_views.list_calls(platform.uow(), status=status)
    publisher = user is not None and user.role in (Role.SEEKER, Role.ADMIN)
    has_demands = publisher and user is not None and bool(_my_demands(platform, user))
    return render(request, "pages/challenges.html", {"cards": cards, "status": status, "nav": "challenges",
                                                     "may_publish": has_demands, "needs_demand": publisher and not has_demands})


def _my_demands(platform: PlatformDep, user: User) -> list[Any]:
    with platform.uow() as uow:
        return published_of_organization(uow, "demand", None if user.role == Role.ADMIN else user.organization_id)


def _publish_context(platform: PlatformDep, user: User, form: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    rows = list(form.get("criteria") or [])
    rows += [{"name": "", "weight": "", "max_score": ""}] * (MAX_CRITERIA - len(rows))
    return {"form": {**form, "criteria": rows}, "errors": errors, "demands": _my_demands(platform, user),
            "reviewers": challenge_views.reviewer_candidates(platform.uow()), "nav": "challenges"}


@router.get("/challenges/new")
def new_call(request: Request, platform: PlatformDep, user: RequiredUser, demand_id: QueryId = None) -> Response:
    form: dict[str, Any] = {"deadline": (beijing_today() + timedelta(days=30)).isoformat(), "mode": "single", "slots": "3",
                            "criteria": [dict(c) for c in DEFAULT_CRITERIA], "reviewer_ids": []}
    if demand_id is not None:
        with platform.uow() as uow:
            demand = get_demand(uow, demand_id)
        if demand is not None and demand.status == "published":
            form.update(demand_id=str(demand.id), title=f"{demand.title}揭榜", summary=demand.problem,
                        requirements=demand.target_indicators or demand.constraints,
                        reward=f"{demand.budget:.2f}" if demand.budget is not None else "")
    context = _publish_context(platform, user, form, {})
    if not context["demands"]:
        raise PermissionDenied("发布揭榜挂帅榜单需要本单位已发布的技术需求：请先发布需求并通过审核")
    return render(request, "pages/challenge_form.html", context)


def _criteria(form: FormData) -> list[dict[str, str]]:
    names, weights, maxima = form.getlist("criterion_name"), form.getlist("criterion_weight"), form.getlist("criterion_max")
    return [{"name": str(n), "weight": str(w), "max_score": str(m)} for n, w, m in zip(names, weights, maxima, strict=False)]


@router.post("/challenges/new")
async def publish(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = await request.form()
    raw: dict[str, Any] = {k: str(form.get(k) or "") for k in ("demand_id", "title", "summary", "requirements", "deadline",
                                                               "reward", "reward_note", "mode", "slots")}
    raw["criteria"] = _criteria(form)
    raw["reviewer_ids"] = [str(v) for v in form.getlist("reviewer_ids")]
    try:
        if not raw["demand_id"].isdigit():
            raise NotFound("请选择要揭榜的技术需求")
        call_id = challenges.publish(platform.uow(), actor=user, demand_id=int(raw["demand_id"]), raw=raw)
    except ValidationErrors as many:
        errors = {e.field or "form": e.message for e in many.errors}
        return render(request, "pages/challenge_form.html", _publish_context(platform, user, raw, errors), status_code=422)
    except REFUSED_ON_CONTENT as err:
        return render(request, "pages/challenge_form.html", _publish_context(platform, user, raw, {"form": err.message}),
                      status_code=422)
    return redirect(f"/challenges/{call_id}", "榜单已发布，揭榜团队可在截止日期前提交方案")


@router.get("/challenges/{call_id:int}")
def detail(request: Request, platform: PlatformDep, user: CurrentUser, call_id: Id) -> Response:
    view = challenge_views.view(platform.uow(), viewer=user, challenge_id=call_id)
    return render(request, "pages/challenge_detail.html", {"v": view, "nav": "challenges"})


def _submit_context(view: Any, form: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {"v": view, "form": form, "errors": errors, "accept": ACCEPT, "max_mb": MAX_FILE_BYTES // 1048576,
            "nav": "challenges"}


@router.get("/challenges/{call_id:int}/submit")
def submit_form(request: Request, platform: PlatformDep, user: RequiredUser, call_id: Id) -> Response:
    view = challenge_views.view(platform.uow(), viewer=user, challenge_id=call_id)
    if not challenge_views.may_propose(user):
        raise PermissionDenied("只有成果方（高校院所、科研团队）或技术经理人账号可以揭榜")
    org_name = ""
    if user.organization_id:
        with platform.uow() as uow:
            org = get_organization(uow, user.organization_id)
            org_name = org.name if org else ""
    return render(request, "pages/challenge_submit.html", _submit_context(view, {"team_name": org_name}, {}))


async def _uploads(form: FormData) -> list[Upload]:
    found = []
    for value in form.getlist("attachments"):
        if isinstance(value, UploadFile) and value.filename:
            found.append(Upload(value.filename, await value.read(MAX_FILE_BYTES + 1)))
    return found


@router.post("/challenges/{call_id:int}/submit")
async def submit(request: Request, platform: PlatformDep, user: RequiredUser, call_id: Id) -> Response:
    form = await request.form()
    raw = {k: str(form.get(k) or "") for k in ("achievement_id", "team_name", "members", "approach", "plan", "budget")}
    try:
        challenges.submit(platform.uow(), actor=user, challenge_id=call_id, raw=raw, uploads=await _uploads(form),
                          data_dir=platform.settings.data_dir)
    except ValidationErrors as many:
        errors = {e.field or "form": e.message for e in many.errors}
    except REFUSED_ON_CONTENT as err:
        errors = {"form": err.message}
    else:
        return redirect(f"/challenges/{call_id}", "揭榜方案已提交，评审结果公布后将通知您")
    view = challenge_views.view(platform.uow(), viewer=user, challenge_id=call_id)
    return render(request, "pages/challenge_submit.html", _submit_context(view, raw, errors), status_code=422)


@router.post("/challenges/{call_id:int}/close")
def close(platform: PlatformDep, user: RequiredUser, call_id: Id) -> Response:
    challenges.close(platform.uow(), actor=user, challenge_id=call_id)
    return redirect(f"/challenges/{call_id}", "征集已结束，评审专家已收到评审通知")


@router.get("/challenges/{call_id:int}/proposals/{proposal_id:int}")
def proposal(request: Request, platform: PlatformDep, user: RequiredUser, call_id: Id, proposal_id: Id) -> Response:
    return _proposal_page(request, platform, user, call_id, proposal_id, None, None)


def _proposal_page(request: Request, platform: PlatformDep, user: User, call_id: int, proposal_id: int,
                   errors: dict[str, str] | None, scores: dict[str, str] | None) -> Response:
    view = challenge_views.view(platform.uow(), viewer=user, challenge_id=call_id)
    row = next((r for r in view.proposals if r.proposal.id == proposal_id), None)
    if row is None and view.my_proposal is not None and view.my_proposal.proposal.id == proposal_id:
        row = view.my_proposal
    if row is None:
        raise NotFound("揭榜方案不存在或无权查看")
    can_review = (view.is_reviewer and view.call.status == "reviewing"
                  and user.organization_id != row.proposal.organization_id)
    abstain = view.is_reviewer and user.organization_id == row.proposal.organization_id
    if scores is None and row.my_review is not None:
        scores = {k: f"{v:g}" for k, v in row.my_review.scores.items()}
    return render(request, "pages/challenge_proposal.html", {
        "v": view, "row": row, "can_review": can_review, "abstain": abstain, "errors": errors or {},
        "scores": scores or {}, "nav": "challenges"}, status_code=422 if errors else 200)


@router.post("/challenges/{call_id:int}/proposals/{proposal_id:int}/review")
async def review(request: Request, platform: PlatformDep, user: RequiredUser, call_id: Id, proposal_id: Id) -> Response:
    form = await request.form()
    scores = {k.removeprefix("score:"): str(v) for k, v in form.items() if k.startswith("score:")}
    try:
        total = challenges.review(platform.uow(), actor=user, proposal_id=proposal_id, scores=scores,
                                  comment=str(form.get("comment") or ""))
    except REFUSED_ON_CONTENT as err:
        field = getattr(err, "field", None) or "form"
        return _proposal_page(request, platform, user, call_id, proposal_id, {field: err.message}, scores)
    return redirect(f"/challenges/{call_id}", f"评审已提交：加权得分 {total:.1f} 分（满分 100）")


@router.post("/challenges/{call_id:int}/result")
async def result(request: Request, platform: PlatformDep, user: RequiredUser, call_id: Id) -> Response:
    form = await request.form()
    winners = [int(str(v)) for v in form.getlist("winner_ids") if str(v).isdigit()]
    try:
        ids = challenges.publish_result(platform.uow(), platform.bus, actor=user, challenge_id=call_id, winner_ids=winners,
                                        note=str(form.get("note") or ""))
    except REFUSED_ON_CONTENT as err:
        return redirect(f"/challenges/{call_id}", err.message, "error")
    message = f"揭榜结果已公布：{len(ids)} 个团队入选，已进入对接流程" if ids else "揭榜结果已公布：本榜流榜"
    return redirect(f"/challenges/{call_id}", message)


@router.get("/challenges/{call_id:int}/proposals/{proposal_id:int}/attachments/{number:int}")
def attachment(platform: PlatformDep, user: RequiredUser, call_id: Id, proposal_id: Id, number: Id) -> Response:
    path, name, kind = challenge_views.attachment(platform.uow(), viewer=user, proposal_id=proposal_id, number=number,
                                                  data_dir=platform.settings.data_dir)
    return FileResponse(path, filename=name, media_type=kind)


@router.get("/challenges/export.xlsx")
def export(platform: PlatformDep, user: RequiredUser) -> Response:
    import tempfile
    from pathlib import Path

    from starlette.background import BackgroundTask

    from techbridge.kernel.tabular import write_xlsx

    if user.role not in ("admin", "broker"):
        raise PermissionDenied("只有管理方和技术经理人可以导出揭榜清单")
    folder = Path(tempfile.mkdtemp(prefix="challenges-"))
    path = folder / "揭榜挂帅清单.xlsx"
    write_xlsx(path, challenge_views.EXPORT_HEADERS, challenge_views.export_rows(platform.uow()), sheet_title="揭榜挂帅")
    import shutil

    return FileResponse(path, filename="揭榜挂帅清单.xlsx", background=BackgroundTask(shutil.rmtree, folder, True),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
