"""Progress of the yearly targets of the 2025 measures against the live records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import distinct, func, select

from techbridge.deals import tables as deals_tables
from techbridge.deals.pipeline import Stage
from techbridge.insight.reads import BEIJING_CODES, LISTED, TJHB_CODES, db, in_codes
from techbridge.insight.repository import TargetRepository
from techbridge.insight.target_rules import DEFAULT_TARGETS, MEASURE, MEASURE_ADOPTED, TargetKind, pace
from techbridge.kernel.clock import BEIJING
from techbridge.kernel.periods import Period
from techbridge.listings import tables as listings_tables
from techbridge.storage.uow import UnitOfWork


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


def targets_progress(uow: UnitOfWork, year: int, today: date, *, until: date | None = None) -> list[TargetProgress]:
    """Each target of `year` against the live count from the records (up to the end of `until`, when given:
    a monthly report counts nothing after its month)."""
    with uow:
        chosen = uow.repo(TargetRepository).for_year(year)
        year_period = Period.year(year)
        span = (year_period.until(until) if until else year_period).instants()
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
