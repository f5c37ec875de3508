"""Open calls for key technologies (揭榜挂帅, and its 赛马制 variant): calls, proposals, reviews.

A key-technology demand is opened as a call with a deadline, requirements, a reward and
weighted evaluation criteria. Teams holding an achievement submit proposals until the
deadline; assigned reviewers score each proposal against every criterion; the organiser
publishes the result. Under 揭榜挂帅 one team wins; under 赛马制 up to `slots` teams proceed
in parallel to the next stage. Every rule here is pure and raises a Chinese-worded error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError


class CallStatus(StrEnum):
    OPEN = "open"
    REVIEWING = "reviewing"
    DECIDED = "decided"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"open": "征集中", "reviewing": "评审中", "decided": "已揭榜", "cancelled": "已取消"}[self.value]


class CallMode(StrEnum):
    SINGLE = "single"  # 揭榜挂帅: one team takes the call
    HORSE_RACE = "horse_race"  # 赛马制: several teams proceed in parallel

    @property
    def label(self) -> str:
        return {"single": "揭榜挂帅", "horse_race": "赛马制"}[self.value]


class ProposalStatus(StrEnum):
    SUBMITTED = "submitted"
    WINNER = "winner"
    NOT_SELECTED = "not_selected"

    @property
    def label(self) -> str:
        return {"submitted": "已提交", "winner": "入选", "not_selected": "未入选"}[self.value]


MAX_SLOTS = 10
MAX_CRITERIA = 8
# A sensible starting point for a key-technology call; the organiser may change every line.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {"name": "技术方案可行性", "weight": 35, "max_score": 10},
    {"name": "关键指标达成度", "weight": 25, "max_score": 10},
    {"name": "团队能力与基础", "weight": 20, "max_score": 10},
    {"name": "实施计划与进度", "weight": 10, "max_score": 10},
    {"name": "经费合理性", "weight": 10, "max_score": 10},
]


@dataclass(eq=False)
class Challenge:
    demand_id: int
    organization_id: int  # the organiser: the demand's organisation
    title: str
    summary: str
    requirements: str
    deadline: date  # last day (Beijing time) on which proposals are accepted
    criteria: list[dict[str, Any]] = field(default_factory=list)  # {"name", "weight", "max_score"}
    reward: Decimal | None = None  # 万元; None = 面议
    reward_note: str = ""
    mode: str = CallMode.SINGLE.value
    slots: int = 1  # teams that may proceed (1 under 揭榜挂帅)
    status: str = CallStatus.OPEN.value
    reviewer_ids: list[int] = field(default_factory=list)
    result_note: str = ""
    created_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    decided_at: datetime | None = None
    origin: str = "platform"
    external_id: str | None = None
    id: int | None = None

    def accepting(self, today: date) -> bool:
        return self.status == CallStatus.OPEN and today <= self.deadline

    def state_label(self, today: date) -> str:
        if self.status == CallStatus.OPEN and today > self.deadline:
            return "已截止·待评审"
        return CallStatus(self.status).label


@dataclass(eq=False)
class Proposal:
    challenge_id: int
    organization_id: int
    achievement_id: int
    submitted_by: int
    team_name: str
    approach: str
    members: str = ""
    plan: str = ""
    budget: Decimal | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)  # {"name", "path", "size", "type"}
    status: str = ProposalStatus.SUBMITTED.value
    total_score: float | None = None  # mean of the reviewers' weighted totals, 0..100
    rank: int | None = None
    engagement_id: int | None = None
    submitted_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class Review:
    proposal_id: int
    reviewer_id: int
    scores: dict[str, float]
    total: float
    comment: str = ""
    submitted_at: datetime | None = None
    id: int | None = None


# ---------------------------------------------------------------- input


def parse_criteria(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Criteria with positive integer weights that add up to 100 and a maximum score each."""
    criteria: list[dict[str, Any]] = []
    for row in rows:
        name = str(row.get("name") or "").strip()
        if not name and not str(row.get("weight") or "").strip():
            continue  # an empty line of the form
        if not name:
            raise ValidationError("每一项评价指标都要有名称", field="criteria", code="criterion_name")
        try:
            weight = int(str(row.get("weight")).strip())
            max_score = int(str(row.get("max_score") or 10).strip())
        except ValueError:
            raise ValidationError(f"指标“{name}”的权重和满分应为整数", field="criteria", code="criterion_number") from None
        if not 1 <= weight <= 100:
            raise ValidationError(f"指标“{name}”的权重应在 1–100 之间", field="criteria", code="criterion_weight")
        if not 1 <= max_score <= 100:
            raise ValidationError(f"指标“{name}”的满分应在 1–100 之间", field="criteria", code="criterion_max")
        if any(c["name"] == name for c in criteria):
            raise ValidationError(f"评价指标“{name}”重复", field="criteria", code="criterion_duplicate")
        criteria.append({"name": name[:40], "weight": weight, "max_score": max_score})
    if not criteria:
        raise ValidationError("请至少设置一项评价指标", field="criteria", code="criteria_required")
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(f"评价指标最多 {MAX_CRITERIA} 项", field="criteria", code="too_many_criteria")
    total = sum(c["weight"] for c in criteria)
    if total != 100:
        raise ValidationError(f"评价指标的权重合计应为 100，现在是 {total}", field="criteria", code="weights_sum")
    return criteria


def check_deadline(deadline: date | None, today: date) -> date:
    if deadline is None:
        raise ValidationError("请填写揭榜截止日期", field="deadline", code="deadline_required")
    if deadline <= today:
        raise ValidationError("截止日期应晚于今天，给揭榜团队留出准备方案的时间", field="deadline", code="deadline_past")
    if (deadline - today).days > 730:
        raise ValidationError("截止日期不能超过两年", field="deadline", code="deadline_far")
    return deadline


def check_mode(mode: str, slots: int | None) -> tuple[str, int]:
    """揭榜挂帅 has one winner; 赛马制 lets 2–10 teams proceed."""
    try:
        chosen = CallMode(mode or CallMode.SINGLE.value)
    except ValueError:
        raise ValidationError("组织方式应为揭榜挂帅或赛马制", field="mode", code="unknown_mode") from None
    if chosen == CallMode.SINGLE:
        return chosen.value, 1
    if slots is None or not 2 <= slots <= MAX_SLOTS:
        raise ValidationError(f"赛马制请填写并行推进的团队数（2–{MAX_SLOTS}）", field="slots", code="slots_range")
    return chosen.value, slots


# ---------------------------------------------------------------- rules


def check_can_submit(call: Challenge, *, today: date, org_id: int | None) -> None:
    """Proposals are accepted while the call is open and its deadline has not passed."""
    if call.status != CallStatus.OPEN:
        raise InvalidTransition(f"该榜单{CallStatus(call.status).label}，不再接受揭榜方案", code="call_closed")
    if today > call.deadline:
        raise InvalidTransition(f"该榜单已于 {call.deadline:%Y-%m-%d} 截止，不再接受揭榜方案", code="deadline_passed")
    if org_id is None:
        raise PermissionDenied("请使用所在单位的账号揭榜")
    if org_id == call.organization_id:
        raise PermissionDenied("发榜单位不能揭自己的榜")


def check_close(call: Challenge) -> None:
    if call.status != CallStatus.OPEN:
        raise InvalidTransition(f"该榜单{CallStatus(call.status).label}，不能再结束征集")


def weighted_total(criteria: list[dict[str, Any]], scores: dict[str, float]) -> float:
    """Σ weight × score / max_score: 0–100 whatever each criterion's scale."""
    return round(sum(c["weight"] * scores[c["name"]] / c["max_score"] for c in criteria), 2)


def check_review(call: Challenge, proposal: Proposal, *, reviewer_id: int, reviewer_org_id: int | None,
                 raw_scores: dict[str, Any]) -> tuple[dict[str, float], float]:
    """A reviewer of this call scores a proposal of another organisation on every criterion."""
    if call.status != CallStatus.REVIEWING:
        if call.status == CallStatus.OPEN:
            raise InvalidTransition("征集结束后才能开始评审", code="not_reviewing")
        raise InvalidTransition(f"该榜单{CallStatus(call.status).label}，评审已结束", code="not_reviewing")
    if reviewer_id not in call.reviewer_ids:
        raise PermissionDenied("您不是该榜单的评审专家")
    if reviewer_org_id is not None and reviewer_org_id == proposal.organization_id:
        raise PermissionDenied("评审专家不能评审本单位团队的方案（回避）")
    scores: dict[str, float] = {}
    for c in call.criteria:
        value = str(raw_scores.get(c["name"], "")).strip()
        if not value:
            raise ValidationError(f"请为“{c['name']}”打分", field=c["name"], code="score_required")
        try:
            score = float(value)
        except ValueError:
            raise ValidationError(f"“{c['name']}”的分数应为数字", field=c["name"], code="score_number") from None
        if not 0 <= score <= c["max_score"]:
            raise ValidationError(f"“{c['name']}”的分数应在 0–{c['max_score']} 之间", field=c["name"],
                                  code="score_range")
        scores[c["name"]] = score
    return scores, weighted_total(call.criteria, scores)


def ranking(proposals: list[Proposal], reviews: list[Review]) -> list[tuple[Proposal, float | None, int]]:
    """Proposals by mean weighted total, best first, with how many reviews each has."""
    by_proposal: dict[int, list[float]] = {}
    for review in reviews:
        by_proposal.setdefault(review.proposal_id, []).append(review.total)
    rows = []
    for p in proposals:
        totals = by_proposal.get(p.id or -1, [])
        rows.append((p, round(sum(totals) / len(totals), 2) if totals else None, len(totals)))
    return sorted(rows, key=lambda r: (r[1] is None, -(r[1] or 0), r[0].submitted_at or datetime.min))


def check_result(call: Challenge, proposals: list[Proposal], reviews: list[Review], winner_ids: list[int],
                 note: str) -> None:
    """The result comes after every proposal is reviewed, with 1..slots winners (or none, explained)."""
    if call.status != CallStatus.REVIEWING:
        if call.status == CallStatus.OPEN:
            raise InvalidTransition("请先结束征集并完成评审，再公布揭榜结果", code="not_reviewing")
        raise InvalidTransition(f"该榜单{CallStatus(call.status).label}，不能再公布结果", code="not_reviewing")
    reviewed = {r.proposal_id for r in reviews}
    waiting = [p for p in proposals if p.id not in reviewed]
    if waiting:
        raise InvalidTransition(f"还有 {len(waiting)} 份方案尚未评审，全部评审后才能公布结果", code="reviews_missing")
    ids = {p.id for p in proposals}
    unknown = [w for w in winner_ids if w not in ids]
    if unknown:
        raise ValidationError("入选方案不属于该榜单", field="winners", code="unknown_proposal")
    if len(set(winner_ids)) != len(winner_ids):
        raise ValidationError("入选方案重复", field="winners", code="duplicate_winner")
    if not winner_ids and not note.strip():
        raise ValidationError("没有方案入选时请说明原因（流榜说明）", field="note", code="note_required")
    if len(winner_ids) > call.slots:
        label = "揭榜挂帅只能有一个团队揭榜" if call.mode == CallMode.SINGLE else f"赛马制最多 {call.slots} 个团队并行推进"
        raise ValidationError(f"{label}，您选择了 {len(winner_ids)} 个", field="winners", code="too_many_winners")
