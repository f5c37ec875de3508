"""发布成果 / 发布需求: the guided forms, drafts, submission to review, and live matches while typing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.convertors import Convertor, register_url_convertor

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import User
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import PermissionDenied, ValidationErrors
from techbridge.kernel.parks import parks
from techbridge.kernel.regions import regions
from techbridge.listings import rules
from techbridge.listings import service as registry
from techbridge.listings.model import Listing
from techbridge.web.deps import Id, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render, safe_next


class _ListingKindPath(Convertor[str]):
    """Only /achievements/… and /demands/… reach these routes, whatever other features register."""

    regex = "achievements|demands"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("listing_kind", _ListingKindPath())
router = APIRouter()

LIST_FIELDS = {"transfer_modes", "cooperation_modes"}


async def _form_data(request: Request) -> dict[str, Any]:
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        values = [str(v) for v in form.getlist(key)]
        data[key] = values if key in LIST_FIELDS else values[-1]
    return data


def _check_role(user: User, kind: str) -> None:
    """Refuse the form itself to accounts that cannot publish this kind (the service checks again)."""
    if user.role not in registry.PUBLISHERS[kind]:
        label = "成果方" if kind == "achievement" else "需求方"
        raise PermissionDenied(f"只有{label}账号可以发布{registry.kind_of(kind).label}")


def _form_context(kind: str, form: dict[str, Any], errors: dict[str, str], listing: Listing | None) -> dict[str, Any]:
    return {"kind": kind, "form": form, "errors": errors, "listing": listing, "parks": list(parks().values()),
            "nav": f"new_{kind}", "today": f"{beijing_today():%Y-%m-%d}"}


def _listing_as_form(listing: Listing) -> dict[str, Any]:
    form = {k: v for k, v in vars(listing).items() if not k.startswith("_")}
    form["region"] = regions().full_name(listing.region_code)
    for key in ("asking_price", "budget"):
        if form.get(key) is not None:
            form[key] = f"{form[key]:.2f}"
    for key in ("keywords", "patents"):
        if key in form:
            form[key] = "、".join(form[key])
    return form


@router.get("/{kind_path:listing_kind}/new")
def new_form(request: Request, kind_path: str, user: RequiredUser, platform: PlatformDep) -> Response:
    kind = _kind(kind_path)
    _check_role(user, kind)
    with platform.uow() as uow:
        org = get_organization(uow, user.organization_id) if user.organization_id else None
    form = {"region": regions().full_name(org.region_code) if org else "", "contact_name": user.display_name, "contact_phone": user.phone,
            "contact_email": user.email, "visibility": "public"}
    return render(request, f"pages/{kind}_form.html", _form_context(kind, form, {}, None))


@router.post("/{kind_path:listing_kind}/new")
async def create(request: Request, kind_path: str, user: RequiredUser, platform: PlatformDep) -> Response:
    kind = _kind(kind_path)
    _check_role(user, kind)
    form = await _form_data(request)
    submit = form.get("action") == "submit"
    try:
        with platform.uow() as uow:
            listing_id = registry.create_listing(uow, platform.bus, kind=kind, actor=user, raw=form, submit=submit)
    except ValidationErrors as many:
        errors = {e.field or "form": e.message for e in many.errors}
        return render(request, f"pages/{kind}_form.html", _form_context(kind, form, errors, None), status_code=422)
    message = "已提交审核，管理方审核通过后公开发布" if submit else "草稿已保存"
    return redirect(f"/{kind}s/{listing_id}", message)


@router.get("/{kind_path:listing_kind}/{listing_id:int}/edit")
def edit_form(request: Request, kind_path: str, listing_id: Id, user: RequiredUser, platform: PlatformDep) -> Response:
    kind = _kind(kind_path)
    with platform.uow() as uow:
        listing = registry.get_listing(uow, kind=kind, viewer=user, listing_id=listing_id)
    if not rules.can_edit(viewer=user, listing_org_id=listing.organization_id, region_code=listing.region_code):
        raise PermissionDenied("只有发布单位的成员或本地区的管理方可以修改此条目")
    return render(request, f"pages/{kind}_form.html", _form_context(kind, _listing_as_form(listing), {}, listing))


@router.post("/{kind_path:listing_kind}/{listing_id:int}/edit")
async def update(request: Request, kind_path: str, listing_id: Id, user: RequiredUser, platform: PlatformDep) -> Response:
    kind = _kind(kind_path)
    form = await _form_data(request)
    try:
        with platform.uow() as uow:
            registry.update_listing(uow, platform.bus, kind=kind, actor=user, listing_id=listing_id, raw=form)
        if form.get("action") == "submit":
            with platform.uow() as uow:
                listing = registry.get_listing(uow, kind=kind, viewer=user, listing_id=listing_id)
                if listing.status in ("draft", "archived"):
                    registry.change_status(uow, platform.bus, kind=kind, actor=user, listing_id=listing_id,
                                           target="pending_review")
    except ValidationErrors as many:
        errors = {e.field or "form": e.message for e in many.errors}
        with platform.uow() as uow:
            listing = registry.get_listing(uow, kind=kind, viewer=user, listing_id=listing_id)
        return render(request, f"pages/{kind}_form.html", _form_context(kind, form, errors, listing), status_code=422)
    return redirect(f"/{kind}s/{listing_id}", "修改已保存")


@router.post("/{kind_path:listing_kind}/{listing_id:int}/status")
async def change_status(request: Request, kind_path: str, listing_id: Id, user: RequiredUser, platform: PlatformDep) -> Response:
    kind = _kind(kind_path)
    form = await request.form()
    target = str(form.get("target", ""))
    with platform.uow() as uow:
        registry.change_status(uow, platform.bus, kind=kind, actor=user, listing_id=listing_id, target=target,
                               note=str(form.get("note", "")))
    messages = {"pending_review": "已提交审核", "archived": "已下架归档", "published": "已审核发布", "draft": "已退回修改"}
    back = str(form.get("back") or "")
    return redirect(safe_next(back) if back else f"/{kind}s/{listing_id}", messages.get(target, "已更新"))


@router.post("/demands/live-matches")
async def live_matches(request: Request, platform: PlatformDep) -> Response:
    """As the enterprise types its demand, the achievements that already match (HTMX partial)."""
    from techbridge.matching import service as matching

    form = await _form_data(request)
    result = matching.preview_demand(platform, form, viewer=request.state.user, k=5)
    return render(request, "partials/_live_matches.html", {"result": result})


def _kind(kind_path: str) -> str:
    kinds = {"achievements": "achievement", "demands": "demand"}
    if kind_path not in kinds:
        from fastapi import HTTPException

        raise HTTPException(404)
    return kinds[kind_path]
