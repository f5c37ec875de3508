"""The jury's weighted scorecard and the checks on a roadshow. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.matching.segment import char_bigrams

# (key, label, weight in points of 100); each criterion is scored 0–10 by each juror
CRITERIA = (("tech", "技术先进性", 30), ("market", "市场前景", 30), ("team", "团队能力", 20), ("plan", "融资方案", 20))
KINDS = {"investor": "投资机构", "enterprise": "企业"}


def weighted_total(raw: Mapping[str, Any]) -> tuple[dict[str, int], Decimal]:
    """Scores 0–10 per criterion → the weighted total on 100 (one decimal)."""
    errors, scores = [], {}
    for key, label, _ in CRITERIA:
        text = str(raw.get(key) if raw.get(key) is not None else "").strip()
        if not text.isdigit() or not 0 <= int(text) <= 10:
            errors.append(ValidationError(f"“{label}”请打0–10的整数分", field=key, code="score_range"))
            continue
        scores[key] = int(text)
    if errors:
        raise ValidationErrors(errors)
    total = sum((Decimal(weight) * scores[key] / 10 for key, _, weight in CRITERIA), Decimal(0))
    return scores, total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mean(totals: list[Decimal]) -> Decimal | None:
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RoadshowInput:
    title: str
    held_on: date
    venue: str
    online: bool
    industry: str
    theme: str
    minutes: int


def check_roadshow(title: str, held_on: date | None, venue: str, online: bool, minutes: str, today: date,
                   slots: int) -> list[ValidationError]:
    errors = []
    if len(title.strip()) < 4:
        errors.append(ValidationError("路演名称至少4个字", field="title", code="too_short"))
    if held_on is None:
        errors.append(ValidationError("请填写路演日期", field="held_on", code="required"))
    elif held_on <= today:
        errors.append(ValidationError(f"路演日期（{held_on}）须晚于今天", field="held_on", code="date_past"))
    if not venue.strip() and not online:
        errors.append(ValidationError("请填写地点，或选择线上举行", field="venue", code="required"))
    if not minutes.isdigit() or not 5 <= int(minutes) <= 60:
        errors.append(ValidationError("每个项目的路演时长应为5–60分钟", field="minutes", code="minutes_range"))
    if slots == 0:
        errors.append(ValidationError("请至少选择一个路演项目", field="need_ids", code="required"))
    return errors


def criterion_means(cards: list[dict[str, int]]) -> dict[str, Decimal]:
    """The jury's mean per criterion (0–10, one decimal) over the scorecards handed in."""
    out: dict[str, Decimal] = {}
    for key, _, _ in CRITERIA:
        values = [Decimal(c[key]) for c in cards if key in c]
        if values:
            out[key] = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return out


def pick_demand(industry: str, text: str, demands: list[tuple[int, str, str]]) -> int | None:
    """Which of an enterprise's published demands (id, industry, text) a 有意向 links to the achievement: those in
    the achievement's industry first, then the one sharing most character bigrams with the achievement's text
    (a segmentation-free overlap, as the matcher's lexical view), the newest on a tie."""
    if not demands:
        return None
    mine = set(char_bigrams(text))

    def overlap(demand_text: str) -> float:
        theirs = set(char_bigrams(demand_text))
        return len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0

    return max(demands, key=lambda d: (d[1] == industry, overlap(d[2]), d[0]))[0]


IDLE_DAYS = 14  # a follow-up with no activity this long is reminded (the idle job, as for engagements)
