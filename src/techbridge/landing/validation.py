"""Parsing of a landing record from a form or a spreadsheet row (pure; Chinese messages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from techbridge.kernel.errors import ValidationError
from techbridge.kernel.money import parse_wan
from techbridge.kernel.parks import parks, resolve_park
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.validation import Collector, parse_date
from techbridge.landing.model import LandingForm, LandingRecord, SourceKind


def _choice(enum: Any, label: str) -> Any:
    def parse(value: Any) -> str:
        text = str(value or "").strip()
        for item in enum:
            if text in (item.value, item.label) or (text and item.label.endswith(text)):
                return str(item.value)
        names = "、".join(i.label for i in enum)
        raise ValidationError(f"{label}应为：{names}", code="choice")
    return parse


def _required_date(label: str) -> Any:
    def parse(value: Any) -> Any:
        found = parse_date(value)
        if found is None:
            raise ValidationError(f"请填写{label}", code="required")
        return found
    return parse


def _jobs(value: Any) -> int:
    text = str(value if value is not None else "").strip().removesuffix("人")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text:
        raise ValidationError("请填写带动就业人数（没有新增就业填 0）", code="required")
    if not text.isdigit():
        raise ValidationError("带动就业人数应为非负整数", code="jobs_format")
    return int(text)


def _source_id(value: Any) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 2**31:
        raise ValidationError("来源编号应为正整数", code="id_format")
    return int(text)


def validate_landing(raw: Mapping[str, Any]) -> LandingRecord:
    c = Collector(raw)
    title = c.text("title", "项目名称", required=True, max_len=200)
    source_kind = c.take("source_kind", _choice(SourceKind, "来源类型"))
    source_id = c.take("source_id", _source_id)
    form = c.take("form", _choice(LandingForm, "落地形式"))
    beijing_org = c.text("beijing_org", "北京来源单位", required=True, max_len=200)
    park = c.take("park", lambda v: resolve_park(str(v or "")))
    district = c.take("region", lambda v: resolve_region(str(v)) if str(v or "").strip() else None)
    landed_on = c.take("landed_on", _required_date("落地日期"))
    production = c.take("production_start", parse_date)
    investment = c.take("investment", lambda v: parse_wan(v, field="investment", allow_negotiable=False))
    capital = c.take("registered_capital", lambda v: parse_wan(v, field="registered_capital"))
    jobs = c.take("jobs", _jobs, default=0)
    evidence = c.text("evidence", "证明材料", required=True, max_len=2000)
    c.raise_if_any()
    region = district or parks()[park].region_code
    return LandingRecord(title, source_kind, form, beijing_org, park, region, landed_on, investment, jobs, evidence,
                         source_id=source_id, registered_capital=capital, production_start=production)
