"""What every 科技金融 page shares: the template context and its label helpers."""

from __future__ import annotations

from typing import Any

from techbridge.finance.funnel_rules import FinanceStage
from techbridge.finance.model import FinancingStage, FunderType, ProductKind, ReviewStatus, labels
from techbridge.finance.rules import stage_label
from techbridge.finance.sme_rules import LABEL
from techbridge.kernel.errors import ValidationError
from techbridge.kernel.industries import industries, industry_name
from techbridge.kernel.money import format_wan
from techbridge.kernel.regions import regions


def common_context() -> dict[str, Any]:
    return {"nav": "finance", "wan": format_wan, "stage_label": stage_label, "industry_name": industry_name,
            "funder_types": labels(FunderType), "product_kinds": labels(ProductKind), "stages": labels(FinancingStage),
            "status_label": lambda s: ReviewStatus(s).label, "industry_pairs": [(c, i.name) for c, i in industries().items()], "sme_label": LABEL,
            "region_label": region_label, "stage_name": funnel_stage}


def region_label(code: str) -> str:
    try:
        return regions().short_label(code)
    except ValidationError:
        return code


def funnel_stage(value: str | None) -> str:
    try:
        return FinanceStage(value or "").label
    except ValueError:
        return value or ""
