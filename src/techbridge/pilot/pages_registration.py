"""Registering a facility (概念验证中心 / 中试基地) and the admins' review queue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.kernel.errors import REFUSED_ON_CONTENT, ValidationErrors
from techbridge.kernel.parks import parks
from techbridge.pilot import registration
from techbridge.pilot import service as pilot
from techbridge.pilot.model import FacilityKind
from techbridge.web.deps import AdminUser, Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()


def _context(**extra: Any) -> dict[str, Any]:
    return {"nav": "pilot", "kinds": list(FacilityKind), "all_parks": list(parks().values()),
            "status_label": lambda s: registration.FACILITY_STATUS.get(s, s), **extra}


def _errors(err: Exception) -> dict[str, str]:
    many = err.errors if isinstance(err, ValidationErrors) else [err]
    found = {(getattr(e, "field", None) or "form"): getattr(e, "message", str(e)) for e in many}
    return found | {"form": "请按提示修改后重新提交" if len(found) > 1 else next(iter(found.values()))}


@router.get("/pilot/facilities/new")
def new(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    mine = registration.org_facilities(platform.uow(), user=user)
    return render(request, "pages/pilot_facility_form.html", _context(form={}, errors={}, mine=mine))


@router.post("/pilot/facilities/new")
async def create(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        facility_id = pilot.save_facility(platform.uow(), actor=user, raw=form)
    except REFUSED_ON_CONTENT as err:
        mine = registration.org_facilities(platform.uow(), user=user)
        return render(request, "pages/pilot_facility_form.html", _context(form=form, errors=_errors(err), mine=mine),
                      422)
    return redirect(f"/pilot/facilities/{facility_id}", "平台已登记；管理方审核通过后上线")


@router.get("/pilot/review")
def queue(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    pending = registration.pending_facilities(platform.uow(), reviewer=user)
    return render(request, "pages/pilot_review.html", _context(pending=pending, errors={}))


@router.post("/pilot/facilities/{facility_id:int}/review")
async def review(request: Request, platform: PlatformDep, user: AdminUser, facility_id: Id) -> Response:
    form = await request.form()
    decision, note = str(form.get("decision") or ""), str(form.get("note") or "")
    try:
        registration.review_facility(platform.uow(), reviewer=user, facility_id=facility_id,
                                     approve=decision == "approve", note=note)
    except REFUSED_ON_CONTENT as err:
        pending = registration.pending_facilities(platform.uow(), reviewer=user)
        return render(request, "pages/pilot_review.html",
                      _context(pending=pending, errors={str(facility_id): err.message}), 422)
    return redirect("/pilot/review", "已上线" if decision == "approve" else "已退回，运营单位会收到原因")
