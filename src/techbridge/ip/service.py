"""Use cases of IP records: read an achievement's patents with their warnings, record a checked legal status,
licences and pledges, and import statuses from a spreadsheet.

Nothing is fetched from the patent office: the platform has no internet. Every status says who checked it and
when, and the pages say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from techbridge.accounts import rules as access
from techbridge.accounts.model import User
from techbridge.ip import rules
from techbridge.ip.model import PatentLicence, PatentPledge, PatentRecord
from techbridge.ip.repository import LicenceRepository, PatentRecordRepository, PledgeRepository
from techbridge.ip.validation import StatusInput, validate_licence, validate_pledge, validate_status
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import NotFound, PermissionDenied
from techbridge.listings import queries as listings
from techbridge.listings.model import Achievement
from techbridge.storage.uow import UnitOfWork

NOT_LIVE = "专利法律状态由成果方或管理方录入、导入，平台不联网实时查询；请以国家知识产权局公布的信息为准。"


def may_record(actor: User | None, achievement: Achievement) -> bool:
    """The achievement's organisation and the admins of its region keep its IP records."""
    if actor is None:
        return False
    return actor.organization_id == achievement.organization_id or access.admin_covers(actor, achievement.region_code)


@dataclass
class PatentView:
    number: str
    kind: str
    record: PatentRecord | None
    licences: list[PatentLicence]
    pledges: list[PatentPledge]
    warnings: list[rules.Warning]
    term_end: date | None


@dataclass
class IpView:
    achievement: Achievement
    patents: list[PatentView]
    may_edit: bool
    notice: str = NOT_LIVE
    warnings: list[rules.Warning] = field(default_factory=list)

    @property
    def serious(self) -> list[rules.Warning]:
        return [w for w in self.warnings if w.level == "严重"]


def _patent_views(uow: UnitOfWork, achievement: Achievement, *, buyer: str | None, today: date) -> list[PatentView]:
    assert achievement.id is not None
    records = {r.number: r for r in uow.repo(PatentRecordRepository).of_achievement(achievement.id)}
    ids = [r.id for r in records.values() if r.id is not None]
    licences = list(uow.repo(LicenceRepository).of_records(ids))
    pledges = list(uow.repo(PledgeRepository).of_records(ids))
    views = []
    for number in achievement.patents:
        record = records.get(number)
        try:
            kind = rules.patent_kind(number)
        except Exception:  # a number the listing accepted in another format: shown, not judged
            views.append(PatentView(number, "", record, [], [], [], None))
            continue
        mine_l = [x for x in licences if record is not None and x.record_id == record.id]
        mine_p = [x for x in pledges if record is not None and x.record_id == record.id]
        if record is None:
            found = rules.warnings(number=number, status=rules.LegalStatus.PENDING.value, filed=None,
                                   paid_through_year=None, checked_on=None, licences=[], pledged=False, buyer=buyer,
                                   today=today)
        else:
            found = rules.warnings(
                number=number, status=record.status, filed=record.filed_on, paid_through_year=record.paid_through_year,
                checked_on=record.checked_on, annuity_due=record.annuity_due, buyer=buyer, today=today,
                licences=[rules.Licence(x.licensee, x.exclusive, x.until) for x in mine_l],
                pledged=any(p.live(today) for p in mine_p))
        end = rules.term_end(kind, record.filed_on) if record is not None and record.filed_on else None
        views.append(PatentView(number, kind, record, mine_l, mine_p, found, end))
    return views


def _visible_achievement(uow: UnitOfWork, viewer: User | None, achievement_id: int) -> Achievement:
    achievement = listings.get_achievement(uow, achievement_id)
    if achievement is None or not (achievement.is_published or may_record(viewer, achievement)):
        raise NotFound("科技成果不存在或尚未发布")
    return achievement


def achievement_ip(uow: UnitOfWork, *, viewer: User | None, achievement_id: int, buyer: str | None = None,
                   today: date | None = None) -> IpView:
    """An achievement's patents, each with its recorded status, licences, pledges and warnings."""
    today = today or beijing_today()
    with uow:
        achievement = _visible_achievement(uow, viewer, achievement_id)
        views = _patent_views(uow, achievement, buyer=buyer, today=today)
    return IpView(achievement, views, may_record(viewer, achievement), warnings=[w for v in views for w in v.warnings])


def warnings_for(uow: UnitOfWork, *, achievement_id: int, buyer: str | None = None,
                 today: date | None = None) -> list[rules.Warning]:
    """The serious IP warnings of one achievement (lapsed, expired, exclusively licensed to someone other than
    `buyer`, annuity overdue), for the pipeline and the trading hall; inside or outside a unit of work."""
    today = today or beijing_today()
    if uow.session is None:
        with uow:
            return warnings_for(uow, achievement_id=achievement_id, buyer=buyer, today=today)
    achievement = listings.get_achievement(uow, achievement_id)
    if achievement is None:
        return []
    views = _patent_views(uow, achievement, buyer=buyer, today=today)
    return [w for v in views for w in v.warnings if w.level == "严重"]


@dataclass(frozen=True)
class OpenLicenceFacts:
    """What 专利法实施细则 第八十六条 asks about each patent before an open-licence statement."""

    problems: list[str]
    recorded: int
    patents: int


def open_licence_facts(uow: UnitOfWork, *, achievement_id: int, licence_until: date | None,
                       has_evaluation_report: bool, today: date | None = None) -> OpenLicenceFacts:
    """Inside the caller's unit of work: the reasons the achievement's patents may not be openly licensed."""
    today = today or beijing_today()
    achievement = listings.get_achievement(uow, achievement_id)
    if achievement is None:
        return OpenLicenceFacts(["科技成果不存在"], 0, 0)
    problems: list[str] = []
    recorded = 0
    for v in _patent_views(uow, achievement, buyer=None, today=today):
        if v.record is None:
            problems.append(f"专利{v.number}尚未录入法律状态（开放许可须先核实专利权有效，请在“知识产权”页录入或导入）")
            continue
        recorded += 1
        overdue = v.record.annuity_due is not None and v.record.annuity_due < today
        problems += rules.open_licence_problems(
            number=v.number, status=v.record.status, kind=v.kind, today=today,
            licences=[rules.Licence(x.licensee, x.exclusive, x.until) for x in v.licences],
            pledged_without_consent=any(p.live(today) and not p.open_licence_consent for p in v.pledges),
            annuity_overdue=overdue, has_evaluation_report=has_evaluation_report, term_end_on=v.term_end,
            licence_until=licence_until)
    if not achievement.patents:
        problems.append("开放许可针对专利：该成果未登记专利号")
    return OpenLicenceFacts(problems, recorded, len(achievement.patents))


def _store_status(uow: UnitOfWork, achievement_id: int, data: StatusInput, *, user_id: int | None,
                  source: str) -> tuple[PatentRecord, bool]:
    repo = uow.repo(PatentRecordRepository)
    now = utcnow()
    record = repo.find(achievement_id, data.number)
    created = record is None
    if record is None:
        record = PatentRecord(achievement_id, data.number, data.kind, data.status, data.checked_on, data.checked_by,
                              created_at=now)
        repo.add(record)
    record.kind, record.status, record.checked_on, record.checked_by = data.kind, data.status, data.checked_on, data.checked_by
    record.checked_by_user_id = user_id
    record.filed_on, record.paid_through_year, record.annuity_due = data.filed_on, data.paid_through_year, data.annuity_due
    record.note, record.source, record.updated_at = data.note, source, now
    return record, created


def record_status(uow: UnitOfWork, *, actor: User, achievement_id: int, raw: Mapping[str, Any],
                  today: date | None = None) -> int:
    """Record the legal status of one of the achievement's patents, as checked by a named person on a date."""
    today = today or beijing_today()
    with uow:
        achievement = _visible_achievement(uow, actor, achievement_id)
        if not may_record(actor, achievement):
            raise PermissionDenied("只有成果所属单位或所在地区的管理方可以录入专利法律状态")
        data = validate_status(raw, patents=achievement.patents, today=today, default_checked_by=actor.display_name)
        record, _ = _store_status(uow, achievement_id, data, user_id=actor.id, source="手工录入")
        uow.flush()
        uow.commit()
        assert record.id is not None
        return record.id


def _record_for_edit(uow: UnitOfWork, actor: User, record_id: int) -> PatentRecord:
    record = uow.repo(PatentRecordRepository).get(record_id)
    achievement = listings.get_achievement(uow, record.achievement_id) if record else None
    if record is None or achievement is None:
        raise NotFound("专利记录不存在")
    if not may_record(actor, achievement):
        raise PermissionDenied("只有成果所属单位或所在地区的管理方可以登记许可和质押")
    return record


def add_licence(uow: UnitOfWork, *, actor: User, record_id: int, raw: Mapping[str, Any]) -> int:
    """Record a licence granted on the patent (独占 / 排他 / 普通 / 开放许可)."""
    with uow:
        record = _record_for_edit(uow, actor, record_id)  # who may, before what they sent
        data = validate_licence(raw)
        assert record.id is not None
        licence = PatentLicence(record.id, data.licensee, data.kind, data.start_on, data.until, data.note,
                                recorded_by=actor.id, created_at=utcnow())
        uow.repo(LicenceRepository).add(licence)
        uow.flush()
        uow.commit()
        assert licence.id is not None
        return licence.id


def add_pledge(uow: UnitOfWork, *, actor: User, record_id: int, raw: Mapping[str, Any]) -> int:
    """Record a 专利权质押 registered on the patent."""
    with uow:
        record = _record_for_edit(uow, actor, record_id)  # who may, before what they sent
        data = validate_pledge(raw)
        assert record.id is not None
        pledge = PatentPledge(record.id, data.pledgee, data.amount, data.registered_on, data.until,
                              open_licence_consent=data.open_licence_consent, note=data.note, recorded_by=actor.id,
                              created_at=utcnow())
        uow.repo(PledgeRepository).add(pledge)
        uow.flush()
        uow.commit()
        assert pledge.id is not None
        return pledge.id


def import_statuses(uow: UnitOfWork, *, actor: User | None, path: Path, checked_by: str = "",
                    today: date | None = None) -> Any:
    """Import legal statuses from a CSV/XLSX (all rows or none). `actor` None is the operator's CLI."""
    from techbridge.ip.importing import import_file

    return import_file(uow, actor=actor, path=path, checked_by=checked_by, today=today or beijing_today(),
                       may_record=may_record, store=_store_status)
