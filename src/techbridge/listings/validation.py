"""Validation of listing input (forms, API bodies, import rows) into clean, typed values.

Every field is checked and every problem reported at once, with a Chinese message and the
field it belongs to, so a form or an import report can show them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from techbridge.kernel.codes import validate_patent_number
from techbridge.kernel.errors import ValidationError
from techbridge.kernel.industries import resolve_industry
from techbridge.kernel.money import parse_wan
from techbridge.kernel.parks import resolve_park
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.trl import validate_trl
from techbridge.kernel.validation import Collector, optional, parse_date, parse_email, parse_phone, split_list
from techbridge.listings.model import TEXT_LIMITS, IpStatus, TransferMode, Visibility

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
    """A file without the column means 无; a form or cell left empty is a question not answered."""
    if value is None:
        return IpStatus.NONE.value
    text = str(value).strip()
    allowed = [s.value for s in IpStatus]
    if not text:
        raise ValidationError(f"请选择知识产权状态（{'、'.join(allowed)}）", code="required")
    if text not in allowed:
        raise ValidationError(f"未知的知识产权状态“{text}”，可选：{'、'.join(allowed)}", code="unknown_ip_status")
    return text


def parse_visibility(value: Any) -> str:
    key = str(value or "").strip().lower()
    if key not in _VISIBILITY_WORDS:
        raise ValidationError(f"可见范围应为“公开”或“仅经纪人可见”，收到“{value}”", code="unknown_visibility")
    return _VISIBILITY_WORDS[key]


def _common(c: Collector) -> dict[str, Any]:
    return {
        "title": c.text("title", "名称", required=True, min_len=4, max_len=TEXT_LIMITS["title"]),
        "industry": c.take("industry", resolve_industry, ""),
        "region_code": c.take("region", resolve_region, ""),
        "contact_name": c.text("contact_name", "联系人", required=False, max_len=TEXT_LIMITS["contact_name"]),
        "contact_phone": c.take("contact_phone", parse_phone, ""),
        "contact_email": c.take("contact_email", parse_email, ""),
        "visibility": c.take("visibility", parse_visibility, "public"),
        "park": c.take("park", optional(resolve_park)),
    }


def validate_achievement_input(raw: Mapping[str, Any]) -> AchievementInput:
    """Validate an achievement given with canonical English keys; raise ValidationErrors."""
    c = Collector(raw)
    values = _common(c) | {
        "summary": c.text("summary", "成果简介", required=True, min_len=20, max_len=TEXT_LIMITS["summary"]),
        "highlights": c.text("highlights", "技术指标与创新点", required=False, max_len=TEXT_LIMITS["highlights"]),
        "applications": c.text("applications", "应用场景", required=False, max_len=TEXT_LIMITS["applications"]),
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
    c = Collector(raw)
    values = _common(c) | {
        "problem": c.text("problem", "问题与场景", required=True, min_len=20, max_len=TEXT_LIMITS["problem"]),
        "current_state": c.text("current_state", "现状与痛点", required=False, max_len=TEXT_LIMITS["current_state"]),
        "target_indicators": c.text("target_indicators", "目标指标", required=False, max_len=TEXT_LIMITS["target_indicators"]),
        "constraints": c.text("constraints", "约束条件", required=False, max_len=TEXT_LIMITS["constraints"]),
        "budget": c.take("budget", lambda v: parse_wan(v, field="budget")),
        "deadline": c.take("deadline", parse_date),
        "expected_trl": c.take("expected_trl", optional(lambda v: validate_trl(v, field="expected_trl"))),
        "cooperation_modes": c.take("cooperation_modes", parse_modes, []),
    }
    c.raise_if_any()
    return DemandInput(**values, original=c.original)
