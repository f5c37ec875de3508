"""The engagement pipeline (对接): one achievement × one demand, from recommendation to production.

Stages move forward one at a time; 概念验证 and 中试熟化 may be passed over only when the
achievement is already mature enough (GB/T 22900-2022: TRL ≥ 6 has been demonstrated in a
relevant environment, TRL ≥ 8 is a finalised product). Any stage before 签约 may end in 终止
with a structured reason. Every move is recorded as an event; nothing is edited in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError


class Stage(StrEnum):
    RECOMMENDED = "recommended"
    INTEREST = "interest"
    MUTUAL_INTEREST = "mutual_interest"
    NEGOTIATION = "negotiation"
    CONCEPT_VERIFICATION = "concept_verification"
    PILOT = "pilot"
    SIGNED = "signed"
    PRODUCTION = "production"
    TERMINATED = "terminated"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.RECOMMENDED: "推荐", Stage.INTEREST: "意向", Stage.MUTUAL_INTEREST: "双向意向", Stage.NEGOTIATION: "洽谈",
    Stage.CONCEPT_VERIFICATION: "概念验证", Stage.PILOT: "中试熟化", Stage.SIGNED: "签约", Stage.PRODUCTION: "量产",
    Stage.TERMINATED: "终止",
}
FLOW = [Stage.RECOMMENDED, Stage.INTEREST, Stage.MUTUAL_INTEREST, Stage.NEGOTIATION, Stage.CONCEPT_VERIFICATION,
        Stage.PILOT, Stage.SIGNED, Stage.PRODUCTION]
OPEN_STAGES = set(FLOW[:6])  # before 签约: may still be terminated
CLOSED_STAGES = {Stage.SIGNED, Stage.PRODUCTION, Stage.TERMINATED}


class Reason(StrEnum):
    """Structured termination reasons (they feed back into ranking)."""

    TOO_EARLY = "技术不成熟"
    PRICE = "价格不符"
    IP = "知识产权问题"
    NEED_CHANGED = "需求变化"
    NO_FIT = "技术不匹配"
    NO_RESPONSE = "无响应"
    OTHER = "其他"


class Side(StrEnum):
    """Who an actor is with respect to one engagement."""

    SUPPLIER = "supplier"  # a member of the achievement's organisation
    SEEKER = "seeker"  # a member of the demand's organisation
    BROKER = "broker"  # the broker assigned to this engagement
    ADMIN = "admin"
    OTHER = "other"


PARTIES = {Side.SUPPLIER, Side.SEEKER}
STEWARDS = {Side.BROKER, Side.ADMIN}


@dataclass(eq=False)
class Engagement:
    achievement_id: int
    demand_id: int
    stage: str = Stage.RECOMMENDED.value
    broker_id: int | None = None
    score: float | None = None  # the match score when the engagement began
    summary: str = ""  # the match explanation's one-line summary
    supplier_interest_at: datetime | None = None
    seeker_interest_at: datetime | None = None
    termination_reason: str | None = None
    termination_note: str = ""
    created_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None  # last activity, for idle detection
    id: int | None = None

    @property
    def mutual(self) -> bool:
        return self.supplier_interest_at is not None and self.seeker_interest_at is not None


@dataclass(eq=False)
class EngagementEvent:
    """One entry of an append-only timeline: an engagement's, or another pipeline's subject.

    Other pipelines (the finance funnel: subject_kind "finance_deal") keep their timelines here too,
    with engagement_id None and their own stage names, which never collide with `Stage`.
    """

    engagement_id: int | None
    actor_id: int | None
    kind: str  # created | interest | stage | assigned | note
    from_stage: str | None = None
    to_stage: str | None = None
    reason: str | None = None
    note: str = ""
    at: datetime | None = None
    id: int | None = None
    subject_kind: str | None = None  # None: an engagement; otherwise the pipeline that owns subject_id
    subject_id: int | None = None


@dataclass(frozen=True)
class Move:
    """A stage change decided by the rules, with the event that records it."""

    to: Stage
    reason: str | None = None
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def next_stages(stage: str, *, trl: int) -> list[Stage]:
    """Forward stages reachable from `stage` (excluding 终止) for an achievement of this TRL."""
    current = Stage(stage)
    if current in (Stage.RECOMMENDED, Stage.INTEREST):
        return []  # only interest moves these (see express_interest)
    if current == Stage.NEGOTIATION:
        options = [Stage.CONCEPT_VERIFICATION]
        if trl >= 6:  # demonstrated in a relevant environment: concept verification may be skipped
            options.append(Stage.PILOT)
        if trl >= 8:  # a finalised product: may sign straight after negotiation
            options.append(Stage.SIGNED)
        return options
    if current == Stage.CONCEPT_VERIFICATION:
        return [Stage.PILOT] + ([Stage.SIGNED] if trl >= 8 else [])
    if current in CLOSED_STAGES - {Stage.SIGNED}:
        return []
    return [FLOW[FLOW.index(current) + 1]]


def express_interest(engagement: Engagement, side: Side, at: datetime) -> Move | None:
    """Record one side's interest; returns the stage move it causes, if any.

    A broker or admin expresses interest on behalf of neither party: that only creates the
    engagement (推荐 → 意向 needs a party). Both parties interested → 双向意向.
    """
    stage = Stage(engagement.stage)
    if stage in CLOSED_STAGES:
        raise InvalidTransition(f"该对接已{stage.label}，不能再表达意向")
    if side not in PARTIES:
        if side in STEWARDS:
            return None
        raise PermissionDenied("只有成果方、需求方或技术经理人可以表达对接意向")
    if side == Side.SUPPLIER:
        if engagement.supplier_interest_at is not None:
            raise InvalidTransition("您已经表达过意向，请等待对方回应")
        engagement.supplier_interest_at = at
    else:
        if engagement.seeker_interest_at is not None:
            raise InvalidTransition("您已经表达过意向，请等待对方回应")
        engagement.seeker_interest_at = at
    if engagement.mutual and stage in (Stage.RECOMMENDED, Stage.INTEREST):
        return Move(Stage.MUTUAL_INTEREST)
    if stage == Stage.RECOMMENDED:
        return Move(Stage.INTEREST)
    return None


def check_advance(engagement: Engagement, target: str, *, side: Side, trl: int, has_contract: bool) -> Move:
    """Validate a forward move requested by `side`; raise with a clear Chinese message if refused."""
    if side == Side.OTHER:
        raise PermissionDenied("只有对接双方、负责的技术经理人或管理方可以推进对接")
    if target not in {s.value for s in Stage}:
        raise ValidationError("请选择要进入的对接阶段", field="target", code="stage_required")
    stage, to = Stage(engagement.stage), Stage(target)
    if to == Stage.TERMINATED:
        raise InvalidTransition("终止对接请使用“终止”操作并填写原因")
    allowed = next_stages(stage, trl=trl)
    if to not in allowed:
        if stage in (Stage.RECOMMENDED, Stage.INTEREST):
            raise InvalidTransition("双方都表达意向（双向意向）后才能进入洽谈")
        names = "、".join(s.label for s in allowed) or "无"
        raise InvalidTransition(f"不能从“{stage.label}”直接进入“{to.label}”：下一步可选 {names}")
    if to == Stage.SIGNED and not has_contract:
        raise InvalidTransition("进入“签约”前请先登记技术合同")
    if to == Stage.PRODUCTION and side not in (Side.SEEKER, Side.BROKER, Side.ADMIN):
        raise PermissionDenied("量产由需求方（受让方）或技术经理人确认")
    return Move(to)


def check_terminate(engagement: Engagement, *, side: Side, reason: str, note: str) -> Move:
    """Validate a termination: open stages only, by a party or steward, with a structured reason."""
    stage = Stage(engagement.stage)
    if stage not in OPEN_STAGES:
        raise InvalidTransition(f"对接已{stage.label}，不能终止")
    if side == Side.OTHER:
        raise PermissionDenied("只有对接双方、负责的技术经理人或管理方可以终止对接")
    try:
        why = Reason(reason)
    except ValueError:
        raise ValidationError("请选择终止原因", field="reason", code="reason_required") from None
    if why == Reason.OTHER and not note.strip():
        raise ValidationError("选择“其他”时请写明原因", field="note", code="note_required")
    return Move(Stage.TERMINATED, reason=why.value, note=note.strip())


def side_of(*, user_role: str, user_org_id: int | None, user_id: int | None, supplier_org_id: int,
            seeker_org_id: int, broker_id: int | None) -> Side:
    """Which side of the engagement a user is on."""
    if user_role == "admin":
        return Side.ADMIN
    if user_role == "broker" and broker_id is not None and user_id == broker_id:
        return Side.BROKER
    if user_org_id is not None and user_org_id == supplier_org_id:
        return Side.SUPPLIER
    if user_org_id is not None and user_org_id == seeker_org_id:
        return Side.SEEKER
    return Side.OTHER


def contacts_visible(engagement: Engagement, side: Side) -> bool:
    """Contact details are revealed to the parties only once interest is mutual."""
    return side in STEWARDS or (side in PARTIES and engagement.mutual)
