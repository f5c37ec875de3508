"""Parsing of facility forms, service requests, quotes, bookings and service records (pure; Chinese messages)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from techbridge.kernel.errors import ValidationError
from techbridge.kernel.industries import resolve_industry
from techbridge.kernel.money import parse_wan
from techbridge.kernel.parks import resolve_park
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.trl import validate_trl
from techbridge.kernel.validation import Collector, parse_date, split_list
from techbridge.pilot.model import FacilityKind

YES = ("1", "on", "true", "yes", "是", "同意", "已阅读")


def _flag(value: Any) -> bool:
    return str(value if value is not None else "").strip().lower() in YES


@dataclass(frozen=True)
class ServiceInput:
    name: str
    price: Decimal
    unit: str
    lead_days: int


@dataclass(frozen=True)
class FacilityInput:
    name: str
    kind: str
    region_code: str
    park: str | None
    description: str
    fields: list[str]
    qualifications: str
    capacity: dict[str, str]
    voucher_eligible: bool
    voucher_cap: Decimal | None
    contact_name: str
    contact_phone: str
    nda_terms: str
    services: list[ServiceInput]


def _kind(value: Any) -> str:
    text = str(value or "").strip()
    for kind in FacilityKind:
        if text in (kind.value, kind.label):
            return kind.value
    raise ValidationError("类型应为“概念验证中心”或“中试基地”", code="kind")


def _pairs(value: Any) -> dict[str, str]:
    """Lines "反应釜容积：500 L" → {"反应釜容积": "500 L"}."""
    found: dict[str, str] = {}
    for line in str(value or "").splitlines():
        line = line.strip()
        if not line:
            continue
        name, sep, rest = line.replace("：", ":").partition(":")
        if not sep or not name.strip() or not rest.strip():
            raise ValidationError(f"产能参数“{line}”应写成“名称：数值”", code="capacity_format")
        found[name.strip()[:40]] = rest.strip()[:80]
    return found


def _services(value: Any) -> list[ServiceInput]:
    """Lines "名称|价格（万元）|单位|提前天数"."""
    found = []
    for number, line in enumerate(str(value or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if len(parts) != 4 or not parts[0]:
            raise ValidationError(f"第{number}行服务应写成“名称|价格（万元）|单位|提前准备天数”", code="services_format")
        price = parse_wan(parts[1], field="services", allow_negotiable=False)
        assert price is not None
        if not parts[3].isdigit() or int(parts[3]) > 365:
            raise ValidationError(f"第{number}行的提前准备天数应为0至365的整数", code="lead_days")
        found.append(ServiceInput(parts[0][:100], price, (parts[2] or "次")[:8], int(parts[3])))
    if not found:
        raise ValidationError("请至少列出一项服务及其价格", code="services_required")
    return found


def validate_facility(raw: Mapping[str, Any]) -> FacilityInput:
    c = Collector(raw)
    name = c.text("name", "名称", required=True, max_len=100)
    kind = c.take("kind", _kind)
    region = c.take("region", lambda v: resolve_region(str(v or "")))
    park = c.take("park", lambda v: resolve_park(str(v)) if str(v or "").strip() else None)
    description = c.text("description", "简介", required=True, max_len=3000)
    fields = c.take("fields", lambda v: [resolve_industry(x) for x in split_list(v)], default=[])
    qualifications = c.text("qualifications", "资质", required=False, max_len=1000)
    capacity = c.take("capacity", _pairs, default={})
    eligible = _flag(c.value("voucher_eligible"))
    cap = c.take("voucher_cap", lambda v: parse_wan(v, field="voucher_cap"))
    services = c.take("services", _services, default=[])
    contact = c.text("contact_name", "联系人", required=False, max_len=64)
    phone = c.text("contact_phone", "联系电话", required=False, max_len=32)
    nda = c.text("nda_terms", "保密条款", required=False, max_len=3000)
    c.raise_if_any()
    return FacilityInput(name, kind, region, park, description, fields, qualifications, capacity, eligible,
                         cap if eligible else None, contact, phone, nda, services)


@dataclass(frozen=True)
class RequestInput:
    service_id: int
    purpose: str
    use_voucher: bool
    engagement_id: int | None


def _id(value: Any) -> int:
    text = str(value or "").strip()
    if not text.isdigit() or not 0 < int(text) < 2**31:
        raise ValidationError("请选择一项", code="id_format")
    return int(text)


def validate_request(raw: Mapping[str, Any]) -> RequestInput:
    c = Collector(raw)
    service_id = c.take("service_id", _id)
    purpose = c.text("purpose", "服务需求说明", required=True, min_len=10, max_len=3000)
    engagement = c.take("engagement_id", lambda v: _id(v) if str(v or "").strip() else None)
    if not _flag(c.value("nda")):
        c.errors.append(ValidationError("请先阅读并确认保密条款（NDA）", field="nda", code="nda_required"))
    c.raise_if_any()
    return RequestInput(service_id, purpose, _flag(c.value("use_voucher")), engagement)


def validate_quote(raw: Mapping[str, Any]) -> tuple[Decimal, int, str]:
    c = Collector(raw)
    amount = c.take("quote_amount", lambda v: parse_wan(v, field="quote_amount", allow_negotiable=False))
    days = c.take("quote_days", lambda v: _days(v))
    note = c.text("quote_note", "报价说明", required=False, max_len=2000)
    c.raise_if_any()
    return amount, days, note


def _days(value: Any) -> int:
    text = str(value or "").strip()
    if not text.isdigit():
        raise ValidationError("服务周期应为整数天", code="days_format")
    return int(text)


def validate_start(raw: Mapping[str, Any]) -> date:
    c = Collector(raw)
    start = c.take("start", parse_date)
    if start is None and not c.errors:
        c.errors.append(ValidationError("请选择开始日期", field="start", code="required"))
    c.raise_if_any()
    return start


@dataclass(frozen=True)
class RecordInput:
    targets: str
    results: str
    trl_before: int
    trl_after: int
    evidence: str


def validate_record(raw: Mapping[str, Any]) -> RecordInput:
    c = Collector(raw)
    targets = c.text("targets", "服务目标", required=True, max_len=3000)
    results = c.text("results", "实际结果", required=True, max_len=3000)
    before = c.take("trl_before", lambda v: validate_trl(v, field="trl_before"))
    after = c.take("trl_after", lambda v: validate_trl(v, field="trl_after"))
    evidence = c.text("evidence", "证明材料", required=True, max_len=2000)
    c.raise_if_any()
    return RecordInput(targets, results, before, after, evidence)
