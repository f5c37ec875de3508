"""概念验证与中试: facility catalogue and matching, facility pages, service requests (NDA → quote → booking → record)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.kernel.errors import DomainError, NotFound, PermissionDenied, ValidationErrors
from techbridge.kernel.trl import TRL_NAMES, trl_label
from techbridge.pilot import service as pilot
from techbridge.pilot.model import FacilityKind, RequestStatus
from techbridge.pilot.pages_registration import router as registration_router
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()
router.include_router(registration_router)  # /pilot/facilities/new before /pilot/facilities/{id}


def _common() -> dict[str, Any]:
    return {"nav": "pilot", "kinds": list(FacilityKind), "trl_levels": TRL_NAMES, "trl_label": trl_label,
            "request_label": lambda s: RequestStatus(s).label}


@router.get("/pilot")
def catalogue(request: Request, platform: PlatformDep, user: CurrentUser, kind: str = "", demand: int | None = None,
              engagement: int | None = None) -> Response:
    kind = kind if kind in {k.value for k in FacilityKind} else ""
    found = None
    if demand is not None or engagement is not None:
        found = pilot.find_facilities(platform.uow(), platform.embedder, viewer=user, demand_id=demand,
                                      engagement_id=engagement)
    facilities = pilot.list_facilities(platform.uow(), kind=kind or None)
    return render(request, "pages/pilot_list.html", {**_common(), "facilities": facilities, "kind": kind,
                                                     "found": found, "engagement": engagement})


def _facility(request: Request, platform: PlatformDep, user: CurrentUser, facility_id: int, *,
              form: dict[str, Any] | None = None, errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    v = pilot.facility_view(platform.uow(), viewer=user, facility_id=facility_id)
    return render(request, "pages/pilot_facility.html", {**_common(), "v": v, "form": form or {},
                                                         "errors": errors or {}}, status_code=status_code)


@router.get("/pilot/facilities/{facility_id:int}")
def facility(request: Request, platform: PlatformDep, user: CurrentUser, facility_id: Id, engagement: str = "") -> Response:
    return _facility(request, platform, user, facility_id, form={"engagement_id": engagement[:12]})


def _errors(err: DomainError) -> dict[str, str]:
    if isinstance(err, ValidationErrors):
        return {e.field or "form": e.message for e in err.errors} | {"form": "请按提示修改后重新提交"}
    return {"form": err.message}


@router.post("/pilot/facilities/{facility_id:int}/requests")
async def ask(request: Request, platform: PlatformDep, user: RequiredUser, facility_id: Id) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        rid = pilot.request_service(platform.uow(), actor=user, facility_id=facility_id, raw=form)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as err:
        return _facility(request, platform, user, facility_id, form=form, errors=_errors(err), status_code=422)
    return redirect(f"/pilot/requests/{rid}", "服务申请已提交（已确认保密条款），等待平台报价")


def _request_page(request: Request, platform: PlatformDep, user: RequiredUser, request_id: int, *,
                  form: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                  status_code: int = 200) -> Response:
    v = pilot.request_view(platform.uow(), viewer=user, request_id=request_id)
    return render(request, "pages/pilot_request.html", {**_common(), "v": v, "r": v.request, "form": form or {},
                                                        "errors": errors or {}}, status_code=status_code)


@router.get("/pilot/requests/{request_id:int}")
def request_page(request: Request, platform: PlatformDep, user: RequiredUser, request_id: Id) -> Response:
    return _request_page(request, platform, user, request_id)


async def _act(request: Request, platform: PlatformDep, user: RequiredUser, request_id: int,
               action: Callable[[dict[str, str]], object], done: str) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        action(form)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as err:
        status = 409 if getattr(err, "code", "") == "slot_taken" else 422
        return _request_page(request, platform, user, request_id, form=form, errors=_errors(err), status_code=status)
    return redirect(f"/pilot/requests/{request_id}", done)


@router.post("/pilot/requests/{request_id:int}/quote")
async def quote(request: Request, platform: PlatformDep, user: RequiredUser, request_id: Id) -> Response:
    return await _act(request, platform, user, request_id,
                      lambda f: pilot.quote(platform.uow(), actor=user, request_id=request_id, raw=f), "报价已发送")


@router.post("/pilot/requests/{request_id:int}/accept")
async def accept(request: Request, platform: PlatformDep, user: RequiredUser, request_id: Id) -> Response:
    return await _act(request, platform, user, request_id,
                      lambda f: pilot.accept(platform.uow(), actor=user, request_id=request_id), "已接受报价，请预约档期")


@router.post("/pilot/requests/{request_id:int}/book")
async def book(request: Request, platform: PlatformDep, user: RequiredUser, request_id: Id) -> Response:
    return await _act(request, platform, user, request_id,
                      lambda f: pilot.book(platform.uow(), actor=user, request_id=request_id, raw=f), "档期已预约")


@router.post("/pilot/requests/{request_id:int}/record")
async def record(request: Request, platform: PlatformDep, user: RequiredUser, request_id: Id) -> Response:
    return await _act(request, platform, user, request_id,
                      lambda f: pilot.record(platform.uow(), actor=user, request_id=request_id, raw=f),
                      "服务记录已登记，对接阶段与成果成熟度已同步更新")


@router.get("/pilot/mine")
def mine(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    asked, received = pilot.my_requests(platform.uow(), user=user)
    return render(request, "pages/pilot_mine.html", {**_common(), "asked": asked, "received": received})
