"""知识产权 JSON API: an achievement's patents with their recorded legal status, licences, pledges and warnings.

Statuses are entered or imported; the platform never queries the patent office live (no internet).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, Field

from techbridge.ip import service as ip
from techbridge.ip.service import IpView
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import RequestBody

router = APIRouter(tags=["知识产权"])


class LicencePublic(BaseModel):
    licensee: str
    kind: str
    start_on: date | None
    until: date | None


class PledgePublic(BaseModel):
    pledgee: str
    amount: str | None = Field(description="担保金额（万元）")
    registered_on: date | None
    until: date | None
    released_on: date | None
    open_licence_consent: bool


class WarningPublic(BaseModel):
    level: str = Field(description="严重 / 提醒")
    message: str


class PatentPublic(BaseModel):
    number: str
    kind: str
    record_id: int | None
    status: str | None = Field(description="有效 / 审中 / 驳回 / 失效 / 届满；null = 尚未录入")
    checked_on: date | None
    checked_by: str | None
    source: str | None = Field(description="手工录入 或 导入：文件名")
    filed_on: date | None
    annuity_due: date | None
    term_end: date | None
    licences: list[LicencePublic]
    pledges: list[PledgePublic]
    warnings: list[WarningPublic]


class IpPublic(BaseModel):
    achievement_id: int
    notice: str = Field(description="法律状态来源说明：录入或导入，不联网实时查询")
    patents: list[PatentPublic]


def ip_public(v: IpView) -> IpPublic:
    return IpPublic(achievement_id=v.achievement.id or 0, notice=v.notice, patents=[PatentPublic(
        number=p.number, kind=p.kind, record_id=p.record.id if p.record else None,
        status=p.record.status if p.record else None, checked_on=p.record.checked_on if p.record else None,
        checked_by=p.record.checked_by if p.record else None, source=p.record.source if p.record else None,
        filed_on=p.record.filed_on if p.record else None, annuity_due=p.record.annuity_due if p.record else None,
        term_end=p.term_end,
        licences=[LicencePublic(licensee=x.licensee, kind=x.kind, start_on=x.start_on, until=x.until) for x in p.licences],
        pledges=[PledgePublic(pledgee=x.pledgee, amount=None if x.amount is None else str(x.amount),
                              registered_on=x.registered_on, until=x.until, released_on=x.released_on,
                              open_licence_consent=x.open_licence_consent) for x in p.pledges],
        warnings=[WarningPublic(level=w.level, message=w.message) for w in p.warnings]) for p in v.patents])


class StatusBody(RequestBody):
    number: str = Field(description="该成果已登记的专利申请号，如 202111212367.6")
    status: str = Field(description="有效 / 审中 / 驳回 / 失效 / 届满")
    checked_on: str = Field(description="核实日期（在国家知识产权局查询的日期），如 2026-12-01")
    checked_by: str = Field("", description="核实人；不填为当前用户")
    filed_on: str = ""
    paid_through_year: str = ""
    annuity_due: str = ""
    note: str = ""


class LicenceBody(RequestBody):
    licensee: str
    kind: str = Field(description="独占许可 / 排他许可 / 普通许可 / 开放许可")
    start_on: str = ""
    until: str = ""
    note: str = ""


class PledgeBody(RequestBody):
    pledgee: str
    amount: str = ""
    registered_on: str = ""
    until: str = ""
    open_licence_consent: bool = False
    note: str = ""


@router.get("/ip/achievements/{achievement_id}", response_model=IpPublic, summary="成果的专利法律状态、许可、质押与提示")
def achievement_ip(achievement_id: Id, platform: PlatformDep, user: CurrentUser) -> IpPublic:
    return ip_public(ip.achievement_ip(platform.uow(), viewer=user, achievement_id=achievement_id))


@router.post("/ip/achievements/{achievement_id}/patents", response_model=IpPublic, status_code=201,
             summary="录入专利法律状态（成果所属单位或管理方；注明核实人和核实日期）")
def record_status(achievement_id: Id, body: StatusBody, platform: PlatformDep, user: RequiredUser) -> IpPublic:
    ip.record_status(platform.uow(), actor=user, achievement_id=achievement_id, raw=body.model_dump())
    return achievement_ip(achievement_id, platform, user)


@router.post("/ip/patents/{patent_id}/licences", status_code=201, summary="登记专利许可")
def add_licence(patent_id: Id, body: LicenceBody, platform: PlatformDep, user: RequiredUser) -> dict[str, int]:
    return {"id": ip.add_licence(platform.uow(), actor=user, record_id=patent_id, raw=body.model_dump())}


@router.post("/ip/patents/{patent_id}/pledges", status_code=201, summary="登记专利权质押")
def add_pledge(patent_id: Id, body: PledgeBody, platform: PlatformDep, user: RequiredUser) -> dict[str, int]:
    raw = {**body.model_dump(), "open_licence_consent": "1" if body.open_licence_consent else ""}
    return {"id": ip.add_pledge(platform.uow(), actor=user, record_id=patent_id, raw=raw)}
