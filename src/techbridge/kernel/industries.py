"""Industry chains and fields (六链五群 and the seeds' fields), with GB/T 4754 mapping.

The reference tables in `data/industries.csv` and `data/chain_segments.csv` were written by us.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from techbridge.kernel.errors import ValidationError


@dataclass(frozen=True)
class Industry:
    code: str
    name: str
    group: str  # 六链五群 | 重点领域
    aliases: tuple[str, ...]
    gbt4754: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class ChainSegment:
    industry_code: str
    position: str  # 上游 | 中游 | 下游
    segment: str
    key_technologies: tuple[str, ...]
    keywords: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    text = files("techbridge.kernel").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


@cache
def industries() -> dict[str, Industry]:
    """All industries by code, in table order."""
    return {
        row["code"]: Industry(
            row["code"], row["name"], row["group"], _split(row["aliases"]), _split(row["gbt4754"]), row["description"]
        )
        for row in _rows("industries.csv")
    }


@cache
def chain_segments() -> tuple[ChainSegment, ...]:
    """The 产业链图谱 reference table: segments of each chain with their key technologies."""
    return tuple(
        ChainSegment(
            row["industry_code"], row["position"], row["segment"], _split(row["key_technologies"]), _split(row["keywords"])
        )
        for row in _rows("chain_segments.csv")
    )


@cache
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for industry in industries().values():
        for name in (industry.code, industry.name, *industry.aliases):
            names.setdefault(name, industry.code)
    return names


def resolve_industry(text: str, *, field: str = "industry") -> str:
    """Resolve an industry given by code, name or alias to its code."""
    value = (text or "").strip()
    if not value:
        raise ValidationError("请选择所属领域", field=field, code="industry_required")
    code = _by_name().get(value) or _by_name().get(value.lower())
    if code is None:
        known = "、".join(i.name for i in list(industries().values())[:8])
        raise ValidationError(
            f"未知的所属领域“{text}”，可选如：{known}等", field=field, code="unknown_industry"
        )
    return code


def industry_name(code: str | None) -> str:
    """Chinese name of an industry code ("" when unknown or empty)."""
    if not code:
        return ""
    industry = industries().get(code)
    return industry.name if industry else code
