"""科技金融 JSON API, the funnel and imports: start a funnel entry from a match, move it, end it, read it and its timeline, and
the funnel figures (brokers and admins; an admin counts their province only)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse
from pydantic import Field

from techbridge.accounts.rules import is_admin, is_broker
from techbridge.finance import deals as funnel
from techbridge.finance import uploads as finance_uploads
from techbridge.kernel.errors import PermissionDenied
from techbridge.web.deps import Id, PlatformDep, RequiredUser
from techbridge.web.schemas import IdRef, Money, RequestBody

router = APIRouter(tags=["科技金融"])


class DealStart(RequestBody):
    fund_id: IdRef
    need_id: IdRef


class DealAdvance(RequestBody):
    to: str = Field(description="下一阶段：fin_meeting 约见 / fin_diligence 尽调 / fin_term_sheet 投资意向书 / fin_closed 交割")
    amount: Money = Field("", description="交割时实际到位金额（万元）")
    note: str = Field("", max_length=500)


class DealTerminate(RequestBody):
    reason: str = Field(description="、".join(funnel.REASONS))
    note: str = Field("", max_length=500)


def _deal(view: funnel.DealView) -> dict[str, Any]:
    d = view.deal
    return {
        "id": d.id, "stage": d.stage, "stage_label": view.stage_label, "role": view.role.value,
        "next": view.next.value if view.next else None, "termination_reason": d.termination_reason,
        "amount_closed": f"{d.amount_closed:.2f}" if d.amount_closed is not None else None,
        "fund": {"id": view.fund.id, "name": view.fund.name, "organization": view.fund_org.name},
        "need": {"id": view.need.id, "title": view.need.title, "organization": view.need_org.name,
                 "amount": f"{view.need.amount:.2f}"},
        "timeline": [{"kind": e.kind, "from_stage": e.from_stage, "to_stage": e.to_stage, "reason": e.reason,
                      "note": e.note, "at": e.at.isoformat() if e.at else None} for e in view.timeline],
    }


@router.post("/finance/deals", status_code=201, summary="由匹配发起融资对接（基金 × 融资需求，须通过基金的硬性条件）")
def start_deal(body: DealStart, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    deal_id = funnel.start(platform.uow(), actor=user, fund_id=body.fund_id, need_id=body.need_id)
    return _deal(funnel.view(platform.uow(), deal_id=deal_id, viewer=user))


@router.get("/finance/deals/{deal_id}", summary="融资对接详情与时间线（投资方、融资方、技术经理人、本辖区管理方）")
def get_deal(deal_id: Id, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    return _deal(funnel.view(platform.uow(), deal_id=deal_id, viewer=user))


@router.post("/finance/deals/{deal_id}/advance", summary="推进到下一阶段（投资意向书、交割由投资方确认）")
def advance_deal(deal_id: Id, body: DealAdvance, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    funnel.advance(platform.uow(), actor=user, deal_id=deal_id, target=body.to, amount=body.amount, note=body.note)
    return _deal(funnel.view(platform.uow(), deal_id=deal_id, viewer=user))


@router.post("/finance/deals/{deal_id}/terminate", summary="终止（须选择原因）")
def terminate_deal(deal_id: Id, body: DealTerminate, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    funnel.terminate(platform.uow(), actor=user, deal_id=deal_id, reason=body.reason, note=body.note)
    return _deal(funnel.view(platform.uow(), deal_id=deal_id, viewer=user))


@router.get("/finance/funnel", summary="融资漏斗：各阶段到达数与转化、终止原因、到位金额（管理方为本辖区）")
def get_funnel(platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    if not (is_admin(user) or is_broker(user)):
        raise PermissionDenied("只有管理方和技术经理人可以查看融资漏斗")
    report = funnel.funnel(platform.uow(), viewer=user)
    return {
        "stages": [{"stage": label, "reached": n, "conversion": share} for label, n, share in report.rows],
        "terminated": [{"reason": r, "count": n} for r, n in report.terminated],
        "amount_closed": f"{report.amount_closed:.2f}",
        "by_province": [{"province": p, "amount": f"{a:.2f}"} for p, a in report.by_province],
        "by_industry": [{"industry": i, "amount": f"{a:.2f}"} for i, a in report.by_industry],
    }


@router.post("/finance/imports", status_code=202, summary="上传基金清单或金融产品清单（XLSX/CSV），后台校验后整份导入或整份不导入")
async def import_list(
    platform: PlatformDep, user: RequiredUser,
    file: Annotated[UploadFile, File(description="按模板填写的 XLSX 或 CSV")],
    kind: Annotated[Literal["fund", "product"], Form(description="fund 基金清单 / product 金融产品清单")],
) -> JSONResponse:
    content = await file.read()
    job = finance_uploads.submit_import(platform.uow(), actor=user, data_dir=Path(platform.settings.data_dir),
                                filename=file.filename or "", content=content, kind=kind)
    return JSONResponse({"job_id": job.id, "status": job.status, "status_url": f"/api/v1/jobs/{job.id}"},
                        status_code=202)
