"""Validation of funds, financial products, financing needs and score inputs (forms, API bodies, import rows).

Every problem of a record is reported at once, in Chinese, with its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from techbridge.finance.innovation_rules import AUXILIARY, InnovationFacts
from techbridge.finance.model import FinancingStage, FunderType, ProductKind
from techbridge.finance.sme_rules import DIRECT_PASS, FirmFacts
from techbridge.kernel.errors import ValidationError
from techbridge.kernel.industries import resolve_industry
from techbridge.kernel.money import exact_decimal, parse_wan
from techbridge.kernel.regions import PROVINCES, resolve_region
from techbridge.kernel.validation import Collector, parse_date, parse_phone, split_list

_TRUE = ("是", "true", "1", "yes", "on", "y", "需要", "可以", "有")
MAX_RATE = Decimal(36)  # % a year: above the judicial protection ceiling is a typo


def _choice(enum: Any, label: str) -> Any:
    names = {m.label: m.value for m in enum} | {m.value: m.value for m in enum}

    def parse(value: Any) -> str:
        text = str(value or "").strip()
        if not text:
            raise ValidationError(f"请选择{label}", code="required")
        if text not in names:
            raise ValidationError(f"未知的{label}“{text}”，可选：{'、'.join(m.label for m in enum)}", code="unknown_choice")
        return names[text]
    return parse


def _choices(enum: Any, label: str, *, required: bool) -> Any:
    one = _choice(enum, label)

    def parse(value: Any) -> list[str]:
        items = split_list(value)
        if required and not items:
            raise ValidationError(f"请至少选择一个{label}", code="required")
        return list(dict.fromkeys(one(v) for v in items))
    return parse


def _industries(value: Any) -> list[str]:
    return list(dict.fromkeys(resolve_industry(v) for v in split_list(value)))


def _regions(value: Any) -> list[str]:
    names = {"京津冀": list(PROVINCES)}
    codes: list[str] = []
    for item in split_list(value):
        codes.extend(names.get(item) or [resolve_region(item)])
    return list(dict.fromkeys(codes))


def _wan(label: str, *, required: bool = True) -> Any:
    def parse(value: Any) -> Decimal | None:
        amount = parse_wan(value, field="", allow_negotiable=not required)
        if required and amount is None:
            raise ValidationError(f"请填写{label}（万元）", code="amount_required")
        if required and amount is not None and amount <= 0:
            raise ValidationError(f"{label}应大于0", code="amount_not_positive")
        return amount
    return parse


def _rate(value: Any) -> Decimal:
    text = str(value if value is not None else "").strip().removesuffix("%").strip()
    if not text:
        raise ValidationError("请填写年利率（%）", code="required")
    rate = exact_decimal(text, places=2, field="", label="年利率")
    if rate < 0:
        raise ValidationError("年利率不能为负数", code="rate_negative")
    if rate > MAX_RATE:
        raise ValidationError(f"年利率{rate}%超出合理范围", code="rate_too_large")
    return rate


def _int(label: str, *, minimum: int = 0, maximum: int = 10**7, optional: bool = False) -> Any:
    def parse(value: Any) -> int | None:
        text = str(value if value is not None else "").strip()
        if not text:
            if optional:
                return None
            raise ValidationError(f"请填写{label}", code="required")
        if not text.lstrip("-").isdigit():
            raise ValidationError(f"{label}应为整数，收到“{value}”", code="number_format")
        number = int(text)
        if number < minimum:
            raise ValidationError(f"{label}不能小于{minimum}", code="number_too_small")
        if number > maximum:
            raise ValidationError(f"{label}不能大于{maximum}", code="number_too_large")
        return number
    return parse


def flag(value: Any) -> bool:
    return value is True or str(value or "").strip().lower() in _TRUE


@dataclass
class FundInput:
    name: str
    funder_type: str
    thesis: str
    ticket_min: Decimal
    ticket_max: Decimal
    stages: list[str]
    industries: list[str]
    regions: list[str]
    excluded_industries: list[str] = field(default_factory=list)
    exclusions: str = ""
    fund_size: Decimal | None = None
    contact_name: str = ""
    contact_phone: str = ""


def validate_fund_input(raw: Mapping[str, Any]) -> FundInput:
    c = Collector(raw)
    name = c.text("name", "基金或机构名称", required=True, min_len=2, max_len=100)
    funder_type = c.take("funder_type", _choice(FunderType, "出资类型"), "")
    thesis = c.text("thesis", "投资逻辑", required=True, min_len=10, max_len=3000)
    low = c.take("ticket_min", _wan("单笔投资下限"))
    high = c.take("ticket_max", _wan("单笔投资上限"))
    if low is not None and high is not None and low > high:
        c.errors.append(ValidationError(f"单笔投资下限（{low}万元）不能大于上限（{high}万元）", field="ticket_min",
                                        code="ticket_range"))
    stages = c.take("stages", _choices(FinancingStage, "投资阶段", required=True), [])
    industries = c.take("industries", _industries, [])
    if not industries and not any(e.field == "industries" for e in c.errors):
        c.errors.append(ValidationError("请至少选择一个关注行业", field="industries", code="required"))
    regions = c.take("regions", _regions, [])
    excluded = c.take("excluded_industries", _industries, [])
    overlap = set(industries) & set(excluded)
    if overlap:
        c.errors.append(ValidationError("关注行业与排除行业不能重复", field="excluded_industries", code="industry_overlap"))
    exclusions = c.text("exclusions", "其他排除项", required=False, max_len=300)
    size = c.take("fund_size", _wan("基金规模", required=False))
    contact_name = c.text("contact_name", "联系人", required=False, max_len=32)
    phone = c.take("contact_phone", parse_phone, "")
    c.raise_if_any()
    return FundInput(name, funder_type, thesis, low, high, stages, industries, regions, excluded, exclusions, size,
                     contact_name, phone)


@dataclass
class ProductInput:
    name: str
    kind: str
    description: str
    limit_max: Decimal
    rate_min: Decimal
    rate_max: Decimal
    term_months: int
    regions: list[str]
    industries: list[str]
    min_sme_score: int | None
    requires_pledge: bool
    min_innovation_points: int | None
    conditions: str
    contact_name: str
    contact_phone: str


def validate_product_input(raw: Mapping[str, Any]) -> ProductInput:
    c = Collector(raw)
    name = c.text("name", "产品名称", required=True, min_len=2, max_len=100)
    kind = c.take("kind", _choice(ProductKind, "产品类型"), "")
    description = c.text("description", "产品说明", required=True, min_len=10, max_len=3000)
    limit = c.take("limit_max", _wan("授信额度上限"))
    low = c.take("rate_min", _rate)
    high = c.take("rate_max", _rate)
    if low is not None and high is not None and low > high:
        c.errors.append(ValidationError(f"利率下限（{low}%）不能大于上限（{high}%）", field="rate_min", code="rate_range"))
    term = c.take("term_months", _int("期限（月）", minimum=1, maximum=360))
    regions = c.take("regions", _regions, [])
    industries = c.take("industries", _industries, [])
    score = c.take("min_sme_score", _int("科技型中小企业评价最低分", maximum=100, optional=True))
    pledge = flag(c.value("requires_pledge"))
    points = c.take("min_innovation_points", _int("创新积分门槛", maximum=1000, optional=True))
    conditions = c.text("conditions", "准入条件", required=False, max_len=1000)
    contact_name = c.text("contact_name", "联系人", required=False, max_len=32)
    phone = c.take("contact_phone", parse_phone, "")
    c.raise_if_any()
    return ProductInput(name, kind, description, limit, low, high, term, regions, industries, score, pledge, points,
                        conditions, contact_name, phone)


@dataclass
class NeedInput:
    title: str
    amount: Decimal
    stage: str
    industry: str
    region_code: str
    use_of_funds: str
    description: str
    deadline: date
    wants_equity: bool
    wants_debt: bool
    has_pledge: bool
    achievement_id: int | None
    engagement_id: int | None


def validate_need_input(raw: Mapping[str, Any], *, today: date) -> NeedInput:
    c = Collector(raw)
    title = c.text("title", "融资需求标题", required=True, min_len=4, max_len=100)
    amount = c.take("amount", _wan("融资金额"))
    stage = c.take("stage", _choice(FinancingStage, "融资阶段"), "")
    industry = c.take("industry", resolve_industry, "")
    region = c.take("region", lambda v: resolve_region(str(v or "")) if str(v or "").strip() else _missing("所在地区"), "")
    use = c.text("use_of_funds", "资金用途", required=True, min_len=4, max_len=1000)
    description = c.text("description", "项目与企业简介", required=True, min_len=10, max_len=3000)
    deadline = c.take("deadline", parse_date)
    if deadline is None and not any(e.field == "deadline" for e in c.errors):
        c.errors.append(ValidationError("请填写期望到位日期", field="deadline", code="required"))
    elif deadline is not None and deadline <= today:
        c.errors.append(ValidationError(f"期望到位日期（{deadline}）须晚于今天", field="deadline", code="date_past"))
    kinds = split_list(c.value("kinds")) if c.value("kinds") else []
    equity = "股权" in kinds or flag(c.value("wants_equity")) or not kinds and c.value("wants_debt") is None
    debt = "债权" in kinds or flag(c.value("wants_debt"))
    achievement = c.take("achievement_id", _int("关联成果编号", minimum=1, maximum=2**31 - 1, optional=True))
    engagement = c.take("engagement_id", _int("关联对接编号", minimum=1, maximum=2**31 - 1, optional=True))
    c.raise_if_any()
    return NeedInput(title, amount, stage, industry, region, use, description, deadline, bool(equity), debt,
                     flag(c.value("has_pledge")), achievement, engagement)


def _missing(label: str) -> str:
    raise ValidationError(f"请填写{label}", code="required")


def validate_facts(raw: Mapping[str, Any]) -> FirmFacts:
    """The 科技型中小企业评价 inputs (万元 for money)."""
    c = Collector(raw)
    staff = c.take("staff", _int("职工总数", minimum=1))
    tech = c.take("tech_staff", _int("科技人员数"))
    if staff is not None and tech is not None and tech > staff:
        c.errors.append(ValidationError("科技人员数不能超过职工总数", field="tech_staff", code="staff_range"))
    sales = c.take("sales", lambda v: parse_wan(v, field="sales", allow_negotiable=False))
    assets = c.take("assets", lambda v: parse_wan(v, field="assets", allow_negotiable=False))
    rd = c.take("rd_expense", lambda v: parse_wan(v, field="rd_expense", allow_negotiable=False))
    cost = c.take("total_cost", lambda v: parse_wan(v, field="total_cost", allow_negotiable=False))
    if rd is not None and cost is not None and cost > 0 and rd > cost:
        c.errors.append(ValidationError("研发费用不能超过成本费用支出总额", field="rd_expense", code="rd_range"))
    class1 = c.take("class1_ip", _int("Ⅰ类知识产权数", optional=True)) or 0
    class2 = c.take("class2_ip", _int("Ⅱ类知识产权数", optional=True)) or 0
    direct = [k for k in DIRECT_PASS if flag(c.value(f"direct_{k}"))]
    c.raise_if_any()
    return FirmFacts(staff, tech, sales, assets, rd, cost, class1, class2,
                     registered_in_china=not flag(c.value("not_registered_in_china")),
                     prohibited_industry=flag(c.value("prohibited_industry")),
                     serious_breach=flag(c.value("serious_breach")), direct_pass=tuple(direct))


def validate_innovation_facts(raw: Mapping[str, Any]) -> InnovationFacts:
    """The 创新积分 estimate's inputs (万元 for money; last year's figures and the year before's revenue)."""
    c = Collector(raw)

    def money(name: str, label: str, *, required: bool) -> Decimal:
        value = c.value(name)
        if value in (None, "") and not required:
            return Decimal(0)
        amount = c.take(name, lambda v: parse_wan(v, field=name, allow_negotiable=False))
        if amount is not None and amount < 0:
            c.errors.append(ValidationError(f"{label}不能为负数", field=name, code="amount_negative"))
        return amount if amount is not None else Decimal(0)

    revenue = money("revenue", "上年度营业收入", required=True)
    prior = money("revenue_prior", "前一年度营业收入", required=True)
    rd = money("rd_expense", "上年度研发费用", required=True)
    staff = c.take("staff", _int("职工总数", minimum=1))
    rd_staff = c.take("rd_staff", _int("研发人员数"))
    if staff is not None and rd_staff is not None and rd_staff > staff:
        c.errors.append(ValidationError("研发人员数不能超过职工总数", field="rd_staff", code="staff_range"))
    if revenue and rd > revenue * 10:
        c.errors.append(ValidationError("研发费用超过营业收入的10倍，请核对单位（万元）", field="rd_expense", code="rd_range"))
    patents = c.take("invention_patents", _int("有效发明专利数", optional=True)) or 0
    contracts = money("tech_contracts", "技术合同成交额", required=False)
    high_tech = money("high_tech_revenue", "高新技术产品收入", required=False)
    if high_tech > revenue:
        c.errors.append(ValidationError("高新技术产品收入不能超过营业收入", field="high_tech_revenue", code="share_range"))
    equity = money("equity_financing", "近三年股权融资额", required=False)
    auxiliary = tuple(k for k in AUXILIARY if flag(c.value(f"aux_{k}")))
    c.raise_if_any()
    assert staff is not None and rd_staff is not None
    return InnovationFacts(revenue, prior, rd, staff, rd_staff, patents, contracts, high_tech, equity, auxiliary)
