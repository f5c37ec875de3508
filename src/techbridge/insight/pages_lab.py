"""转化链条 (数据看板): the chain 签约 → 落地 → 投产, incubation steps, pilot utilisation and TRL gains, and the
records behind each figure."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.incubation.rules import STEPS, TenancyStatus, step_label
from techbridge.insight import lab_charts
from techbridge.insight import lab_to_factory as lab
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.parks import parks
from techbridge.landing.model import DESTINATION_PROVINCES
from techbridge.web.deps import AdminUser, PlatformDep, QueryId
from techbridge.web.render import render

router = APIRouter()
FIRST_YEAR = 2014


def chosen_year(year: str) -> int:
    this = beijing_today().year
    return int(year) if year.isdigit() and FIRST_YEAR <= int(year) <= this else this


def _context(**extra: Any) -> dict[str, Any]:
    return {"nav": "dashboard", "tab": "lab", "years": list(range(beijing_today().year, 2018, -1)), **extra}


@router.get("/dashboard/lab-to-factory")
def lab_to_factory(request: Request, platform: PlatformDep, user: AdminUser, year: str = "") -> Response:
    report = lab.lab_to_factory(platform.uow(), year=chosen_year(year), today=beijing_today())
    charts = {"provinces": lab_charts.chain(report.provinces), "parks": lab_charts.chain(report.parks),
              "steps": lab_charts.steps(report.steps), "utilisation": lab_charts.utilisation(report.facilities),
              "gains": lab_charts.gains(report.gains)}
    return render(request, "pages/dashboard_lab.html", _context(report=report, charts=charts, year=report.year))


@router.get("/dashboard/landings")
def landings(request: Request, platform: PlatformDep, user: AdminUser, year: str = "", province: str = "",
             park: str = "", node: str = "", stage: str = "") -> Response:
    query = lab.LandingQuery(year=chosen_year(year) if year else None,
                             province=province if province in DESTINATION_PROVINCES else "",
                             park=park if park in parks() else "",
                             node=node if node.isdigit() and len(node) == 6 and node[:2] in ("12", "13") else "",
                             stage=stage if stage in ("landed", "producing") else "")
    today = beijing_today()
    title, found = lab.landings(platform.uow(), query, today)
    return render(request, "pages/dashboard_landings.html",
                  _context(title=title, records=found, today=today, total=lab.money_total(found)))


@router.get("/dashboard/incubation-steps")
def incubation_steps(request: Request, platform: PlatformDep, user: AdminUser, step: str = "") -> Response:
    step = step if step in STEPS else STEPS[0]
    spans, carriers = lab.step_spans(platform.uow(), step)
    return render(request, "pages/dashboard_incubation_steps.html",
                  _context(step=step, title=step_label(step), spans=spans, carriers=carriers, steps=STEPS,
                           step_label=step_label, status_label=lambda s: TenancyStatus(s).label))


@router.get("/dashboard/pilot-services")
def pilot_services(request: Request, platform: PlatformDep, user: AdminUser, facility: QueryId = None,
                   service: QueryId = None, year: str = "") -> Response:
    rows = lab.service_rows(platform.uow(), facility=facility, service=service,
                            year=chosen_year(year) if year else None)
    title = ("服务记录（成熟度提升）" if service else "服务申请与档期") + (f" · {chosen_year(year)}年" if year else "")
    return render(request, "pages/dashboard_pilot_services.html", _context(title=title, rows=rows))
