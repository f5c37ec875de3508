"""Reading open calls: the list, one call as a viewer may see it, attachments, export rows.

Who sees what: everyone sees a call and, once decided, its ranked result; the organiser,
admins and the call's reviewers see every proposal and its reviews; a team sees its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techbridge.accounts.directory import get_organization, organizations_by_id, users_by_id, users_with_roles
from techbridge.accounts.model import Organization, Role, User
from techbridge.accounts.rules import is_broker
from techbridge.challenges import files
from techbridge.challenges.model import CallStatus, Challenge, Proposal, Review, ranking
from techbridge.challenges.repository import ChallengeRepository
from techbridge.challenges.service import REVIEWER_ROLES, is_organiser
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import NotFound, PermissionDenied
from techbridge.listings.model import Achievement, Demand
from techbridge.listings.queries import (
    achievements_by_id,
    demands_by_id,
    get_demand,
    published_of_organization,
)
from techbridge.listings.service import PUBLISHERS, visible_to
from techbridge.storage.uow import UnitOfWork


@dataclass
class CallCard:
    call: Challenge
    organiser: Organization
    proposals: int
    state: str
    accepting: bool


@dataclass
class ProposalRow:
    proposal: Proposal
    organization: Organization
    achievement: Achievement
    mean: float | None
    reviews: int
    my_review: Review | None
    all_reviews: list[Review] = field(default_factory=list)


@dataclass
class CallView:
    call: Challenge
    demand: Demand | None  # None when the demand is confidential to this viewer (仅技术经理人可见)
    organiser: Organization
    state: str
    accepting: bool
    can_manage: bool
    is_reviewer: bool
    proposals: list[ProposalRow]  # what this viewer may see
    my_proposal: ProposalRow | None
    reviewers: dict[int, User]
    my_achievements: list[Achievement]
    can_submit: bool
    viewer_org_id: int | None = None
    viewer_is_broker: bool = False

    def engagement_of(self, row: ProposalRow) -> int | None:
        """The engagement a winning proposal opened, when this viewer may follow it (parties, organisers, brokers)."""
        if not row.proposal.engagement_id:
            return None
        party = self.viewer_org_id is not None and self.viewer_org_id == row.proposal.organization_id
        return row.proposal.engagement_id if (self.can_manage or party or self.viewer_is_broker) else None


def may_propose(user: User) -> bool:
    """揭榜 rests on the team's own published achievement: accounts that publish achievements, admins excepted."""
    return user.role in PUBLISHERS["achievement"] and user.role != Role.ADMIN


def list_calls(uow: UnitOfWork, *, status: str = "") -> list[CallCard]:
    today = beijing_today()
    with uow:
        c = uow.repo(ChallengeRepository).table.c
        where = [c.status == status] if status in {s.value for s in CallStatus} else []
        calls = list(uow.repo(ChallengeRepository).list(*where, order_by=(c.created_at.desc(), c.id.desc())))
        counts = uow.repo(ChallengeRepository).proposal_counts(call.id for call in calls if call.id)
        orgs = organizations_by_id(uow, {call.organization_id for call in calls})
    order = {CallStatus.OPEN.value: 0, CallStatus.REVIEWING.value: 1, CallStatus.DECIDED.value: 2}
    cards = [CallCard(call, orgs[call.organization_id], counts.get(call.id or 0, 0), call.state_label(today),
                      call.accepting(today)) for call in calls]
    return sorted(cards, key=lambda card: (not card.accepting, order.get(card.call.status, 3)))


def view(uow: UnitOfWork, *, viewer: User | None, challenge_id: int) -> CallView:
    today = beijing_today()
    with uow:
        call = uow.repo(ChallengeRepository).get(challenge_id)
        if call is None:
            raise NotFound("榜单不存在")
        demand = get_demand(uow, call.demand_id)
        organiser = get_organization(uow, call.organization_id)
        assert demand is not None and organiser is not None
        proposals = list(uow.repo(ChallengeRepository).proposals(challenge_id))
        reviews = list(uow.repo(ChallengeRepository).reviews(challenge_id))
        orgs = organizations_by_id(uow, {p.organization_id for p in proposals})
        achievements = achievements_by_id(uow, {p.achievement_id for p in proposals})
        reviewers = users_by_id(uow, call.reviewer_ids)
        mine_org = viewer.organization_id if viewer else None
        own = [] if viewer is None or mine_org is None else [a for a in published_of_organization(uow, "achievement", mine_org) if isinstance(a, Achievement)]
    manage = is_organiser(viewer, call, organiser.region_code)
    reviewer = viewer is not None and viewer.id in call.reviewer_ids
    rows = []
    for p, mean, count in ranking(proposals, reviews):
        mine = [r for r in reviews if r.proposal_id == p.id]
        my_review = next((r for r in mine if viewer is not None and r.reviewer_id == viewer.id), None)
        rows.append(ProposalRow(p, orgs[p.organization_id], achievements[p.achievement_id], mean, count, my_review,
                                mine if manage else []))
    own_row = next((r for r in rows if mine_org is not None and r.proposal.organization_id == mine_org), None)
    if manage or reviewer:
        visible = rows
    elif call.status == CallStatus.DECIDED:
        visible = [r for r in rows if r.proposal.status == "winner"]
    else:
        visible = []
    can_submit = (viewer is not None and may_propose(viewer) and call.accepting(today) and mine_org is not None
                  and mine_org != call.organization_id and own_row is None)
    shown = demand if visible_to(viewer, demand) else None
    return CallView(call, shown, organiser, call.state_label(today), call.accepting(today), manage, reviewer, visible,
                    own_row, reviewers, own, can_submit, mine_org, viewer is not None and is_broker(viewer))


def reviewer_candidates(uow: UnitOfWork) -> list[User]:
    """Technology managers and admins who may sit on a review panel."""
    with uow:
        return users_with_roles(uow, REVIEWER_ROLES)


def calls_for_demand(uow: UnitOfWork, demand_id: int) -> list[Challenge]:
    with uow:
        return list(uow.repo(ChallengeRepository).list(uow.repo(ChallengeRepository).table.c.demand_id == demand_id))


def attachment(uow: UnitOfWork, *, viewer: User, proposal_id: int, number: int, data_dir: Path) -> tuple[Path, str, str]:
    """(path, name, content type) of one attachment, for the team, the organiser, reviewers and admins."""
    with uow:
        proposal = uow.repo(ChallengeRepository).proposal(proposal_id)
        if proposal is None:
            raise NotFound("揭榜方案不存在")
        call = uow.repo(ChallengeRepository).get(proposal.challenge_id)
        assert call is not None
        organiser = get_organization(uow, call.organization_id)
    allowed = (is_organiser(viewer, call, organiser.region_code if organiser else "") or viewer.id in call.reviewer_ids
               or viewer.organization_id == proposal.organization_id)
    if not allowed:
        raise PermissionDenied("只有揭榜团队、发榜单位和评审专家可以查看附件")
    if not 1 <= number <= len(proposal.attachments):
        raise NotFound("附件不存在")
    item = proposal.attachments[number - 1]
    return files.open_attachment(data_dir, item), str(item["name"]), str(item["type"])


EXPORT_HEADERS = ["榜单编号", "榜单名称", "组织方式", "发榜单位", "关联需求", "截止日期", "奖励（万元）", "状态",
                  "方案数", "入选团队", "入选得分"]


def export_rows(uow: UnitOfWork) -> list[list[Any]]:
    """One row per call, with its winners: the 揭榜挂帅 list the commissions report."""
    today = beijing_today()
    with uow:
        calls = list(uow.repo(ChallengeRepository).list(order_by=uow.repo(ChallengeRepository).table.c.id))
        orgs = organizations_by_id(uow, {c.organization_id for c in calls})
        demands = demands_by_id(uow, {c.demand_id for c in calls})
        rows = []
        for call in calls:
            proposals = list(uow.repo(ChallengeRepository).proposals(call.id or 0))
            winners = [p for p in proposals if p.status == "winner"]
            rows.append([call.id, call.title, "赛马制" if call.mode == "horse_race" else "揭榜挂帅",
                         orgs[call.organization_id].name, demands[call.demand_id].title, call.deadline.isoformat(),
                         f"{call.reward:.2f}" if call.reward is not None else "面议", call.state_label(today),
                         len(proposals), "；".join(p.team_name for p in winners),
                         "；".join(f"{p.total_score:.1f}" for p in winners if p.total_score is not None)])
    return rows
