"""The regional figures of 数据看板: SQL aggregates that run the same on SQLite and PostgreSQL.

Every function takes a unit of work and returns a typed result that the page renders and the
API serialises (compute once, render twice). Grouping and summing happen in SQL; Python only
rolls counties up to the city level shown (a few hundred groups at most) and computes ratios.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import case, extract, func, literal_column, select

from techbridge.deals import tables as deals_tables
from techbridge.insight import tables
from techbridge.insight.reads import (
    BEIJING_CODES,
    PROVINCE_NAMES,
    TJHB_CODES,
    ZERO,
    Filters,
    db,
    in_codes,
    money,
    share,
)
from techbridge.insight.repository import StatisticRepository
from techbridge.insight.statistics import FLOW_INDICATOR, OfficialStatistic
from techbridge.kernel.industries import industries, industry_name
from techbridge.kernel.regions import regions
from techbridge.storage.uow import UnitOfWork


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


@dataclass(frozen=True)
class LandingFlow:
    """The 落地 layer of the Sankey: landing records from a destination node (as the contracts' buyer node) into
    the park where they landed; amount = investment (万元)."""

    node: str
    node_label: str
    park: str
    park_label: str
    amount: Decimal
    count: int

    @property
    def park_short(self) -> str:
        """The park's first short name (a Sankey label has little room)."""
        from techbridge.kernel.parks import parks

        park = parks().get(self.park)
        return park.short_names[0] if park and park.short_names else self.park_label


@dataclass
class FlowReport:
    filters: Filters
    flows: list[Flow]
    total_amount: Decimal
    total_count: int
    provinces: list[ProvinceFlow] = field(default_factory=list)
    landings: list[LandingFlow] = field(default_factory=list)  # empty when filtered by industry or contract type


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
    return FlowReport(filters, items, sum((f.amount for f in items), ZERO), sum(f.count for f in items), matrix,
                      landing_flows(uow, filters))


def landing_flows(uow: UnitOfWork, filters: Filters) -> list[LandingFlow]:
    """Landing records of the year by (destination node, park); none when an industry or contract type is chosen
    (a landing record has neither)."""
    if filters.industry or filters.contract_type:
        return []
    from techbridge.insight.lab_to_factory import landed_records
    from techbridge.kernel.parks import park_name

    with uow:
        found = landed_records(uow, filters.year)
    merged: dict[tuple[str, str], list[Any]] = {}
    for r in found:
        slot = merged.setdefault((buyer_node(r.region_code), r.park), [ZERO, 0])
        slot[0] += r.investment
        slot[1] += 1
    table = regions()
    return sorted((LandingFlow(n, table.short_label(n), p, park_name(p), v[0], v[1]) for (n, p), v in merged.items()),
                  key=lambda f: (-f.amount, f.park))


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
