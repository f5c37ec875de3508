"""The regional figures of 数据看板: SQL aggregates that run the same on SQLite and PostgreSQL.

Every function takes a unit of work and returns a typed result that the page renders and the
API serialises (compute once, render twice). Grouping and summing happen in SQL; Python only
rolls counties up to the city level shown (a few hundred groups at most) and computes ratios.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Table, and_, case, distinct, extract, func, literal_column, select
from sqlalchemy.orm import Session

from techbridge.accounts import tables as accounts_tables
from techbridge.deals import tables as deals_tables
from techbridge.deals.pipeline import Stage
from techbridge.insight import tables
from techbridge.insight.repository import StatisticRepository, TargetRepository
from techbridge.insight.statistics import FLOW_INDICATOR, OfficialStatistic
from techbridge.insight.target_rules import DEFAULT_TARGETS, MEASURE, MEASURE_ADOPTED, TargetKind, pace
from techbridge.kernel.clock import BEIJING
from techbridge.kernel.industries import industries, industry_name
from techbridge.kernel.regions import regions
from techbridge.listings import tables as listings_tables
from techbridge.storage.uow import UnitOfWork

# GB/T 2260 codes sort by province, so a province is a half-open range of codes (index-friendly).
BEIJING_CODES = ("110000", "120000")
TJHB_CODES = ("120000", "140000")
ZERO = Decimal("0.00")
PROVINCE_NAMES = {"11": "北京", "12": "天津", "13": "河北"}
LISTED = ("published", "archived")  # archived listings were offered too
M = TypeVar("M")


def records(uow: UnitOfWork, model: type[M], *where: Any, order_by: Any = (), limit: int | None = None,
            offset: int = 0) -> list[M]:
    """Mapped records of another feature, read straight from its tables (the dashboard only reads)."""
    stmt = select(model).where(*where).order_by(*order_by).offset(offset)
    return list(db(uow).scalars(stmt if limit is None else stmt.limit(limit)))


def count_rows(uow: UnitOfWork, table: Table, *where: Any) -> int:
    return int(db(uow).scalar(select(func.count()).select_from(table).where(*where)) or 0)


def db(uow: UnitOfWork) -> Session:
    """The open session of a unit of work entered by the caller."""
    assert uow.session is not None, "use inside `with uow:`"
    return uow.session


def counts(rows: Any) -> dict[Any, int]:
    """(key, count) rows as a dict of ints."""
    return {key: int(n or 0) for key, n in rows}


def in_codes(column: Any, codes: tuple[str, str]) -> Any:
    return and_(column >= codes[0], column < codes[1])


def money(value: Any) -> Decimal:
    """A SUM from either database as Decimal 万元 with two places (SQLite sums NUMERIC as REAL)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def year_span(year: int) -> tuple[datetime, datetime]:
    """A Beijing calendar year as naive-UTC instants (what the database stores)."""
    return datetime(year, 1, 1) - BEIJING, datetime(year + 1, 1, 1) - BEIJING


def share(part: Any, whole: Any) -> float | None:
    return float(part) / float(whole) if whole else None


@dataclass(frozen=True)
class Filters:
    """Filters shared by the contract figures: signing year, industry chain, contract type."""

    year: int | None = None
    industry: str | None = None
    contract_type: str | None = None

    def contracts(self, *, with_year: bool = True) -> list[Any]:
        c = deals_tables.contracts.c
        where: list[Any] = []
        if with_year and self.year:
            where += [c.signed_on >= date(self.year, 1, 1), c.signed_on < date(self.year + 1, 1, 1)]
        if self.industry:
            where.append(c.industry == self.industry)
        if self.contract_type:
            where.append(c.contract_type == self.contract_type)
        return where

    def label(self) -> str:
        parts = [f"{self.year}年" if self.year else "全部年份", industry_name(self.industry) or "全部产业链",
                 self.contract_type or "全部合同类型"]
        return " · ".join(parts)


# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetProgress:
    kind: str
    label: str
    definition: str
    target: int
    default: bool  # True when no administrator set this year's figure
    actual: int
    ratio: float
    status: str
    drill: str
    since_measure: int  # the same count from the adoption of the 2025 measures to today


def targets_progress(uow: UnitOfWork, year: int, today: date) -> list[TargetProgress]:
    """Each target of `year` against the live count from the records."""
    with uow:
        chosen = uow.repo(TargetRepository).for_year(year)
        span = year_span(year)
        since = (datetime.combine(MEASURE_ADOPTED, datetime.min.time()) - BEIJING, datetime(2100, 1, 1))
        actual, cumulative = ({
            TargetKind.BEIJING_ACHIEVEMENTS: _listed_in(uow, listings_tables.achievements, window, BEIJING_CODES),
            TargetKind.TJHB_DEMANDS: _listed_in(uow, listings_tables.demands, window, TJHB_CODES),
            TargetKind.CORE_TECHNOLOGIES: _signed_achievements(uow, window),
        } for window in (span, since))
    drills = {
        TargetKind.BEIJING_ACHIEVEMENTS: f"/dashboard/listings?kind=achievement&region=bj&year={year}",
        TargetKind.TJHB_DEMANDS: f"/dashboard/listings?kind=demand&region=tjhb&year={year}",
        TargetKind.CORE_TECHNOLOGIES: f"/dashboard/engagements?signed_year={year}",
    }
    out = []
    for kind in TargetKind:
        target = chosen[kind.value].value if kind.value in chosen else DEFAULT_TARGETS[kind]
        count = actual[kind]
        out.append(TargetProgress(kind.value, kind.label, kind.definition, target, kind.value not in chosen, count,
                                  count / target, pace(count, target, year=year, today=today), drills[kind],
                                  cumulative[kind]))
    return out


def _listed_in(uow: UnitOfWork, table: Any, window: tuple[datetime, datetime], codes: tuple[str, str]) -> int:
    c = table.c
    start, end = window
    stmt = select(func.count()).where(c.status.in_(LISTED), c.published_at >= start, c.published_at < end,
                                      in_codes(c.region_code, codes))
    return int(db(uow).scalar(stmt) or 0)


def _signed_achievements(uow: UnitOfWork, window: tuple[datetime, datetime]) -> int:
    ev, e = deals_tables.engagement_events.c, deals_tables.engagements.c
    start, end = window
    stmt = (select(func.count(distinct(e.achievement_id))).select_from(deals_tables.engagement_events.join(
        deals_tables.engagements, e.id == ev.engagement_id)).where(ev.to_stage == Stage.SIGNED.value, ev.at >= start,
                                                          ev.at < end))
    return int(db(uow).scalar(stmt) or 0)


def target_note() -> str:
    return f"默认目标来自{MEASURE}：提供北京科技成果不少于400项、汇集津冀技术需求不少于300项、突破关键核心技术100项以上。"


# ---------------------------------------------------------------- flows


@dataclass(frozen=True)
class Flow:
    seller: str  # a Beijing district code (or 110000 when no district was recorded)
    seller_label: str
    buyer: str  # a Tianjin district code or a Hebei city code
    buyer_label: str
    amount: Decimal  # 万元
    count: int

    @property
    def key(self) -> str:
        return f"{self.seller}>{self.buyer}"


@dataclass(frozen=True)
class ProvinceFlow:
    seller: str
    buyer: str
    amount: Decimal
    count: int


@dataclass
class FlowReport:
    filters: Filters
    flows: list[Flow]
    total_amount: Decimal
    total_count: int
    provinces: list[ProvinceFlow] = field(default_factory=list)


def _province_of(column: Any) -> Any:
    # literal arguments: PostgreSQL matches GROUP BY to the select list only when the SQL text is identical
    return func.substr(column, literal_column("1"), literal_column("2"))


def buyer_node(code: str) -> str:
    """Tianjin buyers stay at district level, Hebei buyers roll up to their city."""
    return code if code.startswith("12") else regions().city_of(code).code


def flows(uow: UnitOfWork, filters: Filters) -> FlowReport:
    """Technology contracts from Beijing sellers to Tianjin/Hebei buyers, by region pair."""
    c = deals_tables.contracts.c
    with uow:
        rows = db(uow).execute(
            select(c.seller_region, c.buyer_region, func.sum(c.amount), func.count())
            .where(in_codes(c.seller_region, BEIJING_CODES), in_codes(c.buyer_region, TJHB_CODES), *filters.contracts())
            .group_by(c.seller_region, c.buyer_region)).all()
        seller, buyer = _province_of(c.seller_region), _province_of(c.buyer_region)
        province_rows = db(uow).execute(select(seller, buyer, func.sum(c.amount), func.count())
                                        .where(*filters.contracts()).group_by(seller, buyer)).all()
    merged: dict[tuple[str, str], list[Any]] = {}
    for seller, buyer, amount, count in rows:
        slot = merged.setdefault((seller, buyer_node(buyer)), [ZERO, 0])
        slot[0] += money(amount)
        slot[1] += int(count)
    table = regions()
    items = sorted((Flow(s, table.short_label(s), b, table.short_label(b), v[0], v[1]) for (s, b), v in merged.items()),
                   key=lambda f: (-f.amount, -f.count, f.key))
    provinces: dict[tuple[str, str], list[Any]] = {}
    for seller, buyer, amount, count in province_rows:
        slot = provinces.setdefault((PROVINCE_NAMES.get(seller, "其他省份"), PROVINCE_NAMES.get(buyer, "其他省份")),
                                    [ZERO, 0])
        slot[0] += money(amount)
        slot[1] += int(count)
    matrix = sorted((ProvinceFlow(s, b, v[0], v[1]) for (s, b), v in provinces.items()), key=lambda p: -p.amount)
    return FlowReport(filters, items, sum((f.amount for f in items), ZERO), sum(f.count for f in items), matrix)


# ---------------------------------------------------------------- yearly series beside official figures


@dataclass(frozen=True)
class YearPoint:
    year: int
    amount: Decimal  # platform contracts 北京→津冀, 万元
    count: int
    official: Decimal | None  # the published figure for the same flow, 万元
    official_source: str


@dataclass
class YearlySeries:
    filters: Filters
    points: list[YearPoint]
    statistics: list[OfficialStatistic]  # every official record, for the table beside the chart


def yearly_series(uow: UnitOfWork, filters: Filters) -> YearlySeries:
    """Platform turnover 北京→津冀 per signing year, beside the published figure for that flow."""
    c = deals_tables.contracts.c
    year = extract("year", c.signed_on)
    with uow:
        rows = db(uow).execute(
            select(year, func.sum(c.amount), func.count())
            .where(in_codes(c.seller_region, BEIJING_CODES), in_codes(c.buyer_region, TJHB_CODES),
                   *filters.contracts(with_year=False))
            .group_by(year)).all()
        s = tables.official_statistics.c
        stats = list(uow.repo(StatisticRepository).list(order_by=(s.indicator, s.year)))
    platform = {int(y): (money(a), int(n)) for y, a, n in rows}
    official = {st.year: st for st in stats if st.indicator == FLOW_INDICATOR}
    years = sorted(set(platform) | set(official))
    points = [YearPoint(y, *platform.get(y, (ZERO, 0)),
                        official[y].in_wan() if y in official else None, official[y].source if y in official else "")
              for y in range(years[0], years[-1] + 1)] if years else []
    return YearlySeries(filters, points, stats)


# ---------------------------------------------------------------- in-region conversion


@dataclass(frozen=True)
class ConversionRow:
    key: str  # a year or an industry code
    label: str
    in_region_amount: Decimal  # Beijing sellers, buyers in Tianjin/Hebei
    total_amount: Decimal  # Beijing sellers, any buyer
    in_region_count: int
    total_count: int

    @property
    def amount_share(self) -> float | None:
        return share(self.in_region_amount, self.total_amount)

    @property
    def count_share(self) -> float | None:
        return share(self.in_region_count, self.total_count)


@dataclass
class ConversionReport:
    filters: Filters
    by_year: list[ConversionRow]
    by_chain: list[ConversionRow]


def conversion(uow: UnitOfWork, filters: Filters) -> ConversionReport:
    """Share of Beijing sellers' contracts whose buyer is in Tianjin or Hebei, by year and by chain."""
    c = deals_tables.contracts.c
    tjhb = in_codes(c.buyer_region, TJHB_CODES)
    in_amount = func.sum(_when(tjhb, c.amount))
    in_count = func.sum(_when(tjhb, 1))
    year = extract("year", c.signed_on)
    seller_bj = in_codes(c.seller_region, BEIJING_CODES)
    with uow:
        years = db(uow).execute(
            select(year, in_amount, func.sum(c.amount), in_count, func.count())
            .where(seller_bj, *Filters(None, filters.industry, filters.contract_type).contracts())
            .group_by(year).order_by(year)).all()
        chains = db(uow).execute(
            select(c.industry, in_amount, func.sum(c.amount), in_count, func.count())
            .where(seller_bj, *Filters(filters.year, None, filters.contract_type).contracts())
            .group_by(c.industry)).all()
    by_year = [ConversionRow(str(int(y)), f"{int(y)}年", money(a), money(t), int(n or 0), int(m))
               for y, a, t, n, m in years]
    order = list(industries())
    by_chain = [ConversionRow(code or "", industry_name(code) or "未注明", money(a), money(t), int(n or 0), int(m))
                for code, a, t, n, m in chains]
    by_chain.sort(key=lambda r: (order.index(r.key) if r.key in order else len(order), r.key))
    return ConversionReport(filters, by_year, by_chain)


def in_region_share(uow: UnitOfWork, year: int) -> ConversionRow:
    """The in-region share of one signing year (the overview needs no other row)."""
    c = deals_tables.contracts.c
    tjhb = in_codes(c.buyer_region, TJHB_CODES)
    with uow:
        a, t, n, m = db(uow).execute(
            select(func.sum(_when(tjhb, c.amount)), func.sum(c.amount), func.sum(_when(tjhb, 1)), func.count())
            .where(in_codes(c.seller_region, BEIJING_CODES), *Filters(year=year).contracts())).one()
    return ConversionRow(str(year), f"{year}年", money(a), money(t), int(n or 0), int(m))


def _when(condition: Any, value: Any) -> Any:
    return case((condition, value), else_=0)


# ---------------------------------------------------------------- parks


@dataclass(frozen=True)
class ParkFigure:
    key: str
    achievements: int
    demands: int
    organizations: int
    engagements: int
    contracts: int
    contract_amount: Decimal


def park_figures(uow: UnitOfWork) -> dict[str, ParkFigure]:
    """Per-park counts: published listings, member organisations, engagements and contracts touching it."""
    a, d, o = listings_tables.achievements.c, listings_tables.demands.c, accounts_tables.organizations.c
    with uow:
        ach = counts(db(uow).execute(select(a.park, func.count()).where(a.status == "published",
                                                                          a.park.is_not(None)).group_by(a.park)).all())
        dem = counts(db(uow).execute(select(d.park, func.count()).where(d.status == "published",
                                                                          d.park.is_not(None)).group_by(d.park)).all())
        orgs = counts(db(uow).execute(select(o.park, func.count()).where(o.park.is_not(None)).group_by(o.park)).all())
        links = park_engagements().subquery()
        eng = counts(db(uow).execute(select(links.c.park, func.count()).group_by(links.c.park)).all())
        deals = park_contracts().subquery()
        con = {p: (int(n), money(s)) for p, n, s in db(uow).execute(
            select(deals.c.park, func.count(), func.sum(deals.c.amount)).group_by(deals.c.park)).all()}
    keys = set(ach) | set(dem) | set(orgs) | set(eng) | set(con)
    return {k: ParkFigure(k, int(ach.get(k, 0)), int(dem.get(k, 0)), int(orgs.get(k, 0)), int(eng.get(k, 0)),
                          *con.get(k, (0, ZERO))) for k in keys if k}


def park_engagements() -> Any:
    """(engagement id, park) for engagements whose achievement or demand is in a park."""
    e, a, d = deals_tables.engagements.c, listings_tables.achievements.c, listings_tables.demands.c
    return select(e.id.label("id"), a.park.label("park")).join(listings_tables.achievements, a.id == e.achievement_id).where(
        a.park.is_not(None)).union(
        select(e.id, d.park).join(listings_tables.demands, d.id == e.demand_id).where(d.park.is_not(None)))


def park_contracts() -> Any:
    """(contract id, park, amount) for contracts whose seller, buyer or engagement belongs to a park."""
    c, o = deals_tables.contracts.c, accounts_tables.organizations.c
    links = park_engagements().subquery()
    return select(c.id.label("id"), o.park.label("park"), c.amount.label("amount")).join(
        accounts_tables.organizations, o.id == c.seller_org_id).where(o.park.is_not(None)).union(
        select(c.id, o.park, c.amount).join(accounts_tables.organizations, o.id == c.buyer_org_id).where(o.park.is_not(None)),
        select(c.id, links.c.park, c.amount).join(links, links.c.id == c.engagement_id))


# ---------------------------------------------------------------- monthly figures (for the report)


@dataclass(frozen=True)
class MonthPoint:
    year: int
    month: int
    amount: Decimal
    count: int

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"


def monthly_contracts(uow: UnitOfWork, first: date, last: date) -> list[MonthPoint]:
    """Contracts 北京→津冀 signed in each month from `first` to `last` (inclusive), gaps as zero."""
    c = deals_tables.contracts.c
    y, m = extract("year", c.signed_on), extract("month", c.signed_on)
    with uow:
        rows = db(uow).execute(
            select(y, m, func.sum(c.amount), func.count())
            .where(in_codes(c.seller_region, BEIJING_CODES), in_codes(c.buyer_region, TJHB_CODES),
                   c.signed_on >= first, c.signed_on <= last).group_by(y, m)).all()
    found = {(int(a), int(b)): (money(s), int(n)) for a, b, s, n in rows}
    out, cursor = [], date(first.year, first.month, 1)
    while cursor <= last:
        out.append(MonthPoint(cursor.year, cursor.month, *found.get((cursor.year, cursor.month), (ZERO, 0))))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return out


@dataclass(frozen=True)
class Activity:
    """What happened on the platform between two dates (inclusive), for the monthly report."""

    achievements: int  # published
    beijing_achievements: int
    demands: int
    tjhb_demands: int
    engagements: int  # started
    signed: int  # engagements that entered 签约
    contracts: int  # every contract signed
    contract_amount: Decimal
    flow_contracts: int  # 北京→津冀
    flow_amount: Decimal


def activity(uow: UnitOfWork, first: date, last: date) -> Activity:
    """Counts of the period from `first` to `last` in Beijing time."""
    start = datetime.combine(first, datetime.min.time()) - BEIJING
    end = datetime.combine(last + timedelta(days=1), datetime.min.time()) - BEIJING
    c, e, ev = deals_tables.contracts.c, deals_tables.engagements.c, deals_tables.engagement_events.c
    with uow:
        def listed(table: Any, codes: tuple[str, str] | None) -> int:
            t = table.c
            where = [t.status.in_(LISTED), t.published_at >= start, t.published_at < end]
            return int(db(uow).scalar(select(func.count()).where(*where, *([in_codes(t.region_code, codes)]
                                                                           if codes else []))) or 0)

        dated = [c.signed_on >= first, c.signed_on <= last]
        n_all, amount_all = db(uow).execute(select(func.count(), func.sum(c.amount)).where(*dated)).one()
        n_flow, amount_flow = db(uow).execute(select(func.count(), func.sum(c.amount)).where(
            *dated, in_codes(c.seller_region, BEIJING_CODES), in_codes(c.buyer_region, TJHB_CODES))).one()
        return Activity(
            listed(listings_tables.achievements, None), listed(listings_tables.achievements, BEIJING_CODES), listed(listings_tables.demands, None),
            listed(listings_tables.demands, TJHB_CODES),
            int(db(uow).scalar(select(func.count()).where(e.created_at >= start, e.created_at < end)) or 0),
            int(db(uow).scalar(select(func.count()).where(ev.to_stage == Stage.SIGNED.value, ev.at >= start,
                                                          ev.at < end)) or 0),
            int(n_all), money(amount_all), int(n_flow), money(amount_flow))
