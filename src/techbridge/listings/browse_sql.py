"""The library's filters, visibility and facet counts as SQL (issue 18).

Every count is a GROUP BY in the database over the rows the viewer may see; Python only turns
the few groups (industries, region codes, TRL levels, mode lists, price buckets) into facets.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, String, Text, and_, any_, case, cast, false, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, array
from sqlalchemy.orm import Session

from techbridge.accounts.model import User
from techbridge.accounts.rules import is_admin, is_broker, is_platform_admin
from techbridge.kernel.regions import regions
from techbridge.listings.model import ListingStatus, SearchScope, Visibility

if TYPE_CHECKING:
    from techbridge.listings.browse import BrowseQuery

MODES = ("转让", "许可", "作价入股", "合作开发", "先使用后付费")
SORTS = {"relevance": "相关度", "newest": "最新发布", "price_asc": "价格从低到高", "price_desc": "价格从高到低",
         "trl_desc": "成熟度从高到低"}
PRICE_BUCKETS = [("0-100", "100万元以下", 0, 100), ("100-500", "100–500万元", 100, 500),
                 ("500-2000", "500–2000万元", 500, 2000), ("2000-", "2000万元以上", 2000, None), ("negotiable", "面议", None, None)]
TRL_BANDS = [("1-3", "1–3级 研究阶段", 1, 3), ("4-6", "4–6级 验证与中试", 4, 6), ("7-9", "7–9级 工程化与产业化", 7, 9)]
PROVINCES = (("110000", "北京"), ("120000", "天津"), ("130000", "河北"))


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class LibraryColumns:
    """The columns the library reads, named alike for achievements and demands."""

    table: Any
    trl: Any
    modes: Any
    price: Any

    @classmethod
    def of(cls, kind: str, table: Any) -> LibraryColumns:
        c = table.c
        if kind == "achievement":
            return cls(table, c.trl, c.transfer_modes, c.asking_price)
        return cls(table, c.expected_trl, c.cooperation_modes, c.budget)

    @property
    def c(self) -> Any:
        return self.table.c


def visible(cols: LibraryColumns, viewer: User | None, query: BrowseQuery) -> list[Any]:
    """The listings the viewer may see in the library, as WHERE clauses (a mask, not a post-filter)."""
    c = cols.c
    admin = is_admin(viewer)
    status = _status(viewer, query)
    where: list[Any] = [c.status == status]
    scope = viewer.region_scope if admin and viewer is not None else None
    in_scope = _in_scope(c, scope) if scope else true()
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
    return where


def _status(viewer: User | None, query: BrowseQuery) -> str:
    """The status listed: an admin may review other statuses, everyone else sees the published library."""
    admin = is_admin(viewer)
    return query.status if admin and query.status in ListingStatus.__members__.values() else ListingStatus.PUBLISHED.value


def search_scope(session: Session, cols: LibraryColumns, viewer: User | None, query: BrowseQuery,
                 where: list[Any], dialect: str) -> SearchScope:
    """What the text ranker may score for this viewer (where: visible()'s clauses).

    The published library is described by its rule, the same one visible() writes in SQL: every
    listing for a broker or the platform admin; otherwise the public ones plus the 仅经纪人可见
    ones this viewer may see (their organisation's, a region admin's region's), which are few and
    listed here. An admin's review of other statuses, or one organisation's listings, stay an
    explicit list (the engine's catalogue holds only published listings, and the list is short).
    """
    if _status(viewer, query) != ListingStatus.PUBLISHED or query.org_id is not None:
        return SearchScope.of(ids(session, cols, where, dialect))
    if is_broker(viewer) or is_platform_admin(viewer):
        return SearchScope(brokers_only=True)
    c = cols.c
    # the non-public part of visible()'s rule, spelt so the planner probes the organisation and
    # region indexes rather than scanning for (public OR …) AND NOT public
    seen = [c.organization_id == viewer.organization_id] if viewer is not None and viewer.organization_id else []
    if is_admin(viewer) and viewer is not None and viewer.region_scope:
        seen.append(_in_scope(c, viewer.region_scope))
    if not seen:
        return SearchScope()
    hidden = [c.status == ListingStatus.PUBLISHED.value, c.visibility != Visibility.PUBLIC.value, or_(*seen)]
    return SearchScope(also=tuple(ids(session, cols, hidden, dialect)))


def _in_scope(c: Any, scope: str) -> Any:
    """The listings of an admin's province (region codes scope … the next province's first code)."""
    return and_(c.region_code >= scope, c.region_code < f"{int(scope[:2]) + 1}0000")


def id_in(column: Any, ids: Iterable[int], dialect: str) -> Any:
    """column IN ids, bound as one parameter (an array or a JSON list) however many ids there are."""
    values = sorted(ids)
    if not values:
        return false()
    if dialect == "postgresql":
        # = ANY(array): the planner sees the array's length and probes the primary key for a few
        # thousand ids (a bitmap index scan), where IN (SELECT unnest(…)) hash-joined them against
        # a scan of the whole table (0.23 s at 1M rows, bench/bench_library.py)
        # sent as the array's text: psycopg dumps a list of ints element by element (~10 ms per 20k ids)
        array = "{" + ",".join(map(str, values)) + "}"
        return column == any_(cast(literal(array, Text), ARRAY(Integer)))
    each = func.json_each(json.dumps(values)).table_valued("value")
    return column.in_(select(each.c.value))


def ids(session: Session, cols: LibraryColumns, where: list[Any], dialect: str) -> list[int]:
    """The ids matching where; PostgreSQL sends them as one array (far cheaper than a row per id)."""
    if dialect == "postgresql":
        return list(session.scalar(select(func.array_agg(cols.c.id)).where(*where)) or [])
    return list(session.scalars(select(cols.c.id).where(*where)))


def price_bucket(price: Any) -> Any:
    """The price bucket key of each row (the buckets are disjoint; None outside them all)."""
    whens = [(price.is_(None), "negotiable")]
    whens += [(and_(price >= low, price < high) if high is not None else price >= low, key)
              for key, _, low, high in PRICE_BUCKETS if low is not None]
    return case(*whens, else_=None)


def filters(cols: LibraryColumns, query: BrowseQuery, dialect: str) -> dict[str, Any]:
    """One WHERE clause per active facet filter, keyed by facet name."""
    c = cols.c
    out: dict[str, Any] = {}
    if query.industries:
        out["industry"] = c.industry.in_(query.industries)
    if query.province:
        out["province"] = func.substr(c.region_code, 1, 2) == query.province[:2]
    if query.city:
        table = regions()
        codes = {code for code in table.by_code if table.city_of(code).code == query.city} | {query.city}
        out["city"] = c.region_code.in_(sorted(codes))
    band = next((b for b in TRL_BANDS if b[0] == query.trl), None)
    if band:
        out["trl"] = cols.trl.between(band[2], band[3])
    if query.modes:
        out["modes"] = _has_any_mode(cols.modes, query.modes, dialect)
    if any(b[0] == query.price for b in PRICE_BUCKETS):
        out["price"] = price_bucket(cols.price) == query.price
    if query.park:
        out["park"] = c.park == query.park
    return out


def _has_any_mode(column: Any, modes: list[str], dialect: str) -> Any:
    if dialect == "postgresql":
        return cast(column, JSONB).has_any(array(modes, type_=String))
    each = func.json_each(column).table_valued("value")
    return select(each.c.value).where(each.c.value.in_(modes)).exists()


def facets(session: Session, cols: LibraryColumns, base: list[Any], active: dict[str, Any],
           query: BrowseQuery, *, selection: Collection[int] | None = None,
           ) -> tuple[dict[str, list[FacetValue]], list[int] | None]:
    """Each facet's counts over the results filtered by every *other* facet.

    Given selection (a search's matches, base holding their ids), also those of them the viewer
    sees under every filter, from the same scan; None when that takes a query of its own.
    """
    from techbridge.kernel.industries import industries
    from techbridge.listings.facet_groups import counter

    keys = {"industry": cols.c.industry, "province": cols.c.region_code, "city": cols.c.region_code,
            "trl": cols.trl, "modes": cast(cols.modes, Text), "price": price_bucket(cols.price)}
    if selection is not None and active:
        keys["selected"] = cols.c.id  # no filter is named so: its groups are the rows passing all of them
    groups = counter(session, keys, base, active)
    chosen = None
    if selection is not None and active:
        chosen = list(groups("selected"))
    elif selection is not None and sum(groups("industry").values()) == len(selection):
        chosen = list(selection)  # no filter, and the scan saw every match: all are visible
    table = regions()
    out: dict[str, list[FacetValue]] = {}
    counts = groups("industry")
    out["industry"] = [FacetValue(code, ind.name, counts[code], code in query.industries)
                       for code, ind in industries().items() if counts.get(code)]
    by_province = _regroup(groups("province"), lambda code: code[:2] + "0000")
    out["province"] = [FacetValue(code, name, by_province[code], code == query.province)
                       for code, name in PROVINCES if by_province[code]]
    by_city = _regroup(groups("city"), _city_code)
    out["city"] = sorted((FacetValue(code, table.short_label(code).split("·")[-1], n, code == query.city)
                          for code, n in by_city.items() if n), key=lambda f: f.value)
    levels = groups("trl")
    out["trl"] = [FacetValue(key, label, sum(n for t, n in levels.items() if t is not None and lo <= t <= hi),
                             key == query.trl) for key, label, lo, hi in TRL_BANDS]
    mode_lists = groups("modes")
    by_mode = Counter({m: 0 for m in MODES})
    for text, n in mode_lists.items():
        for m in json.loads(text) or ():
            by_mode[m] += n
    out["modes"] = [FacetValue(m, m, by_mode[m], m in query.modes) for m in MODES if by_mode[m]]
    buckets = groups("price")
    out["price"] = [FacetValue(key, label, buckets.get(key, 0), key == query.price) for key, label, *_ in PRICE_BUCKETS]
    return out, chosen


def _regroup(counts: dict[str, int], key: Any) -> Counter[str]:
    out: Counter[str] = Counter()
    for code, n in counts.items():
        out[key(code)] += n
    return out


def _city_code(region_code: str) -> str:
    """Beijing/Tianjin: the district; Hebei: the prefecture city."""
    if region_code[:2] in ("11", "12"):
        return region_code
    return regions().city_of(region_code).code


def order_by(cols: LibraryColumns, sort: str) -> list[Any]:
    """The ORDER BY of a sort (relevance is ordered by the engine's scores, outside SQL)."""
    c = cols.c
    if sort == "price_asc":
        return [cols.price.is_(None), cols.price.asc(), c.id.desc()]
    if sort == "price_desc":
        return [cols.price.is_(None), cols.price.desc(), c.id.desc()]
    if sort == "trl_desc":
        return [func.coalesce(cols.trl, 0).desc(), c.id.desc()]
    return [c.published_at.desc().nulls_last(), c.id.desc()]

