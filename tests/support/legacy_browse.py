"""The library search before issue 18: every visible row loaded into Python on each query.

Kept only as the reference the SQL version (techbridge.listings.browse) is compared with, in
tests/integration/listings/test_browse_sql.py and bench/bench_library.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, true

from techbridge.accounts.directory import organizations_by_id
from techbridge.accounts.model import User
from techbridge.accounts.rules import is_admin, is_broker
from techbridge.kernel.regions import regions
from techbridge.listings.browse import (
    PRICE_BUCKETS,
    SORTS,
    TRL_BANDS,
    BrowsePage,
    BrowseQuery,
    Card,
    FacetValue,
    TextRanker,
)
from techbridge.listings.model import ListingStatus, SearchScope, Visibility
from techbridge.listings.service import kind_of
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class _Row:
    id: int
    industry: str
    region_code: str
    trl: int | None
    modes: tuple[str, ...]
    price: Decimal | None
    published_at: datetime | None
    park: str | None


def browse(uow: UnitOfWork, ranker: TextRanker | None, kind: str, viewer: User | None, query: BrowseQuery) -> BrowsePage:
    """One page of listings the viewer may see, with facets and totals."""
    with uow:
        rows = _visible_rows(uow, kind, viewer, query)
        scores: dict[int, float] = {}
        if query.q.strip() and ranker is not None:
            scores = ranker(kind, query.q.strip(), SearchScope.of([r.id for r in rows]))
            rows = [r for r in rows if r.id in scores]
        tests = _facet_tests(query)
        facets = _facets(kind, rows, tests, query)
        selected = [r for r in rows if all(test(r) for test in tests.values())]
        sort = query.sort if query.sort in SORTS else ("relevance" if scores else "newest")
        selected.sort(key=_sort_key(sort, scores))
        start = (max(query.page, 1) - 1) * query.size
        page_rows = selected[start : start + query.size]
        repo = kind_of(kind).repo(uow)
        listings = repo.get_many([r.id for r in page_rows])
        orgs = organizations_by_id(uow, {x.organization_id for x in listings.values()})
        items = [Card(listings[r.id], orgs[listings[r.id].organization_id], scores.get(r.id)) for r in page_rows]
    best = max((scores[r.id] for r in selected), default=0.0) if query.q.strip() and ranker is not None else None
    return BrowsePage(kind, items, len(selected), max(query.page, 1), query.size, sort, facets, best)


def _visible_rows(uow: UnitOfWork, kind: str, viewer: User | None, query: BrowseQuery) -> list[_Row]:
    """A light projection of the listings the viewer may see in the library (a mask, not a post-filter)."""
    repo = kind_of(kind).repo(uow)
    c = repo.table.c
    achievement = kind == "achievement"
    columns = ["id", "industry", "region_code", "trl" if achievement else "expected_trl",
               "transfer_modes" if achievement else "cooperation_modes", "asking_price" if achievement else "budget",
               "published_at", "park"]
    admin = is_admin(viewer)
    status = query.status if admin and query.status in ListingStatus.__members__.values() else "published"
    where: list[Any] = [c.status == status]
    scope = viewer.region_scope if admin and viewer is not None else None
    in_scope = and_(c.region_code >= scope, c.region_code < f"{int(scope[:2]) + 1}0000") if scope else true()
    if admin and status != ListingStatus.PUBLISHED:
        where.append(in_scope)  # an admin reviews the listings of their own region
    if not is_broker(viewer):
        # verified brokers see every confidential demand; admins those of their region; others their own
        public = c.visibility == Visibility.PUBLIC.value
        own_org = viewer.organization_id if viewer else None
        allowed = public | (c.organization_id == own_org) if own_org else public
        where.append(allowed | in_scope if admin else allowed)
    if query.org_id is not None:
        where.append(c.organization_id == query.org_id)
    return [_Row(r[0], r[1], r[2], r[3], tuple(r[4] or ()), r[5], r[6], r[7]) for r in repo.projection(columns, *where)]


def _facet_tests(query: BrowseQuery) -> dict[str, Callable[[_Row], bool]]:
    table = regions()
    tests: dict[str, Callable[[_Row], bool]] = {}
    if query.industries:
        tests["industry"] = lambda r: r.industry in query.industries
    if query.province:
        tests["province"] = lambda r: r.region_code[:2] == query.province[:2]
    if query.city:
        tests["city"] = lambda r: table.city_of(r.region_code).code == query.city or r.region_code == query.city
    band = next((b for b in TRL_BANDS if b[0] == query.trl), None)
    if band:
        tests["trl"] = lambda r: r.trl is not None and band[2] <= r.trl <= band[3]
    if query.modes:
        tests["modes"] = lambda r: any(m in r.modes for m in query.modes)
    bucket = next((b for b in PRICE_BUCKETS if b[0] == query.price), None)
    if bucket:
        tests["price"] = lambda r: _in_bucket(r.price, bucket)
    if query.park:
        tests["park"] = lambda r: r.park == query.park
    return tests


def _in_bucket(price: Decimal | None, bucket: tuple[str, str, int | None, int | None]) -> bool:
    _, _, low, high = bucket
    if low is None and high is None:
        return price is None
    return price is not None and price >= (low or 0) and (high is None or price < high)


def _facets(kind: str, rows: list[_Row], tests: dict[str, Callable[[_Row], bool]], query: BrowseQuery) -> dict[str, list[FacetValue]]:
    from techbridge.kernel.industries import industries

    def others(name: str) -> list[_Row]:
        return [r for r in rows if all(t(r) for n, t in tests.items() if n != name)]

    table = regions()
    facets: dict[str, list[FacetValue]] = {}
    counts = Counter(r.industry for r in others("industry"))
    facets["industry"] = [FacetValue(code, ind.name, counts[code], code in query.industries)
                          for code, ind in industries().items() if counts[code]]
    counts = Counter(r.region_code[:2] + "0000" for r in others("province"))
    facets["province"] = [FacetValue(code, name, counts[code], code == query.province)
                          for code, name in (("110000", "北京"), ("120000", "天津"), ("130000", "河北")) if counts[code]]
    city_rows = [r for r in others("city") if not query.province or r.region_code[:2] == query.province[:2]]
    counts = Counter(_city_code(r.region_code) for r in city_rows)
    facets["city"] = sorted((FacetValue(code, table.short_label(code).split("·")[-1], n, code == query.city)
                             for code, n in counts.items()), key=lambda f: f.value)
    trl_rows = others("trl")
    facets["trl"] = [FacetValue(key, label, sum(1 for r in trl_rows if r.trl is not None and lo <= r.trl <= hi),
                                key == query.trl) for key, label, lo, hi in TRL_BANDS]
    counts = Counter(m for r in others("modes") for m in r.modes)
    facets["modes"] = [FacetValue(m, m, counts[m], m in query.modes) for m in
                       ("转让", "许可", "作价入股", "合作开发", "先使用后付费") if counts[m]]
    price_rows = others("price")
    facets["price"] = [FacetValue(b[0], b[1], sum(1 for r in price_rows if _in_bucket(r.price, b)), b[0] == query.price)
                       for b in PRICE_BUCKETS]
    return facets


def _city_code(region_code: str) -> str:
    """Beijing/Tianjin: the district; Hebei: the prefecture city."""
    if region_code[:2] in ("11", "12"):
        return region_code
    return regions().city_of(region_code).code


def _sort_key(sort: str, scores: dict[int, float]) -> Callable[[_Row], Any]:
    oldest = datetime(1970, 1, 1)
    if sort == "relevance" and scores:
        return lambda r: (-scores.get(r.id, 0.0), -r.id)
    if sort == "price_asc":
        return lambda r: (r.price is None, r.price or 0, -r.id)
    if sort == "price_desc":
        return lambda r: (r.price is None, -(r.price or 0), -r.id)
    if sort == "trl_desc":
        return lambda r: (-(r.trl or 0), -r.id)
    return lambda r: (-(r.published_at or oldest).timestamp(), -r.id)
