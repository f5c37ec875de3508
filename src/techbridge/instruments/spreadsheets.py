"""Import and export of the shared instruments list (共享仪器清单) as XLSX, CSV or JSON Lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from techbridge.accounts.directory import (
    organization_by_credit_code,
    organization_by_name,
    organizations_by_id,
)
from techbridge.instruments.model import Instrument, InstrumentStatus, weekdays_label
from techbridge.instruments.repository import InstrumentRepository
from techbridge.instruments.validation import validate_instrument_input
from techbridge.kernel.clock import utcnow
from techbridge.kernel.codes import validate_uscc
from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.parks import park_name
from techbridge.kernel.record_io import (
    Column,
    RecordReport,
    cell,
    problems_of,
    require_id,
    run_import,
    write_records,
)
from techbridge.kernel.regions import regions
from techbridge.storage.uow import UnitOfWork

COLUMNS = [
    Column("external_id", "编号", "仪器编号；重复导入同一编号会更新而不是新增"),
    Column("name", "仪器名称"),
    Column("category", "仪器类别", "如：电子显微镜、质谱仪器、力学性能测试、电磁兼容与电学测试"),
    Column("manufacturer", "生产厂家"),
    Column("model", "型号"),
    Column("org_name", "所属单位", "须为平台已登记的单位"),
    Column("credit_code", "统一社会信用代码", "所属单位的18位代码（优先按此匹配单位）"),
    Column("region", "所在地区", "北京、天津、河北的区县或城市"),
    Column("park", "所在园区"),
    Column("address", "存放地址"),
    Column("capabilities", "检测服务能力", "写清能做的检测、分析或加工，至少10字"),
    Column("specs", "主要技术指标", "每项写成“名称：数值”，多项用分号或换行分隔"),
    Column("sample_requirements", "样品要求"),
    Column("fee", "收费标准(元)", "单位：元，两位小数"),
    Column("fee_unit", "计费单位", "小时 / 样 / 天"),
    Column("voucher_eligible", "可用创新券", "是 / 否"),
    Column("open_weekdays", "开放日", "如：周一至周五、每天"),
    Column("open_from", "每日开放起", "0–23 的整点"),
    Column("open_until", "每日开放止", "1–24 的整点"),
    Column("max_booking_hours", "单次最长预约(小时)"),
    Column("status", "状态", "可预约 / 维护中 / 已停用"),
    Column("contact_name", "联系人"),
    Column("contact_phone", "联系电话"),
]


def import_instruments(uow: UnitOfWork, path: Path, *, source: str = "import", partial: bool = False) -> RecordReport:
    return run_import(path, COLUMNS, partial=partial,
                      apply=lambda rows, report, part: upsert_instruments(uow, rows, report, partial=part, source=source))


def upsert_instruments(uow: UnitOfWork, rows: list[tuple[int, dict[str, Any]]], report: RecordReport, *,
                       partial: bool, source: str) -> None:
    """Validate every row, then (if allowed) create or update the instruments by (source, 编号)."""
    with uow:
        existing = uow.repo(InstrumentRepository).by_external_ids(source, [str(r.get("external_id") or "") for _, r in rows])
        seen: set[str] = set()
        valid = []
        for number, row in rows:
            try:
                ext = require_id(row)
                if ext in seen:
                    raise ValidationError(f"编号“{ext}”在文件中重复", field="external_id", code="duplicate_id")
                seen.add(ext)
                org_id = _organization(uow, row)
                valid.append((ext, validate_instrument_input(row), org_id))
            except (ValidationError, ValidationErrors) as err:
                report.problems += problems_of(number, err, COLUMNS)
        if report.problems and not partial:
            return
        now = utcnow()
        for ext, data, org_id in valid:
            instrument = existing.get(ext)
            if instrument is None:
                instrument = Instrument(name="", category="", organization_id=org_id, region_code="", capabilities="",
                                        fee=data.fee, source=source, external_id=ext, created_at=now,
                                        updated_at=now)
                uow.repo(InstrumentRepository).add(instrument)
                report.created += 1
            else:
                report.updated += 1
            for name, value in vars(data).items():
                setattr(instrument, name, value)
            instrument.organization_id, instrument.updated_at = org_id, now
        uow.commit()
        report.committed = True


def _organization(uow: UnitOfWork, row: dict[str, Any]) -> int:
    code = str(row.get("credit_code") or "").strip()
    org = organization_by_credit_code(uow, validate_uscc(code)) if code else None
    if org is None and row.get("org_name"):
        org = organization_by_name(uow, str(row["org_name"]).strip())
    if org is None or org.id is None:
        raise ValidationError(f"找不到所属单位“{row.get('org_name') or code}”，请先在平台登记该单位", field="org_name",
                              code="unknown_organization")
    return org.id


def export_instruments(uow: UnitOfWork, path: Path, *, include_retired: bool = False,
                       encoding: str = "utf-8-sig") -> int:
    """Write the 共享仪器清单 in the template the importer reads back; returns the number of rows."""
    with uow:
        c = uow.repo(InstrumentRepository).table.c
        where = [] if include_retired else [c.status != InstrumentStatus.RETIRED.value]
        found = uow.repo(InstrumentRepository).list(*where, order_by=c.id)
        orgs = organizations_by_id(uow, {i.organization_id for i in found})
        rows = [_row(i, orgs[i.organization_id].name, orgs[i.organization_id].credit_code) for i in found]
    write_records(path, COLUMNS, rows, sheet_title="共享仪器清单", encoding=encoding)
    return len(rows)


def _row(i: Instrument, org_name: str, credit_code: str) -> list[Any]:
    values: dict[str, Any] = {
        "external_id": i.external_id or f"TB-I-{i.id}", "org_name": org_name, "credit_code": credit_code,
        "region": regions().full_name(i.region_code), "park": park_name(i.park),
        "specs": "；".join(f"{k}：{v}" for k, v in i.specs), "open_weekdays": weekdays_label(i.open_weekdays),
        "status": InstrumentStatus(i.status).label,
    }
    return [cell(values[c.key] if c.key in values else getattr(i, c.key, "")) for c in COLUMNS]
