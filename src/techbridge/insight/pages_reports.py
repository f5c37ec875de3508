"""Targets and official statistics (administrators set them), the monthly PDF report and the XLSX lists."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.insight import reports, target_progress, targets
from techbridge.insight.repository import StatisticRepository
from techbridge.insight.statistics import UNITS
from techbridge.insight.target_rules import TargetKind
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import DomainError, NotFound, ValidationErrors
from techbridge.web.deps import AdminUser, PlatformDep
from techbridge.web.render import redirect, render

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, filename: str, media_type: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


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
    except DomainError as err:
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


@router.get("/dashboard/reports/monthly.pdf")
def monthly_pdf(platform: PlatformDep, user: AdminUser, month: str = "") -> Response:
    first = reports.parse_month(month) if month else (beijing_today().replace(day=1) - date.resolution).replace(day=1)
    data = reports.render_pdf(reports.monthly(platform.uow, first))
    return _download(data, f"平台运行月报-{first:%Y-%m}.pdf", "application/pdf")


@router.get("/dashboard/reports/lists/{kind}.xlsx")
def list_xlsx(platform: PlatformDep, user: AdminUser, kind: str) -> Response:
    if kind not in reports.LIST_FILES:
        raise NotFound("没有这份清单")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.xlsx"
        reports.export_list(platform, kind, path)
        data = path.read_bytes()
    return _download(data, reports.LIST_FILES[kind], XLSX)
