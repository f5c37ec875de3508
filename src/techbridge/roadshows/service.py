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
from techbridge.finance import matches as finance_matches
from techbridge.finance import service as finance
from techbridge.finance.model import FinancingNeed
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.industries import resolve_industry
from techbridge.kernel.validation import parse_date
from techbridge.roadshows import rules
from techbridge.roadshows.model import Interest, JuryScore, Registration, Roadshow, Slot
from techbridge.roadshows.repository import RoadshowRepository
from techbridge.storage.uow import UnitOfWork


def may_organise(user: User | None) -> bool:
    return is_admin(user) or is_broker(user)


def create(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], need_ids: list[int], jury_ids: list[int]) -> int:
    """A roadshow with its slots in the order the needs were chosen."""
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
    errors += rules.check_roadshow(title, held_on, venue, online, minutes, beijing_today(), len(need_ids))
    industry = ""
    if str(raw.get("industry") or "").strip():
        try:
            industry = resolve_industry(str(raw["industry"]))
        except ValidationError as err:
            errors.append(err)
    published = {n.id: n for n in finance.published_needs(uow)}
    if any(i not in published for i in need_ids):
        errors.append(ValidationError("所选项目不存在或尚未发布", field="need_ids", code="unknown_need"))
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
        for position, need_id in enumerate(dict.fromkeys(need_ids), start=1):
            repo.add_any(Slot(show.id, need_id, position, int(minutes)))
        uow.commit()
        return show.id


@dataclass
class SlotView:
    slot: Slot
    need: FinancingNeed
    mean_score: Decimal | None
    scores: int
    interested: int
    my_score: JuryScore | None = None
    i_am_interested: bool = False


@dataclass
class RoadshowView:
    show: Roadshow
    slots: list[SlotView]
    registrations: list[Registration]
    registered: bool
    is_juror: bool
    is_organiser: bool
    jury: list[User] = field(default_factory=list)
    invitees: list[tuple[str, str, int]] = field(default_factory=list)  # fund name, organisation, slots it fits
    deals: int = 0

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
    needs = finance.needs_by_id(uow, [s.need_id for s in slots])
    uid = viewer.id if viewer else None
    views = []
    for s in slots:
        mine = [x for x in scores if x.slot_id == s.id]
        views.append(SlotView(s, needs[s.need_id], rules.mean([x.total for x in mine]), len(mine),
                              sum(1 for i in interests if i.slot_id == s.id),
                              next((x for x in mine if x.juror_id == uid), None),
                              any(i.slot_id == s.id and i.user_id == uid for i in interests)))
    result = RoadshowView(show, views, registrations, any(r.user_id == uid for r in registrations),
                          uid is not None and uid in show.jury_ids, uid == show.organiser_id or is_admin(viewer), jury,
                          deals=sum(1 for i in interests if i.deal_id is not None))
    if result.is_organiser and embedder is not None:
        result.invitees = invitees(uow, embedder, show=show, slots=slots, viewer=viewer)
    return result


def invitees(uow: UnitOfWork, embedder: Any, *, show: Roadshow, slots: list[Slot], viewer: User | None) -> list[tuple[str, str, int]]:
    """The funds that fit the roadshow's projects (from matching), with how many of its projects each fits."""
    fits: dict[int, list[Any]] = {}
    for s in slots:
        for m in finance_matches.matches_for_need(uow, embedder, need_id=s.need_id, viewer=viewer).funds:
            fits.setdefault(m.record.id, [m.record.name, m.org.name, 0])[2] += 1
    return sorted(((n, o, c) for n, o, c in fits.values()), key=lambda x: -x[2])


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


def interested(uow: UnitOfWork, *, actor: User, slot_id: int) -> int | None:
    """An attendee ticks 有意向: an investor whose fund fits opens a finance funnel entry at once."""
    with uow:
        repo = uow.repo(RoadshowRepository)
        slot = repo.slot(slot_id)
        if slot is None:
            raise NotFound("路演项目不存在")
        if not any(r.user_id == actor.id for r in repo.registrations(slot.roadshow_id)):
            raise PermissionDenied("请先报名本场路演")
        if any(i.user_id == actor.id for i in repo.interests([slot_id])):
            raise Conflict("您已对该项目表示过意向")
        need_id = slot.need_id
    deal_id = finance.open_funnel_for(uow, actor=actor, need_id=need_id)
    try:
        with uow:
            assert actor.id is not None
            uow.repo(RoadshowRepository).add_any(Interest(slot_id, actor.id, deal_id, created_at=utcnow()))
            uow.commit()
    except IntegrityError:
        raise Conflict("您已对该项目表示过意向") from None
    return deal_id


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
