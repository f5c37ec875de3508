"""科技金融 on 数据看板: the finance funnel, money raised by region and industry, and roadshow conversion.

Every figure is computed from one list of facts per finance deal (`deal_facts`), and every drill-down
filters that same list with the same `DealQuery.matches`, so a list always adds up to the figure clicked.
A regional admin sees the deals touching their province: the firm's region or the fund's organisation's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from techbridge.accounts import tables as accounts_tables
from techbridge.deals import tables as deals_tables
from techbridge.deals.pipeline import FLOW as PIPELINE_FLOW
from techbridge.deals.pipeline import Stage
from techbridge.finance import tables as finance_tables
from techbridge.finance.funnel_rules import FLOW, SUBJECT, FinanceStage, conversion
from techbridge.insight.reads import ZERO, db
from techbridge.kernel.industries import industry_name
from techbridge.kernel.regions import PROVINCES
from techbridge.roadshows import tables as roadshow_tables
from techbridge.storage.uow import UnitOfWork

OTHER = "其他"


def province(code: str | None) -> str:
    """The province key of a GB/T 2260 code ("110000"), or "other"."""
    key = (code or "")[:2] + "0000"
    return key if key in PROVINCES else "other"


def province_label(key: str) -> str:
    return PROVINCES.get(key, OTHER)


@dataclass(frozen=True)
class DealFact:
    """What the dashboard knows about one finance deal."""

    id: int
    fund: str
    fund_org: str
    need: str
    need_org: str
    province: str  # the firm's province key
    fund_province: str
    industry: str
    stage: str  # current
    furthest: str  # furthest stage of the flow reached (from the timeline)
    amount: Decimal  # 万元 closed, 0 before 交割
    reason: str
    created_at: datetime
    roadshow_ids: tuple[int, ...] = ()  # roadshows whose 有意向 opened it

    @property
    def stage_label(self) -> str:
        return FinanceStage(self.stage).label


@dataclass(frozen=True)
class DealQuery:
    """The filters of a drill-down, the same predicate the figures are counted with."""

    reached: str = ""
    stage: str = ""
    province: str = ""
    industry: str = ""
    reason: str = ""
    roadshow: int | None = None
    organiser: int | None = None
    closed: bool = False
    year: int | None = None

    def matches(self, d: DealFact, organisers: dict[int, int]) -> bool:
        if self.reached and FLOW.index(FinanceStage(d.furthest)) < FLOW.index(FinanceStage(self.reached)):
            return False
        if self.stage and d.stage != self.stage:
            return False
        if self.closed and not d.amount:
            return False
        if self.province and d.province != self.province:
            return False
        if self.industry and d.industry != self.industry:
            return False
        if self.reason and d.reason != self.reason:
            return False
        if self.roadshow is not None and self.roadshow not in d.roadshow_ids:
            return False
        if self.organiser is not None and self.organiser not in {organisers.get(r) for r in d.roadshow_ids}:
            return False
        return not (self.year and d.created_at.year != self.year)

    def title(self) -> str:
        parts = []
        if self.reached:
            parts.append(f"到达“{FinanceStage(self.reached).label}”")
        if self.stage:
            parts.append(f"当前“{FinanceStage(self.stage).label}”")
        if self.closed:
            parts.append("已交割")
        if self.province:
            parts.append(f"企业在{province_label(self.province)}")
        if self.industry:
            parts.append(industry_name(self.industry) or self.industry)
        if self.reason:
            parts.append(f"终止原因：{self.reason}")
        if self.year:
            parts.append(f"{self.year}年发起")
        return "融资对接" + ("（" + "，".join(parts) + "）" if parts else "（全部）")


def _in_scope(d: DealFact, scope: str | None) -> bool:
    return scope is None or scope in (d.province, d.fund_province)


def deal_facts(uow: UnitOfWork, *, scope: str | None = None) -> list[DealFact]:
    """Every finance deal the admin's scope covers, with its furthest stage from the append-only timeline."""
    fd, fn, ff = finance_tables.finance_deals.c, finance_tables.finance_needs.c, finance_tables.finance_funds.c
    org = accounts_tables.organizations.alias("fund_org")
    need_org = accounts_tables.organizations.alias("need_org")
    ev = deals_tables.engagement_events.c
    ri, rs = roadshow_tables.roadshow_interests.c, roadshow_tables.roadshow_slots.c
    session = db(uow)
    rows = session.execute(
        select(fd.id, ff.name, org.c.name, fn.title, need_org.c.name, fn.region_code, org.c.region_code, fn.industry,
               fd.stage, fd.amount_closed, fd.termination_reason, fd.created_at)
        .join(finance_tables.finance_needs, fn.id == fd.need_id).join(finance_tables.finance_funds, ff.id == fd.fund_id)
        .join(org, org.c.id == ff.organization_id).join(need_org, need_org.c.id == fn.organization_id)
        .order_by(fd.id)).all()
    reached: dict[int, set[str]] = {}
    for subject_id, to_stage in session.execute(select(ev.subject_id, ev.to_stage).where(ev.subject_kind == SUBJECT)):
        if to_stage:
            reached.setdefault(subject_id, set()).add(to_stage)
    shows: dict[int, set[int]] = {}
    for deal_id, roadshow_id in session.execute(select(ri.deal_id, rs.roadshow_id).join(roadshow_tables.roadshow_slots, rs.id == ri.slot_id)
                                                .where(ri.deal_id.is_not(None))):
        shows.setdefault(deal_id, set()).add(roadshow_id)
    out = []
    for (deal_id, fund, fund_org, need, need_org_name, region, fund_region, industry, stage, amount, reason,
         created) in rows:
        flow_stages = [FLOW.index(FinanceStage(s)) for s in reached.get(deal_id, set()) | {stage}
                       if FinanceStage(s) in FLOW]
        fact = DealFact(deal_id, fund, fund_org, need, need_org_name, province(region), province(fund_region), industry,
                        stage, FLOW[max(flow_stages, default=0)].value, Decimal(str(amount or 0)).quantize(ZERO),
                        reason or "", created, tuple(sorted(shows.get(deal_id, ()))))
        if _in_scope(fact, scope):
            out.append(fact)
    return out


@dataclass
class RoadshowFigure:
    """One roadshow's (or one organiser's) conversion: registrations → meetings → signed deals."""

    key: int
    name: str
    held_on: str
    registrations: int
    interests: int
    meetings: int  # interests whose deal reached 约见 or whose engagement reached 洽谈
    signed: int  # … reached 交割 or 签约
    amount: Decimal = ZERO
    shows: int = 1  # an organiser's figure adds up this many roadshows

    @property
    def meeting_rate(self) -> float | None:
        return round(self.meetings / self.registrations, 3) if self.registrations else None

    @property
    def signed_rate(self) -> float | None:
        return round(self.signed / self.meetings, 3) if self.meetings else None


@dataclass
class FinanceDashboard:
    stages: list[tuple[str, str, int, float | None]]  # stage value, label, reached, share of the previous
    current: dict[str, int]
    total: int
    terminated: list[tuple[str, int]]
    amount_closed: Decimal
    by_province: list[tuple[str, str, Decimal, int]]  # key, label, 万元 closed, deals closed
    by_industry: list[tuple[str, str, Decimal, int]]
    roadshows: list[RoadshowFigure] = field(default_factory=list)
    organisers: list[RoadshowFigure] = field(default_factory=list)


def _money_by(facts: list[DealFact], key: Any, label: Any) -> list[tuple[str, str, Decimal, int]]:
    sums: dict[str, Decimal] = {}
    n: Counter[str] = Counter()
    for d in facts:
        if d.amount:
            sums[key(d)] = sums.get(key(d), ZERO) + d.amount
            n[key(d)] += 1
    return sorted(((k, label(k), v, n[k]) for k, v in sums.items()), key=lambda r: (-r[2], r[0]))


def dashboard(uow: UnitOfWork, *, scope: str | None = None, year: int | None = None) -> FinanceDashboard:
    """The figures of the 科技金融 tab, within the admin's region."""
    with uow:
        facts = [d for d in deal_facts(uow, scope=scope) if not year or d.created_at.year == year]
        shows, organisers = roadshow_figures(uow, facts, scope=scope)
    reached = Counter[str]()
    for d in facts:
        for stage in FLOW[: FLOW.index(FinanceStage(d.furthest)) + 1]:
            reached[stage.value] += 1
    stages = [(s.value, label, n, share) for s, (label, n, share) in zip(FLOW, conversion(reached), strict=True)]
    return FinanceDashboard(
        stages, dict(Counter(d.stage for d in facts)), len(facts),
        sorted(Counter(d.reason for d in facts if d.reason).items(), key=lambda kv: (-kv[1], kv[0])),
        sum((d.amount for d in facts), ZERO),
        _money_by(facts, lambda d: d.province, province_label),
        _money_by(facts, lambda d: d.industry, lambda k: industry_name(k) or k), shows, organisers)


def roadshow_figures(uow: UnitOfWork, facts: list[DealFact], *,
                     scope: str | None = None) -> tuple[list[RoadshowFigure], list[RoadshowFigure]]:
    """Per roadshow and per organiser: registrations → meetings → signed deals (finance deals and engagements)."""
    r, rs = roadshow_tables.roadshows.c, roadshow_tables.roadshow_slots.c
    ri, rr = roadshow_tables.roadshow_interests.c, roadshow_tables.roadshow_registrations.c
    e = deals_tables.engagements.c
    users, orgs = accounts_tables.users.c, accounts_tables.organizations.c
    session = db(uow)
    by_deal = {d.id: d for d in facts}
    registrations: dict[int, int] = dict(session.execute(select(rr.roadshow_id, func.count()).group_by(rr.roadshow_id)).all())
    engagement_stage = dict(session.execute(select(e.id, e.stage)).all())
    shows: dict[int, RoadshowFigure] = {}
    organiser_of: dict[int, tuple[int, str]] = {}
    for show_id, title, held_on, organiser_id, organiser, org_region, org_name in session.execute(
            select(r.id, r.title, r.held_on, r.organiser_id, users.display_name, orgs.region_code, orgs.name)
            .join(accounts_tables.users, users.id == r.organiser_id)
            .outerjoin(accounts_tables.organizations, orgs.id == users.organization_id)
            .order_by(r.held_on.desc(), r.id)):
        if scope is not None and province(org_region) != scope:
            continue  # a regional admin sees the roadshows organised within the province
        shows[show_id] = RoadshowFigure(show_id, title, held_on.isoformat(), int(registrations.get(show_id, 0)), 0, 0, 0)
        organiser_of[show_id] = (organiser_id, org_name or organiser)
    signed_at = PIPELINE_FLOW.index(Stage.SIGNED)
    talks_at = PIPELINE_FLOW.index(Stage.NEGOTIATION)
    for show_id, deal_id, engagement_id in session.execute(
            select(rs.roadshow_id, ri.deal_id, ri.engagement_id).join(roadshow_tables.roadshow_slots, rs.id == ri.slot_id)):
        figure = shows.get(show_id)
        if figure is None:
            continue
        figure.interests += 1
        deal = by_deal.get(deal_id) if deal_id else None
        if deal is not None:
            at = FLOW.index(FinanceStage(deal.furthest))
            figure.meetings += at >= FLOW.index(FinanceStage.MEETING)
            figure.signed += deal.furthest == FinanceStage.CLOSED.value
            figure.amount += deal.amount
        stage = engagement_stage.get(engagement_id) if engagement_id else None
        if stage and Stage(stage) in PIPELINE_FLOW:
            at = PIPELINE_FLOW.index(Stage(stage))
            figure.meetings += at >= talks_at
            figure.signed += at >= signed_at
    per_organiser: dict[int, RoadshowFigure] = {}
    for show_id, figure in shows.items():
        organiser_id, name = organiser_of[show_id]
        total = per_organiser.setdefault(organiser_id, RoadshowFigure(organiser_id, name, "", 0, 0, 0, 0,
                                                                                shows=0))
        total.registrations += figure.registrations
        total.interests += figure.interests
        total.meetings += figure.meetings
        total.signed += figure.signed
        total.amount += figure.amount
        total.shows += 1
    return list(shows.values()), sorted(per_organiser.values(), key=lambda f: (-f.signed, -f.registrations, f.key))


def organisers_of_roadshows(uow: UnitOfWork) -> dict[int, int]:
    r = roadshow_tables.roadshows.c
    return dict(db(uow).execute(select(r.id, r.organiser_id)).all())


@dataclass
class DealPage:
    title: str
    items: list[DealFact]
    total: int
    amount: Decimal


def deals(uow: UnitOfWork, query: DealQuery, *, scope: str | None = None, limit: int = 500) -> DealPage:
    """The deals behind a figure: the same facts, the same predicate."""
    with uow:
        organisers = organisers_of_roadshows(uow)
        found = [d for d in deal_facts(uow, scope=scope) if query.matches(d, organisers)]
    return DealPage(query.title(), found[:limit], len(found), sum((d.amount for d in found), ZERO))
