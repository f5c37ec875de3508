"""The monthly report (PDF, in Chinese) and the XLSX lists: 成果供给清单, 技术需求清单, 对接清单.

The report gathers the analytics figures of one month, draws its charts as SVG on the server
and lays the page out with WeasyPrint (Pango renders the CJK fonts set-up installs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from techbridge.deals.pipeline import Stage
from techbridge.insight import activity as month_activity
from techbridge.insight import analytics, drilldown, funnel, svg_charts, target_progress
from techbridge.insight.activity import Activity, MonthPoint
from techbridge.insight.analytics import FlowReport
from techbridge.insight.drilldown import EngagementRow
from techbridge.insight.funnel import FunnelReport
from techbridge.insight.reads import Filters
from techbridge.insight.target_progress import TargetProgress
from techbridge.kernel.clock import BEIJING, utcnow
from techbridge.kernel.errors import DomainError, ValidationError
from techbridge.kernel.industries import industry_name
from techbridge.kernel.money import format_wan
from techbridge.kernel.periods import Period
from techbridge.kernel.regions import regions
from techbridge.listings.exporting import export_listings
from techbridge.storage.uow import UnitOfWork


class NotReady(DomainError):
    code = "not_ready"


def parse_month(text: str) -> date:
    """"2026-10" → date(2026, 10, 1)."""
    try:
        year, month = (int(p) for p in str(text).strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ValidationError(f"月份“{text}”格式不正确，应为 2026-10 这样的年-月", field="month",
                              code="month_format") from None


@dataclass
class MonthlyReport:
    month: date
    last_day: date
    generated_at: datetime
    activity: Activity
    year_activity: Activity  # from 1 January to the end of the month
    targets: list[TargetProgress]  # counted to the end of the month
    months: list[MonthPoint]  # the twelve months up to this one
    flows: FlowReport  # the year to the end of the month
    funnel: FunnelReport  # engagements started in the year to the end of the month
    top_matches: list[EngagementRow]
    stalled: list[EngagementRow]

    @property
    def title(self) -> str:
        return f"京津冀科技成果转化供需对接平台 {self.month.year}年{self.month.month}月运行月报"


def monthly(uow: Callable[[], UnitOfWork], month: date) -> MonthlyReport:
    """Gather the figures of `month` (its first day); `uow` makes a unit of work per query.

    Every figure of the report ends with the month (half-open periods, kernel.periods): a
    contract signed on 3 December is in neither the November page nor the year to November.
    """
    period = Period.month(month.year, month.month)
    to_date = Period.year_to_end_of(period)
    start, end = period.instants()
    as_of = min(end, utcnow())
    top = drilldown.top_matches(uow(), start=start, end=end)
    if not top:  # a quiet month still shows the year's best open matches
        top = drilldown.top_matches(uow(), start=to_date.instants()[0], end=end)
    return MonthlyReport(
        month, period.last_day, utcnow(), month_activity.activity(uow(), period),
        month_activity.activity(uow(), to_date),
        target_progress.targets_progress(uow(), month.year, period.last_day, until=period.last_day),
        month_activity.monthly_contracts(uow(), Period.months_up_to(period, 12)),
        analytics.flows(uow(), Filters(year=month.year, period=to_date)), funnel.funnel(uow(), period=to_date), top,
        drilldown.stalled(uow(), as_of=as_of, days=30))


def charts(report: MonthlyReport) -> dict[str, str]:
    """The report's charts as SVG."""
    months = svg_charts.bar_chart([f"{p.month}月" for p in report.months], [float(p.amount) for p in report.months],
                                  unit="万元")
    flows = svg_charts.hbar_chart([(f"{f.seller_label} → {f.buyer_label}", float(f.amount),
                                    f"{format_wan(f.amount)} · {f.count}份") for f in report.flows.flows[:8]])
    stages = svg_charts.hbar_chart([(s.label, float(s.reached), f"{s.reached}个" + (
        f" · 转化{s.conversion * 100:.0f}%" if s.conversion is not None else "")) for s in report.funnel.stages],
        colour=svg_charts.BLUE, label_width=90)
    return {"months": months, "flows": flows, "funnel": stages}


def render_html(report: MonthlyReport) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from techbridge.matching.templating import match_percent_label

    folder = files("techbridge.insight").joinpath("report_templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]))
    env.filters.update(wan=format_wan, region=lambda c: regions().short_label(c) if c else "", industry=industry_name,
                       pct=lambda x: "—" if x is None else f"{x * 100:.0f}%", match_pct=match_percent_label)
    env.globals["stage_label"] = lambda s: Stage(s).label
    return env.get_template("monthly.html").render(r=report, charts=charts(report), beijing=BEIJING)


def render_pdf(report: MonthlyReport) -> bytes:
    """The report as a PDF document."""
    from weasyprint import HTML

    return bytes(HTML(string=render_html(report)).write_pdf())


# ---------------------------------------------------------------- lists (XLSX)

LIST_FILES = {"achievement": "成果供给清单.xlsx", "demand": "技术需求清单.xlsx", "match": "对接清单.xlsx"}


def export_list(platform: Any, kind: str, path: Path) -> int:
    """Write one list as XLSX; returns its rows. `kind` is achievement, demand or match."""
    if kind == "match":
        return export_match_list(platform, path)
    return export_listings(platform.uow(), kind, path)


def export_lists(platform: Any, out_dir: Path) -> dict[str, tuple[Path, int | str]]:
    """Write the three lists into `out_dir`; the 对接清单 reports why when it cannot be made yet."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[Path, int | str]] = {}
    for kind, name in LIST_FILES.items():
        try:
            written[kind] = (out_dir / name, export_list(platform, kind, out_dir / name))
        except NotReady as err:
            written[kind] = (out_dir / name, err.message)
    return written


def export_match_list(platform: Any, path: Path, *, k: int = 5) -> int:
    """The 对接清单 for a roadshow: every published demand with its best achievements.

    One call site for the batch matching the matching service owns (`techbridge match list`
    writes the same file): `services.match_lists.write_match_list`.
    """
    try:
        from techbridge.matching.match_lists import write_match_list
    except ImportError:
        raise NotReady("对接清单需要批量匹配功能（services.match_lists.write_match_list），该功能尚未就绪") from None
    return int(write_match_list(platform, path, demands_file=None, k=k))
