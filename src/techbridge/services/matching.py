"""Matching as the pages and the API use it (wired to the engine in the next step)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecommendResult:
    kind: str
    listing_id: int | None
    hits: list[Any] = field(default_factory=list)


def recommend(platform: Any, *, kind: str, listing_id: int, viewer: Any, k: int) -> RecommendResult:
    return RecommendResult(kind, listing_id)


def preview_demand(platform: Any, form: dict[str, Any], *, viewer: Any, k: int) -> RecommendResult:
    return RecommendResult("demand", None)
