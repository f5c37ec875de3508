"""The overview of 数据看板: one call that gathers the figures the first page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from techbridge.insight import analytics, funnel, target_progress
from techbridge.insight import chains as chainmap
from techbridge.insight.analytics import ConversionRow, FlowReport, YearlySeries
from techbridge.insight.chains import ChainFigure, SegmentFigure
from techbridge.insight.funnel import FunnelReport
from techbridge.insight.reads import Filters
from techbridge.insight.target_progress import TargetProgress
from techbridge.storage.uow import UnitOfWork


@dataclass
class Overview:
    year: int
    targets: list[TargetProgress]
    flows: FlowReport  # 北京→津冀 in `year`
    conversion: ConversionRow  # the in-region share of `year`
    series: YearlySeries  # every year, beside the official figures
    funnel: FunnelReport  # every engagement so far
    chains: list[ChainFigure]
    gaps: list[SegmentFigure]  # the segments with the widest gaps, widest first


def overview(uow: Callable[[], UnitOfWork], *, year: int, today: date) -> Overview:
    """Gather the overview's figures; `uow` makes a fresh unit of work for each query."""
    this_year = analytics.in_region_share(uow(), year)
    chains = chainmap.chain_map(uow())
    gaps = sorted((s for c in chains for s in c.gaps), key=lambda s: -abs(s.demand - s.supply))[:8]
    return Overview(year, target_progress.targets_progress(uow(), year, today), analytics.flows(uow(), Filters(year=year)),
                    this_year, analytics.yearly_series(uow(), Filters()), funnel.funnel(uow()), chains, gaps)
