"""基金清单 / 金融产品清单 import from XLSX or CSV, through the shared import machinery (kernel.record_io) and run as a
background job (finance/tasks.py on the jobs queue), like the listings' imports.

All or nothing: every row is validated first (the same rules as the form), and any problem — a bad cell, the same
编号 or name twice in the file — is reported by row and column in Chinese with nothing written. Rows are keyed by
(the organisation, 编号), so importing the same file again updates its records; a record already registered
under the same name by the organisation is updated too. Whatever is created or changed goes to review like a
listing (an admin's own new entries are published at once, as on the forms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techbridge.accounts.model import User
from techbridge.accounts.rules import is_admin
from techbridge.finance.model import FinancialProduct, Fund, ReviewStatus
from techbridge.finance.repository import FundRepository, ProductRepository
from techbridge.finance.validation import validate_fund_input, validate_product_input
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import DomainError, ValidationError
from techbridge.kernel.record_io import (
    Column,
    Problem,
    RecordReport,
    problems_of,
    require_id,
    run_import,
    write_records,
)
from techbridge.storage.uow import UnitOfWork

ID = Column("external_id", "编号", "本单位内唯一，如 F001；重复导入时据此更新")
FUND_COLUMNS = (
    ID, Column("name", "基金名称"), Column("funder_type", "出资类型", "政府引导基金、创投、产业资本、天使"),
    Column("thesis", "投资逻辑"), Column("ticket_min", "单笔下限（万元）", "单位万元，最多两位小数"),
    Column("ticket_max", "单笔上限（万元）"),
    Column("stages", "投资阶段", "种子轮、天使轮、A轮、B轮、C轮及以后、Pre-IPO，多个用“、”分隔"),
    Column("industries", "关注行业", "行业名称，多个用“、”分隔"), Column("regions", "投资地域", "如 北京、河北 或 京津冀；空为不限"),
    Column("excluded_industries", "不投行业"), Column("exclusions", "其他排除项", "如 类金融、房地产"),
    Column("fund_size", "基金规模（万元）"), Column("contact_name", "联系人"), Column("contact_phone", "联系电话"),
)
PRODUCT_COLUMNS = (
    ID, Column("name", "产品名称"), Column("kind", "产品类型", "科创贷、知识产权质押融资、投贷联动、担保、保险"),
    Column("description", "产品说明"), Column("limit_max", "授信额度上限（万元）"),
    Column("rate_min", "年利率下限（%）"), Column("rate_max", "年利率上限（%）"), Column("term_months", "期限（月）"),
    Column("regions", "适用地域", "空为不限"), Column("industries", "适用行业", "空为不限"),
    Column("min_sme_score", "科技型中小企业评价最低分", "不要求则留空"), Column("requires_pledge", "需要质押", "是 / 否"),
    Column("min_innovation_points", "创新积分门槛", "不要求则留空"), Column("conditions", "其他准入条件"),
    Column("contact_name", "联系人"), Column("contact_phone", "联系电话"),
)
FUND_EXAMPLE = ["F001", "燕赵先进制造早期基金", "创投", "投资京津冀高校院所团队创办的先进制造企业，要求已有样机和首批客户。", "300",
                "2000", "天使轮、A轮", "先进制造、机器人", "京津冀", "", "类金融、房地产", "30000", "王经理", "0311-85201234"]
PRODUCT_EXAMPLE = ["P001", "冀科贷", "科创贷", "面向入库科技型中小企业的纯信用流动资金贷款，用于研发投入与中试生产，随借随还。", "1000",
                   "3.2", "4.35", "12", "河北", "", "60", "否", "", "近两年无不良信用记录", "李经理", "0311-86001234"]


@dataclass(frozen=True)
class Kind:
    """What one kind of finance list needs: its columns, form rules, repository, and the label users read."""

    key: str  # fund | product
    label: str
    columns: tuple[Column, ...]
    example: list[str]
    validate: Callable[[dict[str, Any]], Any]
    repo: type[Any]
    make: Callable[[Any, int], Any]  # validated input, organisation id → a new record


KINDS = {
    "fund": Kind("fund", "基金清单", FUND_COLUMNS, FUND_EXAMPLE, validate_fund_input, FundRepository,
                 lambda d, org: Fund(name=d.name, organization_id=org, funder_type=d.funder_type, thesis="",
                                     ticket_min=d.ticket_min, ticket_max=d.ticket_max)),
    "product": Kind("product", "金融产品清单", PRODUCT_COLUMNS, PRODUCT_EXAMPLE, validate_product_input,
                    ProductRepository,
                    lambda d, org: FinancialProduct(name=d.name, organization_id=org, kind=d.kind, description="",
                                                    limit_max=d.limit_max, rate_min=d.rate_min, rate_max=d.rate_max)),
}


def kind_of(key: str) -> Kind:
    if key not in KINDS:
        raise ValidationError("请选择要导入的清单：基金清单或金融产品清单", field="kind", code="unknown_kind")
    return KINDS[key]


def write_template(path: Path, kind: str = "fund") -> Path:
    """The XLSX template of a kind, with one example row and the notes of each column."""
    k = kind_of(kind)
    write_records(path, k.columns, [k.example], sheet_title=k.label)
    return path


def source_of(org_id: int) -> str:
    """编号 are unique within an organisation: two institutions may both number their funds F001."""
    return f"import:org{org_id}"


def import_records(uow: UnitOfWork, *, actor: User, path: Path, kind: str,
                   progress: Callable[[int, int], None] | None = None) -> tuple[RecordReport, list[int]]:
    """Validate every row, then write all of them in one transaction or none; returns the report and the ids
    written (for embedding)."""
    k = kind_of(kind)
    org_id = actor.organization_id
    written: list[int] = []

    def apply(rows: list[tuple[int, dict[str, Any]]], report: RecordReport, partial: bool) -> None:
        if org_id is None:
            report.file_error = f"请先关联所属单位，再导入{k.label}"
            return
        parsed: list[tuple[int, str, Any]] = []
        seen_ids: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        for done, (number, row) in enumerate(rows, start=1):
            if progress:
                progress(done, len(rows))
            if all(v in (None, "") for v in row.values()):
                continue
            try:
                ext = require_id(row)
                data = k.validate(row)
            except DomainError as err:
                report.problems.extend(problems_of(number, err, k.columns))
                continue
            if ext in seen_ids:
                report.problems.append(Problem(number, "编号", f"编号“{ext}”与第{seen_ids[ext]}行重复"))
            elif data.name in seen_names:
                report.problems.append(Problem(number, k.columns[1].header,
                                               f"“{data.name}”与第{seen_names[data.name]}行重复：同一条目只写一行"))
            else:
                seen_ids[ext], seen_names[data.name] = number, number
                parsed.append((number, ext, data))
        if report.problems:
            return
        if not parsed:
            report.file_error = "文件中没有数据行"
            return
        _write(uow, actor, k, org_id, parsed, report, written)

    return run_import(path, k.columns, partial=False, apply=apply), written


def _write(uow: UnitOfWork, actor: User, k: Kind, org_id: int, parsed: list[tuple[int, str, Any]],
           report: RecordReport, written: list[int]) -> None:
    source, now = source_of(org_id), utcnow()
    with uow:
        repo = uow.repo(k.repo)
        known = _known(repo, source, [ext for _, ext, _ in parsed])
        named = {r.name: r for r in repo.list(repo.table.c.organization_id == org_id)}
        claimed: dict[int, int] = {}  # record id → the row that updates it
        for number, ext, data in parsed:
            record = known.get(ext) or named.get(data.name)
            if record is not None and record.id in claimed:
                report.problems.append(Problem(number, "编号", f"与第{claimed[record.id]}行指向同一条已登记的记录"))
                continue
            if record is not None and named.get(data.name) not in (None, record):
                report.problems.append(Problem(number, k.columns[1].header, f"本单位已有名为“{data.name}”的另一条记录"))
                continue
            if record is None:
                record = k.make(data, org_id)
                record.created_by, record.created_at = actor.id, now
                record.status = ReviewStatus.PUBLISHED.value if is_admin(actor) else ReviewStatus.PENDING.value
                repo.add(record)
                report.created += 1
            else:
                if record.status != ReviewStatus.CLOSED.value:
                    record.status = ReviewStatus.PENDING.value  # changed: reviewed again
                report.updated += 1
            for name, value in vars(data).items():
                setattr(record, name, value)
            record.source, record.external_id, record.updated_at = source, ext, now
            uow.flush()
            claimed[record.id] = number
        if report.problems:  # nothing half-written: the transaction is rolled back when the unit of work closes
            report.created = report.updated = 0
            return
        uow.commit()
        written.extend(claimed)
        report.committed = True


def _known(repo: Any, source: str, ids: list[str]) -> dict[str, Any]:
    c = repo.table.c
    return {r.external_id: r for r in repo.list(c.source == source, c.external_id.in_(ids))} if ids else {}
