"""转化链条 on 数据看板: from lab to factory floor, read from the pilot, landing and incubation tables.

- the chain 签约 → 落地 → 投产 by destination province and by park (signed = technology contracts with a Beijing
  seller and a buyer there, in the year; landed / producing = landing records landed in the year);
- median months per incubation step 众创空间 → 孵化器 → 加速器 → 产业园区 (incubation.rules.chain_steps);
- pilot-service utilisation (booked days / days in the period) and waiting days (asked → quoted, accepted →
  slot start) per facility;
- TRL gained per service (GB/T 22900 levels before and after each service record).

Each figure carries the drill-down link of its records (the pages in pages_lab.py list exactly what is counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from statistics import median
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, literal_column, select

from techbridge.deals import tables as deals_tables
from techbridge.incubation import tables as incubation_tables
from techbridge.incubation.rules import STEPS, Carrier, StepSpan, Tenancy, chain_steps, step_label
from techbridge.insight.parks import park_contracts
from techbridge.insight.reads import BEIJING_CODES, ZERO, db, in_codes, money, records
from techbridge.kernel.parks import park_name
from techbridge.kernel.parks import parks as parks_table
from techbridge.kernel.periods import Period
from techbridge.kernel.regions import regions
from techbridge.landing import tables as landing_tables
from techbridge.landing.model import DESTINATION_PROVINCES, LandingRecord
from techbridge.pilot import tables as pilot_tables
from techbridge.pilot.model import Facility, FacilityService, ServiceRecord, ServiceRequest, SlotBooking
from techbridge.storage.uow import UnitOfWork


def link(path: str, **query: Any) -> str:
    """A drill-down URL with the non-empty filters."""
    q = urlencode({k: v for k, v in query.items() if v not in (None, "")})
    return f"{path}?{q}" if q else path


@dataclass(frozen=True)
class ChainStep:
    label: str
    value: int
    drill: str


@dataclass(frozen=True)
class ChainLine:
    """签约 → 落地 → 投产 for one province or park, with investment and jobs of the landed projects."""

    key: str
    label: str
    steps: list[ChainStep]
    investment: Decimal
    jobs: int
    short: str = ""  # the label on a chart axis


@dataclass(frozen=True)
class StepFigure:
    step: str
    label: str
    firms: int
    median_months: float | None
    drill: str


@dataclass(frozen=True)
class FacilityFigure:
    facility_id: int
    name: str
    kind_label: str
    park: str
    booked_days: int
    period_days: int
    requests: int
    median_quote_days: float | None  # asked → quoted
    median_wait_days: float | None  # quote accepted → slot start
    drill: str

    @property
    def utilisation(self) -> float:
        return self.booked_days / self.period_days if self.period_days else 0.0


@dataclass(frozen=True)
class ServiceGain:
    service_id: int
    name: str
    facility: str
    records: int
    mean_gain: float
    gains: str  # "4→6、5→6"
    drill: str


@dataclass
class LabToFactory:
    year: int
    provinces: list[ChainLine]
    parks: list[ChainLine]
    steps: list[StepFigure]
    facilities: list[FacilityFigure]
    gains: list[ServiceGain]
    totals: dict[str, Any] = field(default_factory=dict)


def _landing_where(year: int | None) -> list[Any]:
    c = landing_tables.landing_records.c
    if not year:
        return []
    span = Period.year(year)
    return [c.landed_on >= span.start, c.landed_on < span.end]


def landed_records(uow: UnitOfWork, year: int | None) -> list[LandingRecord]:
    c = landing_tables.landing_records.c
    return records(uow, LandingRecord, *_landing_where(year), order_by=(c.landed_on.desc(), c.id.desc()))


def _chain(uow: UnitOfWork, year: int, today: date) -> tuple[list[ChainLine], list[ChainLine]]:
    c = deals_tables.contracts.c
    span = Period.year(year)
    when = [c.signed_on >= span.start, c.signed_on < span.end]
    # literal arguments: PostgreSQL matches GROUP BY to the select list only when the SQL text is identical
    province = func.substr(c.buyer_region, literal_column("1"), literal_column("2"))
    signed = {p: int(n) for p, n in db(uow).execute(
        select(province, func.count()).where(in_codes(c.seller_region, BEIJING_CODES), *when)
        .group_by(province)).all()}
    deals = park_contracts().subquery()
    by_park = {p: int(n) for p, n in db(uow).execute(
        select(deals.c.park, func.count(func.distinct(deals.c.id))).join(
            deals_tables.contracts, deals_tables.contracts.c.id == deals.c.id).where(*when).group_by(deals.c.park)).all()}
    landed = landed_records(uow, year)

    def line(key: str, label: str, rows: list[LandingRecord], signed_n: int, signed_drill: str, **q: str) -> ChainLine:
        producing = [r for r in rows if r.stage(today) == "producing"]
        return ChainLine(key, label, [
            ChainStep("签约", signed_n, signed_drill),
            ChainStep("落地", len(rows), link("/dashboard/landings", year=year, **q)),
            ChainStep("投产", len(producing), link("/dashboard/landings", year=year, stage="producing", **q))],
            sum((r.investment for r in rows), ZERO), sum(r.jobs for r in rows), short_name(key, label))

    table = regions()
    provinces = [line(p, table.full_name(p), [r for r in landed if r.region_code[:2] == p[:2]], signed.get(p[:2], 0),
                      link("/dashboard/contracts", sp="11", bp=p[:2], year=year), province=p)
                 for p in DESTINATION_PROVINCES]
    park_keys = sorted({r.park for r in landed}, key=lambda k: -sum(1 for r in landed if r.park == k))
    parks = [line(k, park_name(k), [r for r in landed if r.park == k], by_park.get(k, 0),
                  link("/dashboard/contracts", park=k, scope="all", year=year), park=k) for k in park_keys]
    return provinces, parks


def short_name(key: str, label: str) -> str:
    park = parks_table().get(key)
    return park.short_names[0] if park and park.short_names else label.removesuffix("省").removesuffix("市")


def incubation_spans(uow: UnitOfWork) -> tuple[list[StepSpan], dict[int, Carrier]]:
    carriers = {c.id: c for c in records(uow, Carrier) if c.id is not None}
    t = incubation_tables.incubation_tenancies.c
    stays = [(carriers[x.carrier_id].kind, x) for x in records(uow, Tenancy, order_by=(t.moved_in, t.id))]
    return chain_steps(stays), carriers


def _steps(uow: UnitOfWork) -> list[StepFigure]:
    spans, _ = incubation_spans(uow)
    out = []
    for step in STEPS:
        months = [s.months for s in spans if s.step == step]
        out.append(StepFigure(step, step_label(step), len(months), float(median(months)) if months else None,
                              link("/dashboard/incubation-steps", step=step)))
    return out


def _days(later: Any, earlier: Any) -> int:
    return (later - earlier).days


def _facilities(uow: UnitOfWork, year: int, today: date) -> list[FacilityFigure]:
    start = date(year, 1, 1)
    end = min(date(year + 1, 1, 1), today + timedelta(days=1)) if year == today.year else date(year + 1, 1, 1)
    period = max(1, (end - start).days)
    b = pilot_tables.pilot_bookings.c
    bookings = records(uow, SlotBooking, b.status == "held", b.start_date < end, b.end_date > start)
    requests = records(uow, ServiceRequest)
    out = []
    for f in records(uow, Facility, pilot_tables.pilot_facilities.c.status == "active",
                     order_by=(pilot_tables.pilot_facilities.c.id,)):
        booked = sum((min(x.end_date, end) - max(x.start_date, start)).days for x in bookings if x.facility_id == f.id)
        mine = [r for r in requests if r.facility_id == f.id and r.created_at is not None
                and start <= r.created_at.date() < end]
        quoted = [_days(r.quoted_at, r.created_at) for r in mine if r.quoted_at and r.created_at]
        slot = {x.request_id: x for x in bookings}
        waits = [(slot[r.id].start_date - r.accepted_at.date()).days for r in mine
                 if r.accepted_at is not None and r.id in slot]
        assert f.id is not None
        out.append(FacilityFigure(f.id, f.name, f.kind_label, park_name(f.park), booked, period, len(mine),
                                  float(median(quoted)) if quoted else None, float(median(waits)) if waits else None,
                                  link("/dashboard/pilot-services", facility=f.id, year=year)))
    return sorted(out, key=lambda x: -x.utilisation)


def _gains(uow: UnitOfWork) -> list[ServiceGain]:
    requests = {r.id: r for r in records(uow, ServiceRequest)}
    services = {s.id: s for s in records(uow, FacilityService)}
    facilities = {f.id: f for f in records(uow, Facility)}
    grouped: dict[int, list[ServiceRecord]] = {}
    for rec in records(uow, ServiceRecord, order_by=(pilot_tables.pilot_records.c.recorded_at,)):
        grouped.setdefault(requests[rec.request_id].service_id, []).append(rec)
    out = []
    for service_id, recs in grouped.items():
        s = services[service_id]
        out.append(ServiceGain(service_id, s.name, facilities[s.facility_id].name, len(recs),
                               sum(r.trl_gain for r in recs) / len(recs),
                               "、".join(f"{r.trl_before}→{r.trl_after}" for r in recs),
                               link("/dashboard/pilot-services", service=service_id)))
    return sorted(out, key=lambda g: (-g.mean_gain, -g.records))


def lab_to_factory(uow: UnitOfWork, *, year: int, today: date) -> LabToFactory:
    """Every figure of the 转化链条 page for `year` (incubation steps and TRL gains over all time)."""
    with uow:
        provinces, parks = _chain(uow, year, today)
        report = LabToFactory(year, provinces, parks, _steps(uow), _facilities(uow, year, today), _gains(uow))
        total = landed_records(uow, None)
    report.totals = {"landed_all_time": len(total),
                     "investment_all_time": sum((r.investment for r in total), ZERO),
                     "jobs_year": sum(p.jobs for p in provinces),
                     "investment_year": sum((p.investment for p in provinces), ZERO)}
    return report


# ---------------------------------------------------------------- the records behind the figures


@dataclass(frozen=True)
class LandingQuery:
    year: int | None = None
    province: str = ""
    park: str = ""
    node: str = ""  # a Sankey buyer node: a Tianjin district or a Hebei city
    stage: str = ""


def landings(uow: UnitOfWork, q: LandingQuery, today: date) -> tuple[str, list[LandingRecord]]:
    from techbridge.insight.analytics import buyer_node

    with uow:
        found = landed_records(uow, q.year)
    found = [r for r in found if (not q.province or r.region_code[:2] == q.province[:2])
             and (not q.park or r.park == q.park) and (not q.node or buyer_node(r.region_code) == q.node)
             and (not q.stage or r.stage(today) == q.stage)]
    parts = [f"{q.year}年" if q.year else "", regions().full_name(q.province) if q.province else "",
             regions().short_label(q.node) if q.node else "", park_name(q.park),
             {"producing": "已投产", "landed": ""}.get(q.stage, "")]
    return " · ".join(p for p in parts if p) + " 落地项目", found


def step_spans(uow: UnitOfWork, step: str) -> tuple[list[StepSpan], dict[int, Carrier]]:
    with uow:
        spans, carriers = incubation_spans(uow)
    return [s for s in spans if s.step == step], carriers


@dataclass(frozen=True)
class ServiceRow:
    request: ServiceRequest
    facility: str
    service: str
    booking: SlotBooking | None
    record: ServiceRecord | None


def service_rows(uow: UnitOfWork, *, facility: int | None, service: int | None,
                 year: int | None) -> list[ServiceRow]:
    r = pilot_tables.pilot_requests.c
    where: list[Any] = []
    if facility:
        where.append(r.facility_id == facility)
    if service:
        where.append(r.service_id == service)
    with uow:
        found = records(uow, ServiceRequest, *where, order_by=(r.created_at.desc(), r.id.desc()))
        ids = [x.id for x in found]
        b, rec = pilot_tables.pilot_bookings.c, pilot_tables.pilot_records.c
        bookings = {x.request_id: x for x in records(uow, SlotBooking, b.request_id.in_(ids), b.status == "held")}
        recs = {x.request_id: x for x in records(uow, ServiceRecord, rec.request_id.in_(ids))}
        facilities = {f.id: f.name for f in records(uow, Facility)}
        services = {s.id: s.name for s in records(uow, FacilityService)}
    rows = [ServiceRow(x, facilities[x.facility_id], services[x.service_id], bookings.get(x.id or 0),
                       recs.get(x.id or 0)) for x in found]
    if service:
        rows = [x for x in rows if x.record is not None]
    if year:
        def in_year(x: ServiceRow) -> bool:
            booked = x.booking is not None and x.booking.start_date.year <= year <= x.booking.end_date.year
            return booked or (x.request.created_at is not None and x.request.created_at.year == year)
        rows = [x for x in rows if in_year(x)]
    return rows


def money_total(items: list[LandingRecord]) -> Decimal:
    return money(sum((r.investment for r in items), ZERO))
