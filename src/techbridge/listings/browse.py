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
from techbridge.listings.model import Listing, ListingStatus
from techbridge.listings.service import kind_of
from techbridge.storage.uow import UnitOfWork

__all__ = ["PRICE_BUCKETS", "SORTS", "TRL_BANDS", "BrowsePage", "BrowseQuery", "Card", "FacetValue",
           "TextRanker", "browse", "own_listings"]


class TextRanker(Protocol):
    def __call__(self, kind: str, query: str, candidate_ids: list[int]) -> dict[int, float]:
        """匹配度 (0–100) of each candidate to `query`; ids absent from the result did not match."""


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
        if searching and ranker is not None:
            candidates = sql.ids(session, cols, base, dialect)
            scores = ranker(kind, query.q.strip(), candidates)
            base = [*base, sql.id_in(cols.c.id, scores, dialect)]
        active = sql.filters(cols, query, dialect)
        facets = sql.facets(session, cols, base, active, query) if query.facets else {}
        where = [*base, *active.values()]
        sort = query.sort if query.sort in SORTS else ("relevance" if scores else "newest")
        start = (max(query.page, 1) - 1) * query.size
        # without a filter the matches are the selection: the ranker only scores visible candidates
        selected = list(session.scalars(select(cols.c.id).where(*where))) if scores and active else list(scores)
        if sort == "relevance" and scores:
            selected.sort(key=lambda i: (-scores[i], -i))
            total, page_ids = len(selected), selected[start : start + query.size]
        else:
            total = int(session.scalar(select(func.count()).select_from(cols.table).where(*where)) or 0)
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
