"""GB/T 2260 administrative divisions of 北京, 天津 and 河北, and name resolution.

The table (`data/regions.csv`) was written by us from the public standard: 北京, 天津 and
河北 down to district/county level, the other provincial-level divisions at province level
only (technology contracts name buyers and sellers all over China). 雄安新区 has no official
code and carries the platform's own (133100), marked in the table's note column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from techbridge.kernel.errors import ValidationError

PROVINCES = {"110000": "北京", "120000": "天津", "130000": "河北"}  # the platform's own region (京津冀)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    parent_code: str | None
    short_names: tuple[str, ...]
    note: str = ""

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def province(self) -> str:
        """Short province name: 北京, 天津, 河北, 上海, 广东 …"""
        return PROVINCES.get(self.province_code) or (self.short_names[0] if self.short_names else self.name)

    @property
    def in_jjj(self) -> bool:
        return self.province_code in PROVINCES


@dataclass(frozen=True)
class RegionTable:
    by_code: dict[str, Region]
    by_name: dict[str, str]  # unambiguous full or short name → code
    prefix_names: tuple[tuple[str, tuple[str, ...]], ...]  # every name → its codes, longest first

    def get(self, code: str) -> Region:
        try:
            return self.by_code[code]
        except KeyError:
            raise ValidationError(
                f"未知的行政区划代码“{code}”（仅支持北京、天津、河北）", field="region", code="unknown_region"
            ) from None

    def city_of(self, code: str) -> Region:
        """The prefecture city of a Hebei county, or the province for Beijing/Tianjin districts."""
        region = self.get(code)
        while region.level == "county" and region.parent_code:
            region = self.by_code[region.parent_code]
        return region

    def full_name(self, code: str) -> str:
        """E.g. 河北省唐山市路北区; 北京市海淀区."""
        parts: list[str] = []
        region: Region | None = self.get(code)
        while region is not None:
            parts.append(region.name)
            region = self.by_code.get(region.parent_code) if region.parent_code else None
        return "".join(reversed(parts))

    def short_label(self, code: str) -> str:
        """A compact label for lists: 北京·海淀, 河北·唐山, 天津·滨海新区."""
        region = self.get(code)
        if region.level == "province":
            return region.province
        if region.province_code in ("110000", "120000"):
            return f"{region.province}·{region.name}"
        city = self.city_of(code)
        return f"河北·{city.name.removesuffix('市')}"

    def children(self, code: str) -> list[Region]:
        return [r for r in self.by_code.values() if r.parent_code == code]


@cache
def regions() -> RegionTable:
    """The region table, loaded once."""
    by_code: dict[str, Region] = {}
    by_name: dict[str, str] = {}
    text = files("techbridge.kernel").joinpath("data/regions.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        shorts = tuple(s for s in row["short_names"].split("|") if s)
        region = Region(row["code"], row["name"], row["level"], row["parent_code"] or None, shorts, row["note"])
        by_code[region.code] = region
    names_seen: dict[str, list[str]] = {}
    for region in by_code.values():
        names_seen.setdefault(region.name, []).append(region.code)
    for name, codes in names_seen.items():
        if len(codes) == 1:  # 桥西区 etc. repeat: only their qualified short forms resolve
            by_name[name] = codes[0]
    for region in by_code.values():
        for short in region.short_names:
            by_name.setdefault(short, region.code)
    all_names: dict[str, set[str]] = {}
    for region in by_code.values():
        for name in (region.name, *region.short_names):
            all_names.setdefault(name, set()).add(region.code)
    prefix_names = tuple(
        (name, tuple(sorted(codes))) for name, codes in sorted(all_names.items(), key=lambda kv: -len(kv[0]))
    )
    return RegionTable(by_code, by_name, prefix_names)


def resolve_region(text: str, *, nationwide: bool = False) -> str:
    """Resolve a region written as a code, a full name, a short form or a path to a GB/T 2260 code.

    Accepts "130203", "唐山", "河北省唐山市", "天津市滨海新区", "保定高阳县", "雄安新区".
    The most specific match wins. Listings and organisations must be in 京津冀; contracts
    (`nationwide=True`) may name a buyer or seller in any province.
    """
    code = _resolve(text)
    if not nationwide and not regions().get(code).in_jjj:
        raise ValidationError(
            f"“{text}”不在京津冀范围内：本平台的单位和条目仅限北京、天津、河北", field="region", code="outside_region"
        )
    return code


def _resolve(text: str) -> str:
    table = regions()
    value = (text or "").strip().replace(" ", "").replace("·", "").replace("-", "")
    if not value:
        raise ValidationError("请填写所在地区", field="region", code="region_required")
    if value.isdigit():
        return table.get(value).code
    if value in table.by_name:
        return table.by_name[value]
    best = _resolve_path(value, table)
    same_name = [c for c in dict(table.prefix_names).get(value, ()) if c]
    if best is None and len(same_name) > 1:
        cities = "、".join(table.city_of(c).name for c in same_name)
        raise ValidationError(
            f"地区“{text}”有多个同名区县（{cities}），请写明所属城市", field="region", code="ambiguous_region"
        )
    if best is None:
        raise ValidationError(
            f"无法识别的地区“{text}”：请填写北京、天津、河北的区县或城市名称", field="region", code="unknown_region"
        )
    return best


# Development zones are not divisions; "沧州临港经济技术开发区" resolves to 沧州.
_ZONE_SUFFIXES = ("开发区", "园区", "产业园", "高新区", "新区", "工业园", "示范区", "基地", "科技城")


def _resolve_path(value: str, table: RegionTable) -> str | None:
    """Greedy left-to-right match of names ("河北省保定市高阳县", "唐山乐亭"); most specific wins."""
    best: str | None = None
    rest = value
    while rest:
        step = _match_prefix(rest, best, table)
        if step is None:
            break
        best, rest = step
    if best is None:
        return None
    if not rest or rest in ("省", "市", "区", "县") or rest.endswith(_ZONE_SUFFIXES):
        return best
    return None


def _match_prefix(rest: str, parent: str | None, table: RegionTable) -> tuple[str, str] | None:
    for name, codes in table.prefix_names:
        if not rest.startswith(name):
            continue
        inside = [c for c in codes if parent is None or _is_within(c, parent, table)]
        if len(inside) == 1 and inside[0] != parent:
            return inside[0], rest[len(name):]
    return None


def _is_within(code: str, ancestor: str, table: RegionTable) -> bool:
    region: Region | None = table.by_code[code]
    while region is not None:
        if region.code == ancestor:
            return True
        region = table.by_code.get(region.parent_code) if region.parent_code else None
    return False
