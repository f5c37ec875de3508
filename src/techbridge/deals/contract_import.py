"""Import technology contracts from registration records (技术合同认定登记), CSV or XLSX.

The same rule as the list import: every row is validated and a file with any invalid row is
rejected whole, leaving the database as it was; `partial=True` imports the valid rows and
writes the rejected ones, with their reasons, beside the file. Rows are upserted by 登记编号,
or by (来源, 编号) when a record has no registration number, so a second import changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from techbridge.accounts.directory import all_organizations
from techbridge.deals.contracts import Contract, ContractInput, validate_contract_input
from techbridge.deals.repository import ContractRepository
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.tabular import FileFormatError, Table, read_table, write_csv, write_xlsx
from techbridge.listings.columns import Column, header_key
from techbridge.listings.importing import RowProblem
from techbridge.storage.uow import UnitOfWork

CONTRACT_COLUMNS = (
    Column("external_id", "编号", ("合同编号", "记录编号", "id")),
    Column("source", "来源", ("数据来源",)),
    Column("registration_no", "登记编号", ("技术合同登记编号", "认定登记编号", "合同登记号")),
    Column("title", "合同名称", ("项目名称", "名称"), required=True),
    Column("contract_type", "合同类型", ("技术合同类型", "类型"), required=True),
    Column("amount", "成交金额(万元)", ("合同成交额(万元)", "成交额(万元)", "合同金额(万元)", "成交金额"), required=True),
    Column("seller_name", "卖方名称", ("让与方", "卖方", "技术卖方", "受托方"), required=True),
    Column("seller_region", "卖方所在地区", ("卖方地区", "让与方所在地"), required=True),
    Column("buyer_name", "买方名称", ("受让方", "买方", "技术买方", "委托方"), required=True),
    Column("buyer_region", "买方所在地区", ("买方地区", "受让方所在地"), required=True),
    Column("signed_on", "签订日期", ("签订时间", "合同签订日期", "登记日期"), required=True),
    Column("payment_mode", "支付方式", ("付款方式",), required=True),
    Column("industry", "所属领域", ("技术领域", "产业链", "领域")),
    Column("trl", "技术成熟度", ("成熟度", "TRL")),  # optional: lets the market method compare (GB/T 39057-2020)
)
HEADERS = [c.header for c in CONTRACT_COLUMNS]


@dataclass
class ContractImportReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    file_error: str = ""
    committed: bool = False
    rejects_file: Path | None = None
    contract_ids: list[int] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems if p.row > 0})


@dataclass
class _Row:
    number: int
    cells: dict[str, Any]
    raw: dict[str, Any]
    data: ContractInput | None = None
    key: tuple[str, str] = ("", "")  # ("登记编号", number) or (source, external id)
    source: str = ""
    external_id: str | None = None


def import_contract_file(uow: UnitOfWork, path: Path, *, source: str = "import", partial: bool = False,
                         rejects_path: Path | None = None) -> ContractImportReport:
    """Import one file of registration records (see the module docstring)."""
    try:
        table = read_table(path)
    except ValidationError as err:
        return ContractImportReport(file_error=err.message)
    rejects = rejects_path or path.with_name(f"{path.stem}.rejected{'.xlsx' if path.suffix.lower() == '.xlsx' else '.csv'}")
    return import_contract_table(uow, table, source=source, partial=partial, rejects_path=rejects)


def import_contract_table(uow: UnitOfWork, table: Table, *, source: str = "import", partial: bool = False,
                          rejects_path: Path | None = None, today: date | None = None) -> ContractImportReport:
    """Import rows already read (the demo loader passes its records this way)."""
    report = ContractImportReport()
    known = {header_key(n): col.key for col in CONTRACT_COLUMNS for n in (col.key, col.header, *col.aliases)}
    columns = {h: known[header_key(h)] for h in table.headers if header_key(h) in known}
    missing = [c.header for c in CONTRACT_COLUMNS if c.required and c.key not in columns.values()]
    if missing:
        report.file_error = FileFormatError(f"缺少必需的列：{'、'.join(missing)}（请使用技术合同登记模板的表头）").message
        return report
    key_to_header = {key: header for header, key in columns.items()}
    rows = [_Row(n, cells, {columns[h]: v for h, v in cells.items() if h in columns})
            for n, cells in zip(table.row_numbers, table.rows, strict=True)]
    report.total_rows = len(rows)
    today = today or beijing_today()
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        try:
            row.data = validate_contract_input(_cells(row.raw), today=today)
        except ValidationErrors as many:
            report.problems += [RowProblem(row.number, key_to_header.get(e.field or "", ""), e.message) for e in many.errors]
            continue
        row.key = _key(row, source)
        if row.key in seen:
            report.problems.append(RowProblem(row.number, "", f"与第{seen[row.key]}行是同一份合同（{row.key[1]}）"))
        seen.setdefault(row.key, row.number)
    bad = {p.row for p in report.problems}
    good = [r for r in rows if r.number not in bad]
    with uow:
        if bad and not partial:
            return report  # nothing written
        report.contract_ids = _upsert(uow, good, report)
        uow.commit()
    report.committed = True
    if bad and rejects_path is not None:
        report.rejects_file = _write_rejects(table, rows, report.problems, rejects_path)
    return report


def _cells(raw: dict[str, Any]) -> dict[str, Any]:
    """Spreadsheet cells as the validator reads them (Excel gives dates and numbers, not text)."""
    out = dict(raw)
    if isinstance(out.get("amount"), float):  # Excel stores numbers as binary floats; its text is exact
        out["amount"] = repr(out["amount"]) if out["amount"] != int(out["amount"]) else str(int(out["amount"]))
    if hasattr(out.get("signed_on"), "date"):
        out["signed_on"] = out["signed_on"].date().isoformat()
    elif isinstance(out.get("signed_on"), date):
        out["signed_on"] = out["signed_on"].isoformat()
    return out


def _key(row: _Row, source: str) -> tuple[str, str]:
    assert row.data is not None
    row.source = str(row.raw.get("source") or "").strip() or source
    row.external_id = str(row.raw.get("external_id") or "").strip() or None
    if row.data.registration_no:
        return ("登记编号", row.data.registration_no)
    if row.external_id is None:
        d = row.data
        row.external_id = "auto-" + hashlib.sha1(f"{d.seller_name}|{d.buyer_name}|{d.title}|{d.signed_on}".encode()
                                                 ).hexdigest()[:16]
    return (row.source, row.external_id)


def _upsert(uow: UnitOfWork, rows: list[_Row], report: ContractImportReport) -> list[int]:
    orgs = {o.name: o.id for o in all_organizations(uow)}
    ids: list[int] = []
    now = utcnow()
    for row in rows:
        assert row.data is not None
        values = {**asdict(row.data), "seller_org_id": orgs.get(row.data.seller_name),
                  "buyer_org_id": orgs.get(row.data.buyer_name)}
        kind, value = row.key
        if kind == "登记编号":
            found = uow.repo(ContractRepository).by_registration_no(value)
        else:
            found = next(iter(uow.repo(ContractRepository).by_external_ids(kind, [value]).values()), None)
        if found is None:
            contract = Contract(**values, source=row.source, external_id=row.external_id, created_at=now)
            uow.repo(ContractRepository).add(contract)
            report.created += 1
        else:
            contract = found
            changed = [k for k, v in values.items() if getattr(found, k) != v]
            for k in changed:
                setattr(found, k, values[k])
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
        uow.flush()
        assert contract.id is not None
        ids.append(contract.id)
    return ids


def _write_rejects(table: Table, rows: list[_Row], problems: list[RowProblem], dest: Path) -> Path:
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row, []).append(f"{p.column}：{p.message}" if p.column else p.message)
    headers = [*table.headers, "错误原因"]
    out = [[r.cells.get(h, "") for h in table.headers] + ["；".join(reasons[r.number])] for r in rows if r.number in reasons]
    if dest.suffix.lower() == ".xlsx":
        write_xlsx(dest, headers, out, sheet_title="未导入的合同")
    else:
        write_csv(dest, headers, out)
    return dest
