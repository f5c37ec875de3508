"""Evaluation records, the owner's sharing consents and valuations (pure dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(eq=False)
class Evaluation:
    """One evaluation of one achievement (GB/T 44731-2024): requested by the owner, scored by a third party."""

    achievement_id: int
    owner_org_id: int
    requested_by: int
    purpose: str  # 转化 / 投融资 / 作价入股 / 奖励
    achievement_type: str  # 基础研究类 / 应用技术类 / 软科学类
    status: str = "requested"  # requested | scored
    evaluator_org_id: int | None = None
    evaluator_user_id: int | None = None
    assessors: list[str] = field(default_factory=list)
    scores: dict[str, str] = field(default_factory=dict)  # dimension → "85.0"
    weights: dict[str, int] = field(default_factory=dict)  # dimension → percent
    total: Decimal | None = None
    grade: str = ""
    trl: int | None = None
    innovation: str = ""
    advancement: str = ""
    comparisons: list[dict[str, str]] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # named evidence documents
    conclusion: str = ""
    issued_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class EvaluationShare:
    """The owner's consent to show one evaluation to a named financier or buyer."""

    evaluation_id: int
    party_name: str
    purpose: str
    consented_by: int
    consented_at: datetime
    party_org_id: int | None = None  # the financier's organisation when it is on the platform (finance reads it)
    id: int | None = None


@dataclass(eq=False)
class Valuation:
    """One valuation (GB/T 39057-2020): its inputs and the three methods' results, as entered and computed."""

    achievement_id: int
    created_by: int
    inputs: dict[str, Any]
    results: dict[str, Any]
    asking_price: Decimal | None
    created_at: datetime
    id: int | None = None
