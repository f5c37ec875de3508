"""人才库: the list and search, 找专家 for a demand or an achievement, profiles, contact details on request."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import Role
from techbridge.kernel.errors import (
    REFUSED_ON_CONTENT,
    DomainError,
    NotFound,
    ValidationError,
    ValidationErrors,
)
from techbridge.kernel.industries import resolve_industry
from techbridge.kernel.regions import PROVINCES, regions
from techbridge.listings.queries import titles_of_organizations
from techbridge.talent import finding as expert_finding
from techbridge.talent import pages_verification
from techbridge.talent import service as talent
from techbridge.talent.model import PUBLIC_FIELD_LABELS, CredentialLevel, ExpertKind
from techbridge.web.deps import CurrentUser, Id, PageNo, PlatformDep, RequiredUser
from techbridge.web.render import redirect, render

router = APIRouter()
LIST_FIELDS = ("fields", "public_fields")


def _common() -> dict[str, Any]:
    return {"nav": "talent", "provinces": PROVINCES, "kinds": [k.value for k in ExpertKind],
            "factor_labels": expert_finding.FACTOR_LABELS, "public_labels": PUBLIC_FIELD_LABELS}


@router.get("/talent")
def library(request: Request, platform: PlatformDep, q: str = "", kind: str = "", field: str = "",
            province: str = "", credential: str = "", page: PageNo = 1) -> Response:
    query = talent.TalentQuery(q=q[:200], kind=kind, field=field, province=province, credential=credential,
                               page=max(1, min(page, 1000)))
    result = talent.search(platform.uow(), platform.embedder if query.q.strip() else None, query)
    return render(request, "pages/talent_list.html", {**_common(), "result": result, "query": query})


@router.get("/talent/find")
def find(request: Request, platform: PlatformDep, user: CurrentUser, demand: int | None = None,
         achievement: int | None = None, q: str = "", industry: str = "", pick: str = "") -> Response:
    """找专家: for one of the platform's listings, or for a question in one's own words."""
    finding = None
    kind_picked, _, id_picked = pick.partition(":")  # "demand:12" from the viewer's own listings
    if id_picked.isdigit():
        demand = int(id_picked) if kind_picked == "demand" else demand
        achievement = int(id_picked) if kind_picked == "achievement" else achievement
    if demand is not None or achievement is not None:
        kind, listing_id = ("demand", demand) if demand is not None else ("achievement", achievement)
        assert listing_id is not None
        finding = expert_finding.find_for_listing(platform.uow(), platform.embedder, kind=kind, listing_id=listing_id,
                                                  viewer=user, k=10)
    elif q.strip():
        code = _industry_or_none(industry)
        finding = expert_finding.find_for_text(platform.uow(), platform.embedder, q[:500], industry=code, k=10)
    return render(request, "pages/talent_find.html", {**_common(), "finding": finding, "q": q, "industry": industry,
                                                      "my_listings": _my_listings(platform, user)})


def _industry_or_none(value: str) -> str | None:
    try:
        return resolve_industry(value) if value else None
    except DomainError:
        return None


def _my_listings(platform: PlatformDep, user: CurrentUser) -> list[tuple[str, int, str]]:
    """The viewer's own demands and achievements, to find experts for in one click."""
    if user is None or user.organization_id is None:
        return []
    with platform.uow() as uow:
        found = [(kind, i, t) for kind in ("demand", "achievement")
                 for i, _, t in titles_of_organizations(uow, kind, [user.organization_id])]
    return found[:60]


@router.get("/demands/{listing_id:int}/experts")
def demand_experts(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    """The 找专家 section of a demand page (an HTMX partial)."""
    return _section(request, platform, user, "demand", listing_id)


@router.get("/achievements/{listing_id:int}/experts")
def achievement_experts(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    """The 找专家 section of an achievement page (an HTMX partial)."""
    return _section(request, platform, user, "achievement", listing_id)


def _section(request: Request, platform: PlatformDep, user: CurrentUser, kind: str, listing_id: int) -> Response:
    finding = expert_finding.find_for_listing(platform.uow(), platform.embedder, kind=kind, listing_id=listing_id,
                                              viewer=user, k=5)
    return render(request, "partials/_talent_hits.html", {**_common(), "finding": finding, "compact": True})


@router.get("/talent/{expert_id:int}")
def profile(request: Request, platform: PlatformDep, user: CurrentUser, expert_id: Id) -> Response:
    return _profile(request, platform, user, expert_id)


def _profile(request: Request, platform: PlatformDep, user: CurrentUser, expert_id: int, *, contact: Any = None,
             reason: str = "", error: str = "", status_code: int = 200) -> Response:
    view = talent.get_profile(platform.uow(), viewer=user, expert_id=expert_id)
    return render(request, "pages/talent_detail.html", {
        **_common(), "p": view, "e": view.expert, "contact": contact, "reason": reason, "contact_error": error,
    }, status_code=status_code)


@router.post("/talent/{expert_id:int}/contact")
async def reveal(request: Request, platform: PlatformDep, user: RequiredUser, expert_id: Id) -> Response:
    """Show the public contact details to a member who gave a reason (the access is recorded)."""
    reason = str((await request.form()).get("reason") or "")
    try:
        card = talent.reveal_contact(platform.uow(), viewer=user, expert_id=expert_id, reason=reason)
    except NotFound:
        raise
    except REFUSED_ON_CONTENT as err:
        return _profile(request, platform, user, expert_id, reason=reason, error=err.message,
                        status_code=422 if isinstance(err, ValidationError) else 403)
    return _profile(request, platform, user, expert_id, contact=card, reason=reason)


# ---------------------------------------------------------------- profile forms


@router.get("/talent/me")
def my_profile(platform: PlatformDep, user: RequiredUser) -> Response:
    expert_id = talent.own_profile_id(platform.uow(), user)
    return redirect(f"/talent/{expert_id}/edit" if expert_id else "/talent/new")


@router.get("/talent/new")
def new_form(request: Request, user: RequiredUser, platform: PlatformDep) -> Response:
    if user.role != Role.ADMIN and talent.own_profile_id(platform.uow(), user):
        return redirect("/talent/me")
    with platform.uow() as uow:
        org = get_organization(uow, user.organization_id) if user.organization_id else None
    form: dict[str, Any] = {"kind": ExpertKind.BROKER.value if user.role in (Role.BROKER, Role.BROKER_APPLICANT) else ExpertKind.EXPERT.value,
                            "public_fields": ["organization", "bio"], "is_listed": True}
    if user.role != Role.ADMIN:
        form.update(name=user.display_name, email=user.email, phone=user.phone, org_name=org.name if org else "",
                    region=regions().full_name(org.region_code) if org else "")
    return _form(request, form, {}, None)


@router.post("/talent/new")
async def create(request: Request, user: RequiredUser, platform: PlatformDep) -> Response:
    form = await _form_data(request)
    try:
        expert_id = talent.save_profile(platform.uow(), actor=user, raw=form, embedder=platform.embedder)
    except ValidationErrors as many:
        return _form(request, form, {e.field or "form": e.message for e in many.errors}, None, 422)
    return redirect(f"/talent/{expert_id}", "人才档案已保存")


@router.get("/talent/{expert_id:int}/edit")
def edit_form(request: Request, user: RequiredUser, platform: PlatformDep, expert_id: Id) -> Response:
    view = talent.get_profile(platform.uow(), viewer=user, expert_id=expert_id)
    if not view.can_edit:
        raise NotFound("人才档案不存在或无权修改")
    e = view.expert
    form = {k: v for k, v in vars(e).items() if not k.startswith("_")}
    form["region"] = regions().full_name(e.region_code)  # a name people recognise; it resolves back to the code
    form["credential_valid_until"] = e.credential_valid_until.isoformat() if e.credential_valid_until else ""
    return _form(request, form, {}, e.id)


@router.post("/talent/{expert_id:int}/edit")
async def update(request: Request, user: RequiredUser, platform: PlatformDep, expert_id: Id) -> Response:
    form = await _form_data(request)
    try:
        talent.save_profile(platform.uow(), actor=user, raw=form, expert_id=expert_id, embedder=platform.embedder)
    except ValidationErrors as many:
        return _form(request, form, {e.field or "form": e.message for e in many.errors}, expert_id, 422)
    return redirect(f"/talent/{expert_id}", "人才档案已更新")


async def _form_data(request: Request) -> dict[str, Any]:
    form = await request.form()
    data: dict[str, Any] = {k: str(form.get(k) or "") for k in form if k not in LIST_FIELDS}
    for key in LIST_FIELDS:
        data[key] = [str(v) for v in form.getlist(key)]
    data["is_listed"] = "是" if form.get("is_listed") else "否"  # an unticked box is simply absent
    return data


def _form(request: Request, form: dict[str, Any], errors: dict[str, str], expert_id: int | None,
          status_code: int = 200) -> Response:
    return render(request, "pages/talent_form.html", {
        **_common(), "form": form, "errors": errors, "expert_id": expert_id,
        "levels": [lv.value for lv in CredentialLevel],
    }, status_code=status_code)


router.include_router(pages_verification.router)
