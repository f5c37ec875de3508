"""科技金融 JSON API: funds, products and financing needs, their matches both ways, the 科技型中小企业 score."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from techbridge.finance import api_deals
from techbridge.finance import matches as finance_matches
from techbridge.finance import scores as finance_scores
from techbridge.finance import service as finance
from techbridge.finance.sme_rules import SmeScore
from techbridge.web.deps import AdminUser, CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import IdRef, RequestBody

router = APIRouter(tags=["科技金融"])
router.include_router(api_deals.router)
Wan = str  # decimal string in 万元, e.g. "1500.00"


class FundWrite(RequestBody):
    name: str
    funder_type: str = Field(description="政府引导基金 / 创投 / 产业资本 / 天使（或 guidance / vc / corporate / angel）")
    thesis: str = Field(description="投资逻辑")
    ticket_min: Wan
    ticket_max: Wan
    stages: str = Field(description="投资阶段，用“、”分隔：种子轮、天使轮、A轮、B轮、C轮及以后、Pre-IPO")
    industries: str = Field(description="关注行业（名称或代码），用“、”分隔")
    regions: str = Field("", description="投资地域，如“北京、河北”或“京津冀”；空为不限")
    excluded_industries: str = ""
    exclusions: str = Field("", description="其他不投的内容，如“类金融、房地产”")
    fund_size: Wan = ""
    contact_name: str = ""
    contact_phone: str = ""
    organization_id: int | None = Field(None, description="管理方代登记时指定机构")


class ProductWrite(RequestBody):
    name: str
    kind: str = Field(description="科创贷 / 知识产权质押融资 / 投贷联动 / 担保 / 保险")
    description: str
    limit_max: Wan
    rate_min: str = Field(description="年化利率下限，%")
    rate_max: str
    term_months: int = Field(12, ge=1, le=600)
    regions: str = ""
    industries: str = ""
    min_sme_score: int | None = Field(None, ge=0, le=100)
    requires_pledge: bool = False
    min_innovation_points: int | None = Field(None, ge=0, le=1_000_000)
    conditions: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    organization_id: IdRef | None = None


class NeedWrite(RequestBody):
    title: str
    amount: Wan
    stage: str
    industry: str
    region: str
    use_of_funds: str
    description: str
    deadline: date
    kinds: str = Field("股权", description="股权、债权（可都选）")
    has_pledge: bool = False
    achievement_id: IdRef | None = None
    engagement_id: IdRef | None = None
    organization_id: IdRef | None = None


class FactsWrite(RequestBody):
    staff: int = Field(ge=0, le=10_000_000)
    tech_staff: int = Field(ge=0, le=10_000_000)
    sales: Wan
    assets: Wan
    rd_expense: Wan
    total_cost: Wan
    class1_ip: int = Field(0, ge=0, le=1_000_000)
    class2_ip: int = Field(0, ge=0, le=1_000_000)
    direct_pass: list[str] = Field([], description="national_award / new_high_tech / rd_institution / standard")
    prohibited_industry: bool = False
    serious_breach: bool = False
    need_id: IdRef | None = Field(None, description="把得分保存到本单位的融资需求")


class InnovationWrite(RequestBody):
    revenue: Wan = Field(description="上年度营业收入（万元）")
    revenue_prior: Wan = Field(description="前一年度营业收入（万元），用于增长率")
    rd_expense: Wan = Field(description="上年度研发费用（万元）")
    staff: int = Field(ge=1, le=10_000_000)
    rd_staff: int = Field(ge=0, le=10_000_000)
    invention_patents: int = Field(0, ge=0, le=1_000_000)
    tech_contracts: Wan = ""
    high_tech_revenue: Wan = ""
    equity_financing: Wan = ""
    auxiliary: list[str] = Field([], max_length=4, description="award / rd_institution / government_project / standard")
    need_id: IdRef | None = Field(None, description="把估算结果保存到本单位的融资需求")


class Review(RequestBody):
    approve: bool
    note: str = ""


def _raw(body: BaseModel) -> dict[str, Any]:
    raw = {k: ("" if v is None else v) for k, v in body.model_dump().items()}
    for key in ("requires_pledge", "has_pledge", "prohibited_industry", "serious_breach"):
        if key in raw:
            raw[key] = "1" if raw[key] else ""
    deadline = raw.get("deadline")
    if isinstance(deadline, date):
        raw["deadline"] = deadline.isoformat()
    return raw


def _public(record: Any, org_name: str) -> dict[str, Any]:
    out = {k: v for k, v in vars(record).items() if not k.startswith("_") and k not in ("created_by", "reviewed_by")}
    out["organization"] = org_name
    return {k: f"{v:.2f}" if isinstance(v, Decimal) else v for k, v in out.items()}  # money as decimal strings


def _explained(m: finance_matches.Explained) -> dict[str, Any]:
    return {"id": m.record.id, "name": getattr(m.record, "name", None) or m.record.title, "organization": m.org.name,
            "percent": m.percent, "checks": [{"name": c.name, "passed": c.passed, "reason": c.reason} for c in m.checks],
            "reasons": m.reasons, "summary": m.summary, "text_relevance": m.text_relevance,
            "evaluation": None if m.evaluation is None else {  # only with the owner's consent to this financier
                "total": str(m.evaluation.total), "grade": m.evaluation.grade, "trl": m.evaluation.trl,
                "issued_on": m.evaluation.issued_on.isoformat(), "consented_on": m.evaluation.consented_on.isoformat()}}


def _score(score: SmeScore) -> dict[str, Any]:
    return {"total": score.total, "qualifies": score.qualifies, "reasons": score.reasons, "label": score.label,
            "source": score.source, "formula": score.formula,
            "lines": [vars(line) for line in score.lines]}


@router.get("/finance/funds", summary="已发布的基金与投资机构")
def list_funds(platform: PlatformDep, viewer: CurrentUser) -> list[dict[str, Any]]:
    return [_public(r.record, r.org.name) for r in finance.listing(platform.uow(), "fund", viewer=viewer)]


@router.post("/finance/funds", status_code=201, summary="登记基金（本单位，待审核）")
def create_fund(body: FundWrite, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    fund_id = finance.save_fund(platform.uow(), actor=user, raw=_raw(body), embedder=platform.embedder)
    return get_fund(fund_id, platform, user)


@router.get("/finance/funds/{fund_id}", summary="基金详情")
def get_fund(fund_id: Id, platform: PlatformDep, viewer: CurrentUser) -> dict[str, Any]:
    record, org = finance.get_record(platform.uow(), "fund", fund_id, viewer=viewer)
    return _public(record, org.name)


@router.get("/finance/funds/{fund_id}/matches", summary="符合基金投资逻辑的融资需求，附理由")
def fund_matches(fund_id: Id, platform: PlatformDep, viewer: RequiredUser) -> dict[str, Any]:
    result = finance_matches.matches_for_fund(platform.uow(), platform.embedder, fund_id=fund_id, viewer=viewer)
    return {"fund_id": fund_id, "screened_out": result.screened_out, "needs": [_explained(m) for m in result.needs]}


@router.get("/finance/products", summary="已发布的金融产品")
def list_products(platform: PlatformDep, viewer: CurrentUser) -> list[dict[str, Any]]:
    return [_public(r.record, r.org.name) for r in finance.listing(platform.uow(), "product", viewer=viewer)]


@router.post("/finance/products", status_code=201, summary="登记金融产品（本单位，待审核）")
def create_product(body: ProductWrite, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    product_id = finance.save_product(platform.uow(), actor=user, raw=_raw(body), embedder=platform.embedder)
    record, org = finance.get_record(platform.uow(), "product", product_id, viewer=user)
    return _public(record, org.name)


@router.get("/finance/products/{product_id}", summary="金融产品详情")
def get_product(product_id: Id, platform: PlatformDep, viewer: CurrentUser) -> dict[str, Any]:
    record, org = finance.get_record(platform.uow(), "product", product_id, viewer=viewer)
    return _public(record, org.name)


@router.get("/finance/needs/{need_id}", summary="融资需求详情")
def get_need(need_id: Id, platform: PlatformDep, viewer: CurrentUser) -> dict[str, Any]:
    record, org = finance.get_record(platform.uow(), "need", need_id, viewer=viewer)
    return _public(record, org.name)


@router.get("/finance/needs", summary="已发布的融资需求")
def list_needs(platform: PlatformDep, viewer: CurrentUser) -> list[dict[str, Any]]:
    return [_public(r.record, r.org.name) for r in finance.listing(platform.uow(), "need", viewer=viewer)]


@router.post("/finance/needs", status_code=201, summary="发布融资需求（本单位，待审核）")
def create_need(body: NeedWrite, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    need_id = finance.save_need(platform.uow(), actor=user, raw=_raw(body), embedder=platform.embedder)
    record, org = finance.get_record(platform.uow(), "need", need_id, viewer=user)
    return _public(record, org.name)


@router.get("/finance/needs/{need_id}/matches", summary="匹配融资需求的基金与金融产品，附理由")
def need_matches(need_id: Id, platform: PlatformDep, viewer: RequiredUser) -> dict[str, Any]:
    result = finance_matches.matches_for_need(platform.uow(), platform.embedder, need_id=need_id, viewer=viewer)
    return {"need_id": need_id, "screened_out": result.screened_out, "funds": [_explained(m) for m in result.funds],
            "products": [_explained(m) for m in result.products]}


@router.post("/finance/sme-score", summary="科技型中小企业评价测算（平台测算，非官方认定）")
def sme_score(body: FactsWrite, platform: PlatformDep, viewer: CurrentUser) -> dict[str, Any]:
    raw = _raw(body)
    for key in body.direct_pass:
        raw[f"direct_{key}"] = "1"
    need_id = body.need_id if viewer is not None else None
    return _score(finance_scores.sme_score(platform.uow(), raw=raw, actor=viewer, need_id=need_id))


@router.post("/finance/innovation-score", summary="创新积分估算（平台测算，非官方认定；依据科技部火炬中心企业创新积分制指标体系）")
def innovation_score(body: InnovationWrite, platform: PlatformDep, viewer: CurrentUser) -> dict[str, Any]:
    raw: dict[str, Any] = _raw(body)
    for key in body.auxiliary:
        raw[f"aux_{key}"] = "1"
    need_id = body.need_id if viewer is not None else None
    result = finance_scores.innovation_score(platform.uow(), raw=raw, actor=viewer, need_id=need_id)
    return {"total": result.total, "max": 1000, "label": result.label, "source": result.source,
            "formula": result.formula, "by_family": result.by_family, "lines": [vars(line) for line in result.lines]}


@router.post("/finance/{kind}/{record_id}/review", summary="审核（管理方，本辖区）：通过发布或退回")
def review(kind: str, record_id: Id, body: Review, platform: PlatformDep, user: AdminUser) -> dict[str, str]:
    kinds = {"funds": "fund", "products": "product", "needs": "need"}
    status = finance.review(platform.uow(), actor=user, kind=kinds.get(kind, kind), record_id=record_id,
                            approve=body.approve, note=body.note)
    return {"status": status}
