"""Yearly targets of the platform's administrators, and how progress against them is judged.

The defaults are the figures of 《促进京津冀区域科技成果转化的若干措施》, adopted by the 2025
京津冀党政主要领导座谈会 (11–12 May 2025): "突破关键核心技术100项以上，汇集津冀技术需求不少于
300项，提供北京科技成果不少于400项" (shared/seeds/001_f435fcdbd430511d.txt). An administrator
may set a different figure for any year; the defaults apply where none was set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from techbridge.kernel.errors import ValidationError

MEASURE = "《促进京津冀区域科技成果转化的若干措施》（2025年5月京津冀党政主要领导座谈会审议通过）"
MEASURE_ADOPTED = date(2025, 5, 12)  # the second day of the meeting that adopted it


class TargetKind(StrEnum):
    BEIJING_ACHIEVEMENTS = "beijing_achievements"
    TJHB_DEMANDS = "tjhb_demands"
    CORE_TECHNOLOGIES = "core_technologies"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def definition(self) -> str:
        """How the live figure is counted (shown beside it, so nobody has to guess)."""
        return _LABELS[self][1]

    @property
    def unit(self) -> str:
        return "项"


_LABELS = {
    TargetKind.BEIJING_ACHIEVEMENTS: ("提供北京科技成果", "年内在平台发布的北京地区科技成果数（含已发布后归档的）"),
    TargetKind.TJHB_DEMANDS: ("汇集津冀技术需求", "年内在平台发布的天津、河北地区技术需求数（含已发布后归档的）"),
    TargetKind.CORE_TECHNOLOGIES: ("突破关键核心技术", "年内经平台对接并签订技术合同（进入“签约”阶段）的成果数，按成果去重"),
}

DEFAULT_TARGETS = {
    TargetKind.BEIJING_ACHIEVEMENTS: 400,
    TargetKind.TJHB_DEMANDS: 300,
    TargetKind.CORE_TECHNOLOGIES: 100,
}


@dataclass(eq=False)
class Target:
    year: int
    kind: str
    value: int
    note: str = ""
    updated_by: int | None = None
    updated_at: datetime | None = None
    id: int | None = None


def validate_target(year: object, kind: object, value: object) -> tuple[int, TargetKind, int]:
    """Check an administrator's target: a sensible year, a known kind, a positive whole number."""
    try:
        year_n = int(str(year).strip())
    except ValueError:
        raise ValidationError("年份应为四位数字", field="year", code="year_format") from None
    if not 2014 <= year_n <= 2100:  # 2014: the year 京津冀协同发展 became a national strategy
        raise ValidationError("年份应在2014年至2100年之间", field="year", code="year_range")
    try:
        target_kind = TargetKind(str(kind))
    except ValueError:
        raise ValidationError("未知的目标类型", field="kind", code="unknown_target") from None
    text = str(value).strip()
    if not text.isdigit() or int(text) <= 0:
        raise ValidationError(f"{target_kind.label}的目标应为正整数", field=str(target_kind), code="target_positive")
    if int(text) > 1_000_000:
        raise ValidationError(f"{target_kind.label}的目标“{text}”超出合理范围", field=str(target_kind),
                              code="target_too_large")
    return year_n, target_kind, int(text)


def year_elapsed(year: int, today: date) -> float:
    """Share of `year` that has passed on `today` (0 before it starts, 1 after it ends)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    if today <= start:
        return 0.0
    if today >= end:
        return 1.0
    return (today - start).days / (end - start).days


def pace(actual: int, target: int, *, year: int, today: date) -> str:
    """达成 / 正常 / 落后: compares progress with the share of the year elapsed.

    "落后" means the count is below 90% of where an even pace through the year would put it,
    so a commission sees early which target needs attention.
    """
    if target <= 0 or actual >= target:
        return "已达成"
    expected = target * year_elapsed(year, today)
    return "进度正常" if actual >= 0.9 * expected else "进度落后"
