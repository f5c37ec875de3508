"""Import and export of the talent database (人才库名单) as XLSX, CSV or JSON Lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from techbridge.accounts.directory import get_user, user_by_email, users_by_id
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.industries import industry_name
from techbridge.kernel.record_io import (
    Column,
    RecordReport,
    cell,
    problems_of,
    require_id,
    run_import,
    write_records,
)
from techbridge.kernel.regions import PROVINCES, regions
from techbridge.storage.uow import UnitOfWork
from techbridge.talent.model import PUBLIC_FIELD_LABELS, Expert, ExpertKind
from techbridge.talent.repository import ExpertRepository
from techbridge.talent.validation import validate_expert_input

COLUMNS = [
    Column("external_id", "编号", "人员编号；重复导入同一编号会更新而不是新增"),
    Column("name", "姓名"),
    Column("kind", "类别", "技术经理人 / 专家；技术经理人须填写有效证书"),
    Column("title", "职务职称"),
    Column("org_name", "工作单位"),
    Column("region", "所在地区", "北京、天津、河北的区县或城市"),
    Column("fields", "专业领域", "1–5个，用顿号分隔，如：氢能、新材料"),
    Column("expertise", "擅长方向与服务", "至少10字；找专家时主要依据"),
    Column("bio", "个人简介"),
    Column("phone", "电话"),
    Column("email", "电子邮箱"),
    Column("public_fields", "公开项目", "电话、电子邮箱、工作单位、个人简介中愿意公开的，用顿号分隔"),
    Column("credential_no", "证书编号", "如 BJ2024G00017：发证地区（BJ/TJ/HE）+年份+等级字母（C初级/Z中级/G高级）+5位序号"),
    Column("credential_region", "发证地区", "北京 / 天津 / 河北；三地互认"),
    Column("credential_level", "证书等级", "初级 / 中级 / 高级"),
    Column("credential_valid_until", "证书有效期至", "如 2028-06-30；已过期的证书不能登记"),
    Column("is_listed", "在人才库公开", "是 / 否"),
    Column("user_email", "平台账号", "已注册用户的邮箱：关联后显示其对接业绩"),
]


def import_experts(uow: UnitOfWork, path: Path, *, source: str = "import", partial: bool = False) -> RecordReport:
    """Import a 人才库名单; credentials are checked against today's date."""
    today = beijing_today()
    return run_import(path, COLUMNS, partial=partial,
                      apply=lambda rows, report, part: upsert_experts(uow, rows, report, partial=part, source=source,
                                                                      today_of=lambda _row: today))


def upsert_experts(uow: UnitOfWork, rows: list[tuple[int, dict[str, Any]]], report: RecordReport, *, partial: bool,
                   source: str, today_of: Callable[[dict[str, Any]], date]) -> None:
    """Validate every row, then (if allowed) create or update the profiles by (source, 编号)."""
    with uow:
        existing = uow.repo(ExpertRepository).by_external_ids(source, [str(r.get("external_id") or "") for _, r in rows])
        seen: set[str] = set()
        valid = []
        for number, row in rows:
            try:
                ext = require_id(row)
                if ext in seen:
                    raise ValidationError(f"编号“{ext}”在文件中重复", field="external_id", code="duplicate_id")
                seen.add(ext)
                data = validate_expert_input(row, today=today_of(row))
                user_id = _user_of(uow, row, existing.get(ext))
                valid.append((ext, data, user_id, row.get("organization_id")))
            except (ValidationError, ValidationErrors) as err:
                report.problems += problems_of(number, err, COLUMNS)
        if report.problems and not partial:
            return
        now = utcnow()
        for ext, data, user_id, org_id in valid:
            expert = existing.get(ext)
            if expert is None:
                expert = Expert(name="", kind=ExpertKind.EXPERT.value, region_code="", source=source, external_id=ext,
                                created_at=now, updated_at=now)
                uow.repo(ExpertRepository).add(expert)
                report.created += 1
            else:
                report.updated += 1
            for name, value in vars(data).items():
                setattr(expert, name, value)
            if user_id is not None:
                user = get_user(uow, user_id)
                expert.user_id, expert.organization_id = user_id, user.organization_id if user else None
            elif org_id is not None:
                expert.organization_id = int(org_id)
            expert.updated_at = now
        uow.commit()
        report.committed = True


def _user_of(uow: UnitOfWork, row: dict[str, Any], current: Expert | None) -> int | None:
    email = str(row.get("user_email") or "").strip()
    if not email:
        return current.user_id if current else None
    user = user_by_email(uow, email)
    if user is None or user.id is None:
        raise ValidationError(f"平台账号“{email}”不存在", field="user_email", code="unknown_user")
    linked = uow.repo(ExpertRepository).for_user(user.id)
    if linked is not None and linked is not current:
        raise ValidationError(f"平台账号“{email}”已关联其他人才档案", field="user_email", code="user_taken")
    return user.id


def export_experts(uow: UnitOfWork, path: Path, *, include_unlisted: bool = False, encoding: str = "utf-8-sig") -> int:
    """Write the 人才库名单 in the template the importer reads back; returns the number of rows."""
    with uow:
        c = uow.repo(ExpertRepository).table.c
        experts = uow.repo(ExpertRepository).list(*([] if include_unlisted else [c.is_listed.is_(True)]), order_by=c.id)
        emails = {u.id: u.email for u in users_by_id(uow, [e.user_id for e in experts if e.user_id]).values()}
        rows = [_row(e, emails) for e in experts]
    write_records(path, COLUMNS, rows, sheet_title="人才库名单", encoding=encoding)
    return len(rows)


def _row(e: Expert, emails: dict[int | None, str]) -> list[Any]:
    values: dict[str, Any] = {
        "external_id": e.external_id or f"TB-E-{e.id}", "region": regions().full_name(e.region_code),
        "fields": [industry_name(f) for f in e.fields], "public_fields": [PUBLIC_FIELD_LABELS[f] for f in e.public_fields],
        "credential_region": PROVINCES.get(e.credential_region or "", ""), "user_email": emails.get(e.user_id, ""),
    }
    return [cell(values[c.key] if c.key in values else getattr(e, c.key, "")) for c in COLUMNS]

