"""Targets and official statistics (administrators set them), the monthly PDF report and the XLSX lists."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.insight import reports, target_progress, targets
from techbridge.insight.repository import StatisticRepository
from techbridge.insight.statistics import UNITS
from techbridge.insight.target_rules import TargetKind
from techbridge.insight.tasks import LIST, MONTHLY
from techbridge.jobs import queue
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import REFUSED_ON_CONTENT, NotFound, ValidationErrors
from techbridge.web.deps import AdminUser, PlatformDep
from techbridge.web.render import redirect, render

router = APIRouter()

@router.get("/dashboard/targets")
def targets_page(request: Request, platform: PlatformDep, user: AdminUser, year: str = "") -> Response:
    today = beijing_today()
    chosen = int(year) if year.isdigit() and 2014 <= int(year) <= 2100 else today.year
    progress = target_progress.targets_progress(platform.uow(), chosen, today)
    with platform.uow() as uow:
        s = uow.repo(StatisticRepository).table.c
        stats = list(uow.repo(StatisticRepository).list(order_by=(s.indicator, s.year)))
    return render(request, "pages/dashboard_targets.html", {
        "nav": "dashboard", "tab": "targets", "year": chosen, "years": list(range(today.year + 1, 2018, -1)),
        "progress": progress, "kinds": list(TargetKind), "statistics": stats, "units": UNITS,
        "target_note": target_progress.target_note()})


@router.post("/dashboard/targets")
async def save_targets(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    form = await request.form()
    year = str(form.get("year") or "")
    try:
        targets.set_targets(platform.uow(), actor=user, year=year,
                            values={k.value: str(form.get(k.value) or "") for k in TargetKind})
    except REFUSED_ON_CONTENT as err:
        return redirect(f"/dashboard/targets?year={quote(year)}", err.message, "error")
    return redirect(f"/dashboard/targets?year={quote(year)}", f"{year}年目标已保存")


@router.post("/dashboard/statistics")
async def save_statistic(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    form = await request.form()
    record = {k: str(form.get(k) or "") for k in ("indicator", "from_regions", "to_regions", "year", "value", "unit",
                                                   "source", "note")}
    try:
        created, _ = targets.upsert_statistics(platform.uow(), [record])
    except ValidationErrors as err:
        return redirect("/dashboard/targets#statistics", err.message, "error")
    return redirect("/dashboard/targets#statistics", "官方统计已新增" if created else "官方统计已更新")


@router.get("/dashboard/reports")
def reports_page(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    today = beijing_today()
    last_month = (today.replace(day=1) - date.resolution).replace(day=1)
    months = [f"{m.year}-{m.month:02d}" for m in _months_back(today.replace(day=1), 24)]
    return render(request, "pages/dashboard_reports.html", {
        "nav": "dashboard", "tab": "reports", "months": months, "default_month": f"{last_month:%Y-%m}",
        "lists": reports.LIST_FILES})


def _months_back(first: date, count: int) -> list[date]:
    out, cursor = [], first
    for _ in range(count):
        out.append(cursor)
        cursor = (cursor - date.resolution).replace(day=1)
    return out


@router.post("/dashboard/reports/monthly")
async def monthly_report(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    """Queue the month's PDF; the job page shows its progress and offers the file."""
    form = await request.form()
    month = str(form.get("month") or "")
    try:
        first = reports.parse_month(month) if month else (beijing_today().replace(day=1) - date.resolution).replace(day=1)
    except REFUSED_ON_CONTENT as err:
        return redirect("/dashboard/reports", err.message, "error")
    job = queue.enqueue(platform.uow(), kind=MONTHLY, payload={"month": first.isoformat()},
                        label=f"生成平台运行月报（{first:%Y年%m月}）", user_id=user.id)
    return redirect(f"/jobs/{job.id}", "月报正在后台生成")


@router.post("/dashboard/reports/lists/{kind}")
def list_export(platform: PlatformDep, user: AdminUser, kind: str) -> Response:
    if kind not in reports.LIST_FILES:
        raise NotFound("没有这份清单")
    job = queue.enqueue(platform.uow(), kind=LIST, payload={"kind": kind}, label=f"导出{reports.LIST_FILES[kind]}",
                        user_id=user.id)
    return redirect(f"/jobs/{job.id}", "清单正在后台生成")
