"""The records behind the dashboard's figures (drill-down lists), park pages and the contract import."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import Response

from techbridge.deals.contract_import import HEADERS, import_contract_file
from techbridge.deals.contracts import ContractType
from techbridge.deals.pipeline import FLOW, Reason, Stage
from techbridge.insight import drilldown
from techbridge.insight import parks as park_stats
from techbridge.insight.repository import StatisticRepository
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import NotFound
from techbridge.kernel.industries import industries
from techbridge.kernel.parks import parks
from techbridge.web.deps import AdminUser, PageNo, PlatformDep
from techbridge.web.render import render

router = APIRouter()
MAX_UPLOAD = 20 * 1024 * 1024


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _context(**extra: Any) -> dict[str, Any]:
    return {"nav": "dashboard", "years": list(range(beijing_today().year, 2018, -1)), "industry_choices": industries(),
            "contract_types": [t.value for t in ContractType], **extra}


def contract_query(pair: str = "", sp: str = "", bp: str = "", scope: str = "bj_tjhb", year: str = "",
                   industry: str = "", contract_type: str = "", park: str = "", page: int = 1) -> drilldown.ContractQuery:
    return drilldown.ContractQuery(pair=pair[:40], seller_province=sp, buyer_province=bp,
                                   scope=scope if scope in ("bj_tjhb", "bj", "all") else "bj_tjhb", year=_int(year),
                                   industry=industry if industry in industries() else None,
                                   contract_type=contract_type or None, park=park if park in parks() else "",
                                   page=max(1, min(page, 10_000)))


def engagement_query(reached: str = "", stage: str = "", reason: str = "", year: str = "", industry: str = "",
                     signed_year: str = "", park: str = "", page: int = 1) -> drilldown.EngagementQuery:
    stages = [s.value for s in Stage]
    return drilldown.EngagementQuery(
        reached=reached if reached in [s.value for s in FLOW] else "", stage=stage if stage in stages else "",
        reason=reason if reason in [r.value for r in Reason] else "", year=_int(year),
        industry=industry if industry in industries() else None, signed_year=_int(signed_year),
        park=park if park in parks() else "", page=max(1, min(page, 10_000)))


def listing_query(kind: str = "achievement", segment: str = "", region: str = "", year: str = "", industry: str = "",
                  park: str = "", page: int = 1) -> drilldown.ListingQuery:
    return drilldown.ListingQuery(kind="demand" if kind == "demand" else "achievement", segment=segment[:100],
                                  region=region if region in ("bj", "tjhb") else "", year=_int(year),
                                  industry=industry if industry in industries() else None,
                                  park=park if park in parks() else "", page=max(1, min(page, 10_000)))


@router.get("/dashboard/contracts")
def contracts(request: Request, platform: PlatformDep, user: AdminUser, pair: str = "", sp: str = "", bp: str = "",
              scope: str = "bj_tjhb", year: str = "", industry: str = "", contract_type: str = "", park: str = "",
              page: PageNo = 1) -> Response:
    result = drilldown.contracts(platform.uow(), contract_query(pair, sp, bp, scope, year, industry, contract_type,
                                                                park, page))
    return render(request, "pages/dashboard_contracts.html", _context(tab="contracts", result=result,
                                                                     headers=HEADERS))


@router.post("/dashboard/contracts/import")
async def import_contracts(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    form = await request.form()
    upload = form.get("file")
    partial = form.get("partial") == "1"
    if not isinstance(upload, UploadFile) or not upload.filename:
        report_error = "请选择要导入的技术合同登记文件（CSV 或 XLSX）"
        return render(request, "pages/dashboard_import.html", _context(tab="contracts", error=report_error), 422)
    data = await upload.read(MAX_UPLOAD + 1)
    suffix = Path(upload.filename).suffix.lower()
    if len(data) > MAX_UPLOAD or suffix not in (".csv", ".xlsx"):
        message = "文件超过20MB" if len(data) > MAX_UPLOAD else "只支持 CSV 或 XLSX 文件"
        return render(request, "pages/dashboard_import.html", _context(tab="contracts", error=message), 422)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        report = import_contract_file(platform.uow(), path, source="import", partial=partial, rejects_path=None)
    status = 200 if report.committed and not report.file_error else 422
    return render(request, "pages/dashboard_import.html",
                  _context(tab="contracts", report=report, filename=upload.filename, partial=partial), status)


@router.get("/dashboard/engagements")
def engagements(request: Request, platform: PlatformDep, user: AdminUser, reached: str = "", stage: str = "",
                reason: str = "", year: str = "", industry: str = "", signed_year: str = "", park: str = "",
                page: PageNo = 1) -> Response:
    result = drilldown.engagements(platform.uow(), engagement_query(reached, stage, reason, year, industry,
                                                                    signed_year, park, page))
    return render(request, "pages/dashboard_engagements.html", _context(tab="funnel", result=result))


@router.get("/dashboard/listings")
def listings(request: Request, platform: PlatformDep, user: AdminUser, kind: str = "achievement", segment: str = "",
             region: str = "", year: str = "", industry: str = "", park: str = "", page: PageNo = 1) -> Response:
    query = replace(listing_query(kind, segment, region, year, industry, park, page), scope=user.region_scope)
    result = drilldown.listings(platform.uow(), query)
    return render(request, "pages/dashboard_listings.html", _context(tab="overview", result=result, kind=query.kind))


@router.get("/parks/{key}")
def park(request: Request, platform: PlatformDep, user: AdminUser, key: str) -> Response:
    info = parks().get(key)
    if info is None:
        raise NotFound("园区不存在")
    figure = park_stats.park_figures(platform.uow()).get(key)
    uow = platform.uow
    listings_by_kind = {kind: drilldown.listings(uow(), drilldown.ListingQuery(kind=kind, park=key, size=20, scope=user.region_scope))
                        for kind in ("achievement", "demand")}
    deals = drilldown.contracts(uow(), drilldown.ContractQuery(park=key, scope="all", size=20))
    talks = drilldown.engagements(uow(), drilldown.EngagementQuery(park=key, size=20))
    with uow() as u:
        stats = list(u.repo(StatisticRepository).list(u.repo(StatisticRepository).table.c.park == key, order_by=u.repo(StatisticRepository).table.c.year))
    return render(request, "pages/park.html", _context(tab="parks", park=info, figure=figure, listings=listings_by_kind,
                                                      contracts=deals, engagements=talks, statistics=stats))
