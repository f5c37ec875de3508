"""数据看板 figures as JSON: each endpoint calls the service function its page calls.

Money travels as decimal strings in 万元 ("356.90"), shares as fractions (0.75), as elsewhere in the API.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, UploadFile
from fastapi.responses import JSONResponse

from techbridge.deals.contract_import import import_contract_file
from techbridge.insight import analytics, drilldown, funnel, target_progress, targets
from techbridge.insight import chains as chainmap
from techbridge.insight import finance as finance_figures
from techbridge.insight import parks as park_stats
from techbridge.insight import service as dashboard
from techbridge.insight.pages import filters
from techbridge.insight.pages_finance import deal_query
from techbridge.insight.pages_records import contract_query, engagement_query, listing_query
from techbridge.insight.repository import StatisticRepository
from techbridge.kernel.clock import beijing_today
from techbridge.web.deps import AdminUser, Id, PageNo, PlatformDep

router = APIRouter(prefix="/dashboard", tags=["数据看板"])
Json = dict[str, Any]


@cache
def _attributes(cls: type) -> tuple[str, ...]:
    """A dataclass's fields and public properties (computed figures such as shares are properties)."""
    fields = [f.name for f in dataclasses.fields(cls)]
    return (*fields, *(n for n in dir(cls) if not n.startswith("_") and isinstance(getattr(cls, n, None), property)))


def plain(value: Any) -> Any:
    """A service result as JSON values: dataclasses with their properties, Decimal as string."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: plain(getattr(value, name)) for name in _attributes(type(value))}
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


@router.get("/overview", summary="概览：目标、流向、年度序列、漏斗、产业链（与数据看板首页相同）")
def overview(platform: PlatformDep, user: AdminUser, year: str = "") -> JSONResponse:
    chosen = filters(year).year or beijing_today().year
    return JSONResponse(plain(dashboard.overview(platform.uow, year=chosen, today=beijing_today())))


@router.get("/targets", summary="年度目标与实时完成情况")
def get_targets(platform: PlatformDep, user: AdminUser, year: str = "") -> Json:
    chosen = filters(year).year or beijing_today().year
    return {"year": chosen, "targets": plain(target_progress.targets_progress(platform.uow(), chosen, beijing_today())),
            "note": target_progress.target_note()}


@router.put("/targets/{year}", summary="设置年度目标（beijing_achievements / tjhb_demands / core_technologies）")
def put_targets(year: Id, platform: PlatformDep, user: AdminUser,
                body: Annotated[dict[str, int | str], Body(examples=[{"beijing_achievements": 450}])]) -> Json:
    targets.set_targets(platform.uow(), actor=user, year=year, values=body)
    return get_targets(platform, user, str(year))


@router.get("/flows", summary="技术流向：北京（区）→ 天津（区）/ 河北（市），及省际矩阵")
def flows(platform: PlatformDep, user: AdminUser, year: str = "", industry: str = "", contract_type: str = "") -> JSONResponse:
    return JSONResponse(plain(analytics.flows(platform.uow(), filters(year, industry, contract_type))))


@router.get("/lab-to-factory", summary="转化链条：签约 → 落地 → 投产（省份、园区），孵化各环节用时，中试档期利用率与等待，成熟度提升")
def lab_to_factory(platform: PlatformDep, user: AdminUser, year: str = "") -> JSONResponse:
    from techbridge.insight import lab_to_factory as lab
    from techbridge.insight.pages_lab import chosen_year

    return JSONResponse(plain(lab.lab_to_factory(platform.uow(), year=chosen_year(year), today=beijing_today())))


@router.get("/series", summary="历年北京→津冀成交额（平台）与官方统计")
def series(platform: PlatformDep, user: AdminUser, industry: str = "", contract_type: str = "") -> JSONResponse:
    return JSONResponse(plain(analytics.yearly_series(platform.uow(), filters("", industry, contract_type))))


@router.get("/conversion", summary="区域内转化占比：按年、按产业链")
def conversion(platform: PlatformDep, user: AdminUser, year: str = "", industry: str = "",
               contract_type: str = "") -> JSONResponse:
    return JSONResponse(plain(analytics.conversion(platform.uow(), filters(year, industry, contract_type))))


@router.get("/funnel", summary="对接漏斗、各阶段停留天数中位数、终止原因排行")
def get_funnel(platform: PlatformDep, user: AdminUser, year: str = "", industry: str = "") -> JSONResponse:
    chosen = filters(year, industry)
    return JSONResponse(plain(funnel.funnel(platform.uow(), year=chosen.year, industry=chosen.industry)))


@router.get("/finance", summary="科技金融：融资漏斗、按地区和行业的到位金额、按路演和组织方的报名→约见→签约（本辖区）")
def get_finance(platform: PlatformDep, user: AdminUser, year: str = "") -> JSONResponse:
    data = finance_figures.dashboard(platform.uow(), scope=user.region_scope, year=_finance_year(year))
    return JSONResponse(plain(data))


@router.get("/finance/deals", summary="科技金融图形背后的融资对接明细（与图形同一筛选）")
def get_finance_deals(platform: PlatformDep, user: AdminUser, reached: str = "", stage: str = "", province: str = "",
                      industry: str = "", reason: str = "", roadshow: str = "", organiser: str = "", closed: str = "",
                      year: str = "") -> JSONResponse:
    query = deal_query(reached, stage, province, industry, reason, roadshow, organiser, closed, year)
    return JSONResponse(plain(finance_figures.deals(platform.uow(), query, scope=user.region_scope)))


def _finance_year(year: str) -> int | None:
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None


@router.get("/chains", summary="产业链图谱：各环节成果与需求数量及缺口")
def chains(platform: PlatformDep, user: AdminUser) -> JSONResponse:
    return JSONResponse(plain(chainmap.chain_map(platform.uow())))


@router.get("/parks", summary="各园区的成果、需求、单位、对接与合同")
def parks(platform: PlatformDep, user: AdminUser) -> list[Json]:
    figures = park_stats.park_figures(platform.uow())
    return [plain(f) for f in sorted(figures.values(), key=lambda f: f.key)]


@router.get("/contracts", summary="图表背后的技术合同（pair=110108>130600、sp/bp=11/12/13/other、scope、year…）")
def contracts(platform: PlatformDep, user: AdminUser, pair: str = "", sp: str = "", bp: str = "",
              scope: str = "bj_tjhb", year: str = "", industry: str = "", contract_type: str = "", park: str = "",
              page: PageNo = 1) -> JSONResponse:
    query = contract_query(pair, sp, bp, scope, year, industry, contract_type, park, page)
    return JSONResponse(plain(drilldown.contracts(platform.uow(), query)))


@router.get("/engagements", summary="图表背后的对接（reached、stage、reason、signed_year…）")
def engagements(platform: PlatformDep, user: AdminUser, reached: str = "", stage: str = "", reason: str = "",
                year: str = "", industry: str = "", signed_year: str = "", park: str = "", page: PageNo = 1) -> JSONResponse:
    query = engagement_query(reached, stage, reason, year, industry, signed_year, park, page)
    return JSONResponse(plain(drilldown.engagements(platform.uow(), query)))


@router.get("/listings", summary="图表背后的成果或需求（segment、region、year、park…）")
def listings(platform: PlatformDep, user: AdminUser, kind: str = "achievement", segment: str = "", region: str = "",
             year: str = "", industry: str = "", park: str = "", page: PageNo = 1) -> JSONResponse:
    if segment:
        chainmap.chain_map(platform.uow())  # bring the segment tags up to date first
    query = replace(listing_query(kind, segment, region, year, industry, park, page), scope=user.region_scope)
    return JSONResponse(plain(drilldown.listings(platform.uow(), query)))


@router.get("/statistics", summary="官方统计数据")
def statistics(platform: PlatformDep, user: AdminUser) -> list[Json]:
    with platform.uow() as uow:
        s = uow.repo(StatisticRepository).table.c
        return [plain(x) for x in uow.repo(StatisticRepository).list(order_by=(s.indicator, s.year))]


@router.post("/statistics", summary="新增或更新官方统计（同一指标、地区、年份为同一条）")
def add_statistics(platform: PlatformDep, user: AdminUser, body: Annotated[list[dict[str, str]], Body()]) -> Json:
    created, updated = targets.upsert_statistics(platform.uow(), body)
    return {"created": created, "updated": updated}


@router.post("/contracts/import", summary="导入技术合同登记记录（CSV/XLSX，任何一行有误则整份不导入，partial=true 除外）")
async def import_contracts(platform: PlatformDep, user: AdminUser, file: UploadFile, partial: bool = False) -> JSONResponse:
    suffix = Path(file.filename or "").suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(await file.read())
        report = import_contract_file(platform.uow(), path, partial=partial, rejects_path=None)
    return JSONResponse(plain(report))
