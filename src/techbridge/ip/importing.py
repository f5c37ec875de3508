"""Importing patent legal statuses from a spreadsheet (CSV UTF-8/GBK or XLSX): every row checked, then all or none.

Each row names a patent number and, optionally, the achievement's platform id; without one it updates every
achievement that lists that number (within what the importer may keep). A re-import updates, never duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from techbridge.accounts.model import User
from techbridge.ip.validation import StatusInput, parse_number, validate_status
from techbridge.kernel.errors import DomainError, PermissionDenied, ValidationError
from techbridge.kernel.record_io import Column, RecordReport, canonical_rows, problems_of
from techbridge.kernel.tabular import FileFormatError, read_table
from techbridge.listings import queries as listings
from techbridge.storage.uow import UnitOfWork

COLUMNS = (
    Column("number", "专利号", "申请号，如 202111212367.6"),
    Column("achievement_id", "成果编号", "平台上的成果编号；不填则更新所有登记该专利号的成果"),
    Column("status", "法律状态", "有效 / 审中 / 驳回 / 失效 / 届满"),
    Column("checked_on", "核实日期", "在国家知识产权局查询的日期"),
    Column("checked_by", "核实人"),
    Column("filed_on", "申请日"),
    Column("paid_through_year", "已缴年费年度"),
    Column("annuity_due", "下次年费截止日"),
    Column("note", "备注"),
)


def import_file(uow: UnitOfWork, *, actor: User | None, path: Path, checked_by: str, today: date,
                may_record: Callable[[User | None, Any], bool],
                store: Callable[..., tuple[Any, bool]]) -> RecordReport:
    report = RecordReport()
    try:
        table = read_table(path)
    except FileFormatError as err:
        report.file_error = err.message
        return report
    rows = canonical_rows(table, COLUMNS)
    report.total_rows = len(rows)
    if not rows:
        report.file_error = "文件中没有数据行"
        return report
    if not any("number" in row for _, row in rows):
        report.file_error = "缺少“专利号”列（模板表头：" + "、".join(c.header for c in COLUMNS) + "）"
        return report
    source = f"导入：{path.name}"[:120]
    with uow:
        parsed: list[tuple[int, StatusInput]] = []
        for number, row in rows:
            try:
                patent = parse_number(row.get("number"))
                targets = _targets(uow, patent, row.get("achievement_id"))
                for achievement in targets:
                    if not (actor is None or may_record(actor, achievement)):
                        raise PermissionDenied(f"无权录入成果“{achievement.title}”的专利状态")
                    data = validate_status(row, patents=achievement.patents, today=today,
                                           default_checked_by=checked_by or (actor.display_name if actor else ""))
                    parsed.append((achievement.id, data))
            except DomainError as err:
                report.problems.extend(problems_of(number, err, COLUMNS))
        if report.problems:
            return report
        for achievement_id, data in parsed:
            _, created = store(uow, achievement_id, data, user_id=actor.id if actor else None, source=source)
            report.created += created
            report.updated += not created
        uow.commit()
        report.committed = True
    return report


def _targets(uow: UnitOfWork, patent: str, achievement_id: Any) -> list[Any]:
    text = str(achievement_id or "").strip()
    if text:
        if not text.isdigit() or int(text) > 2**31:
            raise ValidationError("成果编号应为平台上的数字编号", field="achievement_id", code="achievement_id")
        achievement = listings.get_achievement(uow, int(text))
        if achievement is None:
            raise ValidationError(f"成果编号{text}不存在", field="achievement_id", code="achievement_missing")
        return [achievement]
    found = listings.achievements_with_patent(uow, patent)
    if not found:
        raise ValidationError(f"平台上没有成果登记专利号{patent}", field="number", code="number_unknown")
    return found
