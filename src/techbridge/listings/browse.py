"""The 成果库 / 需求库: filters, text search through the matching engine, facets, sorting, pages.

Text search ranks with the engine's retrieval (BM25 + dense), never SQL LIKE. Facet counts
for one facet are computed over the results filtered by every *other* facet, so a person
sees how many results each choice would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import func, select

from techbridge.accounts.directory import organizations_by_id
from techbridge.accounts.model import Organization, User
from techbridge.listings import browse_sql as sql
from techbridge.listings.browse_sql import PRICE_BUCKETS, SORTS, TRL_BANDS, FacetValue
from techbridge.listings.model import Listing, ListingStatus, SearchScope
from techbridge.listings.service import kind_of
from techbridge.storage.uow import UnitOfWork

__all__ = ["PRICE_BUCKETS", "SORTS", "TRL_BANDS", "BrowsePage", "BrowseQuery", "Card", "FacetValue",
           "TextRanker", "browse", "own_listings"]


class TextRanker(Protocol):
    def __call__(self, kind: str, query: str, scope: SearchScope) -> dict[int, float]:
        """匹配度 (0–100) of each candidate in scope to `query`; ids absent from the result did not match."""


@dataclass
class BrowseQuery:
    q: str = ""
    industries: list[str] = field(default_factory=list)
    province: str = ""  # 110000 / 120000 / 130000
    city: str = ""  # a Hebei city code, or a Beijing/Tianjin district code
    trl: str = ""  # a TRL band key
    modes: list[str] = field(default_factory=list)
    price: str = ""  # a price bucket key
    status: str = ListingStatus.PUBLISHED.value
    park: str = ""
    org_id: int | None = None
    sort: str = ""
    page: int = 1
    size: int = 20
    facets: bool = True  # False: only the page and its total (the home page's newest listings)


@dataclass
class Card:
    listing: Listing
    org: Organization
    score: float | None = None


@dataclass
class BrowsePage:
    kind: str
    items: list[Card]
    total: int
    page: int
    size: int
    sort: str
    facets: dict[str, list[FacetValue]]
    best_score: float | None = None  # the best text score of a search (匹配度 0–100), None without a query

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def browse(uow: UnitOfWork, ranker: TextRanker | None, kind: str, viewer: User | None, query: BrowseQuery) -> BrowsePage:
    """One page of listings the viewer may see, with facets and totals (counted in SQL)."""
    with uow:
        repo = kind_of(kind).repo(uow)
        session = repo.session
        dialect = session.get_bind().dialect.name
        cols = sql.LibraryColumns.of(kind, repo.table)
        base = sql.visible(cols, viewer, query)
        searching = bool(query.q.strip()) and ranker is not None
        scores: dict[int, float] = {}
        exact = True  # the ranker scored only visible candidates (an explicit list of ids)
        if searching and ranker is not None:
            scope = sql.search_scope(session, cols, viewer, query, base, dialect)
            exact = scope.ids is not None
            scores = ranker(kind, query.q.strip(), scope)
            # a scope given as a rule is intersected with the visibility in SQL: the engine's copy may lag
            base = [*base, sql.id_in(cols.c.id, scores, dialect)]
        active = sql.filters(cols, query, dialect)
        # without a filter and with an explicit candidate list the matches are the selection; else
        # SQL selects them (with the facets when there are facets: one scan of the matches)
        selecting = bool(scores) and bool(active or not exact)
        facets, chosen = sql.facets(session, cols, base, active, query, selection=scores if selecting else None) \
            if query.facets else ({}, None)
        where = [*base, *active.values()]
        sort = query.sort if query.sort in SORTS else ("relevance" if scores else "newest")
        start = (max(query.page, 1) - 1) * query.size
        selected = chosen if chosen is not None else \
            list(session.scalars(select(cols.c.id).where(*where))) if selecting else list(scores)
        if sort == "relevance" and scores:
            # best score first, ties newest id first (two stable C-keyed sorts: no lambda per match)
            selected.sort(reverse=True)
            selected.sort(key=scores.__getitem__, reverse=True)
            total, page_ids = len(selected), selected[start : start + query.size]
        else:
            # a search's selection is every row under where: no second pass over the matches to count them
            total = len(selected) if scores else \
                int(session.scalar(select(func.count()).select_from(cols.table).where(*where)) or 0)
            page_ids = list(session.scalars(select(cols.c.id).where(*where).order_by(*sql.order_by(cols, sort))
                                            .offset(start).limit(query.size)))
        listings = repo.get_many(page_ids)
        orgs = organizations_by_id(uow, {x.organization_id for x in listings.values()})
        items = [Card(listings[i], orgs[listings[i].organization_id], scores.get(i)) for i in page_ids]
    best = max((scores[i] for i in selected), default=0.0) if searching else None
    return BrowsePage(kind, items, total, max(query.page, 1), query.size, sort, facets, best)


def own_listings(uow: UnitOfWork, kind: str, viewer: User, query: BrowseQuery) -> list[Card]:
    """Every listing of the viewer's organisation in one status (the workspace), newest first."""
    with uow:
        repo = kind_of(kind).repo(uow)
        c = repo.table.c
        items = repo.list(c.organization_id == viewer.organization_id, c.status == query.status,
                          order_by=c.updated_at.desc(), limit=query.size)
        orgs = organizations_by_id(uow, {x.organization_id for x in items})
        return [Card(x, orgs[x.organization_id]) for x in items]
