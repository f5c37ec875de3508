"""Validation of listing input (forms, API bodies, import rows) into clean, typed values.

Every field is checked and every problem reported at once, with a Chinese message and the
field it belongs to, so a form or an import report can show them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from techbridge.domain.codes import validate_patent_number
from techbridge.domain.errors import ValidationError, ValidationErrors
from techbridge.domain.industries import resolve_industry
from techbridge.domain.model import IpStatus, TransferMode, Visibility
from techbridge.domain.money import parse_wan
from techbridge.domain.parks import resolve_park
from techbridge.domain.regions import resolve_region
from techbridge.domain.trl import validate_trl
from techbridge.text.normalize import normalize_text

_LIST_SEP = re.compile(r"[、,，;；|/\n]+")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_VISIBILITY_WORDS = {
    "public": "public", "公开": "public", "": "public",
    "brokers_only": "brokers_only", "仅经纪人可见": "brokers_only", "仅技术经理人可见": "brokers_only",
    "保密": "brokers_only", "不公开": "brokers_only",
}


@dataclass
class ListingInput:
    """Clean values shared by both kinds, plus the original text of each text field."""

    title: str
    industry: str
    region_code: str
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    visibility: str = Visibility.PUBLIC.value
    park: str | None = None
    original: dict[str, str] = field(default_factory=dict)


@dataclass
class AchievementInput(ListingInput):
    summary: str = ""
    highlights: str = ""
    applications: str = ""
    keywords: list[str] = field(default_factory=list)
    trl: int = 1
    patents: list[str] = field(default_factory=list)
    ip_status: str = IpStatus.NONE.value
    transfer_modes: list[str] = field(default_factory=list)
    asking_price: Decimal | None = None


@dataclass
class DemandInput(ListingInput):
    problem: str = ""
    current_state: str = ""
    target_indicators: str = ""
    constraints: str = ""
    budget: Decimal | None = None
    deadline: date | None = None
    expected_trl: int | None = None
    cooperation_modes: list[str] = field(default_factory=list)


class _Collector:
    """Runs field parsers, collecting every ValidationError instead of stopping at the first."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.errors: list[ValidationError] = []
        self.original: dict[str, str] = {}

    def value(self, name: str) -> Any:
        value = self.raw.get(name)
        return value.strip() if isinstance(value, str) else value

    def take(self, name: str, parse: Callable[[Any], Any], default: Any = None) -> Any:
        try:
            return parse(self.value(name))
        except ValidationError as err:
            err.field = name
            self.errors.append(err)
            return default

    def text(self, name: str, label: str, *, required: bool, min_len: int = 0, max_len: int = 5000) -> str:
        raw = self.value(name)
        raw = "" if raw is None else str(raw)
        if raw:
            self.original[name] = raw
        text = normalize_text(raw)
        if required and not text:
            self.errors.append(ValidationError(f"请填写{label}", field=name, code="required"))
        elif text and len(text) < min_len:
            self.errors.append(ValidationError(f"{label}至少{min_len}个字", field=name, code="too_short"))
        elif len(text) > max_len:
            self.errors.append(ValidationError(f"{label}不能超过{max_len}个字", field=name, code="too_long"))
        return text

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationErrors(self.errors)


def split_list(value: Any) -> list[str]:
    """"转让、许可" / ["转让", "许可"] / "转让;许可" → ["转让", "许可"]."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else _LIST_SEP.split(str(value))
    return [normalize_text(str(v)) for v in items if str(v).strip()]


def parse_modes(value: Any) -> list[str]:
    modes = split_list(value)
    allowed = [m.value for m in TransferMode]
    bad = [m for m in modes if m not in allowed]
    if bad:
        raise ValidationError(f"未知的转化方式“{bad[0]}”，可选：{'、'.join(allowed)}", code="unknown_mode")
    return list(dict.fromkeys(modes))


def parse_patents(value: Any) -> list[str]:
    return list(dict.fromkeys(validate_patent_number(p) for p in split_list(value)))


def parse_ip_status(value: Any) -> str:
    text = str(value or "").strip() or IpStatus.NONE.value
    allowed = [s.value for s in IpStatus]
    if text not in allowed:
        raise ValidationError(f"未知的知识产权状态“{text}”，可选：{'、'.join(allowed)}", code="unknown_ip_status")
    return text


def parse_visibility(value: Any) -> str:
    key = str(value or "").strip().lower()
    if key not in _VISIBILITY_WORDS:
        raise ValidationError(f"可见范围应为“公开”或“仅经纪人可见”，收到“{value}”", code="unknown_visibility")
    return _VISIBILITY_WORDS[key]


def parse_date(value: Any) -> date | None:
    """2026-12-31, 2026/12/31, 2026年12月31日, 20261231 or a spreadsheet date cell."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValidationError(f"日期“{value}”无法识别，请使用如 2026-12-31 的格式", code="date_format")


def parse_phone(value: Any) -> str:
    text = re.sub(r"[\s()（）]", "", str(value or ""))
    if text and not (_MOBILE.match(text) or _LANDLINE.match(text)):
        raise ValidationError(f"联系电话“{value}”格式不正确（手机号或区号-座机号）", code="phone_format")
    return text


def parse_email(value: Any) -> str:
    text = str(value or "").strip()
    if text and not _EMAIL.match(text):
        raise ValidationError(f"电子邮箱“{value}”格式不正确", code="email_format")
    return text


def _optional(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None or str(v).strip() == "" else parse(v)


def _common(c: _Collector) -> dict[str, Any]:
    return {
        "title": c.text("title", "名称", required=True, min_len=4, max_len=100),
        "industry": c.take("industry", resolve_industry, ""),
        "region_code": c.take("region", resolve_region, ""),
        "contact_name": c.text("contact_name", "联系人", required=False, max_len=60),
        "contact_phone": c.take("contact_phone", parse_phone, ""),
        "contact_email": c.take("contact_email", parse_email, ""),
        "visibility": c.take("visibility", parse_visibility, "public"),
        "park": c.take("park", _optional(resolve_park)),
    }


def validate_achievement_input(raw: Mapping[str, Any]) -> AchievementInput:
    """Validate an achievement given with canonical English keys; raise ValidationErrors."""
    c = _Collector(raw)
    values = _common(c) | {
        "summary": c.text("summary", "成果简介", required=True, min_len=20),
        "highlights": c.text("highlights", "技术指标与创新点", required=False),
        "applications": c.text("applications", "应用场景", required=False),
        "keywords": c.take("keywords", split_list, []),
        "trl": c.take("trl", validate_trl, 1),
        "patents": c.take("patents", parse_patents, []),
        "ip_status": c.take("ip_status", parse_ip_status, IpStatus.NONE.value),
        "transfer_modes": c.take("transfer_modes", parse_modes, []),
        "asking_price": c.take("asking_price", lambda v: parse_wan(v, field="asking_price")),
    }
    if not values["transfer_modes"] and not any(e.field == "transfer_modes" for e in c.errors):
        c.errors.append(ValidationError("请至少选择一种转化方式", field="transfer_modes", code="required"))
    c.raise_if_any()
    return AchievementInput(**values, original=c.original)


def validate_demand_input(raw: Mapping[str, Any]) -> DemandInput:
    """Validate a demand given with canonical English keys; raise ValidationErrors."""
    c = _Collector(raw)
    values = _common(c) | {
        "problem": c.text("problem", "问题与场景", required=True, min_len=20),
        "current_state": c.text("current_state", "现状与痛点", required=False),
        "target_indicators": c.text("target_indicators", "目标指标", required=False),
        "constraints": c.text("constraints", "约束条件", required=False),
        "budget": c.take("budget", lambda v: parse_wan(v, field="budget")),
        "deadline": c.take("deadline", parse_date),
        "expected_trl": c.take("expected_trl", _optional(lambda v: validate_trl(v, field="expected_trl"))),
        "cooperation_modes": c.take("cooperation_modes", parse_modes, []),
    }
    c.raise_if_any()
    return DemandInput(**values, original=c.original)
