"""What the talent and instrument imports/exports share: column templates, reports, file writing.

A file with any invalid row is refused whole (nothing is stored) unless `partial` is asked
for; rows are upserted by (source, 编号), so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.tabular import FileFormatError, Table, read_table, write_csv, write_jsonl, write_xlsx


@dataclass(frozen=True)
class Column:
    key: str  # canonical English field name
    header: str  # the Chinese template header
    note: str = ""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class RecordReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)
    file_error: str = ""
    committed: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems})


def canonical_rows(table: Table, columns: Sequence[Column]) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {key: value}) with Chinese or English headers mapped onto the canonical keys."""
    by_header = {c.header: c.key for c in columns} | {c.key: c.key for c in columns}
    out = []
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        row = {by_header[h]: v for h, v in cells.items() if h in by_header}
        out.append((number, {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}))
    return out


def problems_of(number: int, err: Exception, columns: Sequence[Column]) -> list[Problem]:
    header = {c.key: c.header for c in columns}
    errors = err.errors if isinstance(err, ValidationErrors) else [err]
    return [Problem(number, header.get(getattr(e, "field", "") or "", getattr(e, "field", "") or ""),
                    getattr(e, "message", str(e))) for e in errors]


def run_import(path: Path, columns: Sequence[Column], *, partial: bool,
               apply: Callable[[list[tuple[int, dict[str, Any]]], RecordReport, bool], None]) -> RecordReport:
    """Read `path`, then let `apply` validate and store the rows (it commits only when allowed)."""
    report = RecordReport()
    try:
        table = read_table(path)
    except FileFormatError as err:
        report.file_error = err.message
        return report
    rows = canonical_rows(table, columns)
    report.total_rows = len(rows)
    if not any(c.key == "external_id" for c in columns) or not rows:
        report.file_error = "文件中没有数据行"
        return report
    apply(rows, report, partial)
    return report


def require_id(row: dict[str, Any]) -> str:
    value = str(row.get("external_id") or "").strip()
    if not value:
        raise ValidationError("请填写编号（重复导入时据此更新而不是新增）", field="external_id", code="id_required")
    return value


def write_records(path: Path, columns: Sequence[Column], rows: Iterable[list[Any]], *, sheet_title: str,
                  encoding: str = "utf-8-sig") -> None:
    headers = [c.header for c in columns]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(path, headers, list(rows), sheet_title=sheet_title,
                   notes=[(c.header, c.note) for c in columns if c.note])
    elif suffix == ".csv":
        write_csv(path, headers, list(rows), encoding=encoding)
    elif suffix == ".jsonl":
        write_jsonl(path, [c.key for c in columns], list(rows))
    else:
        raise FileFormatError("输出文件应以 .xlsx、.csv 或 .jsonl 结尾", code="unsupported_format")


def cell(value: Any) -> Any:
    """A stored value as a template cell (lists joined with 、, dates ISO, money two decimals)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "quantize"):
        return f"{value:.2f}"
    return value
