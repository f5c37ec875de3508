"""Invite lists from matching: the investors whose funds fit a roadshow's financing needs (the finance matcher's
hard filters and ranking) and the enterprises whose published demands are in an achievement's industry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from techbridge.accounts.directory import organizations_by_id
from techbridge.accounts.model import User
from techbridge.accounts.rules import is_admin
from techbridge.finance import matches as finance_matches
from techbridge.finance import service as finance
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import NotFound, PermissionDenied
from techbridge.kernel.industries import industry_name
from techbridge.listings import queries as listing_queries
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import members_of, notify
from techbridge.roadshows.model import Invitation, Slot
from techbridge.roadshows.repository import RoadshowRepository
from techbridge.storage.uow import UnitOfWork


@dataclass
class Invitee:
    """An organisation matching found for the roadshow, and why."""

    organization_id: int
    name: str
    kind: str  # investor | enterprise
    fits: int = 0  # projects of the roadshow it fits
    why: list[str] = field(default_factory=list)
    best: int = 0  # best match percent (investors)

    @property
    def reason(self) -> str:
        """The first two reasons, and how many more (kept on the invitation, at most 300 characters)."""
        more = f"；另有{len(self.why) - 2}项" if len(self.why) > 2 else ""
        return ("；".join(self.why[:2]) + more)[:300]


def invitees(uow: UnitOfWork, embedder: Any, *, slots: list[Slot], viewer: User | None) -> list[Invitee]:
    """Who fits this roadshow's projects: funds passing a need's hard filters, ranked by the finance matcher,
    and enterprises with published demands in an achievement's industry (the project's own organisation excluded)."""
    found: dict[int, Invitee] = {}
    needs = finance.needs_by_id(uow, [s.need_id for s in slots if s.need_id])
    for s in slots:
        if s.need_id and s.need_id in needs:
            for m in finance_matches.matches_for_need(uow, embedder, need_id=s.need_id, viewer=viewer).funds:
                inv = found.setdefault(m.org.id or 0, Invitee(m.org.id or 0, m.org.name, "investor"))
                inv.fits += 1
                inv.best = max(inv.best, m.percent)
                inv.why.append(f"“{m.record.name}”匹配“{needs[s.need_id].title}”{m.percent}%")
    with uow:
        achievements = listing_queries.achievements_by_id(uow, [s.achievement_id for s in slots if s.achievement_id])
        demands = listing_queries.published_of_organization(uow, "demand", None, limit=2000) if achievements else []
        for a in achievements.values():
            for d in demands:
                if d.industry == a.industry and d.organization_id != a.organization_id:
                    inv = found.setdefault(d.organization_id, Invitee(d.organization_id, "", "enterprise"))
                    inv.fits += 1
                    inv.why.append(f"需求“{d.title}”与成果“{a.title}”同属{industry_name(a.industry)}")
        orgs = organizations_by_id(uow, [i.organization_id for i in found.values() if not i.name])
    for inv in found.values():
        if not inv.name and inv.organization_id in orgs:
            inv.name = orgs[inv.organization_id].name
    return sorted(found.values(), key=lambda i: (i.kind != "investor", -i.fits, -i.best, i.name))


def invite(uow: UnitOfWork, embedder: Any, *, actor: User, roadshow_id: int, organization_ids: list[int]) -> int:
    """Invite the chosen organisations among the matched ones (all when none chosen): an invitation row each and a
    notification to their members. Organisations already invited are skipped; returns how many were invited now."""
    with uow:
        repo = uow.repo(RoadshowRepository)
        show = repo.get(roadshow_id)
        if show is None:
            raise NotFound("路演不存在")
        if actor.id != show.organiser_id and not is_admin(actor):
            raise PermissionDenied("只有本场路演的组织方可以发出邀请")
        slots = list(repo.slots(roadshow_id))
    matched = {i.organization_id: i for i in invitees(uow, embedder, slots=slots, viewer=actor)}
    chosen = [matched[o] for o in organization_ids if o in matched] if organization_ids else list(matched.values())
    with uow:
        repo = uow.repo(RoadshowRepository)
        already = {i.organization_id for i in repo.invitations(roadshow_id)}
        now, count = utcnow(), 0
        for inv in chosen:
            if inv.organization_id in already:
                continue
            assert actor.id is not None
            repo.add_any(Invitation(roadshow_id, inv.organization_id, inv.kind, inv.reason, actor.id, now))
            notify(uow, members_of(uow, inv.organization_id), kind=NotificationKind.SYSTEM,
                   title=f"路演邀请：{show.title}（{show.held_on}）",
                   body=f"平台匹配认为贵单位适合参加本场路演：{inv.reason}", link=f"/roadshows/{roadshow_id}")
            count += 1
        uow.commit()
    return count
