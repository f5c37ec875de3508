"""Parsing of carrier and tenancy forms and spreadsheet rows (pure; Chinese messages)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from techbridge.incubation.rules import LEVELS, Carrier, CarrierKind, Tenancy, TenancyStatus
from techbridge.kernel.codes import validate_uscc
from techbridge.kernel.errors import ValidationError
from techbridge.kernel.money import exact_decimal, parse_wan
from techbridge.kernel.parks import parks, resolve_park
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.validation import Collector, parse_date

YES = ("1", "on", "true", "yes", "是", "有", "√", "y")
NO = ("", "0", "off", "false", "no", "否", "无", "n")


def _choice(enum: Any, label: str) -> Any:
    def parse(value: Any) -> str:
        text = str(value or "").strip()
        for item in enum:
            if text in (item.value, item.label):
                return str(item.value)
        raise ValidationError(f"{label}应为：{'、'.join(i.label for i in enum)}", code="choice")
    return parse


def _level(value: Any) -> str:
    text = str(value or "").strip()
    if text not in LEVELS:
        raise ValidationError(f"级别应为：{'、'.join(LEVELS)}", code="choice")
    return text


def _count(label: str) -> Any:
    def parse(value: Any) -> int:
        if value is None or str(value).strip() == "":
            return 0
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if not text.isdigit() or int(text) > 1_000_000:
            raise ValidationError(f"{label}应为0至1000000的整数", code="count_format")
        return int(text)
    return parse


def _area(label: str) -> Any:
    def parse(value: Any) -> Decimal:
        if value is None or str(value).strip() == "":
            return Decimal("0")
        amount = exact_decimal(str(value).strip().removesuffix("平方米").removesuffix("㎡"), field="", label=label)
        if amount < 0 or amount > Decimal("9999999999"):
            raise ValidationError(f"{label}应为不小于0的面积（平方米）", code="area_range")
        return amount
    return parse


def _flag(label: str) -> Any:
    def parse(value: Any) -> bool:
        text = str(value if value is not None else "").strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValidationError(f"{label}应填“是”或“否”", code="flag_format")
    return parse


def _required_date(label: str) -> Any:
    def parse(value: Any) -> date:
        found = parse_date(value)
        if found is None:
            raise ValidationError(f"请填写{label}", code="required")
        return found
    return parse


def validate_carrier(raw: Mapping[str, Any]) -> Carrier:
    """A carrier from a form; its organisation is set by the service."""
    c = Collector(raw)
    name = c.text("name", "载体名称", required=True, max_len=120)
    kind = c.take("kind", _choice(CarrierKind, "载体类型"))
    level = c.take("level", _level)
    park = c.take("park", lambda v: resolve_park(str(v)) if str(v or "").strip() else None)
    district = c.take("region", lambda v: resolve_region(str(v)) if str(v or "").strip() else None)
    counts = {k: c.take(k, _count(label)) for k, label in (
        ("years_operating", "运营年数"), ("years_of_statistics", "报送统计年数"), ("fund_cases", "资金使用案例"),
        ("professional_staff", "专业孵化服务人员"), ("staff", "机构总人数"), ("mentors", "创业导师"),
        ("workstations", "创业工位"), ("events_per_year", "年活动场次"), ("typical_cases", "典型孵化案例"),
        ("new_firms_per_year", "入驻团队新注册企业"))}
    area = c.take("area_m2", _area("场地面积"))
    tenant_area = c.take("tenant_area_m2", _area("在孵企业使用面积"))
    fund = c.take("seed_fund_wan", lambda v: parse_wan(v, field="seed_fund_wan") or Decimal("0.00"))
    opened = c.take("opened_on", parse_date)
    if district is None and park is None and not c.errors:
        c.errors.append(ValidationError("请选择所在园区或填写所在区县", field="region", code="required"))
    c.raise_if_any()
    if area is not None and tenant_area is not None and tenant_area > area:
        raise ValidationError("在孵企业使用面积不能大于场地总面积", field="tenant_area_m2", code="area_order")
    if counts["professional_staff"] > counts["staff"]:
        raise ValidationError("专业孵化服务人员不能多于机构总人数", field="professional_staff", code="staff_order")
    region = district or parks()[park].region_code
    return Carrier(name, kind, level, 0, region, park, area, tenant_area, fund, counts["fund_cases"],
                   counts["professional_staff"], counts["staff"], counts["mentors"], counts["years_operating"],
                   counts["years_of_statistics"], opened_on=opened, workstations=counts["workstations"],
                   events_per_year=counts["events_per_year"], typical_cases=counts["typical_cases"],
                   new_firms_per_year=counts["new_firms_per_year"])


def validate_tenancy(raw: Mapping[str, Any], *, carrier_id: int) -> Tenancy:
    """A tenancy from a form or a spreadsheet row (the credit code under `credit_code` or the import's 编号)."""
    c = Collector(raw)
    firm = c.text("firm_name", "企业名称", required=True, max_len=200)
    code_field = "credit_code" if "credit_code" in raw else "external_id"
    code = c.take(code_field, lambda v: validate_uscc(str(v or "")))
    moved_in = c.take("moved_in", _required_date("入驻日期"))
    moved_out = c.take("moved_out", parse_date)
    status = c.take("status", _choice(TenancyStatus, "状态"), default=TenancyStatus.INCUBATING.value) \
        if str(c.value("status") or "").strip() else TenancyStatus.INCUBATING.value
    area = c.take("area_m2", _area("使用面积"))
    patent = c.take("has_patent_application", _flag("已申请专利"))
    ip = c.take("has_valid_ip", _flag("拥有有效知识产权"))
    funded = c.take("funded", _flag("获得投融资"))
    c.raise_if_any()
    return Tenancy(carrier_id, firm, code, moved_in, status=status, moved_out=moved_out, area_m2=area,
                   has_patent_application=patent, has_valid_ip=ip, funded=funded)
