"""评价与估值 pages: an achievement's value page (radar, valuation range, 报价偏离度), evaluation reports,
the evaluators' queue, and the request / score / share / valuation forms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.evaluation import rules
from techbridge.evaluation import service as evaluation
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import DomainError, NotFound, PermissionDenied, ValidationErrors
from techbridge.kernel.money import format_wan
from techbridge.kernel.trl import TRL_NAMES, trl_label
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


def _common() -> dict[str, Any]:
    return {"nav": "achievements", "wan": format_wan, "dimensions": list(rules.Dimension), "purposes": rules.PURPOSES,
            "types": rules.ACHIEVEMENT_TYPES, "innovation_grades": rules.INNOVATION_GRADES,
            "advancement_grades": rules.ADVANCEMENT_GRADES, "trl_label": trl_label, "trl_levels": list(TRL_NAMES),
            "min_comparables": rules.MIN_COMPARABLES, "valid_months": rules.VALID_MONTHS}


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}


def _errors(err: DomainError) -> dict[str, str]:
    if isinstance(err, ValidationErrors):
        return {**{e.field or "form": e.message for e in err.errors}, "form": err.message}
    return {"form": err.message}


def _value_page(request: Request, platform: PlatformDep, user: CurrentUser, achievement_id: int, *,
                form: dict[str, str] | None = None, errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    s = evaluation.summary(platform.uow(), viewer=user, achievement_id=achievement_id)
    return render(request, "pages/evaluation_value.html", {
        **_common(), "s": s, "form": form or {}, "errors": errors or {},
        "may_value": s.is_owner or evaluation.may_evaluate(user)}, status_code=status_code)


def _narrow(option: dict[str, Any]) -> dict[str, Any]:
    """The radar in a half-width column: a smaller radius keeps the dimension labels inside."""
    return {**option, "radar": {**option["radar"], "radius": "52%"}}


@router.get("/evaluation/achievements/{achievement_id:int}/panel")
def value_panel(request: Request, platform: PlatformDep, user: CurrentUser, achievement_id: Id) -> Response:
    """The radar of the current evaluation, the valuation range and the 报价偏离度, for the achievement page."""
    try:
        s = evaluation.summary(platform.uow(), viewer=user, achievement_id=achievement_id)
    except NotFound:
        return Response("", media_type="text/html")
    today = beijing_today()
    scored = [e for e in s.evaluations if e.status == "scored" and e.issued_on is not None]
    current = next((e for e in scored if not rules.is_expired(e.issued_on, today)), None)
    return render(request, "partials/_value_panel.html", {
        "wan": format_wan, "current": current, "expired": None if current else next(iter(scored), None),
        "radar": _narrow(evaluation.radar_option(current)) if current else None,
        "expires": rules.expires_on(current.issued_on) if current and current.issued_on else None,
        "valuation": s.valuations[0] if s.valuations else None, "range_chart": s.range_chart,
        "achievement_id": achievement_id})


@router.get("/evaluation/achievements/{achievement_id:int}")
def value_page(request: Request, platform: PlatformDep, user: CurrentUser, achievement_id: Id) -> Response:
    return _value_page(request, platform, user, achievement_id)


@router.post("/evaluation/achievements/{achievement_id:int}/{action}")
async def value_action(request: Request, platform: PlatformDep, user: RequiredUser, achievement_id: Id,
                       action: str) -> Response:
    form = await _form(request)
    try:
        if action == "request":
            eid = evaluation.request_evaluation(platform.uow(), actor=user, achievement_id=achievement_id, raw=form)
            return redirect(f"/evaluations/{eid}", "评价申请已提交，等待第三方评价机构评分")
        if action == "value":
            evaluation.value(platform.uow(), actor=user, achievement_id=achievement_id, raw=form)
            return redirect(f"/evaluation/achievements/{achievement_id}", "估值已完成，三种方法的结果见下方")
    except (NotFound, PermissionDenied):
        raise
    except DomainError as err:
        return _value_page(request, platform, user, achievement_id, form=form, errors=_errors(err), status_code=422)
    raise NotFound("不支持的操作")


@router.get("/evaluations")
def queue(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    if not evaluation.may_evaluate(user):
        raise PermissionDenied("评价任务仅第三方评价机构可见")
    return render(request, "pages/evaluation_queue.html", {**_common(), "rows": evaluation.waiting(platform.uow())})


def _report(request: Request, platform: PlatformDep, user: CurrentUser, evaluation_id: int, *,
            form: dict[str, str] | None = None, errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    v = evaluation.view_evaluation(platform.uow(), viewer=user, evaluation_id=evaluation_id)
    return render(request, "pages/evaluation_report.html", {**_common(), "v": v, "e": v.evaluation, "form": form or {},
                                                           "errors": errors or {}}, status_code=status_code)


@router.get("/evaluations/{evaluation_id:int}")
def report(request: Request, platform: PlatformDep, user: RequiredUser, evaluation_id: Id) -> Response:
    return _report(request, platform, user, evaluation_id)


@router.post("/evaluations/{evaluation_id:int}/{action}")
async def report_action(request: Request, platform: PlatformDep, user: RequiredUser, evaluation_id: Id,
                        action: str) -> Response:
    form = await _form(request)
    try:
        if action == "score":
            evaluation.score(platform.uow(), actor=user, evaluation_id=evaluation_id, raw=form)
            return redirect(f"/evaluations/{evaluation_id}", "评分已提交，评价报告自今日起12个月内有效")
        if action == "share":
            evaluation.share(platform.uow(), actor=user, evaluation_id=evaluation_id,
                             party_name=form.get("party_name", ""), purpose=form.get("purpose", ""))
            return redirect(f"/evaluations/{evaluation_id}", "已记录共享授权")
    except (NotFound, PermissionDenied):
        raise
    except DomainError as err:
        return _report(request, platform, user, evaluation_id, form=form, errors=_errors(err), status_code=422)
    raise NotFound("不支持的操作")
