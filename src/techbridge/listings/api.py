"""Achievements and demands: search with facets, read, create, update, change status, matches."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import User
from techbridge.accounts.rules import admin_covers, is_broker
from techbridge.listings import api_imports, browse
from techbridge.listings import service as registry
from techbridge.listings.model import Listing
from techbridge.listings.schemas import (
    AchievementCreate,
    AchievementPublic,
    AchievementUpdate,
    DemandCreate,
    DemandPublic,
    DemandUpdate,
    listing_public,
)
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import Page, RequestBody

_router = APIRouter()


class StatusChange(RequestBody):
    target: Literal["pending_review", "published", "draft", "archived"] = Field(description="pending_review（提交审核）、published（审核通过，仅管理方）、draft（退回/撤回）、archived（归档）")
    note: str = Field("", max_length=500, description="退回修改时必填：退回原因")


class FacetValuePublic(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class SearchPage(Page[Any]):
    facets: dict[str, list[FacetValuePublic]]
    sort: str


def _show_contact(viewer: User | None, listing: Listing) -> bool:
    return viewer is not None and (is_broker(viewer) or admin_covers(viewer, listing.region_code)
                                   or viewer.organization_id == listing.organization_id)


def _public(platform: PlatformDep, viewer: User | None, kind: str, listing_id: Id) -> Any:
    with platform.uow() as uow:
        listing = registry.get_listing(uow, kind=kind, viewer=viewer, listing_id=listing_id)
        org = get_organization(uow, listing.organization_id)
        assert org is not None
        return listing_public(listing, org, show_contact=_show_contact(viewer, listing))  # type: ignore[arg-type]


def _search(platform: PlatformDep, viewer: User | None, kind: str, query: browse.BrowseQuery) -> SearchPage:
    result = browse.browse(platform.uow(), platform.text_ranker(), kind, viewer, query)
    items = [listing_public(c.listing, c.org, show_contact=_show_contact(viewer, c.listing)) for c in result.items]  # type: ignore[arg-type]
    facets = {name: [FacetValuePublic(**vars(v)) for v in values] for name, values in result.facets.items()}
    return SearchPage(items=items, total=result.total, page=result.page, size=result.size, pages=result.pages,
                      facets=facets, sort=result.sort)


def _routes(kind: str, path: str, tag: str, create_model: type[BaseModel], update_model: type[BaseModel],
            public_model: type[BaseModel]) -> None:
    label = registry.kind_of(kind).label

    @_router.get(f"/{path}", response_model=SearchPage, tags=[tag], summary=f"检索{label}（匹配引擎检索 + 分面）",
                name=f"search_{path}")
    def search(platform: PlatformDep, viewer: CurrentUser, q: str = "",
               industry: Annotated[list[str] | None, Query()] = None, province: str = "", city: str = "",
               trl: str = "", mode: Annotated[list[str] | None, Query()] = None, price: str = "",
               status: str = "published", park: str = "", sort: str = "", page: int = Query(1, ge=1),
               size: int = Query(20, ge=1, le=100)) -> SearchPage:
        query = browse.BrowseQuery(q=q[:200], industries=industry or [], province=province, city=city, trl=trl,
                                   modes=mode or [], price=price, status=status, park=park, sort=sort, page=page,
                                   size=size)
        return _search(platform, viewer, kind, query)

    @_router.get(f"/{path}/{{listing_id}}", response_model=public_model, tags=[tag], summary=f"{label}详情",
                name=f"get_{path}")
    def get(listing_id: Id, platform: PlatformDep, viewer: CurrentUser) -> Any:
        return _public(platform, viewer, kind, listing_id)

    @_router.post(f"/{path}", response_model=public_model, status_code=201, tags=[tag], summary=f"创建{label}（草稿或提交审核）",
                 name=f"create_{path}")
    def create(body: create_model, platform: PlatformDep, user: RequiredUser) -> Any:  # type: ignore[valid-type]
        raw = body.model_dump(exclude={"submit"})  # type: ignore[attr-defined]
        with platform.uow() as uow:
            listing_id = registry.create_listing(uow, platform.bus, kind=kind, actor=user, raw=raw,
                                                 submit=body.submit)  # type: ignore[attr-defined]
        return _public(platform, user, kind, listing_id)

    @_router.patch(f"/{path}/{{listing_id}}", response_model=public_model, tags=[tag], summary=f"修改{label}",
                  name=f"update_{path}")
    def update(listing_id: Id, body: update_model, platform: PlatformDep, user: RequiredUser) -> Any:  # type: ignore[valid-type]
        current = _public(platform, user, kind, listing_id).model_dump()
        current["region"] = current["region_code"]
        if current.get("contact"):
            current.update({f"contact_{k}": v for k, v in current.pop("contact").items()})
        raw = {**current, **body.model_dump(exclude_unset=True)}  # type: ignore[attr-defined]
        with platform.uow() as uow:
            registry.update_listing(uow, platform.bus, kind=kind, actor=user, listing_id=listing_id, raw=raw)
        return _public(platform, user, kind, listing_id)

    @_router.post(f"/{path}/{{listing_id}}/status", response_model=public_model, tags=[tag],
                 summary="提交审核 / 审核通过 / 退回 / 归档", name=f"status_{path}")
    def change_status(listing_id: Id, body: StatusChange, platform: PlatformDep, user: RequiredUser) -> Any:
        with platform.uow() as uow:
            registry.change_status(uow, platform.bus, kind=kind, actor=user, listing_id=listing_id, target=body.target,
                                   note=body.note)
        return _public(platform, user, kind, listing_id)


_routes("achievement", "achievements", "科技成果", AchievementCreate, AchievementUpdate, AchievementPublic)
_routes("demand", "demands", "技术需求", DemandCreate, DemandUpdate, DemandPublic)


router = APIRouter()
router.include_router(_router)
router.include_router(api_imports.router)
