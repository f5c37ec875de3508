"""The records behind each figure of 数据看板: contracts, engagements and listings, filtered.

Every chart on the dashboard links here with the filters of the element clicked, and the
filters are the same expressions the aggregates use, so the list always adds up to the figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select

from techbridge.deals import tables as deals_tables
from techbridge.deals.contracts import Contract
from techbridge.deals.pipeline import FLOW, Engagement, Stage
from techbridge.insight import tables
from techbridge.insight.funnel import furthest, within
from techbridge.insight.parks import park_contracts, park_engagements
from techbridge.insight.reads import (
    BEIJING_CODES,
    LISTED,
    PROVINCE_NAMES,
    TJHB_CODES,
    count_rows,
    db,
    in_codes,
    money,
    records,
    year_span,
)
from techbridge.kernel.industries import industry_name
from techbridge.kernel.parks import park_name
from techbridge.kernel.periods import Period
from techbridge.kernel.regions import regions
from techbridge.listings import tables as listings_tables
from techbridge.listings.model import Achievement, Demand
from techbridge.listings.queries import achievements_by_id, demands_by_id
from techbridge.storage.uow import UnitOfWork

T = TypeVar("T")


@dataclass
class RecordPage(Generic[T]):
    title: str
    items: list[T]
    total: int
    page: int
    size: int
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def region_codes(node: str) -> list[str]:
    """The stored codes a flow node stands for: a Hebei city covers its counties."""
    table = regions()
    region = table.get(node)
    if region.level == "city" and region.province_code == "130000":
        return [r.code for r in table.by_code.values() if r.province_code == "130000" and table.city_of(r.code).code == node]
    return [node]


def _province(column: Any, two: str) -> Any:
    if two in PROVINCE_NAMES:
        return in_codes(column, (f"{two}0000", f"{int(two) + 1}0000"))
    return ~in_codes(column, ("110000", "140000"))


@dataclass(frozen=True)
class ContractQuery:
    pair: str = ""  # "110108>120116", "110108>" or ">130600" (a Sankey link or node)
    seller_province: str = ""  # "11" / "12" / "13" / "other" (the province matrix)
    buyer_province: str = ""
    scope: str = "bj_tjhb"  # bj_tjhb: 北京→津冀 (the flows); bj: every Beijing seller; all
    year: int | None = None
    industry: str | None = None
    contract_type: str | None = None
    park: str = ""
    page: int = 1
    size: int = 50


def contracts(uow: UnitOfWork, q: ContractQuery) -> RecordPage[Contract]:
    c = deals_tables.contracts.c
    where: list[Any] = []
    seller, _, buyer = q.pair.partition(">")
    if q.pair:  # a Sankey element: the side not clicked stays within the Sankey (北京 → 津冀)
        where.append(c.seller_region.in_(region_codes(seller)) if seller else in_codes(c.seller_region, BEIJING_CODES))
        where.append(c.buyer_region.in_(region_codes(buyer)) if buyer else in_codes(c.buyer_region, TJHB_CODES))
    if q.seller_province:
        where.append(_province(c.seller_region, q.seller_province))
    if q.buyer_province:
        where.append(_province(c.buyer_region, q.buyer_province))
    if not (q.pair or q.seller_province or q.buyer_province) and q.scope in ("bj_tjhb", "bj"):
        where.append(in_codes(c.seller_region, BEIJING_CODES))
        if q.scope == "bj_tjhb":
            where.append(in_codes(c.buyer_region, TJHB_CODES))
    if q.year:
        where += [c.signed_on >= date(q.year, 1, 1), c.signed_on < date(q.year + 1, 1, 1)]
    if q.industry:
        where.append(c.industry == q.industry)
    if q.contract_type:
        where.append(c.contract_type == q.contract_type)
    if q.park:
        deals = park_contracts().subquery()
        where.append(c.id.in_(select(deals.c.id).where(deals.c.park == q.park)))
    with uow:
        total, amount = db(uow).execute(select(func.count(), func.sum(c.amount)).where(*where)).one()
        items = list(records(uow, Contract, *where, order_by=(c.signed_on.desc(), c.id.desc()), limit=q.size,
                                        offset=(q.page - 1) * q.size))
    return RecordPage(_contract_title(q), items, int(total), q.page, q.size, {"amount": money(amount)})


def _contract_title(q: ContractQuery) -> str:
    table = regions()
    seller, _, buyer = q.pair.partition(">")
    if q.pair:
        head = f"{table.short_label(seller) if seller else '北京'} → {table.short_label(buyer) if buyer else '津冀'}"
    elif q.seller_province or q.buyer_province:
        names = {**PROVINCE_NAMES, "other": "其他省份", "": "各地"}
        head = f"{names.get(q.seller_province, '')} → {names.get(q.buyer_province, '')}"
    elif q.park:
        head = f"{park_name(q.park)}相关"
    else:
        head = {"bj_tjhb": "北京 → 津冀", "bj": "北京卖方"}.get(q.scope, "全部")
    parts = [head, f"{q.year}年" if q.year else "", industry_name(q.industry), q.contract_type or ""]
    return " · ".join(p for p in parts if p) + " 技术合同"


@dataclass(frozen=True)
class EngagementQuery:
    reached: str = ""  # engagements that got at least this far (a funnel stage)
    stage: str = ""  # engagements in this stage now
    reason: str = ""  # terminated with this reason
    year: int | None = None  # started in
    industry: str | None = None
    signed_year: int | None = None  # entered 签约 in (the key-technology target)
    park: str = ""
    page: int = 1
    size: int = 50


@dataclass(frozen=True)
class EngagementRow:
    engagement: Engagement
    achievement_title: str
    demand_title: str


def engagements(uow: UnitOfWork, q: EngagementQuery) -> RecordPage[EngagementRow]:
    e, ev = deals_tables.engagements.c, deals_tables.engagement_events.c
    where: list[Any] = within(e.id, Period.year(q.year) if q.year else None, q.industry)
    if q.reached:
        index = [s.value for s in FLOW].index(Stage(q.reached).value)
        far = furthest().subquery()
        where.append(e.id.in_(select(far.c.id).where(far.c.furthest >= index)))
    if q.stage:
        where.append(e.stage == q.stage)
    if q.reason:
        where += [e.stage == Stage.TERMINATED.value, e.termination_reason == q.reason]
    if q.signed_year:
        start, end = year_span(q.signed_year)
        where.append(e.id.in_(select(ev.engagement_id).where(ev.to_stage == Stage.SIGNED.value, ev.at >= start,
                                                             ev.at < end)))
    if q.park:
        links = park_engagements().subquery()
        where.append(e.id.in_(select(links.c.id).where(links.c.park == q.park)))
    with uow:
        total = count_rows(uow, deals_tables.engagements, *where)
        items = list(records(uow, Engagement, *where, order_by=(e.updated_at.desc(), e.id.desc()), limit=q.size,
                                          offset=(q.page - 1) * q.size))
        rows = _rows(uow, items)
    parts = [f"{q.year}年发起" if q.year else "", industry_name(q.industry),
             f"到达“{Stage(q.reached).label}”" if q.reached else "", f"当前“{Stage(q.stage).label}”" if q.stage else "",
             f"因“{q.reason}”终止" if q.reason else "", f"{q.signed_year}年签约" if q.signed_year else "",
             park_name(q.park)]
    return RecordPage(" · ".join(p for p in parts if p) + " 的对接" if any(parts) else "全部对接", rows, total,
                      q.page, q.size)


@dataclass(frozen=True)
class ListingQuery:
    kind: str = "achievement"
    segment: str = ""  # a chain segment key, or "industry:" for the chain's listings naming no segment
    region: str = ""  # bj | tjhb
    year: int | None = None  # published in (counts archived listings too, as the targets do)
    industry: str | None = None
    park: str = ""
    page: int = 1
    size: int = 50
    scope: str | None = None  # the viewing admin's province: confidential demands of other regions stay hidden


def listings(uow: UnitOfWork, q: ListingQuery) -> RecordPage[Achievement | Demand]:
    from techbridge.insight.chain_map import segments_by_key

    table = listings_tables.achievements if q.kind == "achievement" else listings_tables.demands
    c = table.c
    where: list[Any] = [c.status.in_(LISTED) if q.year else c.status == "published"]
    if q.segment:
        t = tables.chain_segment_tags.c
        industry, _, name = q.segment.partition(":")
        where += [c.industry == industry,
                  c.id.in_(select(t.listing_id).where(t.kind == q.kind, t.segment == (q.segment if name else "")))]
    if q.region:
        where.append(in_codes(c.region_code, BEIJING_CODES if q.region == "bj" else TJHB_CODES))
    if q.year:
        start, end = year_span(q.year)
        where += [c.published_at >= start, c.published_at < end]
    if q.industry:
        where.append(c.industry == q.industry)
    if q.park:
        where.append(c.park == q.park)
    if q.scope:
        province = (q.scope, f"{int(q.scope[:2]) + 1}0000")
        where.append((c.visibility == "public") | in_codes(c.region_code, province))
    with uow:
        model: type[Achievement] | type[Demand] = Achievement if q.kind == "achievement" else Demand
        total = count_rows(uow, table, *where)
        items: list[Achievement | Demand] = list(records(uow, model, *where, order_by=(c.published_at.desc(), c.id.desc()), limit=q.size,
                               offset=(q.page - 1) * q.size))
    segment = segments_by_key().get(q.segment)
    parts = [f"{industry_name(segment.industry_code)}·{segment.position}·{segment.segment}" if segment else
             (f"{industry_name(q.segment.rstrip(':'))}·未归入环节" if q.segment else ""),
             {"bj": "北京地区", "tjhb": "天津、河北地区"}.get(q.region, ""), f"{q.year}年发布" if q.year else "",
             industry_name(q.industry), park_name(q.park)]
    label = "科技成果" if q.kind == "achievement" else "技术需求"
    return RecordPage(" · ".join(p for p in parts if p) + f" {label}", items, total, q.page, q.size)


def stalled(uow: UnitOfWork, *, as_of: datetime, days: int = 30, limit: int = 15) -> list[EngagementRow]:
    """Open engagements with no activity for `days` days before `as_of`, longest idle first."""
    e = deals_tables.engagements.c
    open_stages = [s.value for s in FLOW[:6]]
    with uow:
        items = list(records(uow, Engagement, e.stage.in_(open_stages), e.updated_at < as_of - timedelta(days=days),
                                          e.created_at < as_of, order_by=(e.updated_at, e.id), limit=limit))
        return _rows(uow, items)


def top_matches(uow: UnitOfWork, *, start: datetime, end: datetime, limit: int = 10) -> list[EngagementRow]:
    """Engagements started in the period with the highest match score."""
    e = deals_tables.engagements.c
    with uow:
        items = list(records(uow, Engagement, e.created_at >= start, e.created_at < end, e.score.is_not(None),
                                          order_by=(e.score.desc(), e.id), limit=limit))
        return _rows(uow, items)


def _rows(uow: UnitOfWork, items: list[Engagement]) -> list[EngagementRow]:
    achievements = achievements_by_id(uow, {x.achievement_id for x in items})
    demands = demands_by_id(uow, {x.demand_id for x in items})
    return [EngagementRow(x, achievements[x.achievement_id].title, demands[x.demand_id].title) for x in items]
