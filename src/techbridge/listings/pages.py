"""成果库 / 需求库 and the detail pages, with their recommended matches."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from techbridge.accounts.directory import get_organization
from techbridge.kernel.parks import park_name
from techbridge.listings import browse, pages_home, pages_import, pages_publish, pages_review, rules
from techbridge.listings import service as registry
from techbridge.web.deps import CurrentUser, Id, PageNo, PlatformDep
from techbridge.web.render import render

_router = APIRouter()

KIND_PATHS = {"achievements": "achievement", "demands": "demand"}
LABELS = {"achievement": "成果库", "demand": "需求库"}


def browse_query(
    q: str = "", industry: Annotated[list[str] | None, Query()] = None, province: str = "", city: str = "",
    trl: str = "", mode: Annotated[list[str] | None, Query()] = None, price: str = "", status: str = "published",
    park: str = "", sort: str = "", page: int = 1,
) -> browse.BrowseQuery:
    return browse.BrowseQuery(q=q[:200], industries=industry or [], province=province, city=city, trl=trl,
                              modes=mode or [], price=price, status=status, park=park, sort=sort,
                              page=max(1, min(page, 10_000)))


@_router.get("/achievements")
def achievements(request: Request, platform: PlatformDep, user: CurrentUser, q: str = "",
                 industry: Annotated[list[str] | None, Query()] = None, province: str = "", city: str = "",
                 trl: str = "", mode: Annotated[list[str] | None, Query()] = None, price: str = "",
                 status: str = "published", park: str = "", sort: str = "", page: PageNo = 1) -> Response:
    query = browse_query(q, industry, province, city, trl, mode, price, status, park, sort, page)
    return _library(request, platform, user, "achievement", query)


@_router.get("/demands")
def demands(request: Request, platform: PlatformDep, user: CurrentUser, q: str = "",
            industry: Annotated[list[str] | None, Query()] = None, province: str = "", city: str = "",
            trl: str = "", mode: Annotated[list[str] | None, Query()] = None, price: str = "",
            status: str = "published", park: str = "", sort: str = "", page: PageNo = 1) -> Response:
    query = browse_query(q, industry, province, city, trl, mode, price, status, park, sort, page)
    return _library(request, platform, user, "demand", query)


def _library(request: Request, platform: PlatformDep, user: CurrentUser, kind: str, query: browse.BrowseQuery) -> Response:
    result = browse.browse(platform.uow(), platform.text_ranker(), kind, user, query)
    return render(request, "pages/library.html", {
        "kind": kind, "title": LABELS[kind], "result": result, "query": query, "sorts": browse.SORTS,
        "nav": f"{kind}s", "park_label": park_name(query.park),
    })


@_router.get("/achievements/{listing_id:int}")
def achievement_detail(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    return _detail(request, platform, user, "achievement", listing_id)


@_router.get("/demands/{listing_id:int}")
def demand_detail(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    return _detail(request, platform, user, "demand", listing_id)


def _detail(request: Request, platform: PlatformDep, user: CurrentUser, kind: str, listing_id: int) -> Response:
    with platform.uow() as uow:
        listing = registry.get_listing(uow, kind=kind, viewer=user, listing_id=listing_id)
        org = get_organization(uow, listing.organization_id)
        evidence = registry.trl_evidence_of(uow, listing_id) if kind == "achievement" else []
    can_edit = rules.can_edit(viewer=user, listing_org_id=listing.organization_id, region_code=listing.region_code)
    return render(request, f"pages/{kind}_detail.html", {
        "kind": kind, "listing": listing, "org": org, "can_edit": can_edit, "nav": f"{kind}s",
        "trl_evidence": evidence,
    })


@_router.get("/achievements/{listing_id:int}/matches")
def achievement_matches(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    return _matches(request, platform, user, "achievement", listing_id)


@_router.get("/demands/{listing_id:int}/matches")
def demand_matches(request: Request, platform: PlatformDep, user: CurrentUser, listing_id: Id) -> Response:
    return _matches(request, platform, user, "demand", listing_id)


def _matches(request: Request, platform: PlatformDep, user: CurrentUser, kind: str, listing_id: int) -> Response:
    from techbridge.matching import service as matching

    result = matching.recommend(platform, kind=kind, listing_id=listing_id, viewer=user, k=8)
    return render(request, "partials/_matches.html", {"result": result, "kind": kind})


router = APIRouter()
router.include_router(_router)
router.include_router(pages_home.router)
router.include_router(pages_publish.router)
router.include_router(pages_review.router)
router.include_router(pages_import.router)
