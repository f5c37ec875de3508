"""Field parsers shared by every form, API body and import row: each problem reported at once.

`Collector` runs parsers over a raw mapping and gathers every ValidationError with its field,
so a form or an import report can show them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.text import control_characters, normalize_text

_LIST_SEP = re.compile(r"[、,，;；|/\n]+")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


class Collector:
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
        if control_characters(raw):
            self.errors.append(ValidationError(f"{label}含有不可见的控制字符（{'、'.join(control_characters(raw)[:3])}），"
                                               "请删除后重试", field=name, code="control_characters"))
            return ""
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


def optional(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None or str(v).strip() == "" else parse(v)
