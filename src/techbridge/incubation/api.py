"""孵化载体 JSON API: carriers with their compliance card, registering carriers and tenancies, importing tenancies."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from techbridge.incubation import service as incubation
from techbridge.incubation.rules import Carrier, CarrierKind, Tenancy, TenancyStatus
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import IdRef, Money, RequestBody

router = APIRouter(prefix="/incubation", tags=["孵化载体"])


class CarrierPublic(BaseModel):
    id: IdRef
    name: str
    kind: str = Field(description="makerspace 众创空间 / incubator 孵化器 / accelerator 加速器 / industrial_park 产业园区")
    kind_label: str
    level: str
    organization_id: IdRef
    region_code: str
    park: str | None
    area_m2: str
    tenant_area_m2: str
    seed_fund_wan: Money

    @classmethod
    def of(cls, c: Carrier) -> CarrierPublic:
        assert c.id is not None
        return cls(id=c.id, name=c.name, kind=c.kind, kind_label=CarrierKind(c.kind).label, level=c.level,
                   organization_id=c.organization_id, region_code=c.region_code, park=c.park, area_m2=str(c.area_m2),
                   tenant_area_m2=str(c.tenant_area_m2), seed_fund_wan=str(c.seed_fund_wan))


class TenancyPublic(BaseModel):
    id: IdRef
    firm_name: str
    credit_code: str
    moved_in: date
    moved_out: date | None
    status: str = Field(description="incubating 在孵 / graduated 毕业 / moved_out 迁出 / deregistered 注销")
    status_label: str
    funded: bool

    @classmethod
    def of(cls, t: Tenancy) -> TenancyPublic:
        assert t.id is not None
        return cls(id=t.id, firm_name=t.firm_name, credit_code=t.credit_code, moved_in=t.moved_in,
                   moved_out=t.moved_out, status=t.status, status_label=TenancyStatus(t.status).label, funded=t.funded)


class CheckPublic(BaseModel):
    clause: str
    requirement: str
    actual: str
    passed: bool


class CardPublic(BaseModel):
    carrier: CarrierPublic
    source: str = Field(description="依据的办法与条款；加速器、产业园区无国家统一认定条件时为空")
    checks: list[CheckPublic]
    tenancies: list[TenancyPublic]


class CarrierWrite(RequestBody):
    """Values as on the form; numbers as text (blank = 0)."""

    name: str
    kind: str
    level: str
    park: str = ""
    region: str = ""
    opened_on: str = ""
    area_m2: str = ""
    tenant_area_m2: str = ""
    workstations: str = ""
    seed_fund_wan: str = ""
    fund_cases: str = ""
    staff: str = ""
    professional_staff: str = ""
    mentors: str = ""
    years_operating: str = ""
    years_of_statistics: str = ""
    events_per_year: str = ""
    typical_cases: str = ""
    new_firms_per_year: str = ""


class TenancyWrite(RequestBody):
    firm_name: str
    credit_code: str = Field(description="统一社会信用代码（GB 32100 校验位）")
    moved_in: str
    moved_out: str = ""
    status: str = Field("在孵", description="在孵 / 毕业 / 迁出 / 注销")
    area_m2: str = ""
    has_patent_application: bool = False
    has_valid_ip: bool = False
    funded: bool = False


def _card(platform: PlatformDep, user: object, carrier_id: int) -> CardPublic:
    card = incubation.compliance_card(platform.uow(), carrier_id=carrier_id)
    return CardPublic(carrier=CarrierPublic.of(card.carrier), source=card.source,
                      checks=[CheckPublic(clause=c.clause, requirement=c.requirement, actual=c.actual, passed=c.passed)
                              for c in card.checks], tenancies=[TenancyPublic.of(t) for t in card.tenancies])


@router.get("/carriers", response_model=list[CarrierPublic], summary="孵化载体：众创空间、孵化器、加速器、产业园区")
def list_carriers(platform: PlatformDep, user: CurrentUser) -> list[CarrierPublic]:
    return [CarrierPublic.of(c) for c in incubation.list_carriers(platform.uow())]


@router.get("/carriers/{carrier_id}", response_model=CardPublic, summary="载体、入驻企业与认定条件自查")
def get_carrier(carrier_id: Id, platform: PlatformDep, user: CurrentUser) -> CardPublic:
    return _card(platform, user, carrier_id)


@router.post("/carriers", response_model=CardPublic, status_code=201, summary="登记载体（运营单位或所在地区管理方）")
def create_carrier(body: CarrierWrite, platform: PlatformDep, user: RequiredUser) -> CardPublic:
    return _card(platform, user, incubation.save_carrier(platform.uow(), actor=user, raw=body.model_dump()))


@router.put("/carriers/{carrier_id}", response_model=CardPublic, summary="修改载体")
def update_carrier(carrier_id: Id, body: CarrierWrite, platform: PlatformDep, user: RequiredUser) -> CardPublic:
    incubation.save_carrier(platform.uow(), actor=user, raw=body.model_dump(), carrier_id=carrier_id)
    return _card(platform, user, carrier_id)


def _tenancy_raw(body: TenancyWrite) -> dict[str, str]:
    flags = {k: "是" if getattr(body, k) else "否" for k in ("has_patent_application", "has_valid_ip", "funded")}
    return body.model_dump() | flags


@router.post("/carriers/{carrier_id}/tenancies", response_model=CardPublic, status_code=201,
             summary="登记入驻企业；入驻期间重叠时返回 409 tenancy_overlap")
def add_tenancy(carrier_id: Id, body: TenancyWrite, platform: PlatformDep, user: RequiredUser) -> CardPublic:
    incubation.register_tenancy(platform.uow(), actor=user, carrier_id=carrier_id, raw=_tenancy_raw(body))
    return _card(platform, user, carrier_id)


@router.put("/tenancies/{tenancy_id}", response_model=CardPublic, summary="修改入驻记录（如在孵 → 毕业，填写离开日期）")
def update_tenancy(tenancy_id: Id, body: TenancyWrite, platform: PlatformDep, user: RequiredUser) -> CardPublic:
    carrier_id = incubation.update_tenancy(platform.uow(), actor=user, tenancy_id=tenancy_id, raw=_tenancy_raw(body))
    return _card(platform, user, carrier_id)


class ImportQueued(BaseModel):
    job_id: int
    status: str
    status_url: str = Field(description="GET 它查看进度；result.problems 逐行列出有误的单元格（整份文件未导入）")


@router.post("/carriers/{carrier_id}/tenancies/imports", status_code=202, response_model=ImportQueued,
             summary="上传入驻企业文件（XLSX/CSV），后台导入：任何一行有误则整份不导入")
async def import_tenancies(carrier_id: Id, platform: PlatformDep, user: RequiredUser,
                           file: Annotated[UploadFile, File(description="XLSX 或 CSV")]) -> JSONResponse:
    job = incubation.submit_tenancy_import(platform.uow(), actor=user, carrier_id=carrier_id,
                                           data_dir=Path(platform.settings.data_dir), filename=file.filename or "",
                                           content=await file.read(5 * 1024 * 1024 + 1))
    assert job.id is not None
    body = ImportQueued(job_id=job.id, status=job.status, status_url=f"/api/v1/jobs/{job.id}")
    return JSONResponse(body.model_dump(), status_code=202)
