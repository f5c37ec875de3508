"""成果落地 JSON API: landing records (list with the dashboard's filters, one, record one, import a file)
and the chain 签约 → 落地 → 投产."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from techbridge.kernel.clock import beijing_today
from techbridge.kernel.parks import park_name, parks
from techbridge.landing import service as landing
from techbridge.landing.model import STAGE_LABELS, LandingRecord
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import IdRef, Money, RequestBody

router = APIRouter(tags=["成果落地"])


class LandingPublic(BaseModel):
    id: IdRef
    title: str
    source_kind: str
    source_id: int | None
    form: str
    form_label: str
    beijing_org: str
    park: str
    park_name: str
    region_code: str
    landed_on: date
    production_start: date | None
    stage: str = Field(description="landed 已落地 / producing 已投产")
    investment: Money
    registered_capital: Money | None
    jobs: int
    evidence: str

    @classmethod
    def of(cls, r: LandingRecord, today: date) -> LandingPublic:
        assert r.id is not None
        return cls(id=r.id, title=r.title, source_kind=r.source_kind, source_id=r.source_id, form=r.form,
                   form_label=r.form_label, beijing_org=r.beijing_org, park=r.park, park_name=park_name(r.park),
                   region_code=r.region_code, landed_on=r.landed_on, production_start=r.production_start,
                   stage=r.stage(today), investment=str(r.investment),
                   registered_capital=None if r.registered_capital is None else str(r.registered_capital),
                   jobs=r.jobs, evidence=r.evidence)


class LandingWrite(RequestBody):
    """Values as on the form; choices by code or Chinese label (e.g. form "建设生产基地")."""

    title: str
    source_kind: str
    source_id: str = ""
    form: str
    beijing_org: str
    park: str
    region: str = Field("", description="所在区县（GB/T 2260 代码或名称）；不填则取园区所在区县")
    registered_capital: str = ""
    investment: str
    jobs: str = "0"
    landed_on: str
    production_start: str = ""
    evidence: str


@router.get("/landing", response_model=list[LandingPublic], summary="落地记录（可按省份、园区、阶段筛选）")
def list_records(platform: PlatformDep, user: CurrentUser, province: Literal["", "120000", "130000"] = "",
                 park: str = "", stage: Literal["", "landed", "producing"] = "") -> list[LandingPublic]:
    today = beijing_today()
    found = landing.list_landings(platform.uow(), province=province, park=park if park in parks() else "", stage=stage,
                                  today=today)
    return [LandingPublic.of(r, today) for r in found]


@router.get("/landing/{landing_id}", response_model=LandingPublic, summary="一条落地记录")
def get_record(landing_id: Id, platform: PlatformDep, user: CurrentUser) -> LandingPublic:
    return LandingPublic.of(landing.get_landing(platform.uow(), landing_id), beijing_today())


@router.post("/landing", response_model=LandingPublic, status_code=201,
             summary="登记落地（落地园区的运营方或所在地区管理方）")
def create_record(body: LandingWrite, platform: PlatformDep, user: RequiredUser) -> LandingPublic:
    new_id = landing.record_landing(platform.uow(), actor=user, raw=body.model_dump())
    return LandingPublic.of(landing.get_landing(platform.uow(), new_id), beijing_today())


class ChainRowPublic(BaseModel):
    key: str
    label: str
    signed: int | None = Field(description="北京卖方、买方在该省的技术合同份数（仅省份行）")
    landed: int
    producing: int
    investment: Money
    jobs: int


class ChainPublic(BaseModel):
    stages: dict[str, str] = STAGE_LABELS
    provinces: list[ChainRowPublic]
    parks: list[ChainRowPublic]
    total_investment: Money
    total_jobs: int


@router.get("/landing-chain", response_model=ChainPublic, summary="签约 → 落地 → 投产，按省份与园区")
def chain(platform: PlatformDep, user: CurrentUser) -> ChainPublic:
    f = landing.chain_figures(platform.uow())
    rows = [[ChainRowPublic(key=r.key, label=r.label, signed=r.signed, landed=r.landed, producing=r.producing,
                            investment=str(r.investment), jobs=r.jobs) for r in group] for group in (f.provinces, f.parks)]
    return ChainPublic(provinces=rows[0], parks=rows[1], total_investment=str(f.total_investment),
                       total_jobs=f.total_jobs)


class ImportQueued(BaseModel):
    job_id: int
    status: str = Field(description="queued：已排队，稍后由后台导入")
    status_url: str = Field(description="GET 它查看进度；完成后 result.problems 逐行列出有误的单元格（整份文件未导入）")


@router.post("/landing/imports", status_code=202, response_model=ImportQueued,
             summary="上传落地记录文件（XLSX/CSV），后台导入：任何一行有误则整份不导入")
async def import_records(platform: PlatformDep, user: RequiredUser,
                         file: Annotated[UploadFile, File(description="XLSX 或 CSV，表头见 /landing/new 页面")]) -> JSONResponse:
    job = landing.submit_import(platform.uow(), actor=user, data_dir=Path(platform.settings.data_dir),
                                filename=file.filename or "", content=await file.read(landing.MAX_UPLOAD + 1))
    assert job.id is not None
    body = ImportQueued(job_id=job.id, status=job.status, status_url=f"/api/v1/jobs/{job.id}")
    return JSONResponse(body.model_dump(), status_code=202)

