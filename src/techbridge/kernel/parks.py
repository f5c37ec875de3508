"""Science parks and innovation carriers of the region (table written by us: data/parks.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from techbridge.kernel.errors import ValidationError


@dataclass(frozen=True)
class Park:
    key: str
    name: str
    short_names: tuple[str, ...]
    region_code: str
    kind: str
    description: str


@cache
def parks() -> dict[str, Park]:
    """All parks by key, in table order."""
    text = files("techbridge.kernel").joinpath("data/parks.csv").read_text(encoding="utf-8")
    return {
        row["key"]: Park(row["key"], row["name"], tuple(s for s in row["short_names"].split("|") if s),
                         row["region_code"], row["kind"], row["description"])
        for row in csv.DictReader(text.splitlines())
    }


@cache
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for park in parks().values():
        for name in (park.key, park.name, *park.short_names):
            names.setdefault(_canon(name), park.key)
    return names


def _canon(name: str) -> str:
    return name.replace(" ", "").replace("·", "").replace("—", "").replace("-", "").replace("－", "")


def resolve_park(text: str) -> str:
    """Resolve a park by key, name or short name to its key."""
    key = _by_name().get(_canon((text or "").strip()))
    if key is None:
        raise ValidationError(f"未知的园区“{text}”，请从平台园区列表中选择", field="park", code="unknown_park")
    return key


def park_name(key: str | None) -> str:
    if not key:
        return ""
    park = parks().get(key)
    return park.name if park else key
