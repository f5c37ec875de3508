"""Use cases of incubation carriers: register carriers and tenancies, change a tenancy's status, import
tenancies from a spreadsheet (all rows or none), the compliance card."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from techbridge.accounts.model import User
from techbridge.accounts.rules import admin_covers, is_admin
from techbridge.incubation.criteria import Check, checks_for
from techbridge.incubation.repository import CarrierRepository
from techbridge.incubation.rules import Carrier, Tenancy, check_tenancy, overlapping
from techbridge.incubation.validation import validate_carrier, validate_tenancy
from techbridge.jobs.model import Job
from techbridge.jobs.record_imports import submit_record_import
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.codes import uscc_check_char
from techbridge.kernel.errors import Conflict, DomainError, NotFound, PermissionDenied
from techbridge.kernel.record_io import Column, RecordReport, problems_of, run_import, write_records
from techbridge.storage.uow import UnitOfWork

TENANCY_COLUMNS = (
    Column("external_id", "统一社会信用代码", "18位，GB 32100 校验；重复导入时按信用代码和入驻日期更新"),
    Column("firm_name", "企业名称"),
    Column("moved_in", "入驻日期"),
    Column("moved_out", "离开日期", "毕业、迁出或注销时填写"),
    Column("status", "状态", "在孵 / 毕业 / 迁出 / 注销"),
    Column("area_m2", "使用面积（平方米）"),
    Column("has_patent_application", "已申请专利", "是 / 否"),
    Column("has_valid_ip", "拥有有效知识产权", "是 / 否"),
    Column("funded", "获得投融资", "是 / 否"),
)
EDITABLE = ("name", "kind", "level", "region_code", "park", "area_m2", "tenant_area_m2", "seed_fund_wan", "fund_cases",
            "professional_staff", "staff", "mentors", "years_operating", "years_of_statistics", "opened_on",
            "workstations", "events_per_year", "typical_cases", "new_firms_per_year")


def write_tenancy_template(path: Path) -> None:
    """The tenancy import template: the headers, their notes, and one example row."""
    body = "91130602MA0EXAMPL"
    write_records(path, TENANCY_COLUMNS, [[body + uscc_check_char(body), "保定智感电力科技有限公司", "2025-03-01", "",
                                           "在孵", "120", "是", "否", "是"]], sheet_title="入驻企业")


def may_manage(user: User | None, carrier: Carrier) -> bool:
    return user is not None and (admin_covers(user, carrier.region_code) or
                                 (user.organization_id is not None and user.organization_id == carrier.organization_id))


def list_carriers(uow: UnitOfWork) -> list[Carrier]:
    with uow:
        repo = uow.repo(CarrierRepository)
        return list(repo.list(order_by=repo.table.c.id))


def get_carrier(uow: UnitOfWork, carrier_id: int) -> Carrier:
    with uow:
        carrier = uow.repo(CarrierRepository).get(carrier_id)
    if carrier is None:
        raise NotFound("载体不存在")
    return carrier


def save_carrier(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], carrier_id: int | None = None,
                 organization_id: int | None = None) -> int:
    """Register a carrier of the actor's organisation (an admin may name one), or update one the actor manages."""
    data = validate_carrier(raw)
    with uow:
        repo = uow.repo(CarrierRepository)
        if carrier_id is None:
            org = organization_id if organization_id is not None and is_admin(actor) else actor.organization_id
            if org is None:
                raise PermissionDenied("请先加入机构（载体运营单位）后再登记孵化载体")
            data.organization_id, data.created_at = org, utcnow()
            if not may_manage(actor, data):
                raise PermissionDenied("只能登记本单位运营的载体，或所在地区管理方登记")
            repo.add(data)
            uow.flush()
        else:
            stored = repo.get(carrier_id)
            if stored is None:
                raise NotFound("载体不存在")
            if not may_manage(actor, stored):
                raise PermissionDenied("只有载体运营单位或所在地区管理方可以修改载体")
            for name in EDITABLE:
                setattr(stored, name, getattr(data, name))
            data = stored
        uow.commit()
        assert data.id is not None
        return data.id


def _managed(uow: UnitOfWork, actor: User, carrier_id: int) -> Carrier:
    carrier = uow.repo(CarrierRepository).get(carrier_id)
    if carrier is None:
        raise NotFound("载体不存在")
    if not may_manage(actor, carrier):
        raise PermissionDenied("只有载体运营单位或所在地区管理方可以登记入驻企业")
    return carrier


def tenancy_of(uow: UnitOfWork, *, actor: User, tenancy_id: int) -> tuple[Tenancy, Carrier]:
    """A tenancy and its carrier, for those who manage the carrier."""
    with uow:
        tenancy = uow.repo(CarrierRepository).tenancy(tenancy_id)
        if tenancy is None:
            raise NotFound("入驻记录不存在")
        return tenancy, _managed(uow, actor, tenancy.carrier_id)


def add_tenancy(uow: UnitOfWork, *, actor: User, tenancy: Tenancy, today: date | None = None) -> int:
    """Register a firm's tenancy; its dates must agree with its status and not overlap its earlier stay."""
    today = today or beijing_today()
    check_tenancy(tenancy, today=today)
    with uow:
        _managed(uow, actor, tenancy.carrier_id)
        if any(overlapping(t, tenancy, today=today) for t in uow.repo(CarrierRepository).tenancies(tenancy.carrier_id)):
            raise Conflict("该企业在本载体的入驻期间与已登记的记录重叠", code="tenancy_overlap")
        uow.repo(CarrierRepository).add_tenancy(tenancy)
        uow.commit()
        assert tenancy.id is not None
        return tenancy.id


def register_tenancy(uow: UnitOfWork, *, actor: User, carrier_id: int, raw: Mapping[str, Any],
                     today: date | None = None) -> int:
    """A tenancy from a form (parsed here, then checked as `add_tenancy` does)."""
    return add_tenancy(uow, actor=actor, tenancy=validate_tenancy(raw, carrier_id=carrier_id), today=today)


def update_tenancy(uow: UnitOfWork, *, actor: User, tenancy_id: int, raw: Mapping[str, Any],
                   today: date | None = None) -> int:
    """Change a tenancy (typically 在孵 → 毕业 / 迁出 / 注销 with the leaving date); same checks as a new one."""
    today = today or beijing_today()
    with uow:
        repo = uow.repo(CarrierRepository)
        stored = repo.tenancy(tenancy_id)
        if stored is None:
            raise NotFound("入驻记录不存在")
        _managed(uow, actor, stored.carrier_id)
        changed = validate_tenancy(raw, carrier_id=stored.carrier_id)
        check_tenancy(changed, today=today)
        if any(t.id != stored.id and overlapping(t, changed, today=today) for t in repo.tenancies(stored.carrier_id)):
            raise Conflict("该企业在本载体的入驻期间与已登记的记录重叠", code="tenancy_overlap")
        for name in ("firm_name", "credit_code", "moved_in", "moved_out", "status", "area_m2",
                     "has_patent_application", "has_valid_ip", "funded"):
            setattr(stored, name, getattr(changed, name))
        uow.commit()
        return stored.carrier_id


def import_tenancies(uow: UnitOfWork, *, actor: User, carrier_id: int, path: Path,
                     today: date | None = None) -> RecordReport:
    """Import an XLSX/CSV of a carrier's tenancies: all rows or none; a row with the same credit code and
    move-in date as a stored tenancy updates it."""
    today = today or beijing_today()

    def apply(rows: list[tuple[int, dict[str, Any]]], report: RecordReport, partial: bool) -> None:
        with uow:
            try:
                _managed(uow, actor, carrier_id)
            except DomainError as err:
                report.file_error = err.message
                return
            repo = uow.repo(CarrierRepository)
            stored = repo.tenancies(carrier_id)
            seen: list[Tenancy] = []
            plan: list[tuple[Tenancy, Tenancy | None]] = []
            for number, row in rows:
                try:
                    t = validate_tenancy(row, carrier_id=carrier_id)
                    check_tenancy(t, today=today)
                    same = next((s for s in stored if s.credit_code == t.credit_code and s.moved_in == t.moved_in), None)
                    others = [s for s in stored if s is not same] + seen
                    if any(overlapping(o, t, today=today) for o in others):
                        raise Conflict("该企业的入驻期间与本载体已登记或本文件中的记录重叠", code="tenancy_overlap")
                    seen.append(t)
                    plan.append((t, same))
                except DomainError as err:
                    report.problems.extend(problems_of(number, err, TENANCY_COLUMNS))
            if report.problems:
                return
            for t, same in plan:
                if same is None:
                    repo.add_tenancy(t)
                    report.created += 1
                else:
                    for name in ("firm_name", "moved_out", "status", "area_m2", "has_patent_application",
                                 "has_valid_ip", "funded"):
                        setattr(same, name, getattr(t, name))
                    report.updated += 1
            uow.commit()
            report.committed = True

    return run_import(path, TENANCY_COLUMNS, partial=False, apply=apply)


def submit_tenancy_import(uow: UnitOfWork, *, actor: User, carrier_id: int, data_dir: Path, filename: str,
                          content: bytes) -> Job:
    """Queue an uploaded XLSX/CSV of a carrier's tenancies; refused at once to anyone who may not manage it."""
    from techbridge.incubation.tasks import IMPORT

    with uow:
        carrier = _managed(uow, actor, carrier_id)
    return submit_record_import(uow, kind=IMPORT, actor=actor, data_dir=data_dir, filename=filename, content=content,
                                label=f"导入{carrier.name}入驻企业", carrier_id=carrier_id)


@dataclass
class ComplianceCard:
    carrier: Carrier
    tenancies: list[Tenancy]
    checks: list[Check]
    source: str  # the measure the checks come from ('' when none applies to this kind of carrier)
    can_manage: bool = False

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.passed)


def compliance_card(uow: UnitOfWork, *, carrier_id: int, viewer: User | None = None,
                    today: date | None = None) -> ComplianceCard:
    with uow:
        carrier = uow.repo(CarrierRepository).get(carrier_id)
        if carrier is None:
            raise NotFound("载体不存在")
        tenancies = uow.repo(CarrierRepository).tenancies(carrier_id)
    source, checks = checks_for(carrier.kind, carrier.facts(tenancies), today=today or beijing_today())
    return ComplianceCard(carrier, tenancies, checks, source, may_manage(viewer, carrier))
