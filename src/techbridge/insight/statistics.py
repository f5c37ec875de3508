"""Official statistics (published figures) kept beside the platform's own records.

A record names its indicator, the regions it covers (from → to for flows, or one region),
the year, the value with its unit, and where it was published. The platform never mixes them
into its own counts: charts show them side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.regions import regions, resolve_region

# What a unit is worth in 万元, for figures that are amounts of money.
UNITS_IN_WAN = {"万元": Decimal("1"), "亿元": Decimal("10000")}
UNITS = ("亿元", "万元", "项", "家", "%", "人")
FLOW_INDICATOR = "北京流向津冀技术合同成交额"


@dataclass(eq=False)
class OfficialStatistic:
    indicator: str
    from_regions: str  # GB/T 2260 codes joined by "," (e.g. "110000")
    to_regions: str  # "" for a figure about one region; "120000,130000" for 北京→津冀
    year: int
    value: Decimal
    unit: str
    source: str  # the publication, named so a reader can find it
    note: str = ""
    park: str | None = None  # a park key when the figure is about one park
    created_at: datetime | None = None
    id: int | None = None

    @property
    def region_label(self) -> str:
        return region_pair_label(self.from_regions, self.to_regions)

    @property
    def display_value(self) -> str:
        """The value as published: 83.1, 400, 51.3 (no exponent, no trailing zeros)."""
        return f"{self.value.normalize():f}"

    def in_wan(self) -> Decimal | None:
        """The value in 万元 when it is an amount of money, else None."""
        factor = UNITS_IN_WAN.get(self.unit)
        return self.value * factor if factor is not None else None


def _codes(text: str) -> list[str]:
    return [c for c in (text or "").split(",") if c]


def region_pair_label(from_regions: str, to_regions: str) -> str:
    """北京→天津、河北 / 京津冀 style label."""
    def names(text: str) -> str:
        codes = _codes(text)
        if sorted(codes) == ["110000", "120000", "130000"]:
            return "京津冀"
        return "、".join(regions().short_label(c) for c in codes)

    return f"{names(from_regions)}→{names(to_regions)}" if to_regions else names(from_regions)


def _region_list(value: Any, field: str, *, required: bool) -> str:
    parts = [p for p in str(value or "").replace("、", ",").replace("，", ",").split(",") if p.strip()]
    if not parts:
        if required:
            raise ValidationError("请填写地区", field=field, code="required")
        return ""
    if [p.strip() for p in parts] == ["京津冀"]:
        return "110000,120000,130000"
    return ",".join(resolve_region(p.strip(), nationwide=True) for p in parts)


def validate_statistic_input(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one official figure (a demo record, a form or an import row)."""
    errors: list[ValidationError] = []
    values: dict[str, Any] = {}

    def take(name: str, parse: Any) -> None:
        try:
            values[name] = parse(raw.get(name))
        except ValidationError as err:
            err.field = err.field if err.field and err.field != "region" else name
            errors.append(err)

    def text(name: str, label: str, min_len: int) -> str:
        value = str(raw.get(name) or "").strip()
        if len(value) < min_len:
            raise ValidationError(f"请填写{label}", field=name, code="required")
        return value

    take("indicator", lambda v: text("indicator", "指标名称", 2))
    take("from_regions", lambda v: _region_list(v, "from_regions", required=True))
    take("to_regions", lambda v: _region_list(v, "to_regions", required=False))
    take("year", _year)
    take("value", _value)
    take("unit", _unit)
    take("source", lambda v: text("source", "数据来源（出处）", 4))
    values["note"] = str(raw.get("note") or "").strip()
    values["park"] = str(raw.get("park") or "").strip() or None
    if errors:
        raise ValidationErrors(errors)
    return values


def _year(value: Any) -> int:
    text = str(value or "").strip()
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise ValidationError("年份应为四位数字", field="year", code="year_format")
    return int(text)


def _value(value: Any) -> Decimal:
    if isinstance(value, float):
        raise TypeError("statistics must not be passed as float; use str or Decimal")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"数值“{value}”不是有效数字", field="value", code="value_format") from None
    if not number.is_finite():
        raise ValidationError(f"数值“{value}”不是有效数字", field="value", code="value_format")
    return number


def _unit(value: Any) -> str:
    unit = str(value or "").strip()
    if unit not in UNITS:
        raise ValidationError(f"单位应为{'、'.join(UNITS)}之一", field="unit", code="unknown_unit")
    return unit
