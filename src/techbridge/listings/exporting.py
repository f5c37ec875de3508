"""Export of the 成果供给清单 / 技术需求清单 in the template the importer reads back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from techbridge.accounts.directory import organizations_by_id
from techbridge.accounts.model import Organization
from techbridge.kernel.industries import industry_name
from techbridge.kernel.parks import park_name
from techbridge.kernel.regions import regions
from techbridge.kernel.tabular import write_csv, write_jsonl, write_xlsx
from techbridge.listings.columns import COLUMNS, LIST_TITLES
from techbridge.listings.model import Listing, ListingStatus, Visibility
from techbridge.listings.service import kind_of
from techbridge.storage.uow import UnitOfWork

_NOTES = {
    "external_id": "条目编号；重复导入同一编号会更新而不是新增",
    "trl": "1–9 的整数（GB/T 22900-2022 技术就绪水平）",
    "asking_price": "万元，两位小数；不填或“面议”表示面议",
    "budget": "万元，两位小数；不填或“面议”表示面议",
    "transfer_modes": "转让、许可、作价入股、合作开发、先使用后付费，可多选，用顿号分隔",
    "cooperation_modes": "转让、许可、作价入股、合作开发、先使用后付费，可多选，用顿号分隔",
    "patents": "专利申请号（如 202310123456.6）或公开号（如 CN114081026A），多个用顿号分隔",
    "credit_code": "18位统一社会信用代码；新单位必填",
    "region": "北京、天津、河北的区县或城市，如“唐山”“滨海新区”“雄安新区”",
    "visibility": "公开 / 仅经纪人可见",
}


def listing_row(kind: str, listing: Listing, org: Organization) -> list[Any]:
    """One listing as template cells, in column order."""
    values: dict[str, Any] = {
        "external_id": listing.external_id or f"TB-{kind[0].upper()}-{listing.id}",
        "source": listing.source,
        "org_name": org.name,
        "credit_code": org.credit_code,
        "org_type": org.org_type,
        "region": regions().full_name(listing.region_code),
        "industry": industry_name(listing.industry),
        "visibility": Visibility(listing.visibility).label,
        "status": ListingStatus(listing.status).label,
        "park": park_name(listing.park),
    }
    row = []
    for col in COLUMNS[kind]:
        value = values[col.key] if col.key in values else getattr(listing, col.key, "")
        row.append(_cell(value))
    return row


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "quantize"):
        return f"{value:.2f}"
    return value


def export_listings(
    uow: UnitOfWork, kind: str, path: Path, *, statuses: tuple[str, ...] = ("published",), encoding: str = "utf-8-sig",
    include_confidential: bool = False,
) -> int:
    """Write the list to `path` (.xlsx, .csv or .jsonl); returns the number of rows."""
    spec = kind_of(kind)
    headers = [c.header for c in COLUMNS[kind]]
    with uow:
        repo = spec.repo(uow)
        c = repo.table.c
        where = [c.status.in_(statuses)]
        if not include_confidential:
            where.append(c.visibility == Visibility.PUBLIC.value)
        listings = repo.list(*where, order_by=c.id)
        orgs = organizations_by_id(uow, {x.organization_id for x in listings})
        rows: Iterator[list[Any]] = (listing_row(kind, x, orgs[x.organization_id]) for x in listings)
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            notes = [(c.header, _NOTES.get(c.key, "必填" if c.required else "")) for c in COLUMNS[kind]]
            write_xlsx(path, headers, rows, sheet_title=LIST_TITLES[kind], notes=notes)
        elif suffix == ".jsonl":
            write_jsonl(path, headers, rows)
        else:
            write_csv(path, headers, rows, encoding=encoding)
        return len(listings)
