"""Follow-up after a roadshow: an enterprise's 有意向 opens an engagement, the organiser is told about the rest,
the 对接清单 of an event, and the follow-ups idle for 14 days that the idle job reminds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from techbridge.accounts.directory import organizations_by_id, users_by_id
from techbridge.accounts.model import Role, User
from techbridge.deals import openings
from techbridge.deals import queries as deal_queries
from techbridge.deals.pipeline import CLOSED_STAGES, Side, Stage
from techbridge.finance import service as finance
from techbridge.finance.funnel_rules import FinanceStage
from techbridge.kernel.clock import utcnow
from techbridge.kernel.record_io import Column, cell, write_records
from techbridge.listings import queries as listing_queries
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import notify
from techbridge.roadshows import rules
from techbridge.roadshows.model import Roadshow, Slot
from techbridge.roadshows.repository import RoadshowRepository
from techbridge.storage.uow import UnitOfWork


def open_engagement(uow: UnitOfWork, *, actor: User, show: Roadshow, achievement_id: int) -> int | None:
    """Inside the caller's unit of work: the engagement of the achievement and the attendee's demand (see
    rules.pick_demand), with the attendee's interest on its timeline; a broker organiser takes it into their board."""
    achievement = listing_queries.get_achievement(uow, achievement_id)
    if achievement is None or actor.organization_id is None or achievement.organization_id == actor.organization_id:
        return None
    demands = listing_queries.published_of_organization(uow, "demand", actor.organization_id)
    demand_id = rules.pick_demand(achievement.industry, achievement.full_text(),
                                  [(d.id, d.industry, d.full_text()) for d in demands if d.id is not None])
    if demand_id is None:
        return None
    origin = f"路演“{show.title}”（{show.held_on}）"
    existing = deal_queries.engagement_for_pair(uow, achievement_id, demand_id)
    engagement = openings.open_engagement(
        uow, achievement_id=achievement_id, demand_id=demand_id, actor_id=actor.id, score=None,
        summary=f"{origin}现场有意向", origin=origin,
        interests=[openings.Interest(Side.SEEKER, actor.id, f"在{origin}勾选“有意向”")])
    if existing is not None and Stage(existing.stage) not in CLOSED_STAGES:  # already under way: note the new event
        openings.record_event(uow, engagement, actor.id, "note", note=f"在{origin}再次勾选“有意向”")
    organiser = users_by_id(uow, [show.organiser_id]).get(show.organiser_id)
    if engagement.broker_id is None and organiser is not None and organiser.role == Role.BROKER:
        engagement.broker_id = organiser.id
    return engagement.id


def tell_organiser(uow: UnitOfWork, *, show: Roadshow, actor: User, slot: Slot) -> None:
    """Nothing could be opened (no fitting fund, no demand): the organiser follows up by hand."""
    notify(uow, [show.organiser_id], kind=NotificationKind.INTEREST,
           title=f"路演“{show.title}”有新的意向：{actor.display_name}",
           body="该参会者的基金或需求与项目不符，未能自动发起对接，请人工跟进。", link=f"/roadshows/{show.id}/checklist")


@dataclass
class ChecklistRow:
    """One line of an event's 对接清单: who is interested in which project, what it opened and where it stands."""

    position: int
    project: str
    attendee: str
    organization: str
    kind: str  # 融资对接 / 技术对接 / 待人工跟进
    link: str | None
    stage: str
    last_activity: datetime | None
    idle_days: int

    @property
    def idle(self) -> bool:
        return self.link is not None and self.idle_days >= rules.IDLE_DAYS and self.stage not in ("交割", "终止", "签约",
                                                                                                   "量产")


def checklist(uow: UnitOfWork, *, roadshow_id: int, now: datetime | None = None) -> list[ChecklistRow]:
    """The event's 对接清单, in programme order."""
    now = now or utcnow()
    with uow:
        repo = uow.repo(RoadshowRepository)
        slots = {s.id: s for s in repo.slots(roadshow_id)}
        interests = list(repo.interests_of_show(roadshow_id))
        people = users_by_id(uow, [i.user_id for i in interests])
        orgs = organizations_by_id(uow, [u.organization_id for u in people.values() if u.organization_id])
        needs = finance.needs_by_id(uow, [s.need_id for s in slots.values() if s.need_id])
        achievements = listing_queries.achievements_by_id(uow, [s.achievement_id for s in slots.values()
                                                                if s.achievement_id])
        rows = []
        for i in interests:
            slot = slots[i.slot_id]
            project = needs[slot.need_id].title if slot.need_id in needs else (
                achievements[slot.achievement_id].title if slot.achievement_id in achievements else "")
            user = people.get(i.user_id)
            org = orgs.get(user.organization_id) if user and user.organization_id else None
            kind, link, stage, last = "待人工跟进", None, "—", i.created_at
            if i.deal_id is not None:
                deal = finance.deal_by_id(uow, i.deal_id)
                kind, link = "融资对接", f"/finance/deals/{i.deal_id}"
                stage, last = (FinanceStage(deal.stage).label, deal.updated_at) if deal else (stage, last)
            elif i.engagement_id is not None:
                engagement = deal_queries.get_engagement(uow, i.engagement_id)
                kind, link = "技术对接", f"/engagements/{i.engagement_id}"
                stage, last = (Stage(engagement.stage).label, engagement.updated_at) if engagement else (stage, last)
            idle = (now - last).days if last else 0
            rows.append(ChecklistRow(slot.position, project, user.display_name if user else "", org.name if org else "",
                                     kind, link, stage, last, idle))
    return sorted(rows, key=lambda r: (r.position, r.organization))


CHECKLIST_COLUMNS = (Column("position", "序号"), Column("project", "项目"), Column("attendee", "意向方"),
                     Column("organization", "单位"), Column("kind", "跟进方式"), Column("stage", "当前阶段"),
                     Column("last_activity", "最近进展"), Column("idle_days", "闲置天数"))


def write_checklist(path: Path, rows: list[ChecklistRow]) -> Path:
    """The 对接清单 as an XLSX file (the shared writer of kernel.record_io)."""
    write_records(path, CHECKLIST_COLUMNS, [[cell(getattr(r, c.key)) for c in CHECKLIST_COLUMNS] for r in rows],
                  sheet_title="对接清单")
    return path


def idle_followups(uow: UnitOfWork, *, days: int = rules.IDLE_DAYS, now: datetime | None = None) -> list[
        tuple[str, str, int, datetime]]:
    """Finance deals opened from a roadshow's 有意向 and idle `days` or more: (link, title, organiser id, last activity).

    Engagements opened the same way are reminded by the engagement idle alert already."""
    now = now or utcnow()
    out = []
    with uow:
        repo = uow.repo(RoadshowRepository)
        for interest, roadshow_id in repo.interests_with_deals():
            if interest.deal_id is None:
                continue
            deal = finance.deal_by_id(uow, interest.deal_id)
            show = repo.get(roadshow_id)
            if deal is None or show is None or deal.stage in (FinanceStage.CLOSED, FinanceStage.TERMINATED):
                continue
            last = deal.updated_at or deal.created_at or now
            if now - last >= timedelta(days=days):
                out.append((f"/finance/deals/{deal.id}", f"路演“{show.title}”后的融资对接", show.organiser_id, last))
    return out
