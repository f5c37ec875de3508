"""The engagement funnel: how far engagements got, how long each stage takes, why deals end.

Part of the analytics service (SQL aggregates on SQLite and PostgreSQL). "Reached" counts an
engagement at every stage up to the furthest it got, so the funnel never widens: 概念验证 and
中试熟化 passed over by a mature achievement count as passed, and `skipped` says how many.
Medians come from window functions, which both databases have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, and_, case, distinct, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from techbridge.deals import tables as deals_tables
from techbridge.deals.pipeline import FLOW, Reason, Stage
from techbridge.insight.reads import counts, db
from techbridge.kernel.periods import Period
from techbridge.listings import tables as listings_tables
from techbridge.storage.uow import UnitOfWork


class days_between(FunctionElement[float]):
    """Days from the first datetime argument to the second, as a fraction."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}))"


@compiles(days_between)
def _days_default(element: Any, compiler: Any, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - {compiler.process(start, **kw)})) / 86400.0)"


@dataclass(frozen=True)
class StageFigure:
    stage: str
    label: str
    reached: int  # engagements that got at least this far
    entered: int  # engagements with an event entering this stage (reached minus skipped)
    current: int  # engagements in this stage now
    conversion: float | None  # reached here / reached at the previous stage
    median_days: float | None  # median time spent in the stage, over engagements that left it
    left: int  # how many engagements that median is over

    @property
    def skipped(self) -> int:
        return self.reached - self.entered


@dataclass(frozen=True)
class ReasonFigure:
    reason: str
    count: int
    by_stage: dict[str, int]  # the stage the engagements were ended at


@dataclass
class FunnelReport:
    year: int | None
    industry: str | None
    total: int
    terminated: int
    stages: list[StageFigure]
    reasons: list[ReasonFigure]


def scope(period: Period | None, industry: str | None) -> Any:
    """Engagement ids started in `period` (Beijing days) on achievements of `industry`."""
    e, a = deals_tables.engagements.c, listings_tables.achievements.c
    stmt = select(e.id).join(listings_tables.achievements, a.id == e.achievement_id)
    if period:
        start, end = period.instants()
        stmt = stmt.where(e.created_at >= start, e.created_at < end)
    if industry:
        stmt = stmt.where(a.industry == industry)
    return stmt


def stage_index(column: Any) -> Any:
    return case({s.value: i for i, s in enumerate(FLOW)}, value=column)


def furthest() -> Any:
    """(engagement id, index in FLOW of the furthest stage it entered) from the event log."""
    ev = deals_tables.engagement_events.c
    return (select(ev.engagement_id.label("id"), func.max(stage_index(ev.to_stage)).label("furthest"))
            .where(ev.to_stage.in_([s.value for s in FLOW])).group_by(ev.engagement_id))


def within(column: Any, period: Period | None, industry: str | None) -> list[Any]:
    """`column` (an engagement id) restricted to the scope; nothing to restrict without filters."""
    return [column.in_(scope(period, industry).scalar_subquery())] if period or industry else []


def funnel(uow: UnitOfWork, *, year: int | None = None, industry: str | None = None,
           period: Period | None = None) -> FunnelReport:
    """The funnel, stage medians and ranked termination reasons of the engagements started in the year
    (or the period: the monthly report's year to date) on achievements of the industry."""
    ids = (period or (Period.year(year) if year else None), industry)
    e, ev = deals_tables.engagements.c, deals_tables.engagement_events.c
    with uow:
        far = furthest().where(*within(ev.engagement_id, *ids)).subquery()
        reached_at = counts(db(uow).execute(select(far.c.furthest, func.count()).group_by(far.c.furthest)).all())
        entered = counts(db(uow).execute(
            select(ev.to_stage, func.count(distinct(ev.engagement_id))).where(*within(ev.engagement_id, *ids))
            .group_by(ev.to_stage)).all())
        current = counts(db(uow).execute(select(e.stage, func.count()).where(*within(e.id, *ids)).group_by(e.stage)).all())
        medians = _medians(uow, ids)
        reasons = _reasons(uow, ids)
    stages, previous = [], None
    for i, stage in enumerate(FLOW):
        reached = sum(n for idx, n in reached_at.items() if idx is not None and int(idx) >= i)
        median, left = medians.get(stage.value, (None, 0))
        stages.append(StageFigure(stage.value, stage.label, reached, int(entered.get(stage.value, 0)),
                                  int(current.get(stage.value, 0)),
                                  reached / previous if previous else None, median, left))
        previous = reached
    return FunnelReport(year, industry, sum(current.values()),
                        int(current.get(Stage.TERMINATED.value, 0)), stages, reasons)


def _medians(uow: UnitOfWork, ids: tuple[Period | None, str | None]) -> dict[str, tuple[float, int]]:
    """Median days between entering a stage and the event that left it (next stage or 终止)."""
    enter = aliased(deals_tables.engagement_events)
    leave = aliased(deals_tables.engagement_events)
    spans = (select(enter.c.to_stage.label("stage"), days_between(enter.c.at, leave.c.at).label("days"))
             .join(leave, and_(leave.c.engagement_id == enter.c.engagement_id, leave.c.from_stage == enter.c.to_stage,
                               leave.c.kind == "stage"))
             .where(enter.c.to_stage.in_([s.value for s in FLOW]), enter.c.kind.in_(("created", "stage")),
                    *within(enter.c.engagement_id, *ids))).subquery()
    ranked = select(spans.c.stage, spans.c.days,
                    func.row_number().over(partition_by=spans.c.stage, order_by=spans.c.days).label("rn"),
                    func.count().over(partition_by=spans.c.stage).label("n")).subquery()
    middle = ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2])
    rows = db(uow).execute(select(ranked.c.stage, func.avg(ranked.c.days), func.max(ranked.c.n))
                               .where(middle).group_by(ranked.c.stage)).all()
    return {stage: (round(float(days), 1), int(n)) for stage, days, n in rows}


def _reasons(uow: UnitOfWork, ids: tuple[Period | None, str | None]) -> list[ReasonFigure]:
    ev = deals_tables.engagement_events.c
    rows = db(uow).execute(
        select(ev.reason, ev.from_stage, func.count()).where(ev.to_stage == Stage.TERMINATED.value,
                                                             *within(ev.engagement_id, *ids))
        .group_by(ev.reason, ev.from_stage)).all()
    grouped: dict[str, dict[str, int]] = {}
    for reason, stage, count in rows:
        grouped.setdefault(reason or Reason.OTHER.value, {})[stage or ""] = int(count)
    order = [r.value for r in Reason]
    figures = [ReasonFigure(r, sum(by.values()), by) for r, by in grouped.items()]
    return sorted(figures, key=lambda f: (-f.count, order.index(f.reason) if f.reason in order else len(order)))
