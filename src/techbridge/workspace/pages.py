"""我的工作台: my listings with status, matches and interest received; my inbox."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.accounts.directory import members_of
from techbridge.deals import service as pipeline
from techbridge.deals.queries import (
    count_in_progress,
    count_unassigned_open,
    open_for_broker,
)
from techbridge.listings import browse
from techbridge.listings.queries import count_pending_review
from techbridge.notifications import service as notifications
from techbridge.notifications import service as notify
from techbridge.talent import verification
from techbridge.web.deps import PlatformDep, RequiredUser
from techbridge.web.render import redirect, render, safe_next

router = APIRouter()


@router.get("/workspace")
def workspace(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    listings: dict[str, list[browse.Card]] = {}
    if user.organization_id is not None:
        for kind in ("achievement", "demand"):
            cards = []
            for status in ("pending_review", "draft", "published", "archived"):
                query = browse.BrowseQuery(org_id=user.organization_id, status=status, size=200)
                cards += browse.own_listings(platform.uow(), kind, user, query)
            listings[kind] = cards
    engagements = pipeline.for_organization(platform.uow(), org_id=user.organization_id) if user.organization_id else []
    with platform.uow() as uow:
        inbox = notifications.inbox(uow, user.id, limit=20)
        unread = notifications.unread_count(uow, user.id)
        members = members_of(uow, user.organization_id) if user.organization_id else []
    interest_by_listing: dict[tuple[str, int], int] = {}
    for e, _, _ in engagements:
        interest_by_listing[("achievement", e.achievement_id)] = interest_by_listing.get(("achievement", e.achievement_id), 0) + 1
        interest_by_listing[("demand", e.demand_id)] = interest_by_listing.get(("demand", e.demand_id), 0) + 1
    return render(request, "pages/workspace.html", {
        "listings": listings, "engagements": engagements, "inbox": inbox, "unread": unread,
        "interest": interest_by_listing, "duties": _duties(platform, user), "members": members, "nav": "workspace",
        "application": verification.application_of(platform.uow(), user) if user.role == "broker_applicant" else None,
    })


def _duties(platform: PlatformDep, user: RequiredUser) -> list[tuple[str, int, str]]:
    """What an admin or a broker has waiting: (label, count, link)."""
    if user.role not in ("admin", "broker"):
        return []
    with platform.uow() as uow:
        if user.role == "admin":
            pending = [count_pending_review(uow, kind, scope=user.region_scope) for kind in ("achievement", "demand")]
            open_without_broker = count_unassigned_open(uow)
            applicants = len(verification.pending_for(uow, user))
            return [("待审核的成果", pending[0], "/review"), ("待审核的需求", pending[1], "/review"),
                    ("待核验的技术经理人", applicants, "/talent/verifications"),
                    ("未指派技术经理人的对接", open_without_broker, "/board"),
                    ("进行中的对接", count_in_progress(uow), "/board")]
        mine = open_for_broker(uow, user.id)
    idle = pipeline.board(platform.uow(), broker=user, idle_after_days=14)
    idle_count = sum(1 for cards in idle.values() for card in cards if card.idle)
    with platform.uow() as uow:
        unassigned = count_unassigned_open(uow)
    return [("我负责的对接", len(mine), "/board"), ("闲置超过14天", idle_count, "/board"),
            ("待认领的对接", unassigned, "/board")]


@router.post("/workspace/members")
async def add_member(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    """Add a colleague to my organisation (same role); errors come back to the workspace."""
    from techbridge.accounts import service as accounts
    from techbridge.kernel.errors import REFUSED_ON_CONTENT, ValidationErrors

    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        accounts.add_member(platform.uow(), actor=user, email=form.get("email", ""),
                            display_name=form.get("display_name", ""), password=form.get("password", ""))
    except ValidationErrors as many:
        return redirect("/workspace#members", "；".join(e.message for e in many.errors), "error")
    except REFUSED_ON_CONTENT as err:
        return redirect("/workspace#members", err.message, "error")
    return redirect("/workspace#members", f"已为 {form.get('display_name', '')} 开通账号，请把登录邮箱和初始密码告诉对方")


@router.post("/notifications/read")
async def read_notifications(request: Request, platform: PlatformDep, user: RequiredUser) -> Response:
    form = await request.form()
    raw_id = str(form.get("id") or "")
    notify.mark_read(platform.uow(), user.id, int(raw_id) if raw_id.isdigit() and len(raw_id) < 10 else None)
    return redirect(safe_next(str(form.get("back") or ""), "/workspace"))
