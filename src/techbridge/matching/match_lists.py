"""The 对接清单 for a roadshow: a demand list matched against the supply list, as XLSX."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techbridge.accounts.directory import organizations_by_id
from techbridge.kernel.errors import ValidationError
from techbridge.kernel.industries import industry_name
from techbridge.kernel.money import format_wan
from techbridge.kernel.regions import regions
from techbridge.kernel.tabular import read_table, write_xlsx
from techbridge.listings.columns import header_key, header_map
from techbridge.listings.queries import published_public_demands
from techbridge.matching.service import RecommendResult

HEADERS = ["需求序号", "需求名称", "需求单位", "需求地区", "推荐排名", "成果名称", "完成单位", "成果地区", "所属领域",
           "技术成熟度", "参考价格", "匹配度", "匹配理由", "共同技术要点", "需求中最相关的一句", "成果中最相关的一句", "成果链接"]


def match_rows(label: int, demand_title: str, demand_org: str, demand_region: str, result: RecommendResult,
               base_url: str) -> list[list[Any]]:
    """One spreadsheet row per recommended achievement of one demand."""
    rows: list[list[Any]] = []
    if not result.hits:
        return [[label, demand_title, demand_org, demand_region, "", "（暂无足够相关的成果）"] + [""] * 11]
    for rank, m in enumerate(result.hits, start=1):
        x = m.hit.explanation
        a: Any = m.listing
        rows.append([
            label, demand_title, demand_org, demand_region, rank, a.title, m.org.name,
            regions().short_label(a.region_code), industry_name(a.industry), a.trl, format_wan(a.asking_price),
            m.percent, x.summary, "、".join(t.term for t in x.shared_terms),
            x.best_pair.query_sentence if x.best_pair else "", x.best_pair.hit_sentence if x.best_pair else "",
            f"{base_url.rstrip('/')}/achievements/{a.id}",
        ])
    return rows


@dataclass(frozen=True)
class DemandEntry:
    """One demand of the list: a published demand (listing_id) or a row of a demand file (form)."""

    label: int
    title: str
    org: str
    region: str
    listing_id: int | None = None
    form: dict[str, Any] = field(default_factory=dict)


MatchRows = Callable[[Sequence[DemandEntry], int], list[list[Any]]]  # (demands, k) → rows


def demand_entries(platform: Any, demands_file: Path | None) -> list[DemandEntry]:
    """The demands to match: from a file (any demand list) or every published public demand."""
    if demands_file is not None:
        table = read_table(demands_file)
        known = header_map("demand")
        entries = []
        for n, cells in enumerate(table.rows, start=1):
            raw = {known[header_key(h)]: v for h, v in cells.items() if header_key(h) in known}
            if not str(raw.get("title") or "").strip():
                raise ValidationError(f"需求清单第{table.row_numbers[n - 1]}行缺少需求名称", field="title")
            entries.append(DemandEntry(n, str(raw["title"]), str(raw.get("org_name") or ""),
                                       str(raw.get("region") or ""), form=raw))
        return entries
    with platform.uow() as uow:
        demands = published_public_demands(uow)
        orgs = organizations_by_id(uow, {d.organization_id for d in demands})
    return [DemandEntry(n, d.title, orgs[d.organization_id].name, regions().short_label(d.region_code), listing_id=d.id)
            for n, d in enumerate(demands, start=1)]


def entry_rows(platform: Any, entries: Sequence[DemandEntry], *, k: int) -> list[list[Any]]:
    """Match each demand against the supply and lay out its spreadsheet rows (in this process)."""
    rows: list[list[Any]] = []
    for e in entries:
        if e.listing_id is None:
            result = platform.matching.preview_demand(e.form, viewer=None, k=k)
        else:
            result = platform.matching.recommend(kind="demand", listing_id=e.listing_id, viewer=None, k=k)
        rows += match_rows(e.label, e.title, e.org, e.region, result, platform.settings.base_url)
    return rows


def write_match_list(platform: Any, output: Path, *, demands_file: Path | None = None, k: int = 5,
                     match: MatchRows | None = None) -> int:
    """Write the 对接清单; `match` replaces the in-process matching (e.g. by Ray workers)."""
    entries = demand_entries(platform, demands_file)
    rows = match(entries, k) if match else entry_rows(platform, entries, k=k)
    write_xlsx(output, HEADERS, rows, sheet_title="对接清单")
    return len({r[0] for r in rows})
