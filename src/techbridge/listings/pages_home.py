"""首页 and the organisation pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.accounts.directory import get_organization
from techbridge.insight import headline as stats
from techbridge.listings import browse
from techbridge.web.deps import CurrentUser, Id, PlatformDep
from techbridge.web.render import redirect, render

router = APIRouter()


@router.get("/")
def home(request: Request, platform: PlatformDep, user: CurrentUser) -> Response:
    figures = stats.headline(platform.uow())
    newest = {kind: browse.browse(platform.uow(), None, kind, user, browse.BrowseQuery(size=6, facets=False)).items
              for kind in ("achievement", "demand")}
    return render(request, "pages/home.html", {"figures": figures, "newest": newest, "nav": "home"})


@router.get("/search")
def search(q: str = "", scope: str = "achievements") -> Response:
    """The home page's single search box: hand the query to the chosen library."""
    from urllib.parse import quote

    target = "/demands" if scope == "demands" else "/achievements"
    return redirect(f"{target}?q={quote(q.strip())}" if q.strip() else target)


@router.get("/orgs/{org_id:int}")
def organization(request: Request, platform: PlatformDep, user: CurrentUser, org_id: Id) -> Response:
    from techbridge.kernel.errors import NotFound

    with platform.uow() as uow:
        org = get_organization(uow, org_id)
        if org is None:
            raise NotFound("单位不存在")
    listings = {kind: browse.browse(platform.uow(), None, kind, user, browse.BrowseQuery(org_id=org_id, size=50, facets=False))
                for kind in ("achievement", "demand")}
    return render(request, "pages/organization.html", {"org": org, "listings": listings})
