"""基金清单 import: a fund manager (or an admin for an institution) uploads an XLSX/CSV of funds.

All or nothing: every row is validated first (the same rules as the form), and any problem — a bad
cell, the same fund twice in the file — is reported by row and column with nothing written. A fund
already registered under the same name by the organisation is updated and goes back to review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techbridge.accounts.model import User
from techbridge.finance import service
from techbridge.finance.validation import validate_fund_input
from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.tabular import read_table, write_xlsx
from techbridge.storage.uow import UnitOfWork

COLUMNS = {  # header in the template → field
    "基金名称": "name", "出资类型": "funder_type", "投资逻辑": "thesis", "单笔下限（万元）": "ticket_min",
    "单笔上限（万元）": "ticket_max", "投资阶段": "stages", "关注行业": "industries", "投资地域": "regions",
    "不投行业": "excluded_industries", "其他排除项": "exclusions", "基金规模（万元）": "fund_size",
    "联系人": "contact_name", "联系电话": "contact_phone",
}
LABEL_OF = {f: h for h, f in COLUMNS.items()}
EXAMPLE = ["燕赵先进制造早期基金", "创投", "投资京津冀高校院所团队创办的先进制造企业，要求已有样机和首批客户。", "300", "2000",
           "天使轮、A轮", "先进制造、机器人", "京津冀", "", "类金融、房地产", "30000", "王经理", "0311-85201234"]


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)


def write_template(path: Path) -> Path:
    write_xlsx(path, list(COLUMNS), [EXAMPLE], sheet_title="基金清单",
               notes=[("投资阶段", "种子轮、天使轮、A轮、B轮、C轮及以后、Pre-IPO，多个用“、”分隔"),
                      ("出资类型", "政府引导基金、创投、产业资本、天使"), ("金额", "单位万元，最多两位小数")])
    return path


def import_funds(uow: UnitOfWork, *, actor: User, path: Path) -> ImportResult:
    table = read_table(path)
    missing = [h for h in ("基金名称", "投资逻辑", "单笔下限（万元）", "单笔上限（万元）") if h not in table.headers]
    if missing:
        raise ValidationError(f"缺少必填列：{'、'.join(missing)}（请使用基金清单模板）", field="file", code="missing_columns")
    rows: list[tuple[str, dict[str, Any]]] = []
    result = ImportResult()
    seen: dict[str, int] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        raw = {COLUMNS[h]: v for h, v in row.items() if h in COLUMNS}
        if all(v in (None, "") for v in raw.values()):
            continue
        try:
            data = validate_fund_input(raw)
        except ValidationErrors as many:
            result.problems += [Problem(number, LABEL_OF.get(e.field or "", e.field or ""), e.message) for e in many.errors]
            continue
        if data.name in seen:
            result.problems.append(Problem(number, "基金名称", f"与第{seen[data.name]}行重复：同一基金只写一行"))
            continue
        seen[data.name] = number
        rows.append((data.name, raw))
    if result.problems:
        return result
    if not rows:
        raise ValidationError("文件中没有基金数据", field="file", code="empty_file")
    existing = {r.record.name: r.record.id for r in service.listing(uow, "fund", viewer=actor, mine=True)}
    for name, raw in rows:
        fund_id = existing.get(name)
        service.save_fund(uow, actor=actor, raw=raw, fund_id=fund_id)
        if fund_id is None:
            result.created += 1
        else:
            result.updated += 1
    return result
