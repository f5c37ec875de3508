"""Use cases of landing records: record one, import a spreadsheet, list and filter, the chain figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import User
from techbridge.accounts.rules import admin_covers
from techbridge.deals import queries as deal_queries
from techbridge.jobs.model import Job
from techbridge.jobs.record_imports import submit_record_import
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import DomainError, NotFound, PermissionDenied, ValidationError
from techbridge.kernel.parks import park_name
from techbridge.kernel.record_io import (
    Column,
    RecordReport,
    problems_of,
    require_id,
    run_import,
    write_records,
)
from techbridge.kernel.regions import regions
from techbridge.landing.model import DESTINATION_PROVINCES, ChainRow, LandingRecord, chain, check_landing
from techbridge.landing.repository import LandingRepository
from techbridge.landing.validation import validate_landing
from techbridge.storage.uow import UnitOfWork

MAX_UPLOAD = 5 * 1024 * 1024
COLUMNS = (
    Column("external_id", "编号", "重复导入时据此更新"),
    Column("title", "项目名称"),
    Column("source_kind", "来源类型", "科技成果 / 对接 / 技术合同"),
    Column("source_id", "来源编号"),
    Column("form", "落地形式", "设立子公司 / 设立分公司 / 建设生产基地 / 许可生产 / 股权投资"),
    Column("beijing_org", "北京来源单位"),
    Column("park", "落地园区"),
    Column("region", "所在区县"),
    Column("registered_capital", "注册资本（万元）"),
    Column("investment", "投资额（万元）"),
    Column("jobs", "带动就业（人）"),
    Column("landed_on", "落地日期"),
    Column("production_start", "投产日期"),
    Column("evidence", "证明材料"),
)


def may_record(uow: UnitOfWork, actor: User | None, record: LandingRecord) -> bool:
    """Admins of the destination's region, and members of an organisation in the destination park (its operator)."""
    if actor is None:
        return False
    if admin_covers(actor, record.region_code):
        return True
    org = get_organization(uow, actor.organization_id) if actor.organization_id is not None else None
    return org is not None and org.park == record.park


def record_landing(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], today: date | None = None) -> int:
    record = validate_landing(raw)
    check_landing(record, today=today or beijing_today())
    with uow:
        if not may_record(uow, actor, record):
            raise PermissionDenied("只有落地园区的运营方或所在地区的管理方可以登记落地")
        now = utcnow()
        record.recorded_by, record.created_at, record.updated_at = actor.id, now, now
        uow.repo(LandingRepository).add(record)
        uow.commit()
        assert record.id is not None
        return record.id


def import_landings(uow: UnitOfWork, *, actor: User, path: Path, today: date | None = None,
                    source: str = "import") -> RecordReport:
    """Import an XLSX/CSV of landing records: all rows or none (a re-import updates rows by 编号)."""
    today = today or beijing_today()

    def apply(rows: list[tuple[int, dict[str, Any]]], report: RecordReport, partial: bool) -> None:
        parsed: list[tuple[str, LandingRecord]] = []
        with uow:
            for number, row in rows:
                try:
                    ext = require_id(row)
                    record = validate_landing(row)
                    check_landing(record, today=today)
                    if not may_record(uow, actor, record):
                        raise PermissionDenied("只有落地园区的运营方或所在地区的管理方可以登记该园区的落地")
                    parsed.append((ext, record))
                except DomainError as err:
                    report.problems.extend(problems_of(number, err, COLUMNS))
            if report.problems:
                return
            repo = uow.repo(LandingRepository)
            known = repo.by_external_ids(source, [ext for ext, _ in parsed])
            now = utcnow()
            for ext, record in parsed:
                stored = known.get(ext)
                if stored is None:
                    record.source, record.external_id, record.recorded_by = source, ext, actor.id
                    record.created_at = record.updated_at = now
                    repo.add(record)
                    report.created += 1
                else:
                    for name in ("title", "source_kind", "source_id", "form", "beijing_org", "park", "region_code",
                                 "landed_on", "production_start", "investment", "registered_capital", "jobs",
                                 "evidence"):
                        setattr(stored, name, getattr(record, name))
                    stored.updated_at = now
                    report.updated += 1
            uow.commit()
            report.committed = True

    return run_import(path, COLUMNS, partial=False, apply=apply)


def write_template(path: Path) -> None:
    """The import template: the headers, their notes, and one example row."""
    example = ["BD-2026-001", "输变电设备状态监测传感器许可生产", "科技成果", "", "许可生产", "华北电力测控研究所",
               "保定·中关村创新中心", "保定市竞秀区", "", "1200", "35", "2026-05-22", "2026-08-01",
               "专利实施许可合同（备案号 2026130600117）"]
    write_records(path, COLUMNS, [example], sheet_title="落地记录")


def get_landing(uow: UnitOfWork, landing_id: int) -> LandingRecord:
    with uow:
        record = uow.repo(LandingRepository).get(landing_id)
    if record is None:
        raise NotFound("落地记录不存在")
    return record


def submit_import(uow: UnitOfWork, *, actor: User, data_dir: Path, filename: str, content: bytes) -> Job:
    """Queue an uploaded XLSX/CSV of landing records for import in the background (all rows or none)."""
    from techbridge.landing.tasks import IMPORT

    if len(content) > MAX_UPLOAD:
        raise ValidationError("文件超过 5 MB", field="file", code="file_too_large")
    return submit_record_import(uow, kind=IMPORT, actor=actor, data_dir=data_dir, filename=filename, content=content,
                                label="导入落地记录")


def list_landings(uow: UnitOfWork, *, province: str = "", park: str = "", stage: str = "",
                  today: date | None = None) -> list[LandingRecord]:
    today = today or beijing_today()
    with uow:
        found = list(uow.repo(LandingRepository).filtered(province=province, park=park))
    return [r for r in found if stage in ("", "landed") or r.stage(today) == stage]


@dataclass(frozen=True)
class ChainFigures:
    provinces: list[ChainRow]
    parks: list[ChainRow]
    total_investment: Decimal
    total_jobs: int


def chain_figures(uow: UnitOfWork, *, today: date | None = None) -> ChainFigures:
    """签约 → 落地 → 投产 by destination province (signed = Beijing-sold contracts with a buyer there) and by park."""
    today = today or beijing_today()
    with uow:
        records = list(uow.repo(LandingRepository).list())
        signed = deal_queries.beijing_contracts_by_buyer_province(uow)
    table = regions()
    by_province = chain(records, today=today, key="province")
    provinces = [ChainRow(p, table.full_name(p), signed.get(p, 0),
                          *by_province.get(p, (0, 0, Decimal("0.00"), 0))) for p in DESTINATION_PROVINCES]
    by_park = chain(records, today=today, key="park")
    park_rows = sorted((ChainRow(k, park_name(k), None, *v) for k, v in by_park.items()), key=lambda r: -r.landed)
    return ChainFigures(provinces, park_rows, sum((r.investment for r in records), Decimal("0.00")),
                        sum(r.jobs for r in records))
