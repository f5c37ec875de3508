"""Use cases of roadshows: create one from matched financing needs, invite the funds that fit, register,
score as the jury, and turn an attendee's 有意向 into a finance funnel entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError

from techbridge.accounts.directory import get_organization, users_by_id
from techbridge.accounts.model import User
from techbridge.accounts.rules import is_admin, is_broker
from techbridge.finance import service as finance
from techbridge.finance.model import FinancingNeed
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.industries import resolve_industry
from techbridge.kernel.validation import parse_date
from techbridge.listings import queries as listing_queries
from techbridge.listings.model import Achievement
from techbridge.roadshows import followup, invitations, rules
from techbridge.roadshows.invitations import Invitee
from techbridge.roadshows.model import Interest, Invitation, JuryScore, Registration, Roadshow, Slot
from techbridge.roadshows.repository import RoadshowRepository
from techbridge.storage.uow import UnitOfWork


def may_organise(user: User | None) -> bool:
    return is_admin(user) or is_broker(user)


def create(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], need_ids: list[int], jury_ids: list[int],
           achievement_ids: list[int] | None = None) -> int:
    """A roadshow with its slots: the financing needs in the order chosen, then the achievements."""
    achievement_ids = list(dict.fromkeys(achievement_ids or []))
    if not may_organise(actor):
        raise PermissionDenied("只有管理方和技术经理人可以组织路演")
    errors: list[ValidationError] = []
    try:
        held_on = parse_date(raw.get("held_on"))
    except ValidationError as err:
        err.field, held_on = "held_on", None
        errors.append(err)
    online = str(raw.get("online") or "") in ("1", "on", "true")
    title, venue = str(raw.get("title") or "").strip(), str(raw.get("venue") or "").strip()
    minutes = str(raw.get("minutes") or "").strip()
    errors += rules.check_roadshow(title, held_on, venue, online, minutes, beijing_today(),
                                   len(need_ids) + len(achievement_ids))
    industry = ""
    if str(raw.get("industry") or "").strip():
        try:
            industry = resolve_industry(str(raw["industry"]))
        except ValidationError as err:
            errors.append(err)
    published = {n.id: n for n in finance.published_needs(uow)}
    if any(i not in published for i in need_ids):
        errors.append(ValidationError("所选项目不存在或尚未发布", field="need_ids", code="unknown_need"))
    if achievement_ids:
        with uow:
            found = listing_queries.achievements_by_id(uow, achievement_ids)
        if any(i not in found or found[i].status != "published" for i in achievement_ids):
            errors.append(ValidationError("所选成果不存在或尚未发布", field="achievement_ids", code="unknown_achievement"))
    jurors = {u.id: u for u in _users(uow, jury_ids)}
    if any(j not in jurors or not may_organise(jurors[j]) for j in jury_ids):
        errors.append(ValidationError("评委须为平台上的技术经理人或管理方", field="jury_ids", code="unknown_juror"))
    if errors:
        raise ValidationErrors(errors)
    assert held_on is not None and actor.id is not None
    with uow:
        repo = uow.repo(RoadshowRepository)
        show = Roadshow(title[:100], actor.id, held_on, venue[:200], online, industry, str(raw.get("theme") or "")[:2000],
                        jury_ids=sorted(set(jury_ids)), created_at=utcnow())
        repo.add(show)
        uow.flush()
        assert show.id is not None
        projects = [(n, None) for n in dict.fromkeys(need_ids)] + [(None, a) for a in achievement_ids]
        for position, (need_id, achievement_id) in enumerate(projects, start=1):
            repo.add_any(Slot(show.id, need_id, position, int(minutes), achievement_id=achievement_id))
        uow.commit()
        return show.id


def _users(uow: UnitOfWork, ids: list[int]) -> list[User]:
    with uow:
        return list(users_by_id(uow, ids).values())


@dataclass
class SlotView:
    slot: Slot
    need: FinancingNeed | None
    mean_score: Decimal | None
    scores: int
    interested: int
    my_score: JuryScore | None = None
    i_am_interested: bool = False
    achievement: Achievement | None = None
    per_criterion: dict[str, Decimal] = field(default_factory=dict)  # the jury's mean per criterion, 0–10

    @property
    def title(self) -> str:
        if self.need is not None:
            return self.need.title
        return self.achievement.title if self.achievement else ""

    @property
    def kind_label(self) -> str:
        return "融资项目" if self.need is not None else "科技成果"


@dataclass
class RoadshowView:
    show: Roadshow
    slots: list[SlotView]
    registrations: list[Registration]
    registered: bool
    is_juror: bool
    is_organiser: bool
    jury: list[User] = field(default_factory=list)
    invitees: list[Invitee] = field(default_factory=list)
    deals: int = 0
    engagements: int = 0
    invited: list[Invitation] = field(default_factory=list)

    @property
    def ranked(self) -> list[SlotView]:
        """The programme ranked by the jury's weighted mean (unscored last)."""
        return sorted(self.slots, key=lambda v: (v.mean_score is None, -(v.mean_score or 0), v.slot.position))

    @property
    def past(self) -> bool:
        return self.show.held_on < beijing_today()


def view(uow: UnitOfWork, embedder: Any, *, roadshow_id: int, viewer: User | None) -> RoadshowView:
    with uow:
        repo = uow.repo(RoadshowRepository)
        show = repo.get(roadshow_id)
        if show is None:
            raise NotFound("路演不存在")
        slots = list(repo.slots(roadshow_id))
        ids = [s.id for s in slots if s.id is not None]
        scores, interests = list(repo.scores(ids)), list(repo.interests(ids))
        registrations = list(repo.registrations(roadshow_id))
        jury = list(users_by_id(uow, show.jury_ids).values())
        achievements = listing_queries.achievements_by_id(uow, [s.achievement_id for s in slots if s.achievement_id])
    needs = finance.needs_by_id(uow, [s.need_id for s in slots if s.need_id])
    uid = viewer.id if viewer else None
    views = []
    for s in slots:
        mine = [x for x in scores if x.slot_id == s.id]
        views.append(SlotView(s, needs.get(s.need_id) if s.need_id else None, rules.mean([x.total for x in mine]),
                              len(mine), sum(1 for i in interests if i.slot_id == s.id),
                              next((x for x in mine if x.juror_id == uid), None),
                              any(i.slot_id == s.id and i.user_id == uid for i in interests),
                              achievements.get(s.achievement_id) if s.achievement_id else None,
                              rules.criterion_means([x.scores for x in mine])))
    result = RoadshowView(show, views, registrations, any(r.user_id == uid for r in registrations),
                          uid is not None and uid in show.jury_ids, uid == show.organiser_id or is_admin(viewer), jury,
                          deals=sum(1 for i in interests if i.deal_id is not None),
                          engagements=sum(1 for i in interests if i.engagement_id is not None))
    if result.is_organiser:
        with uow:
            result.invited = list(uow.repo(RoadshowRepository).invitations(roadshow_id))
        if embedder is not None:
            result.invitees = invitations.invitees(uow, embedder, slots=slots, viewer=viewer)
    return result


def register(uow: UnitOfWork, *, actor: User, roadshow_id: int, kind: str, tags: str = "") -> None:
    if kind not in rules.KINDS:
        raise ValidationError("请选择报名身份（投资机构或企业）", field="kind", code="required")
    try:
        with uow:
            repo = uow.repo(RoadshowRepository)
            show = repo.get(roadshow_id)
            if show is None:
                raise NotFound("路演不存在")
            if show.held_on < beijing_today():
                raise Conflict("本场路演已举行，不能再报名")
            if any(r.user_id == actor.id for r in repo.registrations(roadshow_id)):
                raise Conflict("您已报名本场路演，无需重复报名")
            assert actor.id is not None
            repo.add_any(Registration(roadshow_id, actor.id, actor.organization_id, kind, tags.strip()[:200],
                                      created_at=utcnow()))
            uow.commit()
    except IntegrityError:  # two registrations of one person at the same moment: the first stands
        raise Conflict("您已报名本场路演，无需重复报名") from None


def score(uow: UnitOfWork, *, actor: User, slot_id: int, raw: Mapping[str, Any]) -> Decimal:
    scores, total = rules.weighted_total(raw)
    try:
        with uow:
            repo = uow.repo(RoadshowRepository)
            slot = repo.slot(slot_id)
            show = repo.get(slot.roadshow_id) if slot else None
            if slot is None or show is None:
                raise NotFound("路演项目不存在")
            if actor.id not in show.jury_ids:
                raise PermissionDenied("只有本场路演的评委可以打分")
            if any(x.juror_id == actor.id for x in repo.scores([slot_id])):
                raise Conflict("您已为该项目打过分")
            assert actor.id is not None
            repo.add_any(JuryScore(slot_id, actor.id, scores, total, created_at=utcnow()))
            uow.commit()
    except IntegrityError:
        raise Conflict("您已为该项目打过分") from None
    return total


@dataclass(frozen=True)
class FollowUp:
    """What an attendee's 有意向 opened: a finance funnel entry, an engagement, or neither (the organiser follows up)."""

    deal_id: int | None = None
    engagement_id: int | None = None

    @property
    def link(self) -> str | None:
        if self.deal_id is not None:
            return f"/finance/deals/{self.deal_id}"
        return f"/engagements/{self.engagement_id}" if self.engagement_id is not None else None


def interested(uow: UnitOfWork, *, actor: User, slot_id: int) -> FollowUp:
    """An attendee ticks 有意向. An investor whose fund fits a financing need opens a finance funnel entry; an
    enterprise with a published demand opens an engagement on the slot's achievement (or the need's linked one),
    in the care of the organiser when a broker organises; otherwise the organiser is told to follow up by hand."""
    with uow:
        repo = uow.repo(RoadshowRepository)
        slot = repo.slot(slot_id)
        show = repo.get(slot.roadshow_id) if slot else None
        if slot is None or show is None:
            raise NotFound("路演项目不存在")
        if not any(r.user_id == actor.id for r in repo.registrations(slot.roadshow_id)):
            raise PermissionDenied("请先报名本场路演")
        if any(i.user_id == actor.id for i in repo.interests([slot_id])):
            raise Conflict("您已对该项目表示过意向")
    need = finance.needs_by_id(uow, [slot.need_id]).get(slot.need_id) if slot.need_id else None
    deal_id = finance.open_funnel_for(uow, actor=actor, need_id=need.id) if need and need.id else None
    achievement_id = slot.achievement_id or (need.achievement_id if need else None)
    try:
        with uow:
            engagement_id = None
            if deal_id is None and achievement_id is not None:
                engagement_id = followup.open_engagement(uow, actor=actor, show=show, achievement_id=achievement_id)
            assert actor.id is not None
            uow.repo(RoadshowRepository).add_any(Interest(slot_id, actor.id, deal_id, created_at=utcnow(),
                                                          engagement_id=engagement_id))
            if deal_id is None and engagement_id is None:
                followup.tell_organiser(uow, show=show, actor=actor, slot=slot)
            uow.commit()
    except IntegrityError:
        raise Conflict("您已对该项目表示过意向") from None
    return FollowUp(deal_id, engagement_id)


@dataclass
class Candidates:
    """Projects an organiser may put on the programme, those that matching can fill with investors first."""

    needs: list[tuple[FinancingNeed, int]]  # need, published funds passing its hard filters
    achievements: list[Achievement]


def candidates(uow: UnitOfWork, *, industry: str = "") -> Candidates:
    needs = finance.published_needs(uow)
    fits = finance.fitting_fund_counts(uow, [n.id for n in needs if n.id is not None])
    ranked = sorted(((n, fits.get(n.id or 0, 0)) for n in needs),
                    key=lambda x: (bool(industry) and x[0].industry != industry, -x[1], -(x[0].id or 0)))
    with uow:
        achievements = listing_queries.published_of_organization(uow, "achievement", None, limit=300)
    chosen = sorted(achievements, key=lambda a: (bool(industry) and a.industry != industry, -(a.id or 0)))[:30]
    return Candidates(ranked, [a for a in chosen if isinstance(a, Achievement)])


def listing(uow: UnitOfWork) -> list[Roadshow]:
    with uow:
        repo = uow.repo(RoadshowRepository)
        return list(repo.list(order_by=repo.table.c.held_on.desc()))


def organiser_name(uow: UnitOfWork, show: Roadshow) -> str:
    with uow:
        users = users_by_id(uow, [show.organiser_id])
        user = users.get(show.organiser_id)
        org = get_organization(uow, user.organization_id) if user and user.organization_id else None
        return org.name if org else (user.display_name if user else "")


def today() -> date:
    return beijing_today()


def slot_of(uow: UnitOfWork, *, roadshow_id: int, slot_id: int) -> Slot:
    """A slot of the given roadshow, or NotFound (a path naming another roadshow's slot)."""
    with uow:
        slot = uow.repo(RoadshowRepository).slot(slot_id)
        if slot is None or slot.roadshow_id != roadshow_id:
            raise NotFound("路演项目不存在")
        return slot
