"""数据看板 (administrators): targets, flows, yearly trend, funnel, 产业链图谱 and parks.

Each page calls the same service function as its /api/v1/dashboard endpoint and renders the
result; the charts are ECharts options built from that result (dashboard_charts.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.deals.contracts import ContractType
from techbridge.insight import analytics, charts, drilldown, funnel, target_progress
from techbridge.insight import chains as chainmap
from techbridge.insight import parks as park_stats
from techbridge.insight import service as dashboard
from techbridge.insight.chain_map import segments_by_key
from techbridge.insight.pages_finance import router as finance_router
from techbridge.insight.pages_lab import router as lab_router
from techbridge.insight.pages_records import router as records_router
from techbridge.insight.pages_reports import router as reports_router
from techbridge.insight.reads import Filters
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import NotFound
from techbridge.kernel.industries import industries
from techbridge.kernel.parks import parks
from techbridge.web.deps import AdminUser, PlatformDep
from techbridge.web.render import render

router: APIRouter = APIRouter()
router.include_router(records_router)
router.include_router(reports_router)
router.include_router(finance_router)
router.include_router(lab_router)

FIRST_YEAR = 2014  # 京津冀协同发展 became a national strategy; the official series starts here


def filters(year: str = "", industry: str = "", contract_type: str = "") -> Filters:
    """Query-string filters as the services take them ('' = all)."""
    chosen_year = int(year) if year.isdigit() and FIRST_YEAR <= int(year) <= 2100 else None
    return Filters(chosen_year, industry if industry in industries() else None,
                   contract_type if contract_type in [t.value for t in ContractType] else None)


def choices(**extra: Any) -> dict[str, Any]:
    """What the filter forms offer, shared by every dashboard page."""
    this_year = beijing_today().year
    return {"years": list(range(this_year, 2018, -1)), "industry_choices": industries(),
            "contract_types": [t.value for t in ContractType], "nav": "dashboard", **extra}


def _page(request: Request, template: str, **context: Any) -> Response:
    return render(request, f"pages/{template}", choices(**context))


@router.get("/dashboard")
def overview(request: Request, platform: PlatformDep, user: AdminUser, year: str = "") -> Response:
    chosen = filters(year).year or beijing_today().year
    data = dashboard.overview(platform.uow, year=chosen, today=beijing_today())
    return _page(request, "dashboard.html", tab="overview", year=chosen, data=data,
                 target_note=target_progress.target_note(),
                 charts={"sankey": charts.sankey(data.flows, top=20), "yearly": charts.yearly(data.series),
                         "funnel": charts.funnel(data.funnel), "chains": charts.chains_overview(data.chains)})


@router.get("/dashboard/flows")
def flows(request: Request, platform: PlatformDep, user: AdminUser, year: str = "", industry: str = "",
          contract_type: str = "", measure: str = "amount") -> Response:
    chosen = filters(year, industry, contract_type)
    report = analytics.flows(platform.uow(), chosen)
    measure = "count" if measure == "count" else "amount"
    return _page(request, "dashboard_flows.html", tab="flows", f=chosen, measure=measure, report=report,
                 chart=charts.sankey(report, measure=measure), query=_query(chosen))


@router.get("/dashboard/trends")
def trends(request: Request, platform: PlatformDep, user: AdminUser, year: str = "", industry: str = "",
           contract_type: str = "") -> Response:
    chosen = filters(year, industry, contract_type)
    series = analytics.yearly_series(platform.uow(), chosen)
    conversion = analytics.conversion(platform.uow(), chosen)
    return _page(request, "dashboard_trends.html", tab="trends", f=chosen, series=series, conversion=conversion,
                 charts={"yearly": charts.yearly(series), "conversion": charts.conversion_by_year(conversion)},
                 query=_query(chosen))


@router.get("/dashboard/funnel")
def funnel_page(request: Request, platform: PlatformDep, user: AdminUser, year: str = "",
                industry: str = "") -> Response:
    chosen = filters(year, industry)
    report = funnel.funnel(platform.uow(), year=chosen.year, industry=chosen.industry)
    return _page(request, "dashboard_funnel.html", tab="funnel", f=chosen, report=report,
                 charts={"funnel": charts.funnel(report), "reasons": charts.reasons(report)}, query=_query(chosen))


@router.get("/dashboard/chains")
def chains(request: Request, platform: PlatformDep, user: AdminUser, industry: str = "") -> Response:
    figures = chainmap.chain_map(platform.uow())
    selected = next((c for c in figures if c.industry == industry), None) or max(figures, key=lambda c: c.supply + c.demand)
    return _page(request, "dashboard_chains.html", tab="chains", chains=figures, selected=selected,
                 chart=charts.chain_segments(selected), overview_chart=charts.chains_overview(figures))


@router.get("/dashboard/segments")
def segment(request: Request, platform: PlatformDep, user: AdminUser, key: str) -> Response:
    figure = segments_by_key().get(key)
    if figure is None:
        raise NotFound("产业链环节不存在")
    chainmap.chain_map(platform.uow())  # brings the tags up to date before listing them
    pages = {kind: drilldown.listings(platform.uow(), drilldown.ListingQuery(kind=kind, segment=key, size=100, scope=user.region_scope))
             for kind in ("achievement", "demand")}
    return _page(request, "dashboard_segment.html", tab="chains", segment=figure, key=key, pages=pages)


@router.get("/dashboard/parks")
def parks_page(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    figures = park_stats.park_figures(platform.uow())
    rows = [(p, figures.get(p.key)) for p in parks().values()]
    rows.sort(key=lambda r: -(r[1].achievements + r[1].demands + r[1].contracts if r[1] else 0))
    return _page(request, "dashboard_parks.html", tab="parks", rows=rows)


def _query(f: Filters) -> str:
    """The filters as a query string for drill-down links."""
    return urlencode({k: v for k, v in (("year", f.year), ("industry", f.industry),
                                        ("contract_type", f.contract_type)) if v})
