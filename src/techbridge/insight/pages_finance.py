"""数据看板 · 科技金融: the finance funnel, money raised by region and industry, roadshow conversion, and the
deals behind each figure (drill-down)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.finance.funnel_rules import FLOW, FinanceReason, FinanceStage
from techbridge.insight import charts
from techbridge.insight import finance as figures
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.industries import industries, industry_name
from techbridge.kernel.regions import PROVINCES
from techbridge.web.deps import AdminUser, PlatformDep
from techbridge.web.render import render

router = APIRouter()


def deal_query(reached: str = "", stage: str = "", province: str = "", industry: str = "", reason: str = "",
               roadshow: str = "", organiser: str = "", closed: str = "", year: str = "") -> figures.DealQuery:
    """Query-string filters of the drill-down; anything unknown is ignored (as on the other drill-downs)."""
    def _id(value: str) -> int | None:
        return int(value) if value.isdigit() and 0 < int(value) < 2**31 else None

    return figures.DealQuery(
        reached=reached if reached in [s.value for s in FLOW] else "",
        stage=stage if stage in [s.value for s in FinanceStage] else "",
        province=province if province in (*PROVINCES, "other") else "",
        industry=industry if industry in industries() else "",
        reason=reason if reason in [r.value for r in FinanceReason] else "",
        roadshow=_id(roadshow), organiser=_id(organiser), closed=closed == "1",
        year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None)


def _year(year: str) -> int | None:
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None


@router.get("/dashboard/finance")
def finance(request: Request, platform: PlatformDep, user: AdminUser, year: str = "") -> Response:
    chosen = _year(year)
    data = figures.dashboard(platform.uow(), scope=user.region_scope, year=chosen)
    q = f"&year={chosen}" if chosen else ""
    return render(request, "pages/dashboard_finance.html", {
        "nav": "dashboard", "tab": "finance", "data": data, "year": chosen, "q": q,
        "years": list(range(beijing_today().year, 2018, -1)), "labels": dict(PROVINCES),
        "charts": {"funnel": charts.finance_funnel(data.stages), "province": charts.money_bars(data.by_province),
                   "industry": charts.money_bars(data.by_industry),
                   "roadshows": charts.roadshow_conversion(data.roadshows),
                   "organisers": charts.roadshow_conversion(data.organisers)},
    })


@router.get("/dashboard/finance/deals")
def finance_deals(request: Request, platform: PlatformDep, user: AdminUser, reached: str = "", stage: str = "",
                  province: str = "", industry: str = "", reason: str = "", roadshow: str = "", organiser: str = "",
                  closed: str = "", year: str = "") -> Response:
    query = deal_query(reached, stage, province, industry, reason, roadshow, organiser, closed, year)
    result = figures.deals(platform.uow(), query, scope=user.region_scope)
    return render(request, "pages/dashboard_finance_deals.html", {"nav": "dashboard", "tab": "finance",
                                                                  "result": result, "industry_name": industry_name})
