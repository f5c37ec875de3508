"""The policy list as a spreadsheet: export (XLSX, CSV, JSONL) and ingest of rows in the same template.

An exported file can be corrected and ingested again: each row's 正文 goes through the same
cleaning and extraction as an uploaded document, and the other columns override what
extraction would find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techbridge.accounts.model import User
from techbridge.kernel.errors import DomainError
from techbridge.kernel.industries import industry_name
from techbridge.kernel.tabular import FileFormatError, read_table, write_csv, write_jsonl, write_xlsx
from techbridge.policies import service as policies
from techbridge.policies.model import region_label
from techbridge.policies.repository import PolicyRepository
from techbridge.storage.uow import UnitOfWork

HEADERS = ["标题", "发布机关", "发布日期", "适用地区", "文档类型", "产业链", "适用对象", "来源", "原文链接", "举措数",
           "正文"]
COLUMN_FIELDS = {"标题": "title", "发布机关": "issuer", "发布日期": "issued_on", "适用地区": "region", "文档类型": "doc_type",
                 "产业链": "industries", "适用对象": "audiences", "来源": "source", "原文链接": "url"}
NOTES = [("标题", "可留空：留空时从正文中提取"), ("发布日期", "如 2025-05-12；可留空"),
         ("适用地区", "北京、天津、河北或其下的市、区；“京津冀三地”表示三地通用"),
         ("产业链", "用顿号分隔，如：氢能、生物医药"), ("适用对象", "高校、科研院所、企业、医院、技术转移机构、园区"),
         ("正文", "必填：政策或新闻原文，收录时会自动清洗广告和导航文字")]


def export_policies(uow: UnitOfWork, path: Path) -> int:
    """Write the library in the import template; returns how many policies were written."""
    with uow:
        items = list(uow.repo(PolicyRepository).list(order_by=uow.repo(PolicyRepository).table.c.id))
    rows = [[p.title, p.issuer, p.issued_on.isoformat() if p.issued_on else "", region_label(p.region_code),
             p.doc_type, "、".join(industry_name(c) for c in p.industries), "、".join(p.audiences), p.source, p.url,
             len(p.measures), p.text] for p in items]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(path, HEADERS, rows, sheet_title="政策清单", notes=NOTES)
    elif suffix == ".csv":
        write_csv(path, HEADERS, rows)
    elif suffix == ".jsonl":
        write_jsonl(path, HEADERS, rows)
    else:
        raise FileFormatError(f"不支持的导出格式“{suffix}”：请使用 .xlsx、.csv 或 .jsonl", code="unsupported_format")
    return len(rows)


@dataclass
class TableIngest:
    created: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)


def ingest_table(uow: UnitOfWork, embedder: object | None, *, actor: User | None, path: Path) -> TableIngest:
    """Ingest every row of a policy list; a bad row is reported and the others still go in."""
    table = read_table(path)
    if "正文" not in table.headers:
        raise FileFormatError("表格缺少“正文”列：请使用“techbridge policies export”导出的模板", code="missing_column")
    report = TableIngest()
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        overrides: dict[str, Any] = {COLUMN_FIELDS[h]: str(v).strip() for h, v in row.items()
                                     if h in COLUMN_FIELDS and str(v).strip()}
        try:
            result = policies.ingest_text(uow, embedder, actor=actor, text=str(row.get("正文") or ""),
                                          overrides=overrides, file_name=path.name, file_type="table", origin="import",
                                          allow_existing=True)
        except DomainError as err:
            report.problems.append((number, err.message))
            continue
        (report.existing if result.existing else report.created).append(result.policy_id)
    return report
