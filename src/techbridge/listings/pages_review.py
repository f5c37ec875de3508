"""审核: the admin's review queue — approve, or send back with a reason."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.listings import browse
from techbridge.web.deps import AdminUser, PlatformDep
from techbridge.web.render import render

router = APIRouter()


@router.get("/review")
def review_queue(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    queue = {kind: browse.browse(platform.uow(), None, kind, user,
                                 browse.BrowseQuery(status="pending_review", size=100, sort="newest")).items
             for kind in ("achievement", "demand")}
    return render(request, "pages/review.html", {"queue": queue, "nav": "review"})
